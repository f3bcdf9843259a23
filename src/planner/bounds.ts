import type { Instance } from './instance.js';

export { fleetWorkloadBound, type FleetLimits } from './fleet-workload.js';

/**
 * Lower bounds on the makespan, each valid on its own. All use static travel times (permanent hazards
 * in, timed hazards out), which never exceed the true time at any hour: hazards only lengthen.
 */

/**
 * The latest of the fastest single trips: the earliest a vehicle can be at the pickup (`earliestAt`),
 * load, drive to the nearest reception point with room, unload.
 */
export function singleTripBound(inst: Instance): number {
  const reach = inst.types.map((_, k) => earliestAt(inst, k));
  let bound = 0;
  inst.pickups.forEach((p, pi) => {
    for (const [need, key] of [
      [p.stretcher, 'stretchers'],
      [p.seated, 'seats'],
    ] as const) {
      if (need === 0) continue;
      let out = Infinity;
      inst.destinations.forEach((r, ri) => {
        const room = key === 'stretchers' ? r.stretcherCapacity : r.seatedCapacity;
        if (room > 0) out = Math.min(out, inst.toDestination[pi]![ri]!);
      });
      let best = Infinity;
      inst.types.forEach((type, k) => {
        if (type[key] > 0) best = Math.min(best, reach[k]![pi]! + type.load + out + type.unload);
      });
      bound = Math.max(bound, best);
    }
  });
  return bound;
}

/**
 * The earliest a vehicle of type k can be at each pickup: from its depot, or from a reception point it
 * reached by trips before (shortest paths over the places, loading and unloading in). On roads the
 * depot's shortest path is never beaten; with direct legs (a travel-time matrix, `directLegs`) a way
 * through other places may be shorter than the direct leg, and a vehicle may take it by carrying
 * people there (it may not drive empty through them: the validator holds it to a loaded leg after each
 * empty one).
 */
export function earliestAt(inst: Instance, k: number): Float64Array {
  const type = inst.types[k]!;
  const P = inst.pickups.length;
  const R = inst.destinations.length;
  const atPickup = new Float64Array(P).fill(Infinity);
  inst.depots.forEach((_, di) => {
    if (!inst.vehicles.some((v) => v.type === k && v.depot === di)) return;
    for (let p = 0; p < P; p++) atPickup[p] = Math.min(atPickup[p]!, inst.fromDepot[di]![p]!);
  });
  const atReception = new Float64Array(R).fill(Infinity);
  for (let changed = true; changed;) {
    changed = false;
    for (let p = 0; p < P; p++) {
      if (atPickup[p] === Infinity) continue;
      for (let r = 0; r < R; r++) {
        const t = atPickup[p]! + type.load + inst.toDestination[p]![r]! + type.unload;
        if (t < atReception[r]!) atReception[r] = t;
      }
    }
    for (let r = 0; r < R; r++) {
      if (atReception[r] === Infinity) continue;
      for (let p = 0; p < P; p++) {
        const t = atReception[r]! + inst.fromDestination[r]![p]!;
        if (t < atPickup[p]!) {
          atPickup[p] = t;
          changed = true;
        }
      }
    }
  }
  return atPickup;
}

/**
 * What the fleet bounds need of an instance, as plain numbers (so a worker thread can compute them):
 * vehicle types, the fleet per type and depot, the people at each pickup, the least work of a first
 * and a later trip, and the static minutes between places.
 */
export interface FleetData {
  readonly types: readonly {
    readonly seats: number;
    readonly stretchers: number;
    readonly load: number;
    readonly unload: number;
  }[];
  /** perDepot[k][d]: vehicles of type k at depot d. */
  readonly perDepot: readonly (readonly number[])[];
  readonly pickups: readonly { readonly seated: number; readonly stretcher: number }[];
  readonly destinations: readonly { readonly seatedCapacity: number; readonly stretcherCapacity: number }[];
  readonly work: Works;
  readonly fromDepot: readonly Float64Array[];
  readonly fromDestination: readonly Float64Array[];
  readonly toDestination: readonly Float64Array[];
  /**
   * The minutes while timed hazards hold, per epoch [startMin, endMin) where they differ from static
   * (none: every epoch as static, which only lowers vehicle days).
   */
  readonly epochs: readonly TimedMinutes[];
  /**
   * Direct legs (`directLegs`): a trip through other places may reach a pickup sooner than the direct
   * leg, so a day may take trips that earn nothing to get somewhere.
   */
  readonly direct: boolean;
  /**
   * Where each pickup stands for a group of pickups (`pickup-groups.ts`), its members' people: a trip
   * carries people of one member (vehicle days' whole-trip rows, `tripCut`).
   */
  readonly members?: readonly (readonly { readonly seated: number; readonly stretcher: number }[])[];
}

