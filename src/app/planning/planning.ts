import { v7 as uuidv7 } from 'uuid';
import type { EventType } from '../../contracts/events.js';
import type { Plan } from '../../contracts/planning/plan.js';
import { PlanAdoptBody, PlanRequest, type PlanProposedPayload } from '../../contracts/planning/plans.js';
import type { CodedTable } from '../../domain/codes.js';
import { ConflictError, RuleViolatedError, said } from '../../domain/errors.js';
import type { Position } from '../../domain/geo.js';
import type { ProjectionTable } from '../../domain/projection.js';
import { PlanningError } from '../../planner/index.js';
import { validatePlan } from '../../planner/validate.js';
import {
  allRows,
  convoysOfAdoptedPlansToArrive,
  idsWhere,
  vehiclesOnActiveConvoys,
} from '../../store/queries.js';
import { recordChanges, type Change } from '../log/record-changes.js';
import { activeHazards } from '../safe-passage/hazards.js';
import { planInWorker } from './plan-runner.js';
import { asPlanRun } from './plan-runs.js';
import type { AppContext } from '../context.js';
import { convoysOfPlan, corridorFollowed, corridorProfiles } from './plan-convoys.js';
import {
  planningProblem,
  type PlanningProblem,
  type PlanningState,
  type VehicleKind,
} from './plan-problem.js';
import { authoriseWrite, type Caller } from '../access/permissions.js';
import {
  getOperation,
  getRecord,
  getResource,
  parseInput,
  toResource,
  type Resource,
} from '../records/resources.js';

/**
 * `POST .../plans`: plan the operation's pickup points to its reception points with its free fleet,
 * in this request (the planner is synchronous and stops at the time limit), check the plan with the
 * independent validator, and record it as `PlanProposed`. A problem the planner cannot solve is a 422
 * saying which pickup point, place or hazard is at fault.
 */
export async function proposePlan(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
): Promise<Resource> {
  authoriseWrite(caller, operationId, 'PlanProposed');
  const request = parseInput(PlanRequest, input);
  await getOperation(ctx, caller, operationId);
  return asPlanRun(ctx, operationId, caller.actor, request.timeLimitSec, () =>
    makePlan(ctx, caller, operationId, request),
  );
}

/** The planner run on the operation as it stands, its plan recorded as proposed. */
async function makePlan(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  request: PlanRequest,
): Promise<Resource & { code: string }> {
  const state = await planningState(ctx, operationId);
  const built = planningProblem(state, request);
  const { result, delivered } = await solve(built, request);
  const start = request.start ?? ctx.now().toISOString();
  const planId = uuidv7();
  const payload = planPayload(built, result, state, { planId, start, request, delivered });
  await recordLive(ctx, caller, operationId, [change('PlanProposed', payload, 'plans')]);
  return (await getResource(ctx, caller, operationId, 'plans', planId)) as Resource & { code: string };
}

/**
 * `POST .../plans/{ref}/adopt`: record `PlanAdopted` and, in the same append, one `ConvoyPlanned` per
 * group of the plan's loaded legs (see convoysOfPlan); other proposed plans are superseded. A plan is
 * adopted once; a plan whose vehicles are now on other convoys is refused, naming them.
 */
