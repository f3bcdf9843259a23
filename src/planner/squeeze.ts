import type { Instance } from './instance.js';
import { completion, completionWith, tripEnds, type Trip } from './schedule.js';
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
  const search = new Squeeze(inst, start, opts.random, opts.gap ?? 0.02);
  const timeLeft = () => opts.now() < opts.deadline;
  while (V > 0 && timeLeft()) search.round(timeLeft);
  search.keepIfBest();
  return { trips: search.bestTrips, makespan: search.best, moves: search.moves };
}

/** A trip to insert: on vehicle w before position j, ending its day at c. */
type Insertion = { w: number; j: number; trip: Trip; c: number };

/** The squeeze's state (see `squeeze`): the board, the target T, the best plan seen, and its moves. */
class Squeeze {
  readonly moves = { relocate: 0, swap: 0, tails: 0, own: 0, trade: 0, absorb: 0, perturb: 0, target: 0 };
  best: number;
  bestTrips: Trip[][];
  private readonly V: number;
  private readonly board: TripBoard;
  /** The target makespan: a little below the best. */
  private T: number;

  constructor(
    private readonly inst: Instance,
    start: readonly Trip[][],
    private readonly random: () => number,
    private readonly gap: number,
  ) {
    this.V = start.length;
    this.board = new TripBoard(inst, start);
    this.best = this.board.max();
    this.bestTrips = this.board.snapshot();
    this.T = this.best * (1 - gap);
  }

  /**
   * One round: a new best (and a lower target once every vehicle is in by T); then the moves that
   * help the vehicles over T, latest first; else the moves that shorten other vehicles' days; else a
   * perturbation, undone when it leaves much more time over T.
   */
  round(timeLeft: () => boolean): void {
    const m = this.keepIfBest();
    if (m <= this.T + EPS) {
      this.T = m * (1 - this.gap);
      this.moves.target++;
    }
    if (this.helpLate(timeLeft)) return;
    if (this.shortenOthers(timeLeft)) return;
    const saved = this.board.snapshot();
    const f = this.overflow();
    this.perturb();
    if (this.overflow() > f * 1.05 + EPS) this.board.restore(saved);
  }

  /** Keeps the plan when it is the best so far; returns its makespan. */
  keepIfBest(): number {
    const m = this.board.max();
    if (m < this.best - EPS) {
      this.best = m;
      this.bestTrips = this.board.snapshot();
    }
    return m;
  }

  /** The moves on each vehicle over T, the latest first. */
  private helpLate(timeLeft: () => boolean): boolean {
    const { C } = this.board;
    const over: number[] = [];
    for (let v = 0; v < this.V; v++) if (C[v]! > this.T) over.push(v);
    over.sort((a, b) => C[b]! - C[a]!);
    let changed = false;
    for (const v of over) {
      if (!timeLeft()) break;
      if (this.absorb(v) || this.own(v) || this.relocate(v) || this.swap(v) || this.tails(v) || this.trade(v))
        changed = true;
    }
    return changed;
  }

  /** Nothing helps the late vehicles: shorten the others' days (their total), which makes room. */
  private shortenOthers(timeLeft: () => boolean): boolean {
    let changed = false;
    for (let n = 0; n < WORK_PASS && timeLeft(); n++) {
      const v = Math.floor(this.random() * this.V);
      if (this.board.C[v]! <= this.T && (this.own(v) || this.swap(v) || this.tails(v) || this.relocate(v)))
        changed = true;
    }
    return changed;
  }

  /** What a vehicle's completion c costs: its time over T, and a little of all its time. */
  private cost(c: number): number {
    return (c > this.T ? c - this.T : 0) + WORK * c;
  }

