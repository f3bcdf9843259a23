import type { EventPayload } from '../contracts/events.js';
import type { CodedTable } from './codes.js';
import { corridorGates } from './safe-passage/corridor-gates.js';
import {
  ConflictError,
  GatesUnmetError,
  InvalidInputError,
  NotFoundError,
  RuleViolatedError,
} from './errors.js';
import { incidentTransitions, type IncidentStatus } from './safe-passage/incidents.js';
import { areaProblem, hazardIsActive, hazardTransitions, type HazardStatus } from './safe-passage/hazards.js';
import { checkManifest } from './accountability/manifest.js';
import { figureProblem } from './reports/figures.js';
import {
  canChangeConvoyStatus,
  canChangeCorridorStatus,
  convoyTransitions,
  corridorTransitions,
  type ConvoyStatus,
  type CorridorStatus,
} from './records/lifecycle.js';
import type { ProjectableEvent, ProjectionTable, Row } from './projection.js';

/** What the rules may ask of the state an event is appended to. The app implements it over the store. */
export interface OperationView {
  readonly operationId: string;
  get(table: ProjectionTable, id: string): Promise<Row | undefined>;
  codeTaken(table: CodedTable, code: string): Promise<boolean>;
  count(table: ProjectionTable, where: Row): Promise<number>;
  /** The rows matching every column given, as the append sees them. */
  rowsWhere(table: ProjectionTable, where: Row): Promise<Row[]>;
  /** The convoys a vehicle is on that have not arrived. */
  activeConvoysOfVehicle(vehicleId: string): Promise<Row[]>;
  vehiclesOfConvoy(convoyId: string): Promise<Row[]>;
}

export interface CheckOptions {
  /**
   * The event is history being replayed (an import, a scenario): it is checked against the state it
   * was recorded in, not against today's clock.
   */
  replay?: boolean;
}

/** How far in the future a recorder's clock may run before we call the time impossible. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The rules an event must satisfy against the state it is appended to. Throws a DomainError naming the
 * rule; returns nothing when the event may be appended. `now` is passed in: domain/ reads no clock.
 */
export async function checkEvent(
  event: ProjectableEvent,
  view: OperationView,
  now: Date,
  options: CheckOptions = {},
): Promise<void> {
  if (Date.parse(event.occurredAt) > now.getTime() + MAX_CLOCK_SKEW_MS) {
    throw new InvalidInputError(`occurredAt ${event.occurredAt} is in the future`, {
      field: 'occurredAt',
      now: now.toISOString(),
    });
  }
  const rules = new Rules(view, now, options.replay ?? false);
  if (event.type === 'OperationCreated') {
    if (await view.get('operations', view.operationId))
      throw new ConflictError(`operation ${view.operationId} exists already`);
    return;
  }
  if (!(await view.get('operations', view.operationId)))
    throw new NotFoundError(`operation ${view.operationId} does not exist`);
  await rules[event.type](event.payload as never, event);
}

type Handlers = {
  [T in Exclude<ProjectableEvent['type'], 'OperationCreated'>]: (
    payload: EventPayload<T>,
    event: ProjectableEvent,
  ) => Promise<void>;
};

class Rules implements Handlers {
  constructor(
    private readonly view: OperationView,
    private readonly now: Date,
    private readonly replay: boolean,
  ) {}

  /** A record referenced from this operation: missing or of another operation is the same mistake. */
  private async ref(table: ProjectionTable, id: string, field: string): Promise<Row> {
    const row = await this.view.get(table, id);
    if (!row || row.operation_id !== this.view.operationId) {
      throw new RuleViolatedError(
        `${field} ${id} is not a ${singular(table)} of operation ${this.view.operationId}`,
        {
          field,
        },
      );
    }
    return row;
  }

  private async optionalRef(table: ProjectionTable, id: string | undefined, field: string): Promise<void> {
    if (id !== undefined) await this.ref(table, id, field);
  }

  private async fresh(table: CodedTable & ProjectionTable, id: string, code: string): Promise<void> {
    if (await this.view.get(table, id)) throw new ConflictError(`${singular(table)} ${id} exists already`);
    if (await this.view.codeTaken(table, code))
      throw new ConflictError(`code ${code} is already used in operation ${this.view.operationId}`, {
        field: 'code',
      });
  }

