import type { LowerBounds, Plan, ResolvedProblem } from '../contracts/planning/plan.js';
import {
  fleetData,
  fleetWorkloadBound,
  singleTripBound,
  timedMinutes,
  type FleetData,
  type TimedMinutes,
} from './bounds.js';
import { daysHaveTime, type FleetBounds } from './fleet-bounds.js';
import { fleetBounds, lowerBounds, networkBounds, type NetworkBounds } from './lower-bounds.js';
import { timeExpandedBound } from './time-expanded.js';
import { PlannerCache } from './cache.js';
import { improve, type ImproveOptions } from './improve.js';
import { prepare, type Instance } from './instance.js';
import { boundData, groupedEpochs } from './pickup-groups.js';
import { pickupTripsBound } from './pickup-trips.js';
import type { LpSolver } from './lp.js';
import { construct, replay, type Assignment, type Schedule } from './schedule.js';
import { mixedStart, receptionShares, tripMix } from './trip-mix.js';
import { assignmentFromPlan } from './warm-start.js';

export { PlanningError } from './errors.js';
export type { FleetData } from './bounds.js';
export { buildGraph } from './graph.js';
export { PlannerCache };
export { clusterPickups, lowerBoundOf } from './lower-bounds.js';

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
   * When the time limit began, on `now`'s clock (default: when `plan` is called). The command gives
   * its process's start, so that starting and reading the problem count against the limit too.
   */
  readonly startedAt?: number;
  /**
   * Proves the fleet bounds elsewhere (a worker thread, on a second core) while the search runs here;
   * used when the time limit is at least 1 s (a worker takes about a quarter of a second to start).
   */
  readonly boundRunner?: BoundRunner;
  /**
   * Work on the plan's vehicles while the bounds are still being proven (the command checks the plan
   * with the validator): called once they are final, with `lowerBoundMin` 0 (the bounds come after);
   * the search stops `ms` sooner to leave it that long.
   */
  readonly whileProving?: { readonly ms: number; readonly run: (draft: Plan) => void };
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
  const called = now();
  const t0 = Math.min(options.startedAt ?? called, called);
  const limitMs = (options.timeLimitSec ?? 8) * 1000;
  const inst = prepare(problem, options.cache);
  const tPrepared = now();
  const clock: Clock = { now, t0, limitMs, boundsUntil: t0 + limitMs - boundsReserve(limitMs) };
  const stats: Stats = {};
  const thread = startBoundThread(inst, options, clock, stats);

  const provingMs = options.whileProving?.ms ?? 0;
  const searchTime = t0 + limitMs - provingMs - now();
  const start = startingPoint(inst, options, { now, searchTime, prepareMs: tPrepared - called }, stats);
  let best = start.schedule;
  let method = start.method;
  const tBaseline = now();

  stats.boundThread = thread ? 'started' : 'off';
  // With a worker, the bounds of the network (the cut capacity's max flow takes 0.17-0.32 s on the
  // 100,000-node city) are proven before the search, which then runs until shortly before the
  // worker's time is up (it had stopped at 85% and waited for the worker, then proved them).
  const network = thread ? networkBounds(inst) : undefined;

  if (!options.baseline) {
    const deadline = thread
      ? Math.max(now(), t0 + limitMs - driveAgainReserve(limitMs, start.driveMs) - provingMs)
      : tBaseline + Math.max(0, limitMs - provingMs - (tBaseline - t0)) * 0.6;
    const improved = search(inst, start, { deadline, now, seed: options.seed ?? 1 }, stats);
    if (improved.makespan < best.makespan) {
      best = improved;
      method = 'improved';
    }
  }
  const tSearch = now();
  const vehicles = handOver(best, options, thread?.run ?? null, stats);

  // Without a worker, the fleet bounds get 70% of what is left; nothing, when the limit has passed (a
  // command whose start and reading took its time): their solves would not stop at a deadline behind them.
  const fleetUntil = tSearch + (t0 + limitMs - tSearch) * 0.7;
  const fleet = thread
    ? { ...fromThread(thread.run, clock.boundsUntil - now(), stats), pickupTripsMin: thread.pickupTripsMin }
    : fleetUntil > now()
      ? fleetBounds(inst, best.makespan, options.solver, fleetUntil, now)
      : { flowMin: 0, fleetMin: 0, daysMin: 0 };
  const { bounds, lowerBoundMin } = provenBounds(
    problem,
    inst,
    best.makespan,
    options.solver,
    { fleet, ...(network && { network }) },
    clock,
    stats,
  );
  const tEnd = now();

  return {
    makespanMin: best.makespan,
    lowerBoundMin,
    vehicles,
    bounds,
    stats: {
      method,
      ...stats,
      routerStaticPaths: inst.router.counts.staticPaths,
      routerSearches: inst.router.counts.searches,
      beforeMs: Math.round(called - t0),
      prepareMs: Math.round(tPrepared - called),
      startMs: Math.round(tBaseline - tPrepared),
      searchMs: Math.round(tSearch - tBaseline),
      boundsMs: Math.round(tEnd - tSearch),
      totalMs: Math.round(tEnd - t0),
    },
  };
}

