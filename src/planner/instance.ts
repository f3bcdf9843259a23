import type { ResolvedProblem } from '../contracts/planning/plan.js';
import type { PlannerCache } from './cache.js';
import { PlanningError, said } from './errors.js';
import { buildGraph, nearestNode, resolveHazards, type ArcHazards, type Graph } from './graph.js';
import { Router } from './route.js';

export interface VehicleTypeInfo {
  readonly name: string;
  readonly seats: number;
  readonly stretchers: number;
  readonly load: number;
  readonly unload: number;
}

export interface PlaceInfo {
  readonly id: string;
  readonly node: number;
}
export interface PickupInfo extends PlaceInfo {
  readonly seated: number;
  readonly stretcher: number;
}
export interface DestinationInfo extends PlaceInfo {
  readonly seatedCapacity: number;
  readonly stretcherCapacity: number;
}
export interface VehicleInfo {
  readonly id: string;
  readonly type: number;
  readonly depot: number;
}

/**
 * A problem made ready to plan: the graph, hazards on arcs, places on nodes, the fleet one by one, and
 * static travel times between the places vehicles drive between (depots and reception points to
 * pickups; pickups to reception points), from shortest-path trees that also serve as A* landmarks.
 */
export interface Instance {
  readonly g: Graph;
  readonly hz: ArcHazards;
  readonly router: Router;
  readonly types: readonly VehicleTypeInfo[];
  readonly depots: readonly PlaceInfo[];
  readonly pickups: readonly PickupInfo[];
  readonly destinations: readonly DestinationInfo[];
  readonly vehicles: readonly VehicleInfo[];
  readonly cache: PlannerCache | null;
  /** fromDepot[d][p]: static minutes depot d -> pickup p. */
  readonly fromDepot: readonly Float64Array[];
  /** fromDestination[r][p]: static minutes reception r -> pickup p. */
  readonly fromDestination: readonly Float64Array[];
  /** toDestination[p][r]: static minutes pickup p -> reception r. */
  readonly toDestination: readonly Float64Array[];
  /** The same minutes for a departure at `t` (timed hazards as they hold then). */
  at(t: number): Matrices;
}

export interface Matrices {
  readonly fromDepot: readonly Float64Array[];
  readonly fromDestination: readonly Float64Array[];
  readonly toDestination: readonly Float64Array[];
}

export function prepare(problem: ResolvedProblem, cache?: PlannerCache): Instance {
  const g = cache ? cache.graph(problem.network) : buildGraph(problem.network);
  const hz = resolveHazards(g, problem.hazards);
  const router = new Router(g, hz, cache ?? null);
  const { types, depots, pickups, destinations } = places(problem, g);
  const vehicles = fleet(problem, types);
  checkDemand(types, vehicles, pickups, destinations);

  const fromDepot = depots.map((d) => pick(router.forward(d.node).dist, pickups));
  const fromDestination = destinations.map((r) => pick(router.forward(r.node).dist, pickups));
  const backward = destinations.map((r) => router.backward(r.node).dist);
  const toDestination = pickups.map((p) => Float64Array.from(backward, (dist) => dist[p.node]!));
  const staticMatrices: Matrices = { fromDepot, fromDestination, toDestination };
  checkReach(staticMatrices, vehicles, pickups, destinations);

  return {
    g,
    cache: cache ?? null,
    hz,
    router,
    types,
    depots,
    pickups,
    destinations,
    vehicles,
    fromDepot,
    fromDestination,
    toDestination,
    at: timedMatrices(router, staticMatrices, depots, pickups, destinations),
  };
}

/** The vehicle types, and the places on their nodes (given, or the nearest to their lon and lat). */
function places(problem: ResolvedProblem, g: Graph) {
  const ids = new Set<string>();
  const locate = (p: {
    id: string;
    node?: string | undefined;
    lon?: number | undefined;
    lat?: number | undefined;
  }) => {
    if (ids.has(p.id))
      throw new PlanningError(
        `place ${p.id} is listed twice (depots, pickups and reception points share one set of ids)`,
      );
    ids.add(p.id);
    if (p.node !== undefined) {
      const node = g.nodeIndex.get(p.node);
      if (node === undefined) throw new PlanningError(`place ${p.id} is at unknown node ${p.node}`);
      return node;
    }
    return nearestNode(g, p.lon!, p.lat!);
  };

  const types: VehicleTypeInfo[] = Object.keys(problem.vehicleTypes).map((name) => {
    const t = problem.vehicleTypes[name]!;
    return { name, seats: t.seats, stretchers: t.stretchers, load: t.loadMin, unload: t.unloadMin };
  });
  const depots: PlaceInfo[] = problem.depots.map((d) => ({ id: d.id, node: locate(d) }));
  const pickups: PickupInfo[] = problem.pickups.map((p) => ({
    id: p.id,
    node: locate(p),
    seated: p.seated,
    stretcher: p.stretcher,
  }));
  const destinations: DestinationInfo[] = problem.destinations.map((r) => ({
    id: r.id,
    node: locate(r),
    seatedCapacity: r.seatedCapacity,
    stretcherCapacity: r.stretcherCapacity,
  }));
  return { types, depots, pickups, destinations };
}

