import type { Instance } from './instance.js';
import { completion, completionWith, type Trip } from './schedule.js';
import { TripBoard } from './trip-board.js';

export interface SqueezeOptions {
  readonly deadline: number;
  readonly now: () => number;
  readonly random: () => number;
  /** How far below the best makespan the target lies (a fraction of it). */
  readonly gap?: number;
}

export interface SqueezeResult {
  readonly trips: Trip[][];
  readonly makespan: number;
  readonly moves: Record<
    'relocate' | 'swap' | 'tails' | 'own' | 'trade' | 'absorb' | 'perturb' | 'target',
    number
  >;
}

const EPS = 1e-9;
/** Weight of the vehicles' total time against their time over the target. */
const WORK = 1e-2;
/** Vehicles (at random) whose own time the search tries to cut when no late vehicle can be helped. */
const WORK_PASS = 50;

/**
 * Local search for a target makespan T a little below the best found: it lowers the total time the
 * vehicles run past T (over all of them, not only the latest), and among moves that leave that total,
 * the vehicles' total time (which makes room for the next moves). When every vehicle finishes by T the
 * plan is the new best and T moves down. Moves: a trip to another vehicle, two trips exchanged, the
 * tails of two vehicles' days exchanged (after any trip), another reception point or order for a
 * vehicle's own trips, and a part-full trip's people taken by other trips from the same pickup. When
 * no move helps, some trips are taken off and put back where they cost least.
 */
