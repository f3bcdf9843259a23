import type { LowerBounds, Plan, ResolvedProblem } from '../contracts/planning/plan.js';
import {
  fleetData,
  fleetWorkloadBound,
  singleTripBound,
  timedMinutes,
  type FleetData,
  type TimedMinutes,
} from './bounds.js';
import { daysHaveTime, proveFleetBounds, type FleetBounds } from './fleet-bounds.js';
import { cutCapacityBound } from './cut.js';
import { timeExpandedBound } from './time-expanded.js';
import { PlannerCache } from './cache.js';
import { improve } from './improve.js';
import { prepare, type Instance } from './instance.js';
import type { LpSolver } from './lp.js';
import { completion, construct, replay, type Assignment, type Schedule } from './schedule.js';
import { mixedStart, receptionShares, tripMix } from './trip-mix.js';

export { PlanningError } from './errors.js';
export type { FleetData } from './bounds.js';
export { buildGraph } from './graph.js';
export { PlannerCache };

export interface PlanOptions {
  /** Wall-clock budget for the whole plan, bounds included (default 8 s). */
  readonly timeLimitSec?: number;
  /** Only the construction heuristic (the baseline), no improvement search. */
  readonly baseline?: boolean;
  /** HiGHS, for the fleet-workload and time-expanded LP bounds; without it those bounds are 0. */
  readonly solver?: LpSolver;
  /** A previous plan of the same fleet to start the search from (re-planning after a change). */
  readonly warmStart?: Plan;
  /** Kept between plans on the same network (re-planning): graph, trees, cut, bound hints. */
  readonly cache?: PlannerCache;
  readonly seed?: number;
  readonly now?: () => number;
  /**
   * Proves the fleet bounds elsewhere (a worker thread, on a second core) while the search runs here;
   * used when the time limit is at least 1 s (a worker takes about a quarter of a second to start).
   */
  readonly boundRunner?: BoundRunner;
}

/** What a bound runner has proven when it is stopped. Every figure is a proof: whatever arrived holds. */
export interface ThreadBounds extends FleetBounds {
  /** Whether it finished its search before it was stopped. */
  readonly finished: boolean;
  readonly error: string | null;
}

/**
 * Starts proving the fleet bounds of `data` (for at most `budgetMs`); null when it cannot start. With
 * `epochsToCome`, `data` leaves out the timed minutes and the caller sends them (`BoundRun.epochs`).
 */
export interface BoundRunner {
  start(
    data: FleetData,
    highMin: number | null,
    hintMin: number | null,
    budgetMs: number,
    epochsToCome?: boolean,
  ): BoundRun | null;
}

/** A bound run started by a `BoundRunner`. */
export interface BoundRun {
  /** Sends the timed minutes its data left out (vehicle days wait for them). */
  epochs(epochs: readonly TimedMinutes[]): void;
  finish(waitMs: number): ThreadBounds;
}

/**
 * The optimum of a small instance by the time-expanded MIP (exact when every driving time and every
 * loading and unloading time is a multiple of `stepMin` and nothing limits capacity or varies in time,
 * as in `generateSmall`), or null when HiGHS does not finish within the time limit.
 */
export function optimum(
  problem: ResolvedProblem,
  solver: LpSolver,
  stepMin = 5,
  timeLimitSec = 60,
): number | null {
  const now = () => performance.now();
  const inst = prepare(problem);
  const heuristic = construct(inst).makespan;
  const lowMin = Math.max(singleTripBound(inst), fleetWorkloadBound(fleetData(inst), solver, heuristic));
  const r = timeExpandedBound(inst, solver, {
    stepMin,
    integer: true,
    exact: true,
    lowMin,
    highMin: heuristic,
    deadline: now() + timeLimitSec * 1000,
    now,
  });
  return r.optimal ? r.boundMin : null;
}

