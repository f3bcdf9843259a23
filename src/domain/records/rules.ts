import { normalisePlate } from '../accountability/counting.js';
import type { EventPayload } from '../../contracts/events.js';
import { corridorGates } from '../safe-passage/corridor-gates.js';
import { ConflictError, GatesUnmetError, InvalidInputError, RuleViolatedError, said } from '../errors.js';
import { canChangeCorridorStatus, corridorTransitions, type CorridorStatus } from './lifecycle.js';
import type { ProjectableEvent } from '../projection.js';
import { RuleBase, notBefore } from '../rule-base.js';

/** The rules of records events against the state they are appended to. */
export class RecordsRules extends RuleBase {
  async OrganisationRegistered(p: EventPayload<'OrganisationRegistered'>) {
    await this.fresh('organisations', p.organisationId, p.code);
  }

  async OrganisationContactChanged(p: EventPayload<'OrganisationContactChanged'>) {
    await this.ref('organisations', p.organisationId, 'organisationId');
  }

  async AreaRegistered(p: EventPayload<'AreaRegistered'>) {
    await this.fresh('areas', p.areaId, p.code);
    await this.optionalRef('areas', p.parentAreaId, 'parentAreaId');
    // A p-code names one area: the key other datasets join on, so never two areas of one operation.
    if (p.pcode !== undefined) {
      const [taken] = await this.view.rowsWhere('areas', {
        operation_id: this.view.operationId,
        pcode: p.pcode,
      });
      if (taken)
        throw new ConflictError(
          said('p-code {pcode} is already area {area}', { pcode: p.pcode, area: taken.code }),
          {
            field: 'pcode',
            area: taken.code,
          },
        );
    }
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
          throw new RuleViolatedError(
            said("checkpoint {checkpoint} is not on the segment's corridor", { checkpoint: cp.code }),
            { field },
          );
      }
    }
  }

  async CorridorDeclared(p: EventPayload<'CorridorDeclared'>) {
    await this.fresh('corridors', p.corridorId, p.code);
    if (p.stageKey !== undefined) {
      const operation = await this.view.get('operations', this.view.operationId);
      const stages = JSON.parse(operation!.stages) as { key: string }[];
      if (!stages.some((s) => s.key === p.stageKey))
        throw new RuleViolatedError(
          said('operation {operation} has no stage {stage}', {
            operation: this.view.operationId,
            stage: p.stageKey,
          }),
          { field: 'stageKey', stages: stages.map((s) => s.key) },
        );
    }
    await this.optionalRef('areas', p.fromAreaId, 'fromAreaId');
    await this.optionalRef('areas', p.toAreaId, 'toAreaId');
  }

  async CorridorStatusChanged(p: EventPayload<'CorridorStatusChanged'>, event: ProjectableEvent) {
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    const from = corridor.status as CorridorStatus;
    const code = corridor.code;
    // A close made before a change another site made without knowing of it: kept, and it stands
    // (records/projection.ts), but the change it ends is for a coordinator to see.
    if (p.status === 'closed' && from !== 'closed' && event.occurredAt < corridor.status_changed_at)
      throw new RuleViolatedError(
        said(
          'corridor {corridor} was closed at {closedAt}, before its change to {from|status} at {changedAt} made without knowing of the close: the close stands',
          { corridor: code, closedAt: event.occurredAt, from, changedAt: corridor.status_changed_at },
        ),
        {
          closedAt: event.occurredAt,
          overriddenChangeAt: corridor.status_changed_at,
          overriddenStatus: from,
        },
      );
    if (!canChangeCorridorStatus(from, p.status)) {
      throw new RuleViolatedError(
        said('corridor {corridor} cannot go from {from|status} to {to|status}', {
          corridor: code,
          from,
          to: p.status,
        }),
        { from, to: p.status, allowed: corridorTransitions(from) },
      );
    }
    notBefore(event, corridor, 'corridor', code);
    // Stopping people moving is said why, whatever route the change comes by (history replayed from
    // before this rule is taken as it was).
    if (!this.replay && (p.status === 'suspended' || p.status === 'closed') && !hasWords(p.reason))
      throw new InvalidInputError(said('say why the corridor is suspended or closed (reason)'), {
        field: 'reason',
      });
    // A coordinator's override, recorded just before as its own event, lets this one change through.
    if (corridor.override_to === p.status) return;
    const conditions = await corridorGates(
      this.view,
      corridor,
      p.status,
      event.occurredAt,
      this.replay ? undefined : this.now.toISOString(),
    );
    const unmet = conditions.map((c) => c.text);
    if (unmet.length > 0)
      throw new GatesUnmetError(
        said('corridor {corridor} cannot become {to|status}: {unmet}', {
          corridor: code,
          to: p.status,
          unmet: unmet.join('; '),
        }),
        unmet,
        { from, to: p.status },
        conditions,
      );
  }

  async CheckpointEstablished(p: EventPayload<'CheckpointEstablished'>) {
    await this.fresh('checkpoints', p.checkpointId, p.code);
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    await this.optionalRef('command_posts', p.commandPostId, 'commandPostId');
    if (
      p.kind !== 'intermediate' &&
      (await this.view.count('checkpoints', { corridor_id: p.corridorId, kind: p.kind })) > 0
    )
      throw new ConflictError(
        said('corridor {corridor} already has an {kind|checkpointKind} checkpoint', {
          corridor: corridor.code,
          kind: p.kind,
        }),
      );
  }

  async VehicleRegistered(p: EventPayload<'VehicleRegistered'>) {
    await this.fresh('vehicles', p.vehicleId, p.code);
    await this.ref('organisations', p.organisationId, 'organisationId');
    if ((await this.view.count('vehicles', { operation_id: this.view.operationId, plate: p.plate })) > 0)
      throw new ConflictError(
        said('a vehicle with plate {plate} is already registered', { plate: p.plate }),
        {
          field: 'plate',
        },
      );
    // Plates are matched whatever their case, spaces and dashes (counting.ts): "demo b 031" is DEMO-B-031.
    // Checked live; a replayed history was checked when it was recorded.
    if (!this.replay) {
      const key = normalisePlate(p.plate);
      const same = (await this.view.rowsWhere('vehicles', { operation_id: this.view.operationId })).find(
        (v) => normalisePlate(v.plate) === key,
      );
      if (same)
        throw new ConflictError(
          said('plate {plate} is the plate of vehicle {vehicle} ({registered})', {
            plate: p.plate,
            vehicle: same.code,
            registered: same.plate,
          }),
          { field: 'plate' },
        );
    }
  }

  async ReceptionPointEstablished(p: EventPayload<'ReceptionPointEstablished'>) {
    await this.fresh('reception_points', p.receptionPointId, p.code);
    await this.optionalRef('areas', p.areaId, 'areaId');
  }

  async OperationClosed() {
    const operation = await this.view.get('operations', this.view.operationId);
    if (operation?.closed_at)
      throw new ConflictError(
        said('operation {operation} is closed already', { operation: this.view.operationId }),
      );
    const corridors = await this.view.rowsWhere('corridors', { operation_id: this.view.operationId });
    const still = corridors.filter((c) => c.status !== 'closed').map((c) => `${c.code} (${c.status})`);
    if (still.length > 0)
      throw new RuleViolatedError(
        said('close every corridor first: {corridors}', { corridors: still.join(', ') }),
        {
          corridors: still,
        },
      );
  }
}

/** Whether a text says something: not empty, not only spaces or invisible characters. */
function hasWords(text: string | undefined): boolean {
  return (text ?? '').replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '').length > 0;
}