  /** The vehicles' total time over T. */
  private overflow(): number {
    const { C } = this.board;
    let f = 0;
    for (let v = 0; v < this.V; v++) if (C[v]! > this.T) f += C[v]! - this.T;
    return f;
  }
  /** One of v's trips to the vehicle and position where moving it lowers the total cost most. */
  private relocate(v: number): boolean {
    const { inst, board, V } = this;
    const { trips, C } = board;
    const lv = trips[v]!;
    const before = this.cost(C[v]!);
    let bestGain = EPS;
    let move: { i: number; w: number; j: number; cv: number; cw: number } | null = null;
    // Where each other vehicle's trips end, once per call (no list changes until the move).
    const ends: (Float64Array | undefined)[] = [];
    for (let i = 0; i < lv.length; i++) {
      const trip = lv[i]!;
      const rest = lv.filter((_, k) => k !== i);
      const cv = completion(inst, v, rest);
      const gainV = before - this.cost(cv);
      if (gainV <= bestGain) continue;
      for (let w = 0; w < V; w++) {
        if (w === v || !board.canCarry(w, trip)) continue;
        const lw = trips[w]!;
        const cw0 = this.cost(C[w]!);
        const endsW = (ends[w] ??= tripEnds(inst, w, lw));
        for (let j = 0; j <= lw.length; j++) {
          const cw = completionWith(inst, w, lw, j, trip, endsW);
          const gain = gainV - (this.cost(cw) - cw0);
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
    this.moves.relocate++;
    return true;
  }

  /** One of v's trips exchanged with another vehicle's: the first exchange that lowers the total cost. */
  private swap(v: number): boolean {
    const { inst, board, V } = this;
    const { trips, C } = board;
    const lv = trips[v]!;
    const before = this.cost(C[v]!);
    for (let i = 0; i < lv.length; i++) {
      const a = lv[i]!;
      for (let w = 0; w < V; w++) {
        if (w === v || !board.canCarry(w, a)) continue;
        const lw = trips[w]!;
        const beforeW = this.cost(C[w]!);
        for (let j = 0; j < lw.length; j++) {
          const b = lw[j]!;
          if (!board.canCarry(v, b) || (b.p === a.p && b.r === a.r)) continue;
          lv[i] = b;
          const cv = completion(inst, v, lv);
          const gainV = before - this.cost(cv);
          if (gainV > EPS) {
            lw[j] = a;
            const cw = completion(inst, w, lw);
            if (gainV - (this.cost(cw) - beforeW) > EPS) {
              C[v] = cv;
              C[w] = cw;
              this.moves.swap++;
              return true;
            }
            lw[j] = b;
          }
          lv[i] = a;
        }
      }
    }
    return false;
  }

  /** v keeps its first `a` trips and takes w's from `b` on; w keeps its first `b` and takes v's rest. */
  private tails(v: number): boolean {
    const { inst, board, V } = this;
    const { trips, C } = board;
    const lv = trips[v]!;
    const before = this.cost(C[v]!);
    for (let a = 0; a < lv.length; a++) {
      const restV = lv.slice(a);
      for (let w = 0; w < V; w++) {
        if (w === v) continue;
        const lw = trips[w]!;
        if (!restV.every((t) => board.canCarry(w, t))) continue;
        const beforeW = this.cost(C[w]!);
        for (let b = 0; b <= lw.length; b++) {
          const restW = lw.slice(b);
          if (restW.length === 0 && a === lv.length) continue;
          if (!restW.every((t) => board.canCarry(v, t))) continue;
          const nv = lv.slice(0, a).concat(restW);
          const cv = completion(inst, v, nv);
          const gainV = before - this.cost(cv);
          if (gainV <= EPS) continue;
          const nw = lw.slice(0, b).concat(restV);
          const cw = completion(inst, w, nw);
          if (gainV - (this.cost(cw) - beforeW) > EPS) {
            trips[v] = nv;
            trips[w] = nw;
            C[v] = cv;
            C[w] = cw;
            this.moves.tails++;
            return true;
          }
        }
      }
    }
    return false;
  }

  private own(v: number): boolean {
    if (!this.board.shortenOwn(v)) return false;
    this.moves.own++;
    return true;
  }

  /**
   * Two trips trade reception points (one of v's, one of another vehicle's): when the nearest reception
   * point is full, a trip can only go there if another trip leaves it.
   */
  private trade(v: number): boolean {
    const { inst, V } = this;
    const { trips, C, seatedRoom, stretcherRoom } = this.board;
    const lv = trips[v]!;
    const before = this.cost(C[v]!);
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
          const gainV = before - this.cost(cv);
          if (gainV > EPS) {
            u.r = ra;
            const cw = completion(inst, w, lw);
            if (gainV - (this.cost(cw) - this.cost(C[w]!)) > EPS) {
              seatedRoom[ra]! += a.seated - u.seated;
              stretcherRoom[ra]! += a.stretcher - u.stretcher;
              seatedRoom[ru]! += u.seated - a.seated;
              stretcherRoom[ru]! += u.stretcher - a.stretcher;
              C[v] = cv;
              C[w] = cw;
              this.moves.trade++;
              return true;
            }
            u.r = ru;
          }
          a.r = ra;
        }
      }
    }
    return false;
  }

