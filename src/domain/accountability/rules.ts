import { normalisePlate } from './counting.js';
import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, RuleViolatedError } from '../errors.js';
import { checkManifest } from './manifest.js';
import { canChangeConvoyStatus, convoyTransitions, type ConvoyStatus } from '../records/lifecycle.js';
import type { ProjectableEvent } from '../projection.js';
import { RuleBase, notBefore } from '../rule-base.js';

/** The rules of accountability events against the state they are appended to. */
/** Tallies of one convoy at one checkpoint or reception point, all sources together. */
export const MAX_TALLIES_AT_STATION = 500;

export class AccountabilityRules extends RuleBase {
  async ConvoyPlanned(p: EventPayload<'ConvoyPlanned'>) {
    await this.fresh('convoys', p.convoyId, p.code);
    const corridor = await this.ref('corridors', p.corridorId, 'corridorId');
    if (corridor.status === 'closed')
      throw new RuleViolatedError(`corridor ${corridor.code} is closed: no convoy can be planned on it`);
    await this.optionalRef('reception_points', p.receptionPointId, 'receptionPointId');
    if (p.planId !== undefined) {
      const plan = await this.ref('plans', p.planId, 'planId');
      if (plan.status !== 'adopted')
        throw new RuleViolatedError(`plan ${plan.code} is ${plan.status}: only an adopted plan has convoys`, {
          field: 'planId',
        });
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
        throw new ConflictError(`vehicle ${vehicle.code} is already on convoy ${other.code}`, {
          field: 'vehicleIds',
        });
    }
  }

  async ManifestRecorded(p: EventPayload<'ManifestRecorded'>) {
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    if (convoy.status === 'arrived')
      throw new RuleViolatedError(`convoy ${convoy.code} has arrived: its manifest can no longer change`);
    checkManifest(`convoy ${convoy.code}`, p, await this.view.vehiclesOfConvoy(p.convoyId));
    if (p.sheetId !== undefined) await this.writtenOn(p.sheetId, 'manifest', { convoy_id: p.convoyId });
  }

  /**
   * What was written on a printed sheet is of what the sheet is of: a manifest sheet's convoy, a tally
   * sheet's checkpoint (another operation's sheet is not found here).
   */
  private async writtenOn(
    sheetId: string,
    kind: string,
    of: { convoy_id?: string; checkpoint_id?: string | undefined },
  ) {
    const sheet = await this.ref('sheets', sheetId, 'sheetId');
    if (sheet.kind !== kind)
      throw new RuleViolatedError(`sheet ${sheet.code} is a ${sheet.kind} sheet, not a ${kind} sheet`, {
        field: 'sheetId',
      });
    for (const [column, value] of Object.entries(of))
      if (sheet[column as keyof typeof of] !== (value ?? null))
        throw new RuleViolatedError(
          `sheet ${sheet.code} is of another ${column === 'convoy_id' ? 'convoy' : 'checkpoint'}`,
          { field: 'sheetId' },
        );
  }