export async function adoptPlan(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
): Promise<{ plan: Resource; convoys: Resource[] }> {
  authoriseWrite(caller, operationId, 'PlanAdopted');
  const body = parseInput(PlanAdoptBody, input);
  const record = await getRecord(ctx, caller, operationId, 'plans', ref);
  const code = record.code;
  if (record.status !== 'proposed')
    throw new ConflictError(
      said('plan {code} is {status|status}: a plan is adopted once, if at all', {
        code,
        status: record.status,
      }),
      { status: record.status },
    );
  // The plan as the API shows it has the fields of the event that proposed it.
  const planned = toResource(record, 'plans') as unknown as PlanProposedPayload;
  const convoys = convoysOfPlan(planned);
  const astray = convoys.find((c) => c.corridorId === undefined);
  if (astray)
    throw new RuleViolatedError(
      said(
        'plan {code}: the trips from {from} to {to} follow no planned or open corridor, so no convoy can be planned for them',
        { code, from: astray.from, to: astray.to },
      ),
    );
  await refuseBusyVehicles(ctx, operationId, code, convoys);
  await refuseWhilePlannedFor(ctx, operationId, code);
  await refuseOutsideWindows(ctx, operationId, code, convoys, record.start);
  const supersedes = (await idsWhere(ctx.store.db, 'plans', operationId, { status: 'proposed' })).filter(
    (id) => id !== record.id,
  );
  const start = Date.parse(record.start);
  const convoyIds = convoys.map(() => uuidv7());
  await recordLive(ctx, caller, operationId, [
    change('PlanAdopted', {
      planId: record.id,
      supersedes,
      ...(body.note === undefined ? {} : { note: body.note }),
    }),
    ...convoys.map((c, i) =>
      change(
        'ConvoyPlanned',
        {
          convoyId: convoyIds[i]!,
          corridorId: c.corridorId!,
          vehicleIds: c.vehicleIds,
          receptionPointId: c.receptionPointId,
          plannedDeparture: new Date(start + c.departMin * 60_000).toISOString(),
          planId: record.id,
        },
        'convoys',
      ),
    ),
  ]);
  return {
    plan: await getResource(ctx, caller, operationId, 'plans', record.id),
    convoys: await Promise.all(convoyIds.map((id) => getResource(ctx, caller, operationId, 'convoys', id))),
  };
}

/** The plan's vehicles must all be free: one now on another convoy is refused, naming it. */
async function refuseBusyVehicles(
  ctx: AppContext,
  operationId: string,
  code: string,
  convoys: { vehicleIds: readonly string[] }[],
) {
  const inPlan = new Set(convoys.flatMap((c) => c.vehicleIds));
  const busy = (await vehiclesOnActiveConvoys(ctx.store.db, operationId))
    .filter((b) => inPlan.has(b.vehicleId))
    .sort((a, b) => (a.vehicleCode < b.vehicleCode ? -1 : a.vehicleCode > b.vehicleCode ? 1 : 0));
  if (busy.length === 0) return;
  const named = busy.slice(0, 10).map((b) =>
    said('{vehicle} ({convoy}, {status|status})', {
      vehicle: b.vehicleCode,
      convoy: b.convoyCode,
      status: b.status,
    }),
  );
  const vars = { code, n: busy.length, vehicles: busy.length > 10 ? [...named, '...'] : named };
  throw new ConflictError(
    busy.length === 1
      ? said(
          'plan {code} cannot be adopted: {n} of its vehicles is now on other convoys: {vehicles}; make a new plan',
          vars,
        )
      : said(
          'plan {code} cannot be adopted: {n} of its vehicles are now on other convoys: {vehicles}; make a new plan',
          vars,
        ),
    { vehicles: busy },
  );
}

/**
 * A plan is made from everyone waiting at the pickup points; while an adopted plan's convoys are still
 * to arrive, those people are planned for already, and a second plan adopted would move them twice.
 * (Adoption does not lower the counts waiting: they fall as people are picked up and recorded.)
 */
async function refuseWhilePlannedFor(ctx: AppContext, operationId: string, code: string) {
  const pending = await convoysOfAdoptedPlansToArrive(ctx.store.db, operationId);
  if (pending.length === 0) return;
  const named = pending.slice(0, 10).map((c) => c.convoy);
  const vars = {
    code,
    plan: pending[0]!.plan,
    n: pending.length,
    convoys: `${named.join(', ')}${pending.length > 10 ? ', ...' : ''}`,
  };
  throw new ConflictError(
    pending.length === 1
      ? said(
          'plan {code} cannot be adopted: {plan} is adopted and {n} of its convoys has yet to arrive ({convoys}): the people waiting are planned for already',
          vars,
        )
      : said(
          'plan {code} cannot be adopted: {plan} is adopted and {n} of its convoys have yet to arrive ({convoys}): the people waiting are planned for already',
          vars,
        ),
    { plan: pending[0]!.plan, convoys: pending.map((c) => c.convoy) },
  );
}