/** The fleet one by one, depot by depot, numbered per type (bus-001, bus-002, ...). */
function fleet(problem: ResolvedProblem, types: readonly VehicleTypeInfo[]): VehicleInfo[] {
  const typeNames = types.map((t) => t.name);
  const vehicles: VehicleInfo[] = [];
  const counters = new Map<string, number>();
  problem.depots.forEach((d, di) => {
    for (const [name, count] of Object.entries(d.vehicles)) {
      const type = typeNames.indexOf(name);
      if (type < 0) throw new PlanningError(`depot ${d.id} has vehicles of unknown type ${name}`);
      for (let i = 0; i < count; i++) {
        const k = (counters.get(name) ?? 0) + 1;
        counters.set(name, k);
        vehicles.push({ id: `${name}-${String(k).padStart(3, '0')}`, type, depot: di });
      }
    }
  });
  return vehicles;
}

/** Every pickup with people has an open road to a reception point and from a depot with vehicles. */
function checkReach(
  m: Matrices,
  vehicles: readonly VehicleInfo[],
  pickups: readonly PickupInfo[],
  destinations: readonly DestinationInfo[],
): void {
  pickups.forEach((p, pi) => {
    if (p.seated + p.stretcher === 0) return;
    const out = m.toDestination[pi]!;
    if (!out.some((x) => x < Infinity))
      throw new PlanningError(said('pickup {pickup}: no open road to any reception point', { pickup: p.id }));
    if (!m.fromDepot.some((row, di) => row[pi]! < Infinity && vehicles.some((v) => v.depot === di)))
      throw new PlanningError(
        said('pickup {pickup}: no open road from any depot with vehicles', { pickup: p.id }),
      );
    if (p.stretcher > 0 && !destinations.some((r, ri) => r.stretcherCapacity > 0 && out[ri]! < Infinity))
      throw new PlanningError(
        said('pickup {pickup}: no open road to a reception point that takes stretcher cases', {
          pickup: p.id,
        }),
      );
  });
}

/** `Instance.at`: the static minutes, or those of the epoch of t where timed hazards hold (made once each). */
function timedMatrices(
  router: Router,
  staticMatrices: Matrices,
  depots: readonly PlaceInfo[],
  pickups: readonly PickupInfo[],
  destinations: readonly DestinationInfo[],
): (t: number) => Matrices {
  const timed = new Set(router.timedEpochs);
  const byEpoch = new Map<number, Matrices>();
  return (t: number): Matrices => {
    const e = router.epochOf(t);
    if (!timed.has(e)) return staticMatrices;
    let m = byEpoch.get(e);
    if (!m) {
      const back = destinations.map((r) => router.treeAt(r.node, false, e).dist);
      m = {
        fromDepot: depots.map((d) => pick(router.treeAt(d.node, true, e).dist, pickups)),
        fromDestination: destinations.map((r) => pick(router.treeAt(r.node, true, e).dist, pickups)),
        toDestination: pickups.map((p) => Float64Array.from(back, (dist) => dist[p.node]!)),
      };
      byEpoch.set(e, m);
    }
    return m;
  };
}

function pick(dist: Float64Array, places: readonly PlaceInfo[]): Float64Array {
  return Float64Array.from(places, (p) => dist[p.node]!);
}

function checkDemand(
  types: readonly VehicleTypeInfo[],
  vehicles: readonly VehicleInfo[],
  pickups: readonly PickupInfo[],
  destinations: readonly DestinationInfo[],
): void {
  const seated = pickups.reduce((s, p) => s + p.seated, 0);
  const stretcher = pickups.reduce((s, p) => s + p.stretcher, 0);
  const seatedCapacity = destinations.reduce((s, r) => s + r.seatedCapacity, 0);
  const stretcherCapacity = destinations.reduce((s, r) => s + r.stretcherCapacity, 0);
  if (seated > seatedCapacity)
    throw new PlanningError(
      said('{seated} seated people to move but the reception points take {capacity}', {
        seated,
        capacity: seatedCapacity,
      }),
    );
  if (stretcher > stretcherCapacity)
    throw new PlanningError(
      said('{stretcher} stretcher cases to move but the reception points take {capacity}', {
        stretcher,
        capacity: stretcherCapacity,
      }),
    );
  const hasSeats = vehicles.some((v) => types[v.type]!.seats > 0);
  const hasStretchers = vehicles.some((v) => types[v.type]!.stretchers > 0);
  const needsSeats = pickups.find((p) => p.seated > 0);
  const needsStretchers = pickups.find((p) => p.stretcher > 0);
  if (needsSeats && !hasSeats)
    throw new PlanningError(
      said('pickup {pickup} has seated people but no vehicle has seats', { pickup: needsSeats.id }),
    );
  if (needsStretchers && !hasStretchers)
    throw new PlanningError(
      said('pickup {pickup} has stretcher cases but no vehicle carries stretchers', {
        pickup: needsStretchers.id,
      }),
    );
}
