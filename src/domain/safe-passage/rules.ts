import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, RuleViolatedError, said } from '../errors.js';
import { incidentTransitions, type IncidentStatus } from './incidents.js';
import { areaProblem, hazardIsActive, hazardTransitions, type HazardStatus } from './hazards.js';
import { canChangeCorridorStatus, corridorTransitions, type CorridorStatus } from '../records/lifecycle.js';
import type { ProjectableEvent } from '../projection.js';
import { RuleBase, notBefore } from '../rule-base.js';

/** The rules of safe passage events against the state they are appended to. */
export class SafePassageRules extends RuleBase {
  async CorridorGateOverridden(p: EventPayload<'CorridorGateOverridden'>) {
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    const from = corridor.status as CorridorStatus;
    if (!canChangeCorridorStatus(from, p.to))
      throw new RuleViolatedError(
        said('corridor {corridor} cannot go from {from|status} to {to|status}', {
          corridor: corridor.code,
          from,
          to: p.to,
        }),
        { from, to: p.to, allowed: corridorTransitions(from) },
      );
  }

  async HazardReported(p: EventPayload<'HazardReported'>) {
    const problem = areaProblem(p.area);
    if (problem)
      throw new InvalidInputError(said("the hazard's area is not a valid polygon: {problem}", { problem }), {
        field: 'area',
      });
    await this.fresh('hazards', p.hazardId, p.code);
    await this.optionalRef('organisations', p.evidence?.organisationId, 'evidence.organisationId');
    await this.optionalRef('organisations', p.source?.organisationId, 'source.organisationId');
  }

  async HazardStatusChanged(p: EventPayload<'HazardStatusChanged'>, event: ProjectableEvent) {
    const hazard = await this.ref('hazards', p.hazardId, 'hazardId');
    const from = hazard.status as HazardStatus;
    const code = hazard.code;
    if (!hazardTransitions(from).includes(p.status)) {
      const allowed = hazardTransitions(from);
      const vars = { hazard: code, from, to: p.status, allowed };
      throw new RuleViolatedError(
        allowed.length === 0
          ? said('hazard {hazard} cannot go from {from|status} to {to|status}: {from|status} is final', vars)
          : said(
              'hazard {hazard} cannot go from {from|status} to {to|status}: a {from|status} hazard may become {allowed|status}',
              vars,
            ),
        { from, to: p.status, allowed },
      );
    }
    notBefore(event, hazard, 'hazard', code);
    if (p.status === 'cleared') {
      const tasks = await this.view.rowsWhere('clearance_tasks', { hazard_id: p.hazardId });
      if (tasks.length === 0)
        throw new RuleViolatedError(
          said('hazard {hazard} cannot be cleared: no clearance task has been recorded for it', {
            hazard: code,
          }),
        );
      const open = tasks.find((t) => t.status !== 'completed' || t.qa_signed_off_by === null);
      if (open)
        throw new RuleViolatedError(
          said(
            'hazard {hazard} cannot be cleared: clearance task {task} ({team}) is not completed with a QA sign-off',
            { hazard: code, task: open.id, team: open.team },
          ),
          { taskId: open.id },
        );
    }
  }

  async ClearanceTaskStarted(p: EventPayload<'ClearanceTaskStarted'>) {
    if (await this.view.get('clearance_tasks', p.taskId))
      throw new ConflictError(
        said('{record|record} {id} exists already', { record: 'clearance task', id: p.taskId }),
      );
    const hazard = await this.ref('hazards', p.hazardId, 'hazardId');
    if (!hazardIsActive(hazard.status))
      throw new RuleViolatedError(
        said('hazard {hazard} is {status|status}: there is nothing left to clear', {
          hazard: hazard.code,
          status: hazard.status,
        }),
      );
    await this.ref('organisations', p.organisationId, 'organisationId');
  }

  async ClearanceProgressRecorded(p: EventPayload<'ClearanceProgressRecorded'>) {
    const task = await this.ref('clearance_tasks', p.taskId, 'taskId');
    if (task.status === 'completed')
      throw new RuleViolatedError(
        said('clearance task {task} is completed: its progress can no longer change', { task: p.taskId }),
      );
    if (p.clearedAreaM2 === undefined && p.clearedLengthM === undefined && p.note === undefined)
      throw new InvalidInputError(said('progress needs clearedAreaM2, clearedLengthM or a note'));
  }

  async ClearanceTaskCompleted(p: EventPayload<'ClearanceTaskCompleted'>) {
    const task = await this.ref('clearance_tasks', p.taskId, 'taskId');
    if (task.status === 'completed')
      throw new RuleViolatedError(said('clearance task {task} is already completed', { task: p.taskId }));
    await this.optionalRef('organisations', p.qaOrganisationId, 'qaOrganisationId');
  }