  async OrganisationRegistered(p: EventPayload<'OrganisationRegistered'>) {
    await this.fresh('organisations', p.organisationId, p.code);
  }

  async AreaRegistered(p: EventPayload<'AreaRegistered'>) {
    await this.fresh('areas', p.areaId, p.code);
    await this.optionalRef('areas', p.parentAreaId, 'parentAreaId');
  }

  async CommandPostEstablished(p: EventPayload<'CommandPostEstablished'>) {
    await this.fresh('command_posts', p.commandPostId, p.code);
    await this.optionalRef('organisations', p.organisationId, 'organisationId');
  }

  async CommandPostWatchAssigned(p: EventPayload<'CommandPostWatchAssigned'>) {
    await this.ref('command_posts', p.commandPostId, 'commandPostId');
    for (const id of p.checkpointIds) await this.ref('checkpoints', id, 'checkpointIds');
    for (const s of p.segments) {
      await this.ref('corridors', s.corridorId, 'segments.corridorId');
      for (const [field, id] of [
        ['segments.fromCheckpointId', s.fromCheckpointId],
        ['segments.toCheckpointId', s.toCheckpointId],
      ] as const) {
        const cp = await this.ref('checkpoints', id, field);
        if (cp.corridor_id !== s.corridorId)
          throw new RuleViolatedError(`checkpoint ${String(cp.code)} is not on the segment's corridor`, {
            field,
          });
      }
    }
  }

  async CorridorDeclared(p: EventPayload<'CorridorDeclared'>) {
    await this.fresh('corridors', p.corridorId, p.code);
    if (p.stageKey !== undefined) {
      const operation = await this.view.get('operations', this.view.operationId);
      const stages = JSON.parse(String(operation!.stages)) as { key: string }[];
      if (!stages.some((s) => s.key === p.stageKey))
        throw new RuleViolatedError(`operation ${this.view.operationId} has no stage ${p.stageKey}`, {
          field: 'stageKey',
          stages: stages.map((s) => s.key),
        });
    }
    await this.optionalRef('areas', p.fromAreaId, 'fromAreaId');
    await this.optionalRef('areas', p.toAreaId, 'toAreaId');
  }

  async CorridorStatusChanged(p: EventPayload<'CorridorStatusChanged'>, event: ProjectableEvent) {
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    const from = corridor.status as CorridorStatus;
    const code = String(corridor.code);
    if (!canChangeCorridorStatus(from, p.status)) {
      throw new RuleViolatedError(`corridor ${code} cannot go from ${from} to ${p.status}`, {
        from,
        to: p.status,
        allowed: corridorTransitions(from),
      });
    }
    notBefore(event, corridor, `corridor ${code}`);
    // A coordinator's override, recorded just before as its own event, lets this one change through.
    if (corridor.override_to === p.status) return;
    const unmet = await corridorGates(
      this.view,
      corridor,
      p.status,
      event.occurredAt,
      this.replay ? undefined : this.now.toISOString(),
    );
    if (unmet.length > 0)
      throw new GatesUnmetError(`corridor ${code} cannot become ${p.status}: ${unmet.join('; ')}`, unmet, {
        from,
        to: p.status,
      });
  }

  async CorridorGateOverridden(p: EventPayload<'CorridorGateOverridden'>) {
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    const from = corridor.status as CorridorStatus;
    if (!canChangeCorridorStatus(from, p.to))
      throw new RuleViolatedError(`corridor ${String(corridor.code)} cannot go from ${from} to ${p.to}`, {
        from,
        to: p.to,
        allowed: corridorTransitions(from),
      });
  }

  async CheckpointEstablished(p: EventPayload<'CheckpointEstablished'>) {
    await this.fresh('checkpoints', p.checkpointId, p.code);
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    await this.optionalRef('command_posts', p.commandPostId, 'commandPostId');
    if (
      p.kind !== 'intermediate' &&
      (await this.view.count('checkpoints', { corridor_id: p.corridorId, kind: p.kind })) > 0
    )
      throw new ConflictError(`corridor ${String(corridor.code)} already has an ${p.kind} checkpoint`);
  }