type Stats = Record<string, number | string | boolean>;

/** The plan's vehicles, final: given to `whileProving` (the bound worker stopped if it throws). */
function handOver(
  best: Schedule,
  options: PlanOptions,
  thread: BoundRun | null,
  stats: Stats,
): Plan['vehicles'] {
  const vehicles = best.vehicles.filter((v) => v.legs.length > 0);
  if (!options.whileProving) return vehicles;
  const now = options.now ?? (() => performance.now());
  const from = now();
  try {
    options.whileProving.run({ makespanMin: best.makespan, lowerBoundMin: 0, vehicles });
  } catch (error) {
    thread?.finish(0);
    throw error;
  }
  stats.whileProvingMs = Math.round(now() - from);
  return vehicles;
}

/**
 * What the bounds keep of the time limit after the worker stops: the bounds proven here from what it
 * sends (70-90 ms on the 100,000-node cities). It stopped at 95% of the limit, which left 0.3-0.4 s of
 * a 10 s command unused.
 */
function boundsReserve(limitMs: number): number {
  return Math.max(100, limitMs * 0.015);
}

/**
 * With a bound worker, the search stops this long before the time limit: the best assignment is then
 * driven again (with the worker still proving), then the bounds are taken from it. That drive takes
 * about as long as the start's (`Start.driveMs`). At least 3% of the limit, and with the bounds' share
 * at most 8% of it.
 */
function driveAgainReserve(limitMs: number, driveMs: number): number {
  return Math.min(limitMs * 0.08, Math.max(limitMs * 0.03, driveMs) + boundsReserve(limitMs));
}

/** A plan's clock: when it started, its time limit, and until when its bounds may run. */
interface Clock {
  readonly now: () => number;
  readonly t0: number;
  readonly limitMs: number;
  readonly boundsUntil: number;
}

/**
 * The fleet bounds go to a worker on the second core while the start and the search are made here,
 * until shortly before the time limit; without one, they are proven after the search.
 * The worker starts without the timed minutes (a few shortest-path trees per epoch, about 0.7 s on
 * the large instance), which come when computed here: the MIPs need none, vehicle days wait for them,
 * and the start's drive then finds them computed.
 */
function startBoundThread(
  inst: Instance,
  options: PlanOptions,
  { now, limitMs, boundsUntil }: Clock,
  stats: Stats,
): { run: BoundRun; pickupTripsMin: number } | null {
  const days = daysHaveTime(boundsUntil - now());
  if (!options.solver || !options.boundRunner || limitMs < 1000) return null;
  // Many small pickups: the worker proves its bounds on like pickups grouped (pickup-groups.ts).
  const own = fleetData(inst, false);
  const { data, groups } = boundData(own);
  if (groups) stats.boundPickupGroups = groups.length;
  const thread = options.boundRunner.start(
    data,
    null,
    // A hint from a plan of the whole instance is no hint for the grouped one.
    groups ? null : (inst.cache?.fleetHint ?? null),
    boundsUntil - now(),
    days,
  );
  if (!thread) return null;
  // Whole trips per pickup, here, on the instance's own pickups, while the worker starts (2-30 ms
  // with two vehicle types; with four and large pickups, their ways to weigh run into seconds).
  const pickupTripsMin = pickupTripsBound(own, { now, deadline: now() + Math.min(300, limitMs * 0.03) });
  if (days) {
    const epochs = timedMinutes(inst);
    thread.epochs(groups ? groupedEpochs(epochs, groups) : epochs);
  }
  return { run: thread, pickupTripsMin };
}

/** Where the search starts: its schedule driven, the assignment it starts from, and how it was made. */
interface Start {
  readonly schedule: Schedule;
  readonly assignment: Assignment;
  readonly method: string;
  /**
   * About how long driving an assignment takes: the start's own drive; after the construction, a
   * quarter of its time (driving again took a tenth to a fifth of it on the 100,000-node families).
   */
  readonly driveMs: number;
}

/**
 * Re-planning starts from the previous plan driven on today's roads; else the search starts from the
 * trip mix, driven once; the construction (the baseline) runs when only it is asked for, when there
 * is no mix, or when the search would get no time (`NO_SEARCH_PER_PREPARE`).
 */
