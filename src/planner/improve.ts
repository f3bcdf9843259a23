import { exhaustive, smallEnough } from './exhaustive.js';
import type { Instance } from './instance.js';
import { LatestVehicleSearch } from './latest-vehicle.js';
import { mulberry32 } from './random.js';
import type { Assignment } from './schedule.js';
import { squeeze } from './squeeze.js';

export interface ImproveOptions {
  /** Stop when `now()` passes this (milliseconds, same clock as `now`). */
  readonly deadline: number;
  readonly now: () => number;
  readonly seed?: number;
}

export interface ImproveResult {
  readonly assignment: Assignment;
  readonly makespan: number;
  readonly iterations: number;
  /** Whether the result is better than the start (by static times). */
  readonly improved: boolean;
  readonly moves: Record<string, number>;
}

const EPS = 1e-9;
/** The share of the time for the descent on the latest vehicle, before the squeeze. */
const CLIMB = 0.45;
/**
 * On a small instance, the shares of the time for the local search, then the exhaustive one (which
 * ends early once it has seen every schedule of its kind); what it leaves goes to the squeeze again.
 */
const LOCAL_WHEN_SMALL = 0.3;
const EXHAUSTIVE_WHEN_SMALL = 0.3;

/**
 * Time-boxed local search on the static schedule, always working on the vehicle that finishes last:
 * relocate one of its trips to another vehicle (any position), swap a trip with another vehicle's,
 * send a trip to another reception point, or reorder its own trips. When none of these helps, a
 * large-neighbourhood kick takes the last trip off several of the latest vehicles and reinserts them
 * where each finishes earliest, kept unless the makespan goes more than a set share over the best (the
 * search may climb out of a local optimum; `latest-vehicle.ts`). The rest
 * of the time goes to the squeeze (`squeeze.ts`) from the best assignment found. On a small instance
 * these have part of the time, then a search of every schedule (`exhaustive.ts`) bounded by the best
 * found, then the squeeze again. The best assignment is returned.
 */
export function improve(inst: Instance, start: Assignment, opts: ImproveOptions): ImproveResult {
  const random = mulberry32(opts.seed ?? 1);
  const search = new LatestVehicleSearch(inst, start, random);
  const V = inst.vehicles.length;
  const startMakespan = search.bestMakespan;
  const small = V > 0 && smallEnough(inst);
  const window = opts.deadline - opts.now();
  const localUntil = small ? opts.now() + window * LOCAL_WHEN_SMALL : opts.deadline;
  // The first part of the time on the latest vehicle; the rest on a target below the best (squeeze).
  const climbUntil = opts.now() + (localUntil - opts.now()) * CLIMB;
  while (V > 0 && opts.now() < climbUntil) search.iterate();
  let { bestMakespan, bestTrips } = search;
  const squeezed =
    V > 0 && opts.now() < localUntil
      ? squeeze(inst, bestTrips, { deadline: localUntil, now: opts.now, random })
      : null;
  const allMoves: Record<string, number> = { ...search.moves };
  if (squeezed) {
    for (const [k, n] of Object.entries(squeezed.moves)) allMoves[`squeeze.${k}`] = n;
    if (squeezed.makespan < bestMakespan - EPS) {
      bestMakespan = squeezed.makespan;
      bestTrips = squeezed.trips;
    }
  }
  if (small) {
    // Every schedule of the search's kind, bounded by the best found; then the squeeze goes on from
    // the best.
    const all = exhaustive(inst, bestMakespan, localUntil + window * EXHAUSTIVE_WHEN_SMALL, opts.now);
    allMoves['exhaustive.nodes'] = all.nodes;
    allMoves['exhaustive.complete'] = all.complete ? 1 : 0;
    if (all.assignment) {
      bestMakespan = all.makespan;
      bestTrips = all.assignment;
    }
    // Its schedules load as full as allowed: a plan that carries fewer somewhere may still be better.
    const more =
      opts.now() < opts.deadline
        ? squeeze(inst, bestTrips, { deadline: opts.deadline, now: opts.now, random })
        : null;
    if (more) {
      for (const [k, n] of Object.entries(more.moves))
        allMoves[`squeeze.${k}`] = (allMoves[`squeeze.${k}`] ?? 0) + n;
      if (more.makespan < bestMakespan - EPS) {
        bestMakespan = more.makespan;
        bestTrips = more.trips;
      }
    }
  }
  return {
    assignment: bestTrips.map((l) => l.map((t) => ({ ...t }))),
    makespan: bestMakespan,
    iterations: search.iterations,
    improved: bestMakespan < startMakespan - EPS,
    moves: allMoves,
  };
}