  async VehicleRegistered(p: EventPayload<'VehicleRegistered'>) {
    await this.fresh('vehicles', p.vehicleId, p.code);
    await this.ref('organisations', p.organisationId, 'organisationId');
    if ((await this.view.count('vehicles', { operation_id: this.view.operationId, plate: p.plate })) > 0)
      throw new ConflictError(`a vehicle with plate ${p.plate} is already registered`, { field: 'plate' });
  }

  async ReceptionPointEstablished(p: EventPayload<'ReceptionPointEstablished'>) {
    await this.fresh('reception_points', p.receptionPointId, p.code);
    await this.optionalRef('areas', p.areaId, 'areaId');
  }

  async ConvoyPlanned(p: EventPayload<'ConvoyPlanned'>) {
    await this.fresh('convoys', p.convoyId, p.code);
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    if (corridor.status === 'closed')
      throw new RuleViolatedError(
        `corridor ${String(corridor.code)} is closed: no convoy can be planned on it`,
      );
    await this.optionalRef('reception_points', p.receptionPointId, 'receptionPointId');
    if (p.planId !== undefined) {
      const plan = await this.ref('plans', p.planId, 'planId');
      if (plan.status !== 'adopted')
        throw new RuleViolatedError(
          `plan ${String(plan.code)} is ${String(plan.status)}: only an adopted plan has convoys`,
          { field: 'planId' },
        );
    }
    if (new Set(p.vehicleIds).size !== p.vehicleIds.length)
      throw new InvalidInputError('a vehicle is listed twice in the convoy', { field: 'vehicleIds' });
    for (const id of p.vehicleIds) {
      const vehicle = await this.ref('vehicles', id, 'vehicleIds');
      // One convoy at a time, except the convoys of one adopted plan: its rounds, boarded in turn.
      const other = (await this.view.activeConvoysOfVehicle(id)).find(
        (c) => p.planId === undefined || c.plan_id !== p.planId,
      );
      if (other)
        throw new ConflictError(
          `vehicle ${String(vehicle.code)} is already on convoy ${String(other.code)}`,
          {
            field: 'vehicleIds',
          },
        );
    }
  }

  async ManifestRecorded(p: EventPayload<'ManifestRecorded'>) {
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    if (convoy.status === 'arrived')
      throw new RuleViolatedError(
        `convoy ${String(convoy.code)} has arrived: its manifest can no longer change`,
      );
    checkManifest(`convoy ${String(convoy.code)}`, p, await this.view.vehiclesOfConvoy(p.convoyId));
  }

  async ConvoyStatusChanged(p: EventPayload<'ConvoyStatusChanged'>, event: ProjectableEvent) {
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    const from = convoy.status as ConvoyStatus;
    if (!canChangeConvoyStatus(from, p.status)) {
      throw new RuleViolatedError(`convoy ${String(convoy.code)} cannot go from ${from} to ${p.status}`, {
        from,
        to: p.status,
        allowed: convoyTransitions(from),
      });
    }
    notBefore(event, convoy, `convoy ${String(convoy.code)}`);
    // Only convoys of one plan share vehicles (see ConvoyPlanned): each boards when the last has arrived.
    if (p.status === 'boarding' && convoy.plan_id !== null) {
      for (const vehicle of await this.view.vehiclesOfConvoy(p.convoyId)) {
        const busy = (await this.view.activeConvoysOfVehicle(String(vehicle.id))).find(
          (c) => c.id !== p.convoyId && c.status !== 'planned',
        );
        if (busy)
          throw new RuleViolatedError(
            `convoy ${String(convoy.code)} cannot board: vehicle ${String(vehicle.code)} is still on convoy ${String(busy.code)} (${String(busy.status)})`,
            { vehicleId: vehicle.id, convoyId: busy.id },
          );
      }
    }
    if (p.status === 'departed') {
      if ((await this.view.vehiclesOfConvoy(p.convoyId)).length === 0)
        throw new RuleViolatedError(`convoy ${String(convoy.code)} has no vehicles, so it cannot depart`);
      if (convoy.manifest === null)
        throw new RuleViolatedError(
          `convoy ${String(convoy.code)} has no manifest: record one before it departs`,
        );
      const corridor = await this.ref('corridors', String(convoy.corridor_id), 'corridorId');
      if (corridor.status !== 'open')
        throw new RuleViolatedError(
          `convoy ${String(convoy.code)} cannot depart: corridor ${String(corridor.code)} is ${String(corridor.status)}`,
        );
      if (event.occurredAt < String(corridor.status_changed_at))
        throw new RuleViolatedError(
          `convoy ${String(convoy.code)} cannot depart at ${event.occurredAt}: corridor ${String(corridor.code)} opened at ${String(corridor.status_changed_at)}`,
        );
      const windows = JSON.parse(String(corridor.windows)) as { start: string; end: string }[];
      if (windows.length > 0 && !windows.some((w) => w.start <= event.occurredAt && event.occurredAt < w.end))
        throw new RuleViolatedError(
          `convoy ${String(convoy.code)} cannot depart at ${event.occurredAt}: outside the opening windows of corridor ${String(corridor.code)}`,
          { windows },
        );
    }
  }

