import type { Instance } from './instance.js';

export { fleetWorkloadBound, type FleetLimits } from './fleet-workload.js';

/**
 * Lower bounds on the makespan, each valid on its own. All use static travel times (permanent hazards
 * in, timed hazards out), which never exceed the true time at any hour: hazards only lengthen.
 */

/** The latest of the fastest single trips: depot -> pickup, load, -> nearest reception point, unload. */
export function singleTripBound(inst: Instance): number {
  let bound = 0;
  inst.pickups.forEach((p, pi) => {
    for (const [need, key] of [
      [p.stretcher, 'stretchers'],
      [p.seated, 'seats'],
    ] as const) {
      if (need === 0) continue;
      let best = Infinity;
      for (const v of inst.vehicles) {
        const type = inst.types[v.type]!;
        if (type[key] === 0) continue;
        const reach = inst.fromDepot[v.depot]![pi]! + type.load;
        let out = Infinity;
        inst.destinations.forEach((r, ri) => {
          const room = key === 'stretchers' ? r.stretcherCapacity : r.seatedCapacity;
          if (room > 0) out = Math.min(out, inst.toDestination[pi]![ri]!);
        });
        best = Math.min(best, reach + out + type.unload);
      }
      bound = Math.max(bound, best);
    }
  });
  return bound;
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