/**
 * Every convoy of the plan leaves within its corridor's opening windows, if the corridor has any: a
 * convoy planned outside them could never depart (its departure would be refused). A plan made with
 * minute 0 "now" on an operation whose windows are past is refused here, saying which.
 */
async function refuseOutsideWindows(
  ctx: AppContext,
  operationId: string,
  code: string,
  convoys: { corridorId?: string | undefined; departMin: number }[],
  start: string,
) {
  const corridors = new Map(
    (await allRows(ctx.store.db, ctx.store.dialect, 'corridors', operationId)).map((c) => [c.id, c]),
  );
  const begin = Date.parse(start);
  for (const convoy of convoys) {
    const corridor = convoy.corridorId ? corridors.get(convoy.corridorId) : undefined;
    if (!corridor) continue;
    const windows = JSON.parse(corridor.windows) as { start: string; end: string }[];
    const leaves = new Date(begin + convoy.departMin * 60_000).toISOString();
    if (windows.length === 0 || windows.some((w) => w.start <= leaves && leaves < w.end)) continue;
    throw new RuleViolatedError(
      said(
        "plan {code} cannot be adopted: a convoy on {corridor} would leave at {leaves}, outside the corridor's opening windows ({windows}); make a plan whose minute 0 falls inside them",
        {
          code,
          corridor: corridor.code,
          leaves,
          windows: windows.map((w) => said('{start} to {end}', { start: w.start, end: w.end })),
        },
      ),
      { corridor: corridor.code, leaves, windows },
    );
  }
}

/** The operation's state as the planner sees it: usable corridors, people waiting, the free fleet. */
async function planningState(ctx: AppContext, operationId: string): Promise<PlanningState> {
  const { db, dialect } = ctx.store;
  const rows = <T extends ProjectionTable>(table: T) => allRows(db, dialect, table, operationId);
  const at = (json: unknown) => (JSON.parse(String(json)) as { coordinates: Position }).coordinates;
  const busy = new Set((await vehiclesOnActiveConvoys(db, operationId)).map((b) => b.vehicleId));
  return {
    hazards: await activeHazards(ctx, operationId),
    incidents: (await rows('incidents')).map((i) => ({
      code: i.code,
      severity: i.severity,
      status: i.status,
      location: at(i.location),
    })),
    corridors: (await rows('corridors'))
      // Every corridor that may carry a convoy now or soon: not suspended, not closed.
      .filter((c) => c.status !== 'suspended' && c.status !== 'closed')
      .map((c) => ({
        id: c.id,
        code: c.code,
        route: (JSON.parse(c.route) as { coordinates: Position[] }).coordinates,
      })),
    pickupPoints: (await rows('pickup_points')).map((p) => ({
      id: p.id,
      code: p.code,
      location: at(p.location),
      seated: p.seated,
      stretcher: p.stretcher,
    })),
    receptionPoints: (await rows('reception_points')).map((r) => ({
      id: r.id,
      code: r.code,
      location: at(r.location),
      capacity: r.capacity,
    })),
    // A vehicle on a convoy that has not arrived (planned, boarding or departed) is not free: a convoy
    // holds its vehicles from when it is planned, so a plan that counted on them could not be adopted.
    vehicles: (await rows('vehicles'))
      .filter((v) => !busy.has(v.id))
      .map((v) => ({
        id: v.id,
        code: v.code,
        kind: v.kind as VehicleKind,
        seats: v.seats,
        stretchers: v.stretchers,
      })),
  };
}