  async PassageRecorded(p: EventPayload<'PassageRecorded'>) {
    if (await this.view.get('passages', p.passageId))
      throw new ConflictError(`passage ${p.passageId} exists already`);
    const places = [p.checkpointId, p.receptionPointId].filter((x) => x !== undefined).length;
    if (places > 1)
      throw new InvalidInputError('a passage is at a checkpoint or at a reception point, not both', {
        field: 'receptionPointId',
      });
    const countsPeople = p.source === 'enumerator' || p.source === 'camera';
    if (places === 0 && (countsPeople || p.location === undefined))
      throw new InvalidInputError(
        countsPeople
          ? `a ${p.source} passage needs its checkpointId or receptionPointId`
          : 'a passage needs a checkpointId, a receptionPointId or a location',
        { field: 'checkpointId' },
      );
    if (!countsPeople && (p.people !== undefined || p.peopleTotal !== undefined))
      throw new InvalidInputError(`a ${p.source} report counts vehicles, not people`, { field: 'people' });
    if (p.people !== undefined && p.peopleTotal !== undefined)
      throw new InvalidInputError('give people by category or peopleTotal, not both', {
        field: 'peopleTotal',
      });
    const counts = [p.people, p.peopleTotal, p.vehicles, p.stretcherCases, p.vehicleIds, p.plates];
    if (counts.every((c) => c === undefined) && p.location === undefined)
      throw new InvalidInputError('a passage must count people, stretcher cases or vehicles');
    if (p.scope === 'vehicles' && !p.vehicleIds?.length && !p.plates?.length)
      throw new InvalidInputError('a tally of some vehicles must name them (vehicleIds or plates)', {
        field: 'scope',
      });
    let corridorId: string | undefined;
    if (p.checkpointId !== undefined) {
      const checkpoint = await this.ref('checkpoints', p.checkpointId, 'checkpointId');
      corridorId = String(checkpoint.corridor_id);
    }
    await this.optionalRef('reception_points', p.receptionPointId, 'receptionPointId');
    for (const id of p.vehicleIds ?? []) await this.ref('vehicles', id, 'vehicleIds');
    if (p.convoyId !== undefined) {
      const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
      if (corridorId !== undefined && convoy.corridor_id !== corridorId)
        throw new RuleViolatedError(
          `convoy ${String(convoy.code)} does not travel through the checkpoint of this passage`,
          { field: 'convoyId' },
        );
    }
  }

  async PassageMatched(p: EventPayload<'PassageMatched'>) {
    const passage = await this.ref('passages', p.passageId, 'passageId');
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    if (passage.convoy_id !== null && passage.convoy_id !== p.convoyId)
      throw new ConflictError(`the passage is already matched to another convoy`, { field: 'passageId' });
    if (passage.checkpoint_id !== null) {
      const checkpoint = await this.ref('checkpoints', String(passage.checkpoint_id), 'checkpointId');
      if (checkpoint.corridor_id !== convoy.corridor_id)
        throw new RuleViolatedError(
          `convoy ${String(convoy.code)} does not travel through checkpoint ${String(checkpoint.code)}`,
          { field: 'convoyId' },
        );
    }
  }

