import { change, earlier, insert, json, opt, update, type Projectors } from '../projection.js';

/** The row changes of planning events. */
export const PLANNING_PROJECTORS: Projectors<
  'PickupPointDefined' | 'PickupPointUpdated' | 'PlanProposed' | 'PlanAdopted'
> = {
  PickupPointDefined: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('pickup_points', {
        id: p.pickupPointId,
        operation_id: op,
        code: p.code,
        name: p.name,
        location: json(p.location),
        area_id: opt(p.areaId),
        seated: p.seated,
        stretcher: p.stretcher,
        note: opt(p.note),
        updated_at: null,
        recorded_by: event.organisation,
        update_version: null,
      }),
    ];
  },
  PickupPointUpdated: (event) => {
    const p = event.payload;
    return [
      change('pickup_points', p.pickupPointId, 'update_version', event, {
        seated: p.seated,
        stretcher: p.stretcher,
        note: opt(p.note),
        updated_at: event.occurredAt,
      }),
    ];
  },
  PlanProposed: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('plans', {
        id: p.planId,
        operation_id: op,
        code: p.code,
        start: p.start,
        time_limit_sec: p.timeLimitSec,
        baseline: json(p.baseline),
        network: p.network,
        hazards: json(p.hazards),
        makespan_min: p.makespanMin,
        lower_bound_min: p.lowerBoundMin,
        bounds: json(p.bounds),
        summary: json(p.summary),
        places: json(p.places),
        vehicles: json(p.vehicles),
        corridors_used: json(p.corridorsUsed),
        status: 'proposed',
        created_at: event.occurredAt,
        created_by: event.organisation,
        adopted_at: null,
        adopt_note: null,
        superseded_at: null,
        superseded_by: null,
        status_version: null,
      }),
    ];
  },
  PlanAdopted: (event) => {
    const p = event.payload;
    return [
      // Plans adopted at two sites apart: each plan ends as the latest change of it says (adopted again
      // after it was superseded, it is no longer superseded), and was last adopted at its latest adoption.
      change('plans', p.planId, 'status_version', event, {
        status: 'adopted',
        superseded_at: null,
        superseded_by: null,
      }),
      update('plans', p.planId, (row) =>
        row.adopted_at === null || earlier(row.adopted_at, row.adopt_note, event.occurredAt, opt(p.note))
          ? { adopted_at: event.occurredAt, adopt_note: opt(p.note) }
          : {},
      ),
      ...p.supersedes.map((id) =>
        change('plans', id, 'status_version', event, {
          status: 'superseded',
          superseded_at: event.occurredAt,
          superseded_by: p.planId,
        }),
      ),
    ];
  },
};