function startingPoint(
  inst: Instance,
  options: PlanOptions,
  { now, searchTime, prepareMs }: { now: () => number; searchTime: number; prepareMs: number },
  stats: Stats,
): Start {
  if (options.warmStart && !options.baseline) {
    const warm = assignmentFromPlan(inst, options.warmStart);
    if (warm) {
      const driving = now();
      const schedule = replay(inst, warm);
      stats.warmStartMakespanMin = round2(schedule.makespan);
      return { schedule, assignment: warm, method: 'warm-start', driveMs: now() - driving };
    }
  }
  // The search starts from the trips of a balanced mix when there is one (see trip-mix.ts), driven
  // once: the fallback plan, and how long driving its best again will take. Not when the time left
  // would leave the search none (`NO_SEARCH_PER_PREPARE`): the construction is then the plan.
  const late = searchTime < NO_SEARCH_PER_PREPARE * prepareMs;
  const mix = options.baseline || late ? null : tripMix(inst, receptionShares(inst));
  const mixed = mix && mixedStart(inst, mix);
  if (mixed) {
    const driving = now();
    const schedule = replay(inst, mixed);
    stats.mixStartMakespanMin = round2(schedule.makespan);
    return { schedule, assignment: mixed, method: 'mix', driveMs: now() - driving };
  }
  const constructing = now();
  const schedule = construct(inst);
  stats.baselineMakespanMin = round2(schedule.makespan);
  const driveMs = (now() - constructing) * 0.25;
  return { schedule, assignment: schedule.assignment, method: 'baseline', driveMs };
}

/**
 * When the time left (less what `whileProving` takes) is under this many times what preparing took,
 * a search started from the mix would get no time, and the plan would be the mix's start as driven.
 * The construction is then the plan: it drives every trip with its reservations, where the mix's
 * start is made on hourly minutes without them (it drove 4-5% worse on two seeds of nine of the
 * 100,000-node families, and up to 27% worse on random direct-leg instances). On the 100,000-node
 * city (preparing in 0.65-0.9 s), limits of 2-7 s left the search nothing after the mix (208.4
 * minutes, against the construction's 198.9); the default 8 s left it time (137.3-138.5 minutes).
 */
const NO_SEARCH_PER_PREPARE = 4;

/** The search from the start, driven again only when it found something better than where it started. */
function search(inst: Instance, start: Start, opts: ImproveOptions, stats: Stats): Schedule {
  const result = improve(inst, start.assignment, opts);
  const improved =
    result.improved || start.assignment !== start.schedule.assignment
      ? replay(inst, result.assignment)
      : start.schedule;
  stats.searchIterations = result.iterations;
  for (const [k, v] of Object.entries(result.moves)) stats[`moves.${k}`] = v;
  stats.searchStaticMakespanMin = round2(result.makespan);
  return improved;
}

/** Every lower bound the plan has proven, and the largest of them. */
function provenBounds(
  problem: ResolvedProblem,
  inst: Instance,
  makespan: number,
  solver: LpSolver | undefined,
  { fleet, network }: { fleet: FleetBounds; network?: NetworkBounds },
  { now, t0, limitMs }: Clock,
  stats: Stats,
): { bounds: LowerBounds; lowerBoundMin: number } {
  if (inst.cache && fleet.fleetMin > 0) inst.cache.fleetHint = fleet.fleetMin;
  // The four views of the fleet's work, each as proven (0: nothing in the time it had).
  stats.fleetTripsMin = round2(fleet.fleetMin);
  stats.fleetDaysMin = round2(fleet.daysMin);
  stats.fleetFlowMin = round2(fleet.flowMin);
  stats.fleetPickupTripsMin = round2(fleet.pickupTripsMin ?? 0);
  // The time-expanded LP only with a tenth of the limit left: one of its solves does not stop at a
  // deadline, and with makespans of 600 minutes the 5% a worker leaves took 2 s.
  const end = t0 + limitMs;
  const lpUntil = end - now() >= limitMs * 0.1 ? end : now();
  const proven = lowerBounds(inst, makespan, solver, fleet, lpUntil, now, network);
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
  return { bounds, lowerBoundMin };
}

/** The fleet bounds a worker proved by the time it was stopped (noted in the plan's stats). */
function fromThread(thread: BoundRun, waitMs: number, stats: Stats): FleetBounds {
  const r = thread.finish(Math.max(0, waitMs));
  stats.boundThread = r.error ? `failed: ${r.error}` : r.finished ? 'finished' : 'stopped at the time limit';
  return r;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