  async AlertRaised(p: EventPayload<'AlertRaised'>) {
    await this.fresh('alerts', p.alertId, p.code);
    await this.optionalRef('convoys', p.convoyId, 'convoyId');
    await this.optionalRef('corridors', p.corridorId, 'corridorId');
    await this.optionalRef('checkpoints', p.checkpointId, 'checkpointId');
    await this.optionalRef('passages', p.passageId, 'passageId');
    await this.optionalRef('vehicles', p.vehicleId, 'vehicleId');
  }

  async AlertAcknowledged(p: EventPayload<'AlertAcknowledged'>) {
    const alert = await this.ref('alerts', p.alertId, 'alertId');
    if (alert.status !== 'open')
      throw new RuleViolatedError(`alert ${String(alert.code)} is ${String(alert.status)}, not open`);
  }

  async AlertResolved(p: EventPayload<'AlertResolved'>) {
    const alert = await this.ref('alerts', p.alertId, 'alertId');
    if (alert.status === 'resolved')
      throw new RuleViolatedError(`alert ${String(alert.code)} is already resolved`);
  }

  async PickupPointDefined(p: EventPayload<'PickupPointDefined'>) {
    await this.fresh('pickup_points', p.pickupPointId, p.code);
    await this.optionalRef('areas', p.areaId, 'areaId');
  }

  async PickupPointUpdated(p: EventPayload<'PickupPointUpdated'>) {
    await this.ref('pickup_points', p.pickupPointId, 'pickupPointId');
  }

  async PlanProposed(p: EventPayload<'PlanProposed'>) {
    await this.fresh('plans', p.planId, p.code);
    const places = new Set<string>();
    for (const place of p.places) {
      if (places.has(place.key))
        throw new InvalidInputError(`place ${place.key} is listed twice`, { field: 'places' });
      places.add(place.key);
      if (place.kind === 'pickup-point') await this.ref('pickup_points', place.id ?? '', 'places.id');
      if (place.kind === 'reception-point') await this.ref('reception_points', place.id ?? '', 'places.id');
    }
    const corridors = new Set<string>();
    for (const v of p.vehicles) {
      await this.ref('vehicles', v.vehicleId, 'vehicles.vehicleId');
      if (!places.has(v.depot))
        throw new InvalidInputError(`vehicle ${v.vehicleId} starts at ${v.depot}, not a place of the plan`);
      for (const leg of v.legs) {
        for (const key of [leg.from, leg.to])
          if (!places.has(key))
            throw new InvalidInputError(
              `a leg of vehicle ${v.vehicleId} names ${key}, not a place of the plan`,
            );
        if (leg.corridorId !== undefined) corridors.add(leg.corridorId);
      }
    }
    for (const c of p.corridorsUsed ?? []) corridors.add(c.corridorId);
    for (const id of corridors) await this.ref('corridors', id, 'corridorId');
  }

  async PlanAdopted(p: EventPayload<'PlanAdopted'>) {
    const plan = await this.ref('plans', p.planId, 'planId');
    if (plan.status !== 'proposed')
      throw new ConflictError(
        `plan ${String(plan.code)} is ${String(plan.status)}: it can be adopted only once`,
        {
          status: plan.status,
        },
      );
    for (const id of p.supersedes) {
      const other = await this.ref('plans', id, 'supersedes');
      if (id === p.planId || other.status !== 'proposed')
        throw new RuleViolatedError(`plan ${String(other.code)} is not another proposed plan`, {
          field: 'supersedes',
        });
    }
  }

  async HazardReported(p: EventPayload<'HazardReported'>) {
    const problem = areaProblem(p.area);
    if (problem)
      throw new InvalidInputError(`the hazard's area is not a valid polygon: ${problem}`, { field: 'area' });
    await this.fresh('hazards', p.hazardId, p.code);
    await this.optionalRef('organisations', p.evidence?.organisationId, 'evidence.organisationId');
    await this.optionalRef('organisations', p.source?.organisationId, 'source.organisationId');
  }

