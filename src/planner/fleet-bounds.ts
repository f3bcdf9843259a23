import { fleetWorkloadBound, type FleetData, type FleetLimits, type TimedMinutes } from './bounds.js';
import { flowWorkloadBound } from './flow-bound.js';
import type { LpSolver } from './lp.js';
import { vehicleDaysBound } from './days-bound.js';

/**
 * The views of the fleet's work, each a proof on its own (0 where nothing was proven): three proven
 * here (or in a worker), and whole trips per pickup where the instance's own data is at hand.
 */
export interface FleetBounds {
  /** Vehicles flowing between places (an LP). */
  readonly flowMin: number;
  /** Whole trips in bins of M (LP, then MIPs). */
  readonly fleetMin: number;
  /** Whole days of single vehicles, with timed hazards and reception capacities (column generation). */
  readonly daysMin: number;
  /**
   * Whole trips per pickup, from each pickup's own times (`pickup-trips.ts`): proven where the
   * instance's own data is at hand (the planner's thread, not the worker, which may get pickups grouped).
   */
  readonly pickupTripsMin?: number;
}

export interface FleetRun {
  readonly deadline: number;
  readonly now: () => number;
  /** A makespan known to be reachable (the whole-trip search stays below it), if any. */
  readonly highMin?: number;
  /** The last whole-trip bound on the same network (re-planning). */
  readonly hintMin: number | null;
  /** The whole-trip MIPs' time limits and presolve (see `FleetLimits`; with vehicle days, presolve only). */
  readonly mip?: Pick<FleetLimits, 'mipSec' | 'mipMaxSec' | 'presolve'>;
  /** The flow LP first (no worker: it is cheap and proven whatever the time) or last, with time left. */
  readonly flowFirst: boolean;
  /**
   * The timed minutes, where `data` left them out to start sooner (a worker gets them after its
   * start); asked for when vehicle days start, null if they never came (days then see static minutes).
   */
  readonly epochs?: () => readonly TimedMinutes[] | null;
  /** Hears of every bound as it is proven. */
  readonly onNews?: (news: Partial<FleetBounds>) => void;
}

/**
 * A bound run this long is made for vehicle days: the whole-trip LP's threshold to the minute, then
 * vehicle days from there (their first proof 2-4 s later on the 100,000-node city). A shorter run has
 * the whole-trip MIPs in fine steps, then days with what is left (re-planning on the large instance:
 * nothing; small instances, whose MIPs finish: most of it). The MIPs' two-minute steps before days
 * (0.3 s each, ending at the first step not ruled out) took 1-2.5 s of the worker's time and ruled out
 * nothing more than the LP on the city, 1,000 pickups, sparse closures, buses only and 25 pickups (2
 * minutes more with 600-minute makespans, once in two runs); in 5.5 s without them, days ruled out
 * 128.25 against 122.5-123.25 with 1,000 pickups, the same or a little more elsewhere.
 */
const DAYS_FROM_MS = 4_000;

/** Whether a bound run of `budgetMs` has vehicle days (after the whole-trip LP). */
export function daysHaveTime(budgetMs: number): boolean {
  return budgetMs >= DAYS_FROM_MS;
}

/**
 * Proves the fleet bounds until the deadline: the whole-trip LP or MIPs first (see `DAYS_FROM_MS`), then
 * vehicle days from where they ended, and the flow LP first or last.
 */
export function proveFleetBounds(data: FleetData, solver: LpSolver, run: FleetRun): FleetBounds {
  const { now, deadline } = run;
  const news = run.onNews ?? (() => undefined);
  let flowMin = 0;
  if (run.flowFirst) news({ flowMin: (flowMin = flowWorkloadBound(data, solver)) });
  const days = daysHaveTime(deadline - now());
  const fleetMin = fleetWorkloadBound(
    data,
    solver,
    run.highMin,
    days
      ? { deadline, now, presolve: run.mip?.presolve ?? false, lpOnly: true }
      : { deadline, now, ...run.mip },
    run.hintMin,
    (m) => news({ fleetMin: m }),
  );
  news({ fleetMin });
  const daysMin =
    now() < deadline
      ? vehicleDaysBound(
          { ...data, epochs: run.epochs?.() ?? data.epochs },
          solver,
          Math.max(fleetMin, flowMin),
          {
            deadline,
            now,
            ...(run.highMin === undefined ? {} : { highMin: run.highMin }),
            onProof: (m) => news({ daysMin: m }),
          },
        )
      : 0;
  if (!run.flowFirst && now() < deadline) news({ flowMin: (flowMin = flowWorkloadBound(data, solver)) });
  return { flowMin, fleetMin, daysMin };
}
