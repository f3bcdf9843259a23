import { normalisePlate } from './counting.js';
import type { EventPayload } from '../../contracts/events.js';
import { ConflictError, InvalidInputError, RuleViolatedError, said } from '../errors.js';
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
      throw new RuleViolatedError(
        said('corridor {corridor} is closed: no convoy can be planned on it', { corridor: corridor.code }),
      );
    await this.optionalRef('reception_points', p.receptionPointId, 'receptionPointId');
    if (p.planId !== undefined) {
      const plan = await this.ref('plans', p.planId, 'planId');
      if (plan.status !== 'adopted')
        throw new RuleViolatedError(
          said('plan {plan} is {status|status}: only an adopted plan has convoys', {
            plan: plan.code,
            status: plan.status,
          }),
          { field: 'planId' },
        );
    }
    if (new Set(p.vehicleIds).size !== p.vehicleIds.length)
      throw new InvalidInputError(said('a vehicle is listed twice in the convoy'), { field: 'vehicleIds' });
    for (const id of p.vehicleIds) {
      const vehicle = await this.ref('vehicles', id, 'vehicleIds');
      // One convoy at a time, except the convoys of one adopted plan: its rounds, boarded in turn.
      const other = (await this.view.activeConvoysOfVehicle(id)).find(
        (c) => p.planId === undefined || c.plan_id !== p.planId,
      );
      if (other)
        throw new ConflictError(
          said('vehicle {vehicle} is already on convoy {convoy}', {
            vehicle: vehicle.code,
            convoy: other.code,
          }),
          { field: 'vehicleIds' },
        );
    }
  }

  async ManifestRecorded(p: EventPayload<'ManifestRecorded'>) {
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    if (convoy.status === 'arrived')
      throw new RuleViolatedError(
        said('convoy {convoy} has arrived: its manifest can no longer change', { convoy: convoy.code }),
      );
    checkManifest(convoy.code, p, await this.view.vehiclesOfConvoy(p.convoyId));
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
      throw new RuleViolatedError(
        said('sheet {sheet} is a {kind} sheet, not a {expected} sheet', {
          sheet: sheet.code,
          kind: sheet.kind,
          expected: kind,
        }),
        { field: 'sheetId' },
      );
    for (const [column, value] of Object.entries(of))
      if (sheet[column as keyof typeof of] !== (value ?? null))
        throw new RuleViolatedError(
          column === 'convoy_id'
            ? said('sheet {sheet} is of another convoy', { sheet: sheet.code })
            : said('sheet {sheet} is of another checkpoint', { sheet: sheet.code }),
          { field: 'sheetId' },
        );
  }

  async ConvoyStatusChanged(p: EventPayload<'ConvoyStatusChanged'>, event: ProjectableEvent) {
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    const from = convoy.status as ConvoyStatus;
    if (!canChangeConvoyStatus(from, p.status)) {
      throw new RuleViolatedError(
        said('convoy {convoy} cannot go from {from|status} to {to|status}', {
          convoy: convoy.code,
          from,
          to: p.status,
        }),
        { from, to: p.status, allowed: convoyTransitions(from) },
      );
    }
    notBefore(event, convoy, 'convoy', convoy.code);
    // Only convoys of one plan share vehicles (see ConvoyPlanned): each boards when the last has arrived.
    if (p.status === 'boarding' && convoy.plan_id !== null) {
      for (const vehicle of await this.view.vehiclesOfConvoy(p.convoyId)) {
        const busy = (await this.view.activeConvoysOfVehicle(vehicle.id)).find(
          (c) => c.id !== p.convoyId && c.status !== 'planned',
        );
        if (busy)
          throw new RuleViolatedError(
            said(
              'convoy {convoy} cannot board: vehicle {vehicle} is still on convoy {busy} ({status|status})',
              {
                convoy: convoy.code,
                vehicle: vehicle.code,
                busy: busy.code,
                status: busy.status,
              },
            ),
            { vehicleId: vehicle.id, convoyId: busy.id },
          );
      }
    }
    if (p.status === 'departed') {
      const c = { convoy: convoy.code };
      if ((await this.view.vehiclesOfConvoy(p.convoyId)).length === 0)
        throw new RuleViolatedError(said('convoy {convoy} has no vehicles, so it cannot depart', c));
      if (convoy.manifest === null)
        throw new RuleViolatedError(said('convoy {convoy} has no manifest: record one before it departs', c));
      const corridor = await this.ref('corridors', convoy.corridor_id, 'corridorId');
      const at = { ...c, at: event.occurredAt, corridor: corridor.code };
      if (corridor.status !== 'open')
        throw new RuleViolatedError(
          said('convoy {convoy} cannot depart: corridor {corridor} is {status|status}', {
            ...c,
            corridor: corridor.code,
            status: corridor.status,
          }),
        );
      if (event.occurredAt < corridor.status_changed_at)
        throw new RuleViolatedError(
          said('convoy {convoy} cannot depart at {at}: corridor {corridor} opened at {opened}', {
            ...at,
            opened: corridor.status_changed_at,
          }),
        );
      const windows = JSON.parse(corridor.windows) as { start: string; end: string }[];
      if (windows.length > 0 && !windows.some((w) => w.start <= event.occurredAt && event.occurredAt < w.end))
        throw new RuleViolatedError(
          said(
            'convoy {convoy} cannot depart at {at}: outside the opening windows of corridor {corridor}',
            at,
          ),
          { windows },
        );
    }
  }

  async PassageRecorded(p: EventPayload<'PassageRecorded'>) {
    if (await this.view.get('passages', p.passageId))
      throw new ConflictError(said('passage {passage} exists already', { passage: p.passageId }));
    if (p.sheetId !== undefined) await this.writtenOn(p.sheetId, 'tally', { checkpoint_id: p.checkpointId });
    if (p.reason !== undefined && p.corrects === undefined)
      throw new InvalidInputError(said('a reason goes with a correction: say which tally it corrects'), {
        field: 'corrects',
      });
    const places = [p.checkpointId, p.receptionPointId].filter((x) => x !== undefined).length;
    if (places > 1)
      throw new InvalidInputError(said('a passage is at a checkpoint or at a reception point, not both'), {
        field: 'receptionPointId',
      });
    const countsPeople = p.source === 'enumerator' || p.source === 'camera';
    if (places === 0 && (countsPeople || p.location === undefined))
      throw new InvalidInputError(
        countsPeople
          ? said('a {source|source} passage needs its checkpointId or receptionPointId', { source: p.source })
          : said('a passage needs a checkpointId, a receptionPointId or a location'),
        { field: 'checkpointId' },
      );
    if (!countsPeople && (p.people !== undefined || p.peopleTotal !== undefined))
      throw new InvalidInputError(
        said('a {source|source} report counts vehicles, not people', { source: p.source }),
        {
          field: 'people',
        },
      );
    if (p.people !== undefined && p.peopleTotal !== undefined)
      throw new InvalidInputError(said('give people by category or peopleTotal, not both'), {
        field: 'peopleTotal',
      });
    const counts = [p.people, p.peopleTotal, p.vehicles, p.stretcherCases, p.vehicleIds, p.plates];
    if (counts.every((c) => c === undefined) && p.location === undefined)
      throw new InvalidInputError(said('a passage must count people, stretcher cases or vehicles'));
    if (p.scope === 'vehicles' && !p.vehicleIds?.length && !p.plates?.length)
      throw new InvalidInputError(said('a tally of some vehicles must name them (vehicleIds or plates)'), {
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
          said('convoy {convoy} does not travel through the checkpoint of this passage', {
            convoy: convoy.code,
          }),
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
          said('convoy {convoy} has {limit} tallies here already: correct or void one rather than add more', {
            convoy: convoy.code,
            limit: MAX_TALLIES_AT_STATION,
          }),
          { field: 'convoyId', limit: MAX_TALLIES_AT_STATION },
        );
      if (p.scope === 'vehicles') await this.vehiclesOn(p, convoy);
    }
  }

  /** A tally of some vehicles names vehicles of its convoy only (by id or by plate). */
  private async vehiclesOn(p: EventPayload<'PassageRecorded'>, convoy: { id: string; code: string }) {
    const vehicles = await this.view.vehiclesOfConvoy(convoy.id);
    const on = new Set(vehicles.map((v) => v.id));
    const plates = new Set(vehicles.map((v) => normalisePlate(v.plate)));
    const off = [
      ...(p.vehicleIds ?? []).filter((v) => !on.has(v)),
      ...(p.plates ?? []).filter((plate) => !plates.has(normalisePlate(plate))),
    ];
    const named = { n: off.length, convoy: convoy.code };
    if (off.length > 0)
      throw new RuleViolatedError(
        off.length === 1
          ? said('the tally names {n} vehicle not on convoy {convoy}', named)
          : said('the tally names {n} vehicles not on convoy {convoy}', named),
        { field: 'vehicleIds', vehicleIds: off },
      );
  }

  /**
   * A tally that corrects an earlier one: the earlier one stands, uncorrected and not void, at the same
   * place, by the same kind of source and of the same convoy. Returns the convoy the correction is of.
   */
  private async correction(p: EventPayload<'PassageRecorded'>): Promise<string | undefined> {
    if (p.reason === undefined || p.reason.trim() === '')
      throw new InvalidInputError(said('say why the earlier tally is corrected'), { field: 'reason' });
    const earlier = await this.ref('passages', p.corrects!, 'corrects');
    if (earlier.voided_at !== null)
      throw new RuleViolatedError(
        said('tally {tally} is void: record a new tally instead', { tally: earlier.id }),
        {
          field: 'corrects',
        },
      );
    const [later] = await this.view.rowsWhere('passages', { corrects: earlier.id, voided_at: null });
    if (later)
      throw new ConflictError(
        said('tally {tally} is already corrected by {later}: correct that one', {
          tally: earlier.id,
          later: later.id,
        }),
        { field: 'corrects', correctedBy: later.id },
      );
    if (
      earlier.checkpoint_id !== (p.checkpointId ?? null) ||
      earlier.reception_point_id !== (p.receptionPointId ?? null)
    )
      throw new RuleViolatedError(said('a correction is counted where the tally it corrects was'), {
        field: 'checkpointId',
      });
    if (earlier.source !== p.source)
      throw new RuleViolatedError(
        said('a {source|source} count cannot correct a {earlier|source} count', {
          source: p.source,
          earlier: earlier.source,
        }),
        { field: 'source' },
      );
    if (earlier.convoy_id === null)
      throw new RuleViolatedError(
        said('tally {tally} is of no known convoy: match it to its convoy before correcting it', {
          tally: earlier.id,
        }),
        { field: 'corrects' },
      );
    if (p.convoyId !== earlier.convoy_id)
      throw new RuleViolatedError(said('a correction names the convoy of the tally it corrects'), {
        field: 'convoyId',
        convoyId: earlier.convoy_id,
      });
    return p.convoyId;
  }

  async PassageVoided(p: EventPayload<'PassageVoided'>) {
    const passage = await this.ref('passages', p.passageId, 'passageId');
    if (passage.voided_at !== null)
      throw new ConflictError(
        said('tally {tally} is already void ({reason})', {
          tally: passage.id,
          reason: passage.void_reason ?? '',
        }),
        { field: 'passageId' },
      );
    // A corrected tally no longer counts: void its correction, which stands, or correct that again.
    const [later] = await this.view.rowsWhere('passages', { corrects: passage.id, voided_at: null });
    if (later)
      throw new ConflictError(
        said('tally {tally} is corrected by {later}: void or correct that one', {
          tally: passage.id,
          later: later.id,
        }),
        { field: 'passageId', correctedBy: later.id },
      );
  }

  async PassageMatched(p: EventPayload<'PassageMatched'>) {
    const passage = await this.ref('passages', p.passageId, 'passageId');
    if (passage.voided_at !== null)
      throw new RuleViolatedError(
        said('tally {tally} is void: it counts for no convoy', { tally: passage.id }),
        {
          field: 'passageId',
        },
      );
    const convoy = await this.ref('convoys', p.convoyId, 'convoyId');
    if (passage.convoy_id !== null && passage.convoy_id !== p.convoyId)
      throw new ConflictError(said('the passage is already matched to another convoy'), {
        field: 'passageId',
      });
    if (passage.checkpoint_id !== null) {
      const checkpoint = await this.ref('checkpoints', passage.checkpoint_id, 'checkpointId');
      if (checkpoint.corridor_id !== convoy.corridor_id)
        throw new RuleViolatedError(
          said('convoy {convoy} does not travel through checkpoint {checkpoint}', {
            convoy: convoy.code,
            checkpoint: checkpoint.code,
          }),
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
      throw new RuleViolatedError(
        said('alert {alert} is {status|status}, not open', { alert: alert.code, status: alert.status }),
      );
  }

  async AlertResolved(p: EventPayload<'AlertResolved'>) {
    const alert = await this.ref('alerts', p.alertId, 'alertId');
    if (alert.status === 'resolved')
      throw new RuleViolatedError(said('alert {alert} is already resolved', { alert: alert.code }));
  }
}