  async HazardStatusChanged(p: EventPayload<'HazardStatusChanged'>, event: ProjectableEvent) {
    const hazard = await this.ref('hazards', p.hazardId, 'hazardId');
    const from = hazard.status as HazardStatus;
    const code = String(hazard.code);
    if (!hazardTransitions(from).includes(p.status)) {
      const allowed = hazardTransitions(from);
      throw new RuleViolatedError(
        `hazard ${code} cannot go from ${from} to ${p.status}: ${allowed.length === 0 ? `${from} is final` : `a ${from} hazard may become ${allowed.join(', ')}`}`,
        { from, to: p.status, allowed },
      );
    }
    notBefore(event, hazard, `hazard ${code}`);
    if (p.status === 'cleared') {
      const tasks = await this.view.rowsWhere('clearance_tasks', { hazard_id: p.hazardId });
      if (tasks.length === 0)
        throw new RuleViolatedError(
          `hazard ${code} cannot be cleared: no clearance task has been recorded for it`,
        );
      const open = tasks.find((t) => t.status !== 'completed' || t.qa_signed_off_by === null);
      if (open)
        throw new RuleViolatedError(
          `hazard ${code} cannot be cleared: clearance task ${String(open.id)} (${String(open.team)}) is not completed with a QA sign-off`,
          { taskId: open.id },
        );
    }
  }

  async ClearanceTaskStarted(p: EventPayload<'ClearanceTaskStarted'>) {
    if (await this.view.get('clearance_tasks', p.taskId))
      throw new ConflictError(`clearance task ${p.taskId} exists already`);
    const hazard = await this.ref('hazards', p.hazardId, 'hazardId');
    if (!hazardIsActive(String(hazard.status)))
      throw new RuleViolatedError(
        `hazard ${String(hazard.code)} is ${String(hazard.status)}: there is nothing left to clear`,
      );
    await this.ref('organisations', p.organisationId, 'organisationId');
  }

  async ClearanceProgressRecorded(p: EventPayload<'ClearanceProgressRecorded'>) {
    const task = await this.ref('clearance_tasks', p.taskId, 'taskId');
    if (task.status === 'completed')
      throw new RuleViolatedError(
        `clearance task ${p.taskId} is completed: its progress can no longer change`,
      );
    if (p.clearedAreaM2 === undefined && p.clearedLengthM === undefined && p.note === undefined)
      throw new InvalidInputError('progress needs clearedAreaM2, clearedLengthM or a note');
  }

