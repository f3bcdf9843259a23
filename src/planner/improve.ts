import type { Instance } from './instance.js';
import { completion, completionWith, type Assignment, type Trip } from './schedule.js';
import { mulberry32 } from './random.js';
import { squeeze } from './squeeze.js';
import { TripBoard } from './trip-board.js';

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
const DEVIATION = 0.1;
/** The share of the time for the descent on the latest vehicle, before the squeeze. */
const CLIMB = 0.45;

/**
 * Time-boxed local search on the static schedule, always working on the vehicle that finishes last:
 * relocate one of its trips to another vehicle (any position), swap a trip with another vehicle's,
 * send a trip to another reception point, or reorder its own trips. When none of these helps, a
 * large-neighbourhood kick takes the last trip off several of the latest vehicles and reinserts them
 * where each finishes earliest, kept when the makespan does not grow. The best assignment is returned.
 */
export function improve(inst: Instance, start: Assignment, opts: ImproveOptions): ImproveResult {
  const V = inst.vehicles.length;
  const board = new TripBoard(inst, start);
  const { trips, C, seatedRoom, stretcherRoom, types } = board;
  const maxSeats = Math.max(0, ...inst.types.map((t) => t.seats));
  const hasSmallSeats = types.some((t) => t.seats > 0 && t.seats < maxSeats);
  const canCarry = (w: number, t: Trip) => board.canCarry(w, t);
  const moves = {
    polish: 0,
    absorb: 0,
    redistribute: 0,
    relocate: 0,
    swap: 0,
    own: 0,
    perturb: 0,
  };
  const random = mulberry32(opts.seed ?? 1);

  const argmax = () => {
    let best = 0;
    for (let v = 1; v < V; v++) if (C[v]! > C[best]!) best = v;
    return best;
  };
  let bestMakespan = V > 0 ? C[argmax()]! : 0;
  const startMakespan = bestMakespan;
  let bestTrips = board.snapshot();
  let iterations = 0;

  const tryAbsorb = (v: number): boolean => {
    if (!board.absorb(v)) return false;
    moves.absorb++;
    return true;
  };

  const tryRelocate = (v: number): boolean => {
    const cv = C[v]!;
    const list = trips[v]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const trip = list[i]!;
      const without = list.filter((_, k) => k !== i);
      const cvNew = completion(inst, v, without);
      let bestW = -1;
      let bestJ = -1;
      let bestVal = cv - EPS;
      for (let w = 0; w < V; w++) {
        if (w === v || C[w]! >= bestVal || !canCarry(w, trip)) continue;
        const lw = trips[w]!;
        for (let j = lw.length; j >= 0; j--) {
          const cw = completionWith(inst, w, lw, j, trip);
          const val = Math.max(cw, cvNew);
          if (val < bestVal) {
            bestVal = val;
            bestW = w;
            bestJ = j;
          }
        }
      }
      if (bestW >= 0) {
        trips[v] = without;
        trips[bestW]!.splice(bestJ, 0, trip);
        C[v] = cvNew;
        C[bestW] = completion(inst, bestW, trips[bestW]!);
        moves.relocate++;
        return true;
      }
    }
    return false;
  };

  const trySwap = (v: number): boolean => {
    const cv = C[v]!;
    const list = trips[v]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i]!;
      for (let w = 0; w < V; w++) {
        if (w === v || C[w]! >= cv - EPS || !canCarry(w, a)) continue;
        const lw = trips[w]!;
        for (let j = 0; j < lw.length; j++) {
          const b = lw[j]!;
          if (!canCarry(v, b) || (b.p === a.p && b.r === a.r)) continue;
          list[i] = b;
          lw[j] = a;
          const cvNew = completion(inst, v, list);
          const cwNew = cvNew < cv - EPS ? completion(inst, w, lw) : Infinity;
          if (Math.max(cvNew, cwNew) < cv - EPS) {
            C[v] = cvNew;
            C[w] = cwNew;
            moves.swap++;
            return true;
          }
          list[i] = a;
          lw[j] = b;
        }
      }
    }
    return false;
  };

  /** Another reception point or order for v's own trips. */
  const tryOwn = (v: number): boolean => {
    if (!board.shortenOwn(v)) return false;
    moves.own++;
    return true;
  };

  const polish = (): boolean => {
    let changed = false;
    for (let w = 0; w < V; w++) {
      let rounds = 0;
      while (rounds++ < 10 && (tryOwn(w) || tryAbsorb(w))) changed = true;
    }
    if (changed) moves.polish++;
    return changed;
  };

  const snapshot = () => board.snapshot();
  const restore = (saved: Trip[][]) => board.restore(saved);

  /**
   * Puts people of pickup p on vehicles: first into room left on trips already leaving p (free), then
   * in new trips, each where its vehicle finishes earliest, as long as that stays under `limit`.
   * Returns false (leaving what it placed) when a new trip would reach the limit.
   */
  const placePeople = (p: number, need: { seated: number; stretcher: number }, limit: number): boolean => {
    for (let w = 0; w < V && need.seated + need.stretcher > 0; w++)
      for (const u of trips[w]!) {
        if (u.p !== p) continue;
        const s = Math.min(types[w]!.seats - u.seated, need.seated, seatedRoom[u.r]!);
        const z = Math.min(types[w]!.stretchers - u.stretcher, need.stretcher, stretcherRoom[u.r]!);
        if (s > 0) {
          u.seated += s;
          need.seated -= s;
          seatedRoom[u.r]! -= s;
        }
        if (z > 0) {
          u.stretcher += z;
          need.stretcher -= z;
          stretcherRoom[u.r]! -= z;
        }
      }
    // Now and then a remainder smaller than a big vehicle goes in small ones (ambulance seats), which a
    // greedy choice by finishing time alone would never try.
    let small = hasSmallSeats && need.stretcher === 0 && need.seated < maxSeats && random() < 0.5;
    while (need.seated + need.stretcher > 0) {
      let best: { w: number; j: number; trip: Trip; c: number } | null = null;
      let bestKey = limit - EPS;
      for (let w = 0; w < V; w++) {
        const type = types[w]!;
        if (need.stretcher > 0 ? type.stretchers === 0 : type.seats === 0) continue;
        if (small && type.seats >= need.seated && type.seats === maxSeats) continue;
        if (C[w]! >= bestKey) continue;
        const lw = trips[w]!;
        for (let r = 0; r < inst.destinations.length; r++) {
          const z = Math.min(type.stretchers, need.stretcher, stretcherRoom[r]!);
          const s = Math.min(type.seats, need.seated, seatedRoom[r]!);
          if (need.stretcher > 0 ? z === 0 : s === 0) continue;
          const trip: Trip = { p, r, seated: s, stretcher: z };
          for (let j = lw.length; j >= 0; j--) {
            lw.splice(j, 0, trip);
            const c = completion(inst, w, lw);
            lw.splice(j, 1);
            // Ties broken at random, so repeated recreations explore different plans.
            const key = c + random() * 1e-7;
            if (key < bestKey) {
              bestKey = key;
              best = { w, j, trip, c };
            }
          }
        }
      }
      if (!best && small) {
        small = false; // no small vehicle can take them within the limit: any vehicle may
        continue;
      }
      if (!best) return false;
      trips[best.w]!.splice(best.j, 0, best.trip);
      C[best.w] = best.c;
      need.seated -= best.trip.seated;
      need.stretcher -= best.trip.stretcher;
      seatedRoom[best.trip.r]! -= best.trip.seated;
      stretcherRoom[best.trip.r]! -= best.trip.stretcher;
    }
    return true;
  };

  /** Takes one of v's trips off and places its people elsewhere, all vehicles staying under v's time. */
  const tryRedistribute = (v: number): boolean => {
    const cv = C[v]!;
    for (let i = trips[v]!.length - 1; i >= 0; i--) {
      const saved = snapshot();
      const trip = trips[v]![i]!;
      trips[v]!.splice(i, 1);
      seatedRoom[trip.r]! += trip.seated;
      stretcherRoom[trip.r]! += trip.stretcher;
      C[v] = completion(inst, v, trips[v]!);
      if (C[v] < cv - EPS && placePeople(trip.p, { seated: trip.seated, stretcher: trip.stretcher }, cv)) {
        moves.redistribute++;
        return true;
      }
      restore(saved);
    }
    return false;
  };

  /**
   * Ruin and recreate: take trips off some of the latest vehicles (and the part-full trips from the
   * same pickups elsewhere), pool their people per pickup, and load them again in full trips, longest
   * work first, each where it finishes earliest.
   */
  const ruinRecreate = () => {
    // Mostly the latest vehicles; now and then vehicles at random, so the rest of the plan moves too.
    const order = Array.from({ length: V }, (_, v) => v);
    if (random() < 0.3) order.sort(() => random() - 0.5);
    else order.sort((a, b) => C[b]! - C[a]!);
    const k = 1 + Math.floor(random() * Math.min(20, Math.max(1, V / 3)));
    const pool = new Map<number, { seated: number; stretcher: number }>();
    const take = (w: number, i: number) => {
      const t = trips[w]![i]!;
      const e = pool.get(t.p) ?? { seated: 0, stretcher: 0 };
      e.seated += t.seated;
      e.stretcher += t.stretcher;
      pool.set(t.p, e);
      seatedRoom[t.r]! += t.seated;
      stretcherRoom[t.r]! += t.stretcher;
      trips[w]!.splice(i, 1);
    };
    for (const v of order.slice(0, k)) {
      const list = trips[v]!;
      if (list.length === 0) continue;
      take(v, Math.floor(random() * list.length));
      for (let i = list.length - 1; i >= 0; i--) if (random() < 0.25) take(v, i);
      C[v] = completion(inst, v, list);
    }
    for (let w = 0; w < V; w++) {
      const list = trips[w]!;
      let changed = false;
      for (let i = list.length - 1; i >= 0; i--) {
        const t = list[i]!;
        const partial = t.seated < types[w]!.seats || t.stretcher < types[w]!.stretchers;
        if (pool.has(t.p) && partial && random() < 0.5) {
          take(w, i);
          changed = true;
        }
      }
      if (changed) C[w] = completion(inst, w, list);
    }
    const work = (p: number) => Math.min(...inst.toDestination[p]!);
    const demands = [...pool.entries()].sort((a, b) => work(b[0]) - work(a[0]));
    for (const [p, need] of demands)
      if (!placePeople(p, need, Infinity))
        throw new Error(`ruin and recreate: no vehicle can take the people of pickup ${p}`);
    moves.perturb++;
  };

  // The first part of the time on the latest vehicle; the rest on a target below the best (squeeze).
  const climbUntil = opts.now() + (opts.deadline - opts.now()) * CLIMB;
  while (V > 0 && opts.now() < climbUntil) {
    iterations++;
    const v = argmax();
    if (tryAbsorb(v) || tryRelocate(v) || trySwap(v) || tryOwn(v) || tryRedistribute(v)) {
      const m = C[argmax()]!;
      if (m < bestMakespan - EPS) {
        bestMakespan = m;
        bestTrips = snapshot();
      }
      continue;
    }
    // Shorten every vehicle's own day where it can (another reception point, another order, its part
    // trips absorbed elsewhere): never raises the makespan, and leaves room for the next moves.
    if (polish()) continue;
    // A local optimum for the latest vehicle: ruin and recreate, kept unless the makespan went more
    // than a few per cent over the best so far (record-to-record travel, to leave the local optimum).
    const saved = snapshot();
    ruinRecreate();
    const after = C[argmax()]!;
    if (after > bestMakespan * (1 + DEVIATION) + EPS) restore(saved);
    else if (after < bestMakespan - EPS) {
      bestMakespan = after;
      bestTrips = snapshot();
    }
  }
  const squeezed =
    V > 0 && opts.now() < opts.deadline
      ? squeeze(inst, bestTrips, { deadline: opts.deadline, now: opts.now, random })
      : null;
  const allMoves: Record<string, number> = { ...moves };
  if (squeezed) {
    for (const [k, n] of Object.entries(squeezed.moves)) allMoves[`squeeze.${k}`] = n;
    if (squeezed.makespan < bestMakespan - EPS) {
      bestMakespan = squeezed.makespan;
      bestTrips = squeezed.trips;
    }
  }
  return {
    assignment: bestTrips.map((l) => l.map((t) => ({ ...t }))),
    makespan: bestMakespan,
    iterations,
    improved: bestMakespan < startMakespan - EPS,
    moves: allMoves,
  };
}