/** Plans everyone out as early as it can within the time limit, and proves how far from the best it is. */
export function plan(problem: ResolvedProblem, options: PlanOptions = {}): Plan {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const limitMs = (options.timeLimitSec ?? 8) * 1000;
  const inst = prepare(problem, options.cache);
  const tPrepared = now();

  // The fleet bounds go to a worker on the second core while the construction and the search run
  // here, until shortly before the time limit; without one, they are proven after the search.
  // The worker starts without the timed minutes (a few shortest-path trees per epoch, about 0.7 s on
  // the large instance), which come when computed here: the MIPs need none, vehicle days wait for them,
  // and the construction then finds them computed.
  const boundsUntil = t0 + limitMs * 0.95;
  const days = daysHaveTime(boundsUntil - now());
  const thread =
    options.solver && options.boundRunner && limitMs >= 1000
      ? options.boundRunner.start(
          fleetData(inst, false),
          null,
          inst.cache?.fleetHint ?? null,
          boundsUntil - now(),
          days,
        )
      : null;
  if (thread && days) thread.epochs(timedMinutes(inst));

  const stats: Record<string, number | string | boolean> = {};
  let best: Schedule | null = null;
  let start: Assignment | null = null;
  let method = 'baseline';
  // Re-planning starts from the previous plan driven on today's roads; the construction runs when there
  // is none (or only the baseline is asked for).
  if (options.warmStart && !options.baseline) {
    const warm = assignmentFromPlan(inst, options.warmStart);
    if (warm) {
      best = replay(inst, warm);
      start = warm;
      method = 'warm-start';
      stats.warmStartMakespanMin = round2(best.makespan);
    }
  }
  if (!best) {
    best = construct(inst);
    start = best.assignment;
    stats.baselineMakespanMin = round2(best.makespan);
    // The search starts from the trips of a balanced mix when there is one (see trip-mix.ts), and
    // when the construction has left half the time for it (on a large problem and a short limit the
    // mix's start costs about what the construction did).
    const mix = options.baseline || now() - t0 > limitMs / 2 ? null : tripMix(inst, receptionShares(inst));
    const mixed = mix && mixedStart(inst, mix);
    if (mixed) {
      start = mixed;
      stats.mixStartMakespanMin = round2(Math.max(0, ...mixed.map((l, v) => completion(inst, v, l))));
    }
  }
  const tBaseline = now();

  stats.boundThread = thread ? 'started' : 'off';

  if (!options.baseline) {
    const deadline = thread
      ? Math.max(tBaseline, t0 + limitMs * 0.85)
      : tBaseline + Math.max(0, limitMs - (tBaseline - t0)) * 0.6;
    const result = improve(inst, start!, { deadline, now, seed: options.seed ?? 1 });
    // Driven again only when the search found something better than where it started.
    const improved = result.improved || start !== best.assignment ? replay(inst, result.assignment) : best;
    stats.searchIterations = result.iterations;
    for (const [k, v] of Object.entries(result.moves)) stats[`moves.${k}`] = v;
    stats.searchStaticMakespanMin = round2(result.makespan);
    if (improved.makespan < best.makespan) {
      best = improved;
      method = 'improved';
    }
  }
  const tSearch = now();

  const fleet = thread
    ? fromThread(thread, boundsUntil - now(), stats)
    : fleetBounds(inst, best.makespan, options.solver, tSearch + (t0 + limitMs - tSearch) * 0.7, now);
  if (inst.cache && fleet.fleetMin > 0) inst.cache.fleetHint = fleet.fleetMin;
  // The three views of the fleet's work, each as proven (0: nothing in the time it had).
  stats.fleetTripsMin = round2(fleet.fleetMin);
  stats.fleetDaysMin = round2(fleet.daysMin);
  stats.fleetFlowMin = round2(fleet.flowMin);
  const proven = lowerBounds(inst, best.makespan, options.solver, fleet, t0 + limitMs, now);
  // A re-plan after new closures or slowdowns keeps the last plan's bound (nothing got easier).
  const carried = inst.cache?.carriedBound(problem) ?? 0;
  const bounds = carried > 0 ? { ...proven, carriedMin: carried } : proven;
  const lowerBoundMin = Math.max(
    bounds.singleTripMin,
    bounds.fleetWorkloadMin,
    bounds.cutCapacityMin,
    bounds.lpMin ?? 0,
    carried,
  );
  inst.cache?.rememberBound(problem, lowerBoundMin);
  const tEnd = now();

  return {
    makespanMin: best.makespan,
    lowerBoundMin,
    vehicles: best.vehicles.filter((v) => v.legs.length > 0),
    bounds,
    stats: {
      method,
      ...stats,
      routerStaticPaths: inst.router.counts.staticPaths,
      routerSearches: inst.router.counts.searches,
      prepareMs: Math.round(tPrepared - t0),
      constructMs: Math.round(tBaseline - tPrepared),
      searchMs: Math.round(tSearch - tBaseline),
      boundsMs: Math.round(tEnd - tSearch),
      totalMs: Math.round(tEnd - t0),
    },
  };
}