  async ClearanceTaskCompleted(p: EventPayload<'ClearanceTaskCompleted'>) {
    const task = await this.ref('clearance_tasks', p.taskId, 'taskId');
    if (task.status === 'completed')
      throw new RuleViolatedError(`clearance task ${p.taskId} is already completed`);
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
        throw new RuleViolatedError(`convoy ${String(convoy.code)} is not on that corridor`, {
          field: 'convoyId',
        });
    }
  }

  async IncidentStatusChanged(p: EventPayload<'IncidentStatusChanged'>, event: ProjectableEvent) {
    const incident = await this.ref('incidents', p.incidentId, 'incidentId');
    const from = incident.status as IncidentStatus;
    const allowed = incidentTransitions(from);
    if (!allowed.includes(p.status))
      throw new RuleViolatedError(
        `incident ${String(incident.code)} cannot go from ${from} to ${p.status}: ${allowed.length === 0 ? `${from} is final` : `a ${from} incident may become ${allowed.join(', ')}`}`,
        { from, to: p.status, allowed },
      );
    notBefore(event, incident, `incident ${String(incident.code)}`);
  }

  async PauseWindowAgreed(p: EventPayload<'PauseWindowAgreed'>) {
    if (p.end <= p.start)
      throw new InvalidInputError(`the window ends (${p.end}) before it starts (${p.start})`, {
        field: 'end',
      });
    if (p.area === undefined && p.corridorIds.length === 0)
      throw new InvalidInputError('a window covers an area or named corridors: give area or corridorIds', {
        field: 'area',
      });
    if (p.area !== undefined) {
      const problem = areaProblem(p.area);
      if (problem)
        throw new InvalidInputError(`the window's area is not a valid polygon: ${problem}`, {
          field: 'area',
        });
    }
    await this.fresh('pause_windows', p.windowId, p.code);
    for (const id of p.corridorIds) await this.ref('corridors', id, 'corridorIds');
    for (const id of p.agreedBy) await this.ref('organisations', id, 'agreedBy');
  }

  async PauseWindowCancelled(p: EventPayload<'PauseWindowCancelled'>) {
    const window = await this.ref('pause_windows', p.windowId, 'windowId');
    if (window.status !== 'agreed')
      throw new RuleViolatedError(`window ${String(window.code)} is already cancelled`);
  }

  async MovementNotified(p: EventPayload<'MovementNotified'>) {
    if (p.window.end <= p.window.start)
      throw new InvalidInputError(`the window ends (${p.window.end}) before it starts (${p.window.start})`, {
        field: 'window.end',
      });
    if (p.corridorId === undefined && p.convoyId === undefined)
      throw new InvalidInputError(
        'a notification is for a corridor or a convoy: give corridorId or convoyId',
        {
          field: 'corridorId',
        },
      );
    await this.fresh('notifications', p.notificationId, p.code);
    await this.optionalRef('corridors', p.corridorId, 'corridorId');
    if (p.convoyId !== undefined) {
      const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
      if (p.corridorId !== undefined && convoy.corridor_id !== p.corridorId)
        throw new RuleViolatedError(`convoy ${String(convoy.code)} is not on that corridor`, {
          field: 'convoyId',
        });
    }
    if (new Set(p.parties).size !== p.parties.length)
      throw new InvalidInputError('a party is listed twice', { field: 'parties' });
    for (const id of p.parties) await this.ref('organisations', id, 'parties');
    for (const id of p.organisations) await this.ref('organisations', id, 'organisations');
  }

  async MovementAcknowledged(p: EventPayload<'MovementAcknowledged'>) {
    if (await this.view.get('acknowledgements', p.acknowledgementId))
      throw new ConflictError(`acknowledgement ${p.acknowledgementId} exists already`);
    const notification = await this.ref('notifications', p.notificationId, 'notificationId');
    const org = await this.ref('organisations', p.organisationId, 'organisationId');
    const code = String(notification.code);
    if (!(JSON.parse(String(notification.parties)) as string[]).includes(p.organisationId))
      throw new RuleViolatedError(`${String(org.name)} is not a party notified of ${code}`, {
        field: 'organisationId',
      });
    const earlier = await this.view.rowsWhere('acknowledgements', {
      notification_id: p.notificationId,
      organisation_id: p.organisationId,
    });
    if (earlier.length > 0)
      throw new ConflictError(
        `${String(org.name)} has already acknowledged ${code} (${String(earlier[0]!.acknowledged_by)}, ${String(earlier[0]!.acknowledged_at)})`,
      );
  }

  async OperationClosed() {
    const operation = await this.view.get('operations', this.view.operationId);
    if (operation?.closed_at) throw new ConflictError(`operation ${this.view.operationId} is closed already`);
    const corridors = await this.view.rowsWhere('corridors', { operation_id: this.view.operationId });
    const still = corridors
      .filter((c) => c.status !== 'closed')
      .map((c) => `${String(c.code)} (${String(c.status)})`);
    if (still.length > 0)
      throw new RuleViolatedError(`close every corridor first: ${still.join(', ')}`, { corridors: still });
  }

  // Personal data (src/contracts/protection.ts): codes and references only; the data itself is sealed.
  async PersonRegistered(p: EventPayload<'PersonRegistered'>) {
    if ((p.unaccompanied || p.separated) && !p.child)
      throw new InvalidInputError('only a child is unaccompanied or separated: set child too', {
        field: 'child',
      });
    await this.fresh('registrations', p.registrationId, p.code);
    await this.optionalRef('convoys', p.convoyId, 'convoyId');
    await this.optionalRef('family_groups', p.familyGroupId, 'familyGroupId');
  }

  async PersonAssigned(p: EventPayload<'PersonAssigned'>) {
    const person = await this.ref('registrations', p.registrationId, 'registrationId');
    if (person.status === 'erased') throw new RuleViolatedError(`${String(person.code)} is erased`);
    await this.ref('convoys', p.convoyId, 'convoyId');
  }

  async ChildHandedOver(p: EventPayload<'ChildHandedOver'>) {
    const person = await this.ref('registrations', p.registrationId, 'registrationId');
    if (person.case_status !== 'open')
      throw new RuleViolatedError(
        person.case_status === 'handed-over'
          ? `${String(person.code)} has been handed over already`
          : `${String(person.code)} is not an unaccompanied or separated child with an open case`,
      );
    await this.ref('reception_points', p.receptionPointId, 'receptionPointId');
    await this.ref('organisations', p.organisationId, 'organisationId');
  }

  async PersonErased(p: EventPayload<'PersonErased'>) {
    const person = await this.ref('registrations', p.registrationId, 'registrationId');
    if (person.status === 'erased') throw new ConflictError(`${String(person.code)} is erased already`);
  }

  async FamilyGroupRegistered(p: EventPayload<'FamilyGroupRegistered'>) {
    await this.fresh('family_groups', p.familyGroupId, p.code);
  }

  async TracingRequestOpened(p: EventPayload<'TracingRequestOpened'>) {
    await this.fresh('tracing_requests', p.tracingRequestId, p.code);
  }

  async TracingMatchReviewed(p: EventPayload<'TracingMatchReviewed'>) {
    const request = await this.ref('tracing_requests', p.tracingRequestId, 'tracingRequestId');
    if (request.status !== 'open')
      throw new RuleViolatedError(`tracing request ${String(request.code)} is closed`);
    await this.ref('registrations', p.registrationId, 'registrationId');
  }

  async TracingRequestClosed(p: EventPayload<'TracingRequestClosed'>) {
    const request = await this.ref('tracing_requests', p.tracingRequestId, 'tracingRequestId');
    if (request.status !== 'open')
      throw new RuleViolatedError(`tracing request ${String(request.code)} is closed already`);
  }

  async PersonalDataRead() {
    // The read happened; recording it is never refused.
  }

  async FigureReported(p: EventPayload<'FigureReported'>) {
    if (p.valueMax !== undefined && p.valueMax < p.value)
      throw new InvalidInputError('a range must not end below its start', { field: 'valueMax' });
    const problem = figureProblem(p);
    if (problem) throw new InvalidInputError(problem.message, { field: problem.field });
    await this.fresh('figures', p.figureId, p.code);
    await this.ref('organisations', p.sourceOrganisationId, 'sourceOrganisationId');
    await this.optionalRef('areas', p.areaId, 'areaId');
  }

  async ReturnsRecorded(p: EventPayload<'ReturnsRecorded'>) {
    await this.observation('returns', p.returnId, p.areaId, p.sourceOrganisationId);
    await this.optionalRef('areas', p.fromAreaId, 'fromAreaId');
    if (p.fromAreaId === p.areaId)
      throw new InvalidInputError('people return to an area from another one', { field: 'fromAreaId' });
  }

  async ServiceStatusRecorded(p: EventPayload<'ServiceStatusRecorded'>) {
    await this.observation('service_statuses', p.statusId, p.areaId, p.sourceOrganisationId);
  }

  async AccessStatusRecorded(p: EventPayload<'AccessStatusRecorded'>) {
    await this.observation('access_statuses', p.statusId, p.areaId, p.sourceOrganisationId);
  }

  async AidDelivered(p: EventPayload<'AidDelivered'>) {
    await this.observation('aid_deliveries', p.deliveryId, p.areaId, p.organisationId, 'organisationId');
  }

  /** A recovery record: new, about an area of the operation, from one of its organisations. */
  private async observation(
    table: ProjectionTable,
    id: string,
    areaId: string,
    organisationId: string,
    organisationField = 'sourceOrganisationId',
  ) {
    if (await this.view.get(table, id)) throw new ConflictError(`${singular(table)} ${id} exists already`);
    await this.ref('areas', areaId, 'areaId');
    await this.ref('organisations', organisationId, organisationField);
  }
}

/** A status change cannot have happened before the change it follows. */
function notBefore(event: ProjectableEvent, record: Row, what: string): void {
  const last = String(record.status_changed_at);
  if (event.occurredAt < last)
    throw new RuleViolatedError(
      `${what}: a change at ${event.occurredAt} cannot come before the last one, at ${last}`,
      {
        lastChangeAt: last,
      },
    );
}

function singular(table: ProjectionTable): string {
  return table.replace(/_/g, ' ').replace(/ies$/, 'y').replace(/s$/, '');
}