export interface TimedMinutes {
  readonly startMin: number;
  readonly endMin: number;
  readonly fromDepot: readonly Float64Array[];
  readonly fromDestination: readonly Float64Array[];
  readonly toDestination: readonly Float64Array[];
}

/**
 * `timed`: with the minutes while timed hazards hold (vehicle days need them, `timedMinutes`). They
 * cost shortest-path trees per epoch (about 0.7 s on the large instance where the plan has not computed
 * them yet): the planner sends them to its bound worker after the start, or goes without in a run too
 * short to be made for vehicle days (days then see static minutes only).
 */
export function fleetData(inst: Instance, timed = true): FleetData {
  return {
    types: inst.types.map(({ seats, stretchers, load, unload }) => ({ seats, stretchers, load, unload })),
    perDepot: inst.types.map((_, k) =>
      inst.depots.map((_, d) => inst.vehicles.filter((v) => v.type === k && v.depot === d).length),
    ),
    pickups: inst.pickups.map(({ seated, stretcher }) => ({ seated, stretcher })),
    destinations: inst.destinations.map(({ seatedCapacity, stretcherCapacity }) => ({
      seatedCapacity,
      stretcherCapacity,
    })),
    work: works(inst),
    fromDepot: inst.fromDepot,
    fromDestination: inst.fromDestination,
    toDestination: inst.toDestination,
    epochs: timed ? timedMinutes(inst) : [],
    direct: inst.g.direct,
  };
}

/** The minutes while timed hazards hold, per epoch where they differ from static (`FleetData.epochs`). */
export function timedMinutes(inst: Instance): TimedMinutes[] {
  return inst.router.timedEpochs.map((e) => {
    const startMin = e === 0 ? 0 : inst.router.breakpoints[e - 1]!;
    const { fromDepot, fromDestination, toDestination } = inst.at(startMin);
    return {
      startMin,
      endMin: inst.router.breakpoints[e] ?? Infinity,
      fromDepot,
      fromDestination,
      toDestination,
    };
  });
}

/**
 * Least work of a first trip from each depot (`firstFrom[d][p][k]`, Infinity without vehicles of type k
 * there), from the type's nearest depot (`first[p][k]`), and of a later one (from a reception point).
 */
export interface Works {
  readonly firstFrom: readonly (readonly (readonly number[])[])[];
  readonly first: readonly (readonly number[])[];
  readonly later: readonly (readonly number[])[];
}

function works(inst: Instance): Works {
  // Every vehicle starts its first trip at minute 0 or later. Until the first time a timed hazard
  // starts or ends, roads are as they are at minute 0: a first trip that ends before then takes at
  // least its time on those roads; one that ends later took at least that long anyway.
  const change = inst.router.breakpoints.find((b) => b > 0) ?? Infinity;
  const atStart = inst.at(0);
  const firstFrom = inst.depots.map((_, di) =>
    inst.pickups.map((_, pi) =>
      inst.types.map((type, k) => {
        if (!inst.vehicles.some((v) => v.type === k && v.depot === di)) return Infinity;
        const fixed = type.load + type.unload;
        const still = inst.fromDepot[di]![pi]! + Math.min(...inst.toDestination[pi]!) + fixed;
        const then = atStart.fromDepot[di]![pi]! + Math.min(...atStart.toDestination[pi]!) + fixed;
        return Math.max(still, Math.min(then, change));
      }),
    ),
  );
  const first = inst.pickups.map((_, pi) =>
    inst.types.map((_, k) => Math.min(...firstFrom.map((row) => row[pi]![k]!))),
  );
  const later = inst.pickups.map((_, pi) =>
    inst.types.map((type) => {
      const reach = Math.min(...inst.fromDestination.map((row) => row[pi]!));
      return reach + type.load + Math.min(...inst.toDestination[pi]!) + type.unload;
    }),
  );
  return { firstFrom, first, later };
}