async function solve(built: PlanningProblem, request: PlanRequest) {
  let result: Plan;
  try {
    result = await planInWorker(built.problem, {
      timeLimitSec: request.timeLimitSec,
      baseline: request.baseline,
    });
  } catch (error) {
    if (error instanceof PlanningError) throw new RuleViolatedError(error.said ?? error.message);
    throw error;
  }
  // The validator shares no code with the planner: a plan it refuses is a bug in one of them.
  const check = validatePlan(built.problem, result);
  if (!check.valid)
    throw new Error(`the planner made a plan that does not validate: ${check.errors.slice(0, 3).join('; ')}`);
  return { result, delivered: check.summary.delivered };
}

function planPayload(
  built: PlanningProblem,
  result: Plan,
  state: PlanningState,
  meta: {
    planId: string;
    start: string;
    request: PlanRequest;
    delivered: { seated: number; stretcher: number };
  },
): Omit<PlanProposedPayload, 'code'> {
  const at = new Map(built.problem.network.nodes.map((n) => [n.id, [n.lon, n.lat] as Position]));
  const profiles = corridorProfiles(state.corridors);
  const followed = new Map<string, string | undefined>();
  const used = new Map<string, { legs: number; people: number }>();
  const vehicles = result.vehicles.map((v) => {
    const vehicle = built.vehicleOf.get(v.id);
    if (!vehicle) throw new Error(`the planner made up vehicle ${v.id}`);
    const legs = v.legs.map((leg) => {
      const coordinates = leg.path.map((id) => at.get(id)!);
      if (coordinates.length === 1) coordinates.push(coordinates[0]!);
      const out: PlanProposedPayload['vehicles'][number]['legs'][number] = {
        from: leg.from,
        to: leg.to,
        departMin: leg.departMin,
        arriveMin: leg.arriveMin,
        seated: leg.seated,
        stretcher: leg.stretcher,
        path: { type: 'LineString', coordinates },
      };
      if (leg.seated + leg.stretcher === 0) return out;
      const key = leg.path.join('\u0000');
      if (!followed.has(key)) followed.set(key, corridorFollowed(coordinates, profiles));
      const corridorId = followed.get(key);
      if (corridorId === undefined) return out;
      const u = used.get(corridorId) ?? { legs: 0, people: 0 };
      used.set(corridorId, { legs: u.legs + 1, people: u.people + leg.seated + leg.stretcher });
      return { ...out, corridorId };
    });
    return { vehicleId: vehicle.id, kind: vehicle.kind, depot: v.depot, legs };
  });
  return {
    planId: meta.planId,
    start: meta.start,
    timeLimitSec: meta.request.timeLimitSec,
    baseline: meta.request.baseline,
    network: built.network,
    hazards: built.problem.hazards,
    makespanMin: result.makespanMin,
    lowerBoundMin: result.lowerBoundMin,
    bounds: result.bounds ?? { singleTripMin: 0, fleetWorkloadMin: 0, cutCapacityMin: 0, lpMin: null },
    summary: {
      pickups: built.problem.pickups.length,
      seated: meta.delivered.seated,
      stretcher: meta.delivered.stretcher,
      vehicles: vehicles.length,
      legs: vehicles.reduce((n, v) => n + v.legs.length, 0),
    },
    places: built.places.map((p) => ({
      key: p.key,
      kind: p.kind,
      ...(p.id === undefined ? {} : { id: p.id }),
      location: { type: 'Point', coordinates: p.location },
    })),
    vehicles,
    corridorsUsed: [...used].map(([corridorId, u]) => ({ corridorId, ...u })),
  };
}

/** A change made now; its code, when it takes one, is allocated as it is recorded. */
function change(type: EventType, payload: unknown, allocateCode?: CodedTable): Change {
  return { id: uuidv7(), type, payload, ...(allocateCode ? { allocateCode } : {}) };
}

async function recordLive(ctx: AppContext, caller: Caller, operationId: string, changes: Change[]) {
  await recordChanges(ctx, operationId, caller, changes, { mode: 'live', label: 'body' });
}