export function squeeze(inst: Instance, start: readonly Trip[][], opts: SqueezeOptions): SqueezeResult {
  const V = start.length;
  const board = new TripBoard(inst, start);
  const { trips, C, seatedRoom, stretcherRoom, types } = board;
  const canCarry = (w: number, t: Trip) => board.canCarry(w, t);
  const moves = { relocate: 0, swap: 0, tails: 0, own: 0, trade: 0, absorb: 0, perturb: 0, target: 0 };
  const gap = opts.gap ?? 0.02;
  const random = opts.random;

  const max = () => board.max();
  const snapshot = () => board.snapshot();
  let best = max();
  let bestTrips = snapshot();
  let T = best * (1 - gap);
  const cost = (c: number) => (c > T ? c - T : 0) + WORK * c;

  const relocate = (v: number): boolean => {
    const lv = trips[v]!;
    const before = cost(C[v]!);
    let bestGain = EPS;
    let move: { i: number; w: number; j: number; cv: number; cw: number } | null = null;
    for (let i = 0; i < lv.length; i++) {
      const trip = lv[i]!;
      const rest = lv.filter((_, k) => k !== i);
      const cv = completion(inst, v, rest);
      const gainV = before - cost(cv);
      if (gainV <= bestGain) continue;
      for (let w = 0; w < V; w++) {
        if (w === v || !canCarry(w, trip)) continue;
        const lw = trips[w]!;
        const cw0 = cost(C[w]!);
        for (let j = 0; j <= lw.length; j++) {
          const cw = completionWith(inst, w, lw, j, trip);
          const gain = gainV - (cost(cw) - cw0);
          if (gain > bestGain) {
            bestGain = gain;
            move = { i, w, j, cv, cw };
          }
        }
      }
    }
    if (!move) return false;
    const [trip] = lv.splice(move.i, 1);
    trips[move.w]!.splice(move.j, 0, trip!);
    C[v] = move.cv;
    C[move.w] = move.cw;
    moves.relocate++;
    return true;
  };

  const swap = (v: number): boolean => {
    const lv = trips[v]!;
    const before = cost(C[v]!);
    for (let i = 0; i < lv.length; i++) {
      const a = lv[i]!;
      for (let w = 0; w < V; w++) {
        if (w === v || !canCarry(w, a)) continue;
        const lw = trips[w]!;
        const beforeW = cost(C[w]!);
        for (let j = 0; j < lw.length; j++) {
          const b = lw[j]!;
          if (!canCarry(v, b) || (b.p === a.p && b.r === a.r)) continue;
          lv[i] = b;
          const cv = completion(inst, v, lv);
          const gainV = before - cost(cv);
          if (gainV > EPS) {
            lw[j] = a;
            const cw = completion(inst, w, lw);
            if (gainV - (cost(cw) - beforeW) > EPS) {
              C[v] = cv;
              C[w] = cw;
              moves.swap++;
              return true;
            }
            lw[j] = b;
          }
          lv[i] = a;
        }
      }
    }
    return false;
  };

  /** v keeps its first `a` trips and takes w's from `b` on; w keeps its first `b` and takes v's rest. */
  const tails = (v: number): boolean => {
    const lv = trips[v]!;
    const before = cost(C[v]!);
    for (let a = 0; a < lv.length; a++) {
      const restV = lv.slice(a);
      for (let w = 0; w < V; w++) {
        if (w === v) continue;
        const lw = trips[w]!;
        if (!restV.every((t) => canCarry(w, t))) continue;
        const beforeW = cost(C[w]!);
        for (let b = 0; b <= lw.length; b++) {
          const restW = lw.slice(b);
          if (restW.length === 0 && a === lv.length) continue;
          if (!restW.every((t) => canCarry(v, t))) continue;
          const nv = lv.slice(0, a).concat(restW);
          const cv = completion(inst, v, nv);
          const gainV = before - cost(cv);
          if (gainV <= EPS) continue;
          const nw = lw.slice(0, b).concat(restV);
          const cw = completion(inst, w, nw);
          if (gainV - (cost(cw) - beforeW) > EPS) {
            trips[v] = nv;
            trips[w] = nw;
            C[v] = cv;
            C[w] = cw;
            moves.tails++;
            return true;
          }
        }
      }
    }
    return false;
  };

  const own = (v: number): boolean => {
    if (!board.shortenOwn(v)) return false;
    moves.own++;
    return true;
  };

  /**
   * Two trips trade reception points (one of v's, one of another vehicle's): when the nearest reception
   * point is full, a trip can only go there if another trip leaves it.
   */
  const trade = (v: number): boolean => {
    const lv = trips[v]!;
    const before = cost(C[v]!);
    for (const a of lv) {
      const ra = a.r;
      for (let w = 0; w < V; w++) {
        if (w === v) continue;
        const lw = trips[w]!;
        for (const u of lw) {
          const ru = u.r;
          if (ru === ra) continue;
          if (
            seatedRoom[ra]! + a.seated - u.seated < 0 ||
            stretcherRoom[ra]! + a.stretcher - u.stretcher < 0 ||
            seatedRoom[ru]! + u.seated - a.seated < 0 ||
            stretcherRoom[ru]! + u.stretcher - a.stretcher < 0
          )
            continue;
          a.r = ru;
          const cv = completion(inst, v, lv);
          const gainV = before - cost(cv);
          if (gainV > EPS) {
            u.r = ra;
            const cw = completion(inst, w, lw);
            if (gainV - (cost(cw) - cost(C[w]!)) > EPS) {
              seatedRoom[ra]! += a.seated - u.seated;
              stretcherRoom[ra]! += a.stretcher - u.stretcher;
              seatedRoom[ru]! += u.seated - a.seated;
              stretcherRoom[ru]! += u.stretcher - a.stretcher;
              C[v] = cv;
              C[w] = cw;
              moves.trade++;
              return true;
            }
            u.r = ru;
          }
          a.r = ra;
        }
      }
    }
    return false;
  };

  const absorb = (v: number): boolean => {
    if (!board.absorb(v)) return false;
    moves.absorb++;
    return true;
  };

  /** Takes some trips off and puts their people back, trip by trip, where they cost least. */
  const perturb = () => {
    const over: number[] = [];
    for (let v = 0; v < V; v++) if (C[v]! > T) over.push(v);
    const pool = new Map<number, { seated: number; stretcher: number }>();
    const take = (w: number, i: number) => {
      const [t] = trips[w]!.splice(i, 1);
      const e = pool.get(t!.p) ?? { seated: 0, stretcher: 0 };
      e.seated += t!.seated;
      e.stretcher += t!.stretcher;
      pool.set(t!.p, e);
      seatedRoom[t!.r]! += t!.seated;
      stretcherRoom[t!.r]! += t!.stretcher;
    };
    const k = 2 + Math.floor(random() * 10);
    for (let n = 0; n < k; n++) {
      const v =
        over.length && random() < 0.7 ? over[Math.floor(random() * over.length)]! : Math.floor(random() * V);
      if (trips[v]!.length === 0) continue;
      take(v, Math.floor(random() * trips[v]!.length));
      C[v] = completion(inst, v, trips[v]!);
    }
    const work = (p: number) => Math.min(...inst.toDestination[p]!);
    for (const [p, need] of [...pool.entries()].sort((a, b) => work(b[0]) - work(a[0])))
      while (need.seated + need.stretcher > 0) {
        let bestKey = Infinity;
        let pick: { w: number; j: number; trip: Trip; c: number } | null = null;
        for (let w = 0; w < V; w++) {
          const type = types[w]!;
          if (need.stretcher > 0 ? type.stretchers === 0 : type.seats === 0) continue;
          const lw = trips[w]!;
          const base = cost(C[w]!);
          for (let r = 0; r < inst.destinations.length; r++) {
            const z = Math.min(type.stretchers, need.stretcher, stretcherRoom[r]!);
            const s = Math.min(type.seats, need.seated, seatedRoom[r]!);
            if (need.stretcher > 0 ? z === 0 : s === 0) continue;
            const trip: Trip = { p, r, seated: s, stretcher: z };
            // Cost per person carried, so a big vehicle's trip is not passed over for a small one's.
            for (let j = 0; j <= lw.length; j++) {
              const c = completionWith(inst, w, lw, j, trip);
              const key = (cost(c) - base) / (s + z) + random() * 1e-7;
              if (key < bestKey) {
                bestKey = key;
                pick = { w, j, trip, c };
              }
            }
          }
        }
        if (!pick) throw new Error(`squeeze: no vehicle can take the people of pickup ${p}`);
        trips[pick.w]!.splice(pick.j, 0, pick.trip);
        C[pick.w] = pick.c;
        need.seated -= pick.trip.seated;
        need.stretcher -= pick.trip.stretcher;
        seatedRoom[pick.trip.r]! -= pick.trip.seated;
        stretcherRoom[pick.trip.r]! -= pick.trip.stretcher;
      }
    moves.perturb++;
  };

  const restore = (saved: Trip[][]) => board.restore(saved);
  const overflow = () => {
    let f = 0;
    for (let v = 0; v < V; v++) if (C[v]! > T) f += C[v]! - T;
    return f;
  };

  while (V > 0 && opts.now() < opts.deadline) {
    const m = max();
    if (m < best - EPS) {
      best = m;
      bestTrips = snapshot();
    }
    if (m <= T + EPS) {
      T = m * (1 - gap);
      moves.target++;
    }
    const over: number[] = [];
    for (let v = 0; v < V; v++) if (C[v]! > T) over.push(v);
    over.sort((a, b) => C[b]! - C[a]!);
    let changed = false;
    for (const v of over) {
      if (opts.now() >= opts.deadline) break;
      if (absorb(v) || own(v) || relocate(v) || swap(v) || tails(v) || trade(v)) changed = true;
    }
    if (changed) continue;
    // Nothing helps the late vehicles: shorten the others' days (their total), which makes room.
    for (let n = 0; n < WORK_PASS && opts.now() < opts.deadline; n++) {
      const v = Math.floor(random() * V);
      if (C[v]! <= T && (own(v) || swap(v) || tails(v) || relocate(v))) changed = true;
    }
    if (changed) continue;
    const saved = snapshot();
    const f = overflow();
    perturb();
    if (overflow() > f * 1.05 + EPS) restore(saved);
  }
  const m = max();
  if (m < best - EPS) {
    best = m;
    bestTrips = snapshot();
  }
  return { trips: bestTrips, makespan: best, moves };
}
