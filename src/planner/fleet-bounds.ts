import { fleetWorkloadBound, type FleetData, type FleetLimits } from './bounds.js';
import { flowWorkloadBound } from './flow-bound.js';
import type { LpSolver } from './lp.js';
import { vehicleDaysBound } from './days-bound.js';

/** The three views of the fleet's work, each a proof on its own (0 where nothing was proven). */
export interface FleetBounds {
  /** Vehicles flowing between places (an LP). */
  readonly flowMin: number;
  /** Whole trips in bins of M (LP, then MIPs). */
  readonly fleetMin: number;
  /** Whole days of single vehicles, with timed hazards and reception capacities (column generation). */
  readonly daysMin: number;
}

export interface FleetRun {
  readonly deadline: number;
  readonly now: () => number;
  /** A makespan known to be reachable (the whole-trip search stays below it), if any. */
  readonly highMin?: number;
  /** The last whole-trip bound on the same network (re-planning). */
  readonly hintMin: number | null;
  /** The whole-trip MIPs' time limits and presolve (see `FleetLimits`). */
  readonly mip?: Pick<FleetLimits, 'mipSec' | 'mipMaxSec' | 'presolve'>;
  /** The flow LP first (no worker: it is cheap and proven whatever the time) or last, with time left. */
  readonly flowFirst: boolean;
  /** Hears of every bound as it is proven. */
  readonly onNews?: (news: Partial<FleetBounds>) => void;
}

/**
 * The whole-trip MIPs' time at least (of a longer budget, 45%). On the large instance they reached
 * 115.9 in 2.8 s on seed 1 and 131 in 5.8 s on seed 9, within the 7 s a plan of 8 s leaves them;
 * vehicle days need 3-4 s for their first proof there, so they start only in longer budgets.
 */
const MIP_MS = 7_000;

/** Whether a bound run of `budgetMs` leaves vehicle days any time (after the MIPs' share). */
export function daysHaveTime(budgetMs: number): boolean {
  return budgetMs > MIP_MS;
}

/**
 * Proves the fleet bounds until the deadline: the whole-trip MIPs first, then vehicle days from where
 * they ended (days rule out more: seed 1 118.5 against 115.9, seed 9 133.25 against 131, given 8-9 s
 * more), and the flow LP first or last.
 */
export function proveFleetBounds(data: FleetData, solver: LpSolver, run: FleetRun): FleetBounds {
  const { now, deadline } = run;
  const news = run.onNews ?? (() => undefined);
  let flowMin = 0;
  if (run.flowFirst) news({ flowMin: (flowMin = flowWorkloadBound(data, solver)) });
  const split = Math.min(deadline, now() + Math.max(MIP_MS, (deadline - now()) * 0.45));
  const fleetMin = fleetWorkloadBound(
    data,
    solver,
    run.highMin,
    { deadline: split, now, ...run.mip },
    run.hintMin,
    (m) => news({ fleetMin: m }),
  );
  news({ fleetMin });
  const daysMin = vehicleDaysBound(data, solver, Math.max(fleetMin, flowMin), {
    deadline,
    now,
    ...(run.highMin === undefined ? {} : { highMin: run.highMin }),
    onProof: (m) => news({ daysMin: m }),
  });
  if (!run.flowFirst && now() < deadline) news({ flowMin: (flowMin = flowWorkloadBound(data, solver)) });
  return { flowMin, fleetMin, daysMin };
}
