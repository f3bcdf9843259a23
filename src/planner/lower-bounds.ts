import type { LowerBounds, ResolvedProblem } from '../contracts/planning/plan.js';
import { fleetData, singleTripBound } from './bounds.js';
import { cutCapacityBound } from './cut.js';
import { proveFleetBounds, type FleetBounds } from './fleet-bounds.js';
import { prepare, type Instance } from './instance.js';
import type { LpSolver } from './lp.js';
import { construct } from './schedule.js';
import { timeExpandedBound } from './time-expanded.js';
import { boundData } from './pickup-groups.js';
import { pickupTripsBound } from './pickup-trips.js';

/** The lower bounds a plan proves (`plan` in `index.ts`), and those of a problem on their own. */

/** The fleet bounds proven here (no worker), until `deadline`. */
export function fleetBounds(
  inst: Instance,
  makespan: number,
  solver: LpSolver | undefined,
  deadline: number,
  now: () => number,
): FleetBounds {
  const full = fleetData(inst);
  const pickupTripsMin = pickupTripsBound(full, { deadline, now });
  if (!solver) return { flowMin: 0, fleetMin: 0, daysMin: 0, pickupTripsMin };
  // Many small pickups: proven on like pickups grouped (pickup-groups.ts).
  const { data, groups } = boundData(full);
  const proven = proveFleetBounds(data, solver, {
    deadline,
    now,
    highMin: makespan,
    hintMin: groups ? null : (inst.cache?.fleetHint ?? null),
    flowFirst: true,
  });
  return { ...proven, pickupTripsMin };
}

/** The bounds from the network and the places alone: the single trip and the cut capacity. */
export interface NetworkBounds {
  readonly singleTripMin: number;
  readonly cutCapacityMin: number;
}

export function networkBounds(inst: Instance): NetworkBounds {
  return { singleTripMin: singleTripBound(inst), cutCapacityMin: cutCapacityBound(inst).bound };
}

/**
 * The plan's lower bounds, given the fleet bounds proven (and the network's, when computed already):
 * the single trip, the cut capacity, the fleet's work and, where it fits, the time-expanded LP.
 */
export function lowerBounds(
  inst: Instance,
  makespan: number,
  solver: LpSolver | undefined,
  fleet: FleetBounds,
  deadline: number,
  now: () => number,
  network: NetworkBounds = networkBounds(inst),
): LowerBounds {
  const { singleTripMin, cutCapacityMin } = network;
  // Four views of the fleet's work, each valid: vehicles flowing between places, whole trips in bins,
  // whole days of single vehicles and whole trips per pickup.
  const fleetWorkloadMin = Math.max(fleet.flowMin, fleet.fleetMin, fleet.daysMin, fleet.pickupTripsMin ?? 0);
  let lpMin: number | null = null;
  const others = Math.max(singleTripMin, cutCapacityMin, fleetWorkloadMin);
  const minLoaded = Math.min(...inst.types.map((t) => t.load + t.unload));
  // The time-expanded LP only where it fits: in the time left, and a model of bounded size.
  if (solver && makespan > 0 && minLoaded >= 1 && deadline - now() > 200) {
    // Steps of at most 5 minutes and never longer than the shortest loading and unloading (fixed by the
    // problem's data, not by the plan found, so the bound moves only with the problem).
    const step = Math.min(minLoaded, 5);
    const clusters = clusterPickups(inst, 40);
    const r = timeExpandedBound(inst, solver, {
      stepMin: step,
      mergeDestinations: clusters.length * inst.destinations.length > 400,
      clusters,
      lowMin: others,
      highMin: makespan,
      deadline,
      now,
    });
    lpMin = r.boundMin;
  }
  return {
    singleTripMin: round4down(singleTripMin),
    fleetWorkloadMin: round4down(fleetWorkloadMin),
    cutCapacityMin: round4down(cutCapacityMin),
    lpMin: lpMin === null ? null : round4down(lpMin),
  };
}

/**
 * The lower bounds of a problem on their own (no search), with time for each to finish: what the
 * property tests compare between a problem and a changed copy of it.
 */
export function lowerBoundOf(
  problem: ResolvedProblem,
  solver: LpSolver,
): LowerBounds & { lowerBoundMin: number } {
  const now = () => performance.now();
  const inst = prepare(problem);
  const hint = construct(inst).makespan;
  const fleet = fleetBounds(inst, hint, solver, now() + 20_000, now);
  const b = lowerBounds(inst, hint, solver, fleet, now() + 10_000, now);
  return {
    ...b,
    lowerBoundMin: Math.max(b.singleTripMin, b.fleetWorkloadMin, b.cutCapacityMin, b.lpMin ?? 0),
  };
}

/** Groups pickups around up to `k` seeds chosen far apart (by static driving time between them). */
export function clusterPickups(inst: Instance, k: number): number[][] {
  const withPeople = inst.pickups.map((p, i) => [p, i] as const).filter(([p]) => p.seated + p.stretcher > 0);
  if (withPeople.length <= k) return withPeople.map(([, i]) => [i]);
  const lon = inst.g.lon;
  const lat = inst.g.lat;
  const dist = (a: number, b: number) => {
    const pa = inst.pickups[a]!.node;
    const pb = inst.pickups[b]!.node;
    return Math.hypot(lon[pa]! - lon[pb]!, lat[pa]! - lat[pb]!);
  };
  const seeds = [withPeople[0]![1]];
  while (seeds.length < k) {
    let far = -1;
    let farD = -1;
    for (const [, i] of withPeople) {
      const d = Math.min(...seeds.map((s) => dist(s, i)));
      if (d > farD) {
        farD = d;
        far = i;
      }
    }
    seeds.push(far);
  }
  const groups: number[][] = seeds.map(() => []);
  for (const [, i] of withPeople) {
    let best = 0;
    seeds.forEach((s, g) => {
      if (dist(s, i) < dist(seeds[best]!, i)) best = g;
    });
    groups[best]!.push(i);
  }
  return groups.filter((g) => g.length > 0);
}

/** Bounds are printed with 4 decimals, rounded down so the figure stays a bound. */
function round4down(x: number): number {
  return Math.floor(x * 1e4) / 1e4;
}