  async ConvoyStatusChanged(p: EventPayload<'ConvoyStatusChanged'>, event: ProjectableEvent) {
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    const from = convoy.status as ConvoyStatus;
    if (!canChangeConvoyStatus(from, p.status)) {
      throw new RuleViolatedError(`convoy ${convoy.code} cannot go from ${from} to ${p.status}`, {
        from,
        to: p.status,
        allowed: convoyTransitions(from),
      });
    }
    notBefore(event, convoy, `convoy ${convoy.code}`);
    // Only convoys of one plan share vehicles (see ConvoyPlanned): each boards when the last has arrived.
    if (p.status === 'boarding' && convoy.plan_id !== null) {
      for (const vehicle of await this.view.vehiclesOfConvoy(p.convoyId)) {
        const busy = (await this.view.activeConvoysOfVehicle(vehicle.id)).find(
          (c) => c.id !== p.convoyId && c.status !== 'planned',
        );
        if (busy)
          throw new RuleViolatedError(
            `convoy ${convoy.code} cannot board: vehicle ${vehicle.code} is still on convoy ${busy.code} (${busy.status})`,
            { vehicleId: vehicle.id, convoyId: busy.id },
          );
      }
    }
    if (p.status === 'departed') {
      if ((await this.view.vehiclesOfConvoy(p.convoyId)).length === 0)
        throw new RuleViolatedError(`convoy ${convoy.code} has no vehicles, so it cannot depart`);
      if (convoy.manifest === null)
        throw new RuleViolatedError(`convoy ${convoy.code} has no manifest: record one before it departs`);
      const corridor = await this.ref('corridors', convoy.corridor_id, 'corridorId');
      if (corridor.status !== 'open')
        throw new RuleViolatedError(
          `convoy ${convoy.code} cannot depart: corridor ${corridor.code} is ${corridor.status}`,
        );
      if (event.occurredAt < corridor.status_changed_at)
        throw new RuleViolatedError(
          `convoy ${convoy.code} cannot depart at ${event.occurredAt}: corridor ${corridor.code} opened at ${corridor.status_changed_at}`,
        );
      const windows = JSON.parse(corridor.windows) as { start: string; end: string }[];
      if (windows.length > 0 && !windows.some((w) => w.start <= event.occurredAt && event.occurredAt < w.end))
        throw new RuleViolatedError(
          `convoy ${convoy.code} cannot depart at ${event.occurredAt}: outside the opening windows of corridor ${corridor.code}`,
          { windows },
        );
    }
  }

