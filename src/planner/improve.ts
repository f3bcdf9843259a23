import type { Instance } from './instance.js';
import { completion, completionWith, type Assignment, type Trip } from './schedule.js';
import { mulberry32 } from './random.js';
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
  const trips: Trip[][] = start.map((list) => list.map((t) => ({ ...t })));
  const C = Float64Array.from(trips, (list, v) => completion(inst, v, list));
  const seatedRoom = inst.destinations.map((r) => r.seatedCapacity);
  const stretcherRoom = inst.destinations.map((r) => r.stretcherCapacity);
  for (const list of trips)
    for (const t of list) {
      seatedRoom[t.r]! -= t.seated;
      stretcherRoom[t.r]! -= t.stretcher;
    }
  const types = inst.vehicles.map((v) => inst.types[v.type]!);
  const maxSeats = Math.max(0, ...inst.types.map((t) => t.seats));
  const hasSmallSeats = types.some((t) => t.seats > 0 && t.seats < maxSeats);
  const canCarry = (w: number, t: Trip) => types[w]!.seats >= t.seated && types[w]!.stretchers >= t.stretcher;
  const moves = {
    polish: 0,
    absorb: 0,
    redistribute: 0,
    relocate: 0,
    swap: 0,
    destination: 0,
    reorder: 0,
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
  let bestTrips = trips.map((l) => l.map((t) => ({ ...t })));
  let iterations = 0;

  /** Drops one of v's trips when other vehicles' trips from the same pickup have room for its people. */
  const tryAbsorb = (v: number): boolean => {
    const list = trips[v]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const trip = list[i]!;
      const hosts: [Trip, number, number][] = [];
      let seats = 0;
      let stretchers = 0;
      for (let w = 0; w < V; w++) {
        if (w === v) continue;
        for (const u of trips[w]!) {
          if (u.p !== trip.p) continue;
          const s = Math.min(types[w]!.seats - u.seated, u.r === trip.r ? Infinity : seatedRoom[u.r]!);
          const z = Math.min(
            types[w]!.stretchers - u.stretcher,
            u.r === trip.r ? Infinity : stretcherRoom[u.r]!,
          );
          if (s <= 0 && z <= 0) continue;
          hosts.push([u, Math.max(0, s), Math.max(0, z)]);
          seats += Math.max(0, s);
          stretchers += Math.max(0, z);
        }
      }
      if (seats < trip.seated || stretchers < trip.stretcher) continue;
      const without = list.filter((_, k) => k !== i);
      const cvNew = completion(inst, v, without);
      if (cvNew >= C[v]! - EPS) continue;
      let restSeated = trip.seated;
      let restStretcher = trip.stretcher;
      seatedRoom[trip.r]! += trip.seated;
      stretcherRoom[trip.r]! += trip.stretcher;
      const done: [Trip, number, number][] = [];
      for (const [u, s, z] of hosts) {
        const a = Math.min(s, restSeated, seatedRoom[u.r]!);
        const b = Math.min(z, restStretcher, stretcherRoom[u.r]!);
        u.seated += a;
        u.stretcher += b;
        seatedRoom[u.r]! -= a;
        stretcherRoom[u.r]! -= b;
        restSeated -= a;
        restStretcher -= b;
        done.push([u, a, b]);
      }
      if (restSeated > 0 || restStretcher > 0) {
        // Hosts bound for the same reception point shared its room: undo, try the next trip.
        for (const [u, a, b] of done) {
          u.seated -= a;
          u.stretcher -= b;
          seatedRoom[u.r]! += a;
          stretcherRoom[u.r]! += b;
        }
        seatedRoom[trip.r]! -= trip.seated;
        stretcherRoom[trip.r]! -= trip.stretcher;
        continue;
      }
      trips[v] = without;
      C[v] = cvNew;
      moves.absorb++;
      return true;
    }
    return false;
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

  const tryDestination = (v: number): boolean => {
    const cv = C[v]!;
    const list = trips[v]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const trip = list[i]!;
      const old = trip.r;
      for (let r = 0; r < inst.destinations.length; r++) {
        if (r === old || seatedRoom[r]! < trip.seated || stretcherRoom[r]! < trip.stretcher) continue;
        trip.r = r;
        const cvNew = completion(inst, v, list);
        if (cvNew < cv - EPS) {
          seatedRoom[old]! += trip.seated;
          stretcherRoom[old]! += trip.stretcher;
          seatedRoom[r]! -= trip.seated;
          stretcherRoom[r]! -= trip.stretcher;
          C[v] = cvNew;
          moves.destination++;
          return true;
        }
        trip.r = old;
      }
    }
    return false;
  };

  const tryReorder = (v: number): boolean => {
    const list = trips[v]!;
    const cv = C[v]!;
    for (let i = 0; i < list.length; i++)
      for (let j = 0; j < list.length; j++) {
        if (i === j) continue;
        const moved = list.slice();
        const [t] = moved.splice(i, 1);
        moved.splice(j, 0, t!);
        const c = completion(inst, v, moved);
        if (c < cv - EPS) {
          trips[v] = moved;
          C[v] = c;
          moves.reorder++;
          return true;
        }
      }
    return false;
  };

  const polish = (): boolean => {
    let changed = false;
    for (let w = 0; w < V; w++) {
      let rounds = 0;
      while (rounds++ < 10 && (tryDestination(w) || tryReorder(w) || tryAbsorb(w))) changed = true;
    }
    if (changed) moves.polish++;
    return changed;
  };

  const snapshot = () => trips.map((l) => l.map((t) => ({ ...t })));
  const restore = (saved: Trip[][]) => {
    for (let w = 0; w < V; w++) {
      trips[w] = saved[w]!.map((t) => ({ ...t }));
      C[w] = completion(inst, w, trips[w]!);
    }
    resetRooms(trips, seatedRoom, stretcherRoom, inst);
  };

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
    if (
      tryAbsorb(v) ||
      tryRelocate(v) ||
      trySwap(v) ||
      tryDestination(v) ||
      tryReorder(v) ||
      tryRedistribute(v)
    ) {
      const m = C[argmax()]!;
      if (m < bestMakespan - EPS) {
        bestMakespan = m;
        bestTrips = trips.map((l) => l.map((t) => ({ ...t })));
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

function resetRooms(trips: Trip[][], seated: number[], stretcher: number[], inst: Instance) {
  inst.destinations.forEach((r, i) => {
    seated[i] = r.seatedCapacity;
    stretcher[i] = r.stretcherCapacity;
  });
  for (const list of trips)
    for (const t of list) {
      seated[t.r]! -= t.seated;
      stretcher[t.r]! -= t.stretcher;
    }
}
