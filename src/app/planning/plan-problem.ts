import type { VEHICLE_KINDS } from '../../contracts/common.js';
import type { PlanHazard, ResolvedProblem } from '../../contracts/planning/plan.js';
import type { PlanRequest } from '../../contracts/planning/plans.js';
import { RuleViolatedError, said, type Said } from '../../domain/errors.js';
import { polygonsOf, type Position } from '../../domain/geo.js';
import { bufferPoint } from '../../domain/safe-passage/hazard-import.js';
import { hazardIsActive, type AreaLike } from '../../domain/safe-passage/hazards.js';
import { corridorNetwork, distanceToNetwork, type CorridorRoute } from './plan-network.js';

export type VehicleKind = (typeof VEHICLE_KINDS)[number];
const KINDS: readonly VehicleKind[] = ['bus', 'ambulance', 'truck'];

/** Minutes to load and unload by kind, unless the request says otherwise. */
const LOAD_TIMES: Record<VehicleKind, { loadMin: number; unloadMin: number }> = {
  bus: { loadMin: 10, unloadMin: 5 },
  ambulance: { loadMin: 5, unloadMin: 5 },
  truck: { loadMin: 5, unloadMin: 5 },
};

/**
 * With the default network (corridor routes, which are coarse), a place farther than this from every
 * route is not reached by it: a reception point is left out of the plan, a pickup point or a depot is
 * refused. Without the limit, a reception point behind a closed corridor would snap onto an open one
 * and take in people no convoy could bring it.
 */
export const SNAP_LIMIT_METRES = 3000;

/** What the planner is given from the operation's state. Vehicles are the free ones only. */
export interface PlanningState {
  /** Corridors a plan may use: planned or open (not suspended, not closed). */
  corridors: CorridorRoute[];
  pickupPoints: { id: string; code: string; location: Position; seated: number; stretcher: number }[];
  receptionPoints: { id: string; code: string; location: Position; capacity: number }[];
  vehicles: { id: string; code: string; kind: VehicleKind; seats: number; stretchers: number }[];
  /** The operation's hazards; the suspected and confirmed ones close the roads in their area. */
  hazards?: { code: string; status: string; area: AreaLike }[];
  /** The operation's incidents; the open serious and critical ones close or slow the roads near them. */
  incidents?: { code: string; severity: string; status: string; location: Position }[];
}

/**
 * What an open incident (reported or verified, not closed) does to the roads around it in a plan:
 * a critical one closes them, a serious one halves their speed. Minor and moderate incidents, and
 * unverified reports, change nothing. A planning choice, documented in docs/safe-passage.md.
 */
export const INCIDENT_EFFECTS: Record<
  string,
  { radiusM: number; effect: 'closed' | 'slow'; speedFactor?: number }
> = {
  critical: { radiusM: 300, effect: 'closed' },
  serious: { radiusM: 200, effect: 'slow', speedFactor: 0.5 },
};

export function planningIncidents(incidents: PlanningState['incidents'] = []): PlanHazard[] {
  const out: PlanHazard[] = [];
  for (const i of incidents) {
    const effect = INCIDENT_EFFECTS[i.severity];
    if (!effect || (i.status !== 'reported' && i.status !== 'verified')) continue;
    out.push({
      id: i.code,
      area: { type: 'Polygon', coordinates: [bufferPoint(i.location, effect.radiusM)] },
      effect: effect.effect,
      ...(effect.speedFactor === undefined ? {} : { speedFactor: effect.speedFactor }),
    });
  }
  return out;
}

/**
 * The operation's suspected and confirmed hazards as planning hazards that close the roads crossing
 * them: one per polygon (the planning format takes Polygons), `HAZ-3` or `HAZ-3/1`, `HAZ-3/2` ...
 */
export function planningHazards(hazards: PlanningState['hazards'] = []): PlanHazard[] {
  const out: PlanHazard[] = [];
  for (const h of hazards) {
    if (!hazardIsActive(h.status)) continue;
    const polygons = polygonsOf(h.area);
    polygons.forEach((rings, i) => {
      out.push({
        id: h.area.type === 'Polygon' ? h.code : `${h.code}/${i + 1}`,
        area: { type: 'Polygon', coordinates: rings.map((r) => r.map((p) => [p[0], p[1]])) },
        effect: 'closed',
      });
    });
  }
  return out;
}

export interface PlanPlaceInfo {
  key: string;
  kind: 'pickup-point' | 'reception-point' | 'depot';
  id?: string;
  location: Position;
}

export interface PlanningProblem {
  problem: ResolvedProblem;
  network: 'corridors' | 'inline';
  places: PlanPlaceInfo[];
  /** The planner's vehicle ids (`bus-001`, by kind in depot order) to the operation's vehicles. */
  vehicleOf: Map<string, { id: string; kind: VehicleKind }>;
}

/**
 * The planning problem of an operation as it stands: pickup points with people waiting, reception
 * points (each takes `capacity` seated and `capacity` stretcher cases: the registry has one capacity,
 * so this over-states what a point can take when both arrive), and the free fleet by kind, each kind
 * one vehicle type as large as its largest vehicle. Refuses (422) what cannot be planned at all.
 */