  async PassageRecorded(p: EventPayload<'PassageRecorded'>) {
    if (await this.view.get('passages', p.passageId))
      throw new ConflictError(`passage ${p.passageId} exists already`);
    if (p.sheetId !== undefined) await this.writtenOn(p.sheetId, 'tally', { checkpoint_id: p.checkpointId });
    if (p.reason !== undefined && p.corrects === undefined)
      throw new InvalidInputError('a reason goes with a correction: say which tally it corrects', {
        field: 'corrects',
      });
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
      corridorId = checkpoint.corridor_id;
    }
    await this.optionalRef('reception_points', p.receptionPointId, 'receptionPointId');
    for (const id of p.vehicleIds ?? []) await this.ref('vehicles', id, 'vehicleIds');
    const convoyId = p.corrects !== undefined ? await this.correction(p) : p.convoyId;
    if (convoyId !== undefined) {
      const convoy = await this.ref('convoys', convoyId, 'convoyId');
      if (corridorId !== undefined && convoy.corridor_id !== corridorId)
        throw new RuleViolatedError(
          `convoy ${convoy.code} does not travel through the checkpoint of this passage`,
          { field: 'convoyId' },
        );
      // A station's count is made from all its tallies each time one comes: bounded, so that no
      // sender can make counting a convoy cost the server without limit.
      // A position report is at no station, and is not counted here.
      const here =
        p.checkpointId !== undefined
          ? { convoy_id: convoyId, checkpoint_id: p.checkpointId }
          : p.receptionPointId !== undefined
            ? { convoy_id: convoyId, reception_point_id: p.receptionPointId }
            : undefined;
      if (here && (await this.view.count('passages', here)) >= MAX_TALLIES_AT_STATION)
        throw new RuleViolatedError(
          `convoy ${convoy.code} has ${MAX_TALLIES_AT_STATION} tallies here already: correct or void one rather than add more`,
          { field: 'convoyId', limit: MAX_TALLIES_AT_STATION },
        );
      if (p.scope === 'vehicles') {
        const vehicles = await this.view.vehiclesOfConvoy(convoyId);
        const on = new Set(vehicles.map((v) => v.id));
        const plates = new Set(vehicles.map((v) => normalisePlate(v.plate)));
        const off = [
          ...(p.vehicleIds ?? []).filter((v) => !on.has(v)),
          ...(p.plates ?? []).filter((plate) => !plates.has(normalisePlate(plate))),
        ];
        if (off.length > 0)
          throw new RuleViolatedError(
            `the tally names ${off.length} vehicle${off.length === 1 ? '' : 's'} not on convoy ${convoy.code}`,
            { field: 'vehicleIds', vehicleIds: off },
          );
      }
    }
  }

  /**
   * A tally that corrects an earlier one: the earlier one stands, uncorrected and not void, at the same
   * place, by the same kind of source and of the same convoy. Returns the convoy the correction is of.
   */
  private async correction(p: EventPayload<'PassageRecorded'>): Promise<string | undefined> {
    if (p.reason === undefined || p.reason.trim() === '')
      throw new InvalidInputError('say why the earlier tally is corrected', { field: 'reason' });
    const earlier = await this.ref('passages', p.corrects!, 'corrects');
    if (earlier.voided_at !== null)
      throw new RuleViolatedError(`tally ${earlier.id} is void: record a new tally instead`, {
        field: 'corrects',
      });
    const [later] = await this.view.rowsWhere('passages', { corrects: earlier.id, voided_at: null });
    if (later)
      throw new ConflictError(`tally ${earlier.id} is already corrected by ${later.id}: correct that one`, {
        field: 'corrects',
        correctedBy: later.id,
      });
    if (
      earlier.checkpoint_id !== (p.checkpointId ?? null) ||
      earlier.reception_point_id !== (p.receptionPointId ?? null)
    )
      throw new RuleViolatedError('a correction is counted where the tally it corrects was', {
        field: 'checkpointId',
      });
    if (earlier.source !== p.source)
      throw new RuleViolatedError(`a ${p.source} count cannot correct a ${earlier.source} count`, {
        field: 'source',
      });
    if (earlier.convoy_id === null)
      throw new RuleViolatedError(
        `tally ${earlier.id} is of no known convoy: match it to its convoy before correcting it`,
        { field: 'corrects' },
      );
    if (p.convoyId !== earlier.convoy_id)
      throw new RuleViolatedError('a correction names the convoy of the tally it corrects', {
        field: 'convoyId',
        convoyId: earlier.convoy_id,
      });
    return p.convoyId;
  }

  async PassageVoided(p: EventPayload<'PassageVoided'>) {
    const passage = await this.ref('passages', p.passageId, 'passageId');
    if (passage.voided_at !== null)
      throw new ConflictError(`tally ${passage.id} is already void (${passage.void_reason ?? ''})`, {
        field: 'passageId',
      });
    // A corrected tally no longer counts: void its correction, which stands, or correct that again.
    const [later] = await this.view.rowsWhere('passages', { corrects: passage.id, voided_at: null });
    if (later)
      throw new ConflictError(`tally ${passage.id} is corrected by ${later.id}: void or correct that one`, {
        field: 'passageId',
        correctedBy: later.id,
      });
  }

  async PassageMatched(p: EventPayload<'PassageMatched'>) {
    const passage = await this.ref('passages', p.passageId, 'passageId');
    if (passage.voided_at !== null)
      throw new RuleViolatedError(`tally ${passage.id} is void: it counts for no convoy`, {
        field: 'passageId',
      });
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    if (passage.convoy_id !== null && passage.convoy_id !== p.convoyId)
      throw new ConflictError(`the passage is already matched to another convoy`, { field: 'passageId' });
    if (passage.checkpoint_id !== null) {
      const checkpoint = await this.ref('checkpoints', passage.checkpoint_id, 'checkpointId');
      if (checkpoint.corridor_id !== convoy.corridor_id)
        throw new RuleViolatedError(
          `convoy ${convoy.code} does not travel through checkpoint ${checkpoint.code}`,
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
      throw new RuleViolatedError(`alert ${alert.code} is ${alert.status}, not open`);
  }

  async AlertResolved(p: EventPayload<'AlertResolved'>) {
    const alert = await this.ref('alerts', p.alertId, 'alertId');
    if (alert.status === 'resolved') throw new RuleViolatedError(`alert ${alert.code} is already resolved`);
  }
}