  async IncidentReported(p: EventPayload<'IncidentReported'>) {
    await this.fresh('incidents', p.incidentId, p.code);
    await this.optionalRef('organisations', p.organisationId, 'organisationId');
    await this.optionalRef('organisations', p.source?.organisationId, 'source.organisationId');
    await this.optionalRef('corridors', p.corridorId, 'corridorId');
    if (p.convoyId !== undefined) {
      const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
      if (p.corridorId !== undefined && convoy.corridor_id !== p.corridorId)
        throw new RuleViolatedError(
          said('convoy {convoy} is not on that corridor', { convoy: convoy.code }),
          { field: 'convoyId' },
        );
    }
  }

  async IncidentStatusChanged(p: EventPayload<'IncidentStatusChanged'>, event: ProjectableEvent) {
    const incident = await this.ref('incidents', p.incidentId, 'incidentId');
    const from = incident.status as IncidentStatus;
    const allowed = incidentTransitions(from);
    if (!allowed.includes(p.status))
      throw new RuleViolatedError(
        allowed.length === 0
          ? said(
              'incident {incident} cannot go from {from|incidentStatus} to {to|incidentStatus}: {from|incidentStatus} is final',
              { incident: incident.code, from, to: p.status },
            )
          : said(
              'incident {incident} cannot go from {from|incidentStatus} to {to|incidentStatus}: a {from|incidentStatus} incident may become {allowed|incidentStatus}',
              { incident: incident.code, from, to: p.status, allowed },
            ),
        { from, to: p.status, allowed },
      );
    notBefore(event, incident, 'incident', incident.code);
  }

  async PauseWindowAgreed(p: EventPayload<'PauseWindowAgreed'>) {
    if (p.end <= p.start)
      throw new InvalidInputError(
        said('the window ends ({end}) before it starts ({start})', { end: p.end, start: p.start }),
        { field: 'end' },
      );
    if (p.area === undefined && p.corridorIds.length === 0)
      throw new InvalidInputError(
        said('a window covers an area or named corridors: give area or corridorIds'),
        { field: 'area' },
      );
    if (p.area !== undefined) {
      const problem = areaProblem(p.area);
      if (problem)
        throw new InvalidInputError(
          said("the window's area is not a valid polygon: {problem}", { problem }),
          { field: 'area' },
        );
    }
    await this.fresh('pause_windows', p.windowId, p.code);
    for (const id of p.corridorIds) await this.ref('corridors', id, 'corridorIds');
    for (const id of p.agreedBy) await this.ref('organisations', id, 'agreedBy');
  }

  async PauseWindowCancelled(p: EventPayload<'PauseWindowCancelled'>) {
    const window = await this.ref('pause_windows', p.windowId, 'windowId');
    if (window.status !== 'agreed')
      throw new RuleViolatedError(said('window {window} is already cancelled', { window: window.code }));
  }

  async MovementNotified(p: EventPayload<'MovementNotified'>) {
    if (p.window.end <= p.window.start)
      throw new InvalidInputError(
        said('the window ends ({end}) before it starts ({start})', {
          end: p.window.end,
          start: p.window.start,
        }),
        { field: 'window.end' },
      );
    if (p.corridorId === undefined && p.convoyId === undefined)
      throw new InvalidInputError(
        said('a notification is for a corridor or a convoy: give corridorId or convoyId'),
        { field: 'corridorId' },
      );
    await this.fresh('notifications', p.notificationId, p.code);
    await this.optionalRef('corridors', p.corridorId, 'corridorId');
    if (p.convoyId !== undefined) {
      const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
      if (p.corridorId !== undefined && convoy.corridor_id !== p.corridorId)
        throw new RuleViolatedError(
          said('convoy {convoy} is not on that corridor', { convoy: convoy.code }),
          { field: 'convoyId' },
        );
    }
    if (new Set(p.parties).size !== p.parties.length)
      throw new InvalidInputError(said('a party is listed twice'), { field: 'parties' });
    for (const id of p.parties) await this.ref('organisations', id, 'parties');
    for (const id of p.organisations) await this.ref('organisations', id, 'organisations');
  }

  async MovementAcknowledged(p: EventPayload<'MovementAcknowledged'>) {
    if (await this.view.get('acknowledgements', p.acknowledgementId))
      throw new ConflictError(
        said('{record|record} {id} exists already', { record: 'acknowledgement', id: p.acknowledgementId }),
      );
    const notification = await this.ref('notifications', p.notificationId, 'notificationId');
    const org = await this.ref('organisations', p.organisationId, 'organisationId');
    const code = notification.code;
    if (!(JSON.parse(notification.parties) as string[]).includes(p.organisationId))
      throw new RuleViolatedError(
        said('{organisation} is not a party notified of {notification}', {
          organisation: org.name,
          notification: code,
        }),
        { field: 'organisationId' },
      );
    const earlier = await this.view.rowsWhere('acknowledgements', {
      notification_id: p.notificationId,
      organisation_id: p.organisationId,
    });
    if (earlier.length > 0)
      throw new ConflictError(
        said('{organisation} has already acknowledged {notification} ({by}, {at})', {
          organisation: org.name,
          notification: code,
          by: earlier[0]!.acknowledged_by,
          at: earlier[0]!.acknowledged_at,
        }),
      );
  }
}