export function planningProblem(state: PlanningState, request: PlanRequest): PlanningProblem {
  const { pickups, network, far, receptionPoints } = reachablePlaces(state, request);
  const { vehicleTypes, free } = fleetByKind(state, request);
  const depots = request.depots
    ? request.depots.map((d) => {
        far(said('depot {depot}', { depot: d.id }), [d.lon, d.lat]);
        return { id: d.id, lon: d.lon, lat: d.lat, vehicles: { ...d.vehicles } };
      })
    : evenlyOver(receptionPoints, free);
  const vehicleOf = numberVehicles(depots, free);

  const places: PlanPlaceInfo[] = [
    ...pickups.map((p) => ({ key: p.code, kind: 'pickup-point' as const, id: p.id, location: p.location })),
    ...receptionPoints.map((r) => ({
      key: r.code,
      kind: 'reception-point' as const,
      id: r.id,
      location: r.location,
    })),
    ...depots.map((d) => ({ key: d.id, kind: 'depot' as const, location: [d.lon, d.lat] as Position })),
  ];
  const problem: ResolvedProblem = {
    network,
    hazards: [...request.hazards, ...planningHazards(state.hazards), ...planningIncidents(state.incidents)],
    vehicleTypes,
    depots,
    pickups: pickups.map((p) => ({
      id: p.code,
      lon: p.location[0],
      lat: p.location[1],
      seated: p.seated,
      stretcher: p.stretcher,
    })),
    destinations: receptionPoints.map((r) => ({
      id: r.code,
      lon: r.location[0],
      lat: r.location[1],
      seatedCapacity: r.capacity,
      stretcherCapacity: r.capacity,
    })),
  };
  return { problem, network: request.network ? 'inline' : 'corridors', places, vehicleOf };
}

/**
 * The network to plan on and the places on it: pickup points with people waiting (each must be near a
 * route) and the reception points within reach. `far` refuses a place too far from every route.
 */
function reachablePlaces(state: PlanningState, request: PlanRequest) {
  const pickups = state.pickupPoints.filter((p) => p.seated + p.stretcher > 0);
  if (pickups.length === 0)
    throw new RuleViolatedError(said('no pickup point has people waiting: nothing to plan'));
  const network = request.network ?? corridorNetwork(state.corridors);
  if (!request.network && network.edges.length === 0)
    throw new RuleViolatedError(
      said('no planned or open corridor has a route to plan on: declare or open one, or give a network'),
    );
  const distance = request.network ? () => 0 : distanceToNetwork(network);
  const far = (place: Said, at: Position) => {
    const m = distance(at);
    if (m > SNAP_LIMIT_METRES)
      throw new RuleViolatedError(
        said(
          '{place} is {km} km from the nearest route of a planned or open corridor: give a network, or declare a corridor that reaches it',
          { place, km: (m / 1000).toFixed(1) },
        ),
      );
  };
  for (const p of pickups) far(said('pickup point {code}', { code: p.code }), p.location);
  const receptionPoints = state.receptionPoints.filter((r) => distance(r.location) <= SNAP_LIMIT_METRES);
  if (receptionPoints.length === 0)
    throw new RuleViolatedError(
      request.network
        ? said('the operation has no reception point')
        : said('no reception point is within reach of a planned or open corridor'),
    );
  return { pickups, network, far, receptionPoints };
}

/** One vehicle type per kind, as large as the largest of that kind; kinds that carry nobody are left out. */
function fleetByKind(state: PlanningState, request: PlanRequest) {
  const vehicleTypes: ResolvedProblem['vehicleTypes'] = {};
  const free = new Map<VehicleKind, PlanningState['vehicles']>();
  for (const kind of KINDS) {
    const ofKind = state.vehicles.filter((v) => v.kind === kind);
    const seats = ofKind.reduce((m, v) => Math.max(m, v.seats), 0);
    const stretchers = ofKind.reduce((m, v) => Math.max(m, v.stretchers), 0);
    if (ofKind.length === 0 || seats + stretchers === 0) continue;
    const times = { ...LOAD_TIMES[kind], ...request.vehicleTypes[kind] };
    vehicleTypes[kind] = { seats, stretchers, ...times };
    free.set(
      kind,
      [...ofKind].sort((a, b) => (a.code < b.code ? -1 : 1)),
    );
  }
  return { vehicleTypes, free };
}

/** Vehicles are numbered by kind in depot order, as the planner names them (`bus-001` ...). */
function numberVehicles(
  depots: ResolvedProblem['depots'],
  free: Map<VehicleKind, PlanningState['vehicles']>,
): PlanningProblem['vehicleOf'] {
  const vehicleOf = new Map<string, { id: string; kind: VehicleKind }>();
  const taken = new Map<VehicleKind, number>();
  for (const depot of depots) {
    for (const [kind, count] of Object.entries(depot.vehicles) as [VehicleKind, number][]) {
      if (count === 0) {
        delete depot.vehicles[kind];
        continue;
      }
      const fleet = free.get(kind) ?? [];
      const first = taken.get(kind) ?? 0;
      if (first + count > fleet.length)
        throw new RuleViolatedError(
          said(
            'the depots ask for at least {n} vehicles of kind {kind|kind}, but {free} are free to carry people',
            { n: first + count, kind, free: fleet.length },
          ),
          { kind, free: fleet.length },
        );
      fleet.slice(first, first + count).forEach((v, i) => {
        vehicleOf.set(`${kind}-${String(first + i + 1).padStart(3, '0')}`, { id: v.id, kind });
      });
      taken.set(kind, first + count);
    }
  }
  return vehicleOf;
}

/** The free fleet waiting on the safe side: each kind split evenly over the reception points. */
function evenlyOver(
  receptionPoints: PlanningState['receptionPoints'],
  free: ReadonlyMap<VehicleKind, PlanningState['vehicles']>,
): { id: string; lon: number; lat: number; vehicles: Record<string, number> }[] {
  const n = receptionPoints.length;
  return receptionPoints.map((r, i) => {
    const vehicles: Record<string, number> = {};
    for (const [kind, fleet] of free)
      vehicles[kind] = Math.floor(fleet.length / n) + (i < fleet.length % n ? 1 : 0);
    return { id: `DEPOT-${r.code}`, lon: r.location[0], lat: r.location[1], vehicles };
  });
}