/** The fleet bounds a worker proved by the time it was stopped (noted in the plan's stats). */
function fromThread(
  thread: BoundRun,
  waitMs: number,
  stats: Record<string, number | string | boolean>,
): FleetBounds {
  const r = thread.finish(Math.max(0, waitMs));
  stats.boundThread = r.error ? `failed: ${r.error}` : r.finished ? 'finished' : 'stopped at the time limit';
  return r;
}

/** The fleet bounds proven here (no worker), until `deadline`. */
function fleetBounds(
  inst: Instance,
  makespan: number,
  solver: LpSolver | undefined,
  deadline: number,
  now: () => number,
): FleetBounds {
  if (!solver) return { flowMin: 0, fleetMin: 0, daysMin: 0 };
  return proveFleetBounds(fleetData(inst), solver, {
    deadline,
    now,
    highMin: makespan,
    hintMin: inst.cache?.fleetHint ?? null,
    flowFirst: true,
  });
}

function lowerBounds(
  inst: Instance,
  makespan: number,
  solver: LpSolver | undefined,
  fleet: FleetBounds,
  deadline: number,
  now: () => number,
): LowerBounds {
  const singleTripMin = singleTripBound(inst);
  const cutCapacityMin = cutCapacityBound(inst).bound;
  // Three views of the fleet's work, each valid: vehicles flowing between places, whole trips in bins,
  // and whole days of single vehicles.
  const fleetWorkloadMin = Math.max(fleet.flowMin, fleet.fleetMin, fleet.daysMin);
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

/** The trips of a previous plan, for vehicles and places this problem still has (else null). */
function assignmentFromPlan(inst: Instance, previous: Plan): Assignment | null {
  const vehicleIndex = new Map(inst.vehicles.map((v, i) => [v.id, i]));
  const pickupIndex = new Map(inst.pickups.map((p, i) => [p.id, i]));
  const destIndex = new Map(inst.destinations.map((r, i) => [r.id, i]));
  const out: Assignment = inst.vehicles.map(() => []);
  const moved = inst.pickups.map(() => [0, 0]);
  for (const v of previous.vehicles) {
    const vi = vehicleIndex.get(v.id);
    if (vi === undefined) return null;
    for (const leg of v.legs) {
      if (leg.seated + leg.stretcher === 0) continue;
      const p = pickupIndex.get(leg.from);
      const r = destIndex.get(leg.to);
      if (p === undefined || r === undefined) return null;
      out[vi]!.push({ p, r, seated: leg.seated, stretcher: leg.stretcher });
      moved[p]![0]! += leg.seated;
      moved[p]![1]! += leg.stretcher;
    }
  }
  const same = inst.pickups.every((p, i) => moved[i]![0] === p.seated && moved[i]![1] === p.stretcher);
  return same ? out : null;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Bounds are printed with 4 decimals, rounded down so the figure stays a bound. */
function round4down(x: number): number {
  return Math.floor(x * 1e4) / 1e4;
}