  private absorb(v: number): boolean {
    if (!this.board.absorb(v)) return false;
    this.moves.absorb++;
    return true;
  }

  /** Takes some trips off and puts their people back, trip by trip, where they cost least. */
  private perturb(): void {
    const { inst, random, V } = this;
    const { trips, C, seatedRoom, stretcherRoom } = this.board;
    // Put back as it was if some people find no vehicle again (only first trips reach some pickups).
    const saved = this.board.snapshot();
    const over: number[] = [];
    for (let v = 0; v < V; v++) if (C[v]! > this.T) over.push(v);
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
        const pick = this.cheapestInsertion(p, need);
        if (!pick) return this.board.restore(saved);
        trips[pick.w]!.splice(pick.j, 0, pick.trip);
        C[pick.w] = pick.c;
        need.seated -= pick.trip.seated;
        need.stretcher -= pick.trip.stretcher;
        seatedRoom[pick.trip.r]! -= pick.trip.seated;
        stretcherRoom[pick.trip.r]! -= pick.trip.stretcher;
      }
    this.moves.perturb++;
  }

  /**
   * The trip for people of pickup p (stretcher cases first, as many as a vehicle takes) whose
   * insertion costs least per person carried, so a big vehicle's trip is not passed over for a small
   * one's; ties broken at random.
   */
  private cheapestInsertion(p: number, need: { seated: number; stretcher: number }): Insertion | null {
    const { inst, random } = this;
    const { trips, C, seatedRoom, stretcherRoom, types } = this.board;
    let bestKey = Infinity;
    let pick: Insertion | null = null;
    for (let w = 0; w < this.V; w++) {
      const type = types[w]!;
      if (need.stretcher > 0 ? type.stretchers === 0 : type.seats === 0) continue;
      const lw = trips[w]!;
      const base = this.cost(C[w]!);
      let endsW: Float64Array | undefined;
      for (let r = 0; r < inst.destinations.length; r++) {
        const z = Math.min(type.stretchers, need.stretcher, stretcherRoom[r]!);
        const s = Math.min(type.seats, need.seated, seatedRoom[r]!);
        if (need.stretcher > 0 ? z === 0 : s === 0) continue;
        const trip: Trip = { p, r, seated: s, stretcher: z };
        endsW ??= tripEnds(inst, w, lw);
        for (let j = 0; j <= lw.length; j++) {
          const c = completionWith(inst, w, lw, j, trip, endsW);
          const key = (this.cost(c) - base) / (s + z) + random() * 1e-7;
          if (key < bestKey) {
            bestKey = key;
            pick = { w, j, trip, c };
          }
        }
      }
    }
    return pick;
  }
}
