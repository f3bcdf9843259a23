import type { Instance } from './instance.js';
import { completion, completionWith, tripEnds, type Assignment, type Trip } from './schedule.js';
import { TripBoard } from './trip-board.js';

const EPS = 1e-9;
/** How far over the best makespan a ruin and recreate may go and still be kept. */
const DEVIATION = 0.1;

/** People of one pickup still to be placed on vehicles. */
interface Need {
  seated: number;
  stretcher: number;
}

/**
 * The descent on the latest vehicle (see `improve` in `improve.ts`) on a `TripBoard`: the moves that
 * help it, the polish of every vehicle's own day, ruin and recreate at a local optimum; and the best
 * assignment seen.
 */
export class LatestVehicleSearch {
  readonly moves = { polish: 0, absorb: 0, redistribute: 0, relocate: 0, swap: 0, own: 0, perturb: 0 };
  bestMakespan: number;
  bestTrips: Trip[][];
  iterations = 0;
  private readonly V: number;
  private readonly board: TripBoard;
  private readonly maxSeats: number;
  private readonly hasSmallSeats: boolean;

  constructor(
    private readonly inst: Instance,
    start: Assignment,
    private readonly random: () => number,
  ) {
    this.V = inst.vehicles.length;
    this.board = new TripBoard(inst, start);
    this.maxSeats = Math.max(0, ...inst.types.map((t) => t.seats));
    this.hasSmallSeats = this.board.types.some((t) => t.seats > 0 && t.seats < this.maxSeats);
    this.bestMakespan = this.V > 0 ? this.board.C[this.argmax()]! : 0;
    this.bestTrips = this.board.snapshot();
  }

  /**
   * One step: a move that helps the latest vehicle; else shorter days for every vehicle; else, at a
   * local optimum, ruin and recreate.
   */
  iterate(): void {
    const { board } = this;
    this.iterations++;
    const v = this.argmax();
    if (
      this.tryAbsorb(v) ||
      this.tryRelocate(v) ||
      this.trySwap(v) ||
      this.tryOwn(v) ||
      this.tryRedistribute(v)
    ) {
      this.keepIfBest();
      return;
    }
    // Shorten every vehicle's own day where it can (another reception point, another order, its part
    // trips absorbed elsewhere): never raises the makespan, and leaves room for the next moves.
    if (this.polish()) return;
    // A local optimum for the latest vehicle: ruin and recreate, kept unless the makespan went more
    // than a few per cent over the best so far (record-to-record travel, to leave the local optimum).
    const saved = board.snapshot();
    this.ruinRecreate();
    const after = board.C[this.argmax()]!;
    if (after > this.bestMakespan * (1 + DEVIATION) + EPS) board.restore(saved);
    else this.keepIfBest();
  }

  /** Keeps the assignment when its makespan is the best so far. */
  private keepIfBest(): void {
    const m = this.board.C[this.argmax()]!;
    if (m < this.bestMakespan - EPS) {
      this.bestMakespan = m;
      this.bestTrips = this.board.snapshot();
    }
  }

  /** The vehicle that finishes last (the first of them). */
  private argmax(): number {
    const { C } = this.board;
    let best = 0;
    for (let v = 1; v < this.V; v++) if (C[v]! > C[best]!) best = v;
    return best;
  }

  private tryAbsorb(v: number): boolean {
    if (!this.board.absorb(v)) return false;
    this.moves.absorb++;
    return true;
  }

  /** One of v's trips (the latest first) to where another vehicle finishes it earliest, before v's time. */
  private tryRelocate(v: number): boolean {
    const { inst, board, V } = this;
    const { trips, C } = board;
    const cv = C[v]!;
    const list = trips[v]!;
    // Where each other vehicle's trips end, once per call (no list changes until a move is made).
    const ends: (Float64Array | undefined)[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const trip = list[i]!;
      const without = list.filter((_, k) => k !== i);
      const cvNew = completion(inst, v, without);
      let bestW = -1;
      let bestJ = -1;
      let bestVal = cv - EPS;
      for (let w = 0; w < V; w++) {
        if (w === v || C[w]! >= bestVal || !board.canCarry(w, trip)) continue;
        const lw = trips[w]!;
        const endsW = (ends[w] ??= tripEnds(inst, w, lw));
        for (let j = lw.length; j >= 0; j--) {
          const cw = completionWith(inst, w, lw, j, trip, endsW);
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
        this.moves.relocate++;
        return true;
      }
    }
    return false;
  }

  /** One of v's trips exchanged with another vehicle's, both then finishing before v's time. */
  private trySwap(v: number): boolean {
    const { inst, board, V } = this;
    const { trips, C } = board;
    const cv = C[v]!;
    const list = trips[v]!;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i]!;
      for (let w = 0; w < V; w++) {
        if (w === v || C[w]! >= cv - EPS || !board.canCarry(w, a)) continue;
        const lw = trips[w]!;
        for (let j = 0; j < lw.length; j++) {
          const b = lw[j]!;
          if (!board.canCarry(v, b) || (b.p === a.p && b.r === a.r)) continue;
          list[i] = b;
          lw[j] = a;
          const cvNew = completion(inst, v, list);
          const cwNew = cvNew < cv - EPS ? completion(inst, w, lw) : Infinity;
          if (Math.max(cvNew, cwNew) < cv - EPS) {
            C[v] = cvNew;
            C[w] = cwNew;
            this.moves.swap++;
            return true;
          }
          list[i] = a;
          lw[j] = b;
        }
      }
    }
    return false;
  }

  /** Another reception point or order for v's own trips. */
  private tryOwn(v: number): boolean {
    if (!this.board.shortenOwn(v)) return false;
    this.moves.own++;
    return true;
  }

  /** Every vehicle's own day shortened where it can be (a few rounds each). */
  private polish(): boolean {
    let changed = false;
    for (let w = 0; w < this.V; w++) {
      let rounds = 0;
      while (rounds++ < 10 && (this.tryOwn(w) || this.tryAbsorb(w))) changed = true;
    }
    if (changed) this.moves.polish++;
    return changed;
  }

  /** Takes one of v's trips off and places its people elsewhere, all vehicles staying under v's time. */
  private tryRedistribute(v: number): boolean {
    const { inst, board } = this;
    const { trips, C } = board;
    const cv = C[v]!;
    for (let i = trips[v]!.length - 1; i >= 0; i--) {
      const saved = board.snapshot();
      const trip = trips[v]![i]!;
      trips[v]!.splice(i, 1);
      board.seatedRoom[trip.r]! += trip.seated;
      board.stretcherRoom[trip.r]! += trip.stretcher;
      C[v] = completion(inst, v, trips[v]!);
      if (
        C[v] < cv - EPS &&
        this.placePeople(trip.p, { seated: trip.seated, stretcher: trip.stretcher }, cv)
      ) {
        this.moves.redistribute++;
        return true;
      }
      board.restore(saved);
    }
    return false;
  }

  /**
   * Puts people of pickup p on vehicles: first into room left on trips already leaving p (free), then
   * in new trips, each where its vehicle finishes earliest, as long as that stays under `limit`.
   * Returns false (leaving what it placed) when a new trip would reach the limit.
   */
  private placePeople(p: number, need: Need, limit: number): boolean {
    this.fillTripsFrom(p, need);
    // Now and then a remainder smaller than a big vehicle goes in small ones (ambulance seats), which a
    // greedy choice by finishing time alone would never try.
    let small =
      this.hasSmallSeats && need.stretcher === 0 && need.seated < this.maxSeats && this.random() < 0.5;
    const { board } = this;
    while (need.seated + need.stretcher > 0) {
      const best = this.earliestNewTrip(p, need, limit, small);
      if (!best && small) {
        small = false; // no small vehicle can take them within the limit: any vehicle may
        continue;
      }
      if (!best) return false;
      board.trips[best.w]!.splice(best.j, 0, best.trip);
      board.C[best.w] = best.c;
      need.seated -= best.trip.seated;
      need.stretcher -= best.trip.stretcher;
      board.seatedRoom[best.trip.r]! -= best.trip.seated;
      board.stretcherRoom[best.trip.r]! -= best.trip.stretcher;
    }
    return true;
  }

  /** People of pickup p into the room left on trips already leaving p. */
  private fillTripsFrom(p: number, need: Need): void {
    const { trips, types, seatedRoom, stretcherRoom } = this.board;
    for (let w = 0; w < this.V && need.seated + need.stretcher > 0; w++)
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
  }

  /**
   * The new trip for people of pickup p (stretcher cases first, as many as a vehicle takes) that ends
   * its vehicle's day earliest, under `limit`; with `small`, not on the biggest vehicles when a smaller
   * one could take them all. Null when none stays under the limit.
   */
  private earliestNewTrip(
    p: number,
    need: Need,
    limit: number,
    small: boolean,
  ): { w: number; j: number; trip: Trip; c: number } | null {
    const { inst, random } = this;
    const { trips, C, types, seatedRoom, stretcherRoom } = this.board;
    let best: { w: number; j: number; trip: Trip; c: number } | null = null;
    let bestKey = limit - EPS;
    for (let w = 0; w < this.V; w++) {
      const type = types[w]!;
      if (need.stretcher > 0 ? type.stretchers === 0 : type.seats === 0) continue;
      if (small && type.seats >= need.seated && type.seats === this.maxSeats) continue;
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
    return best;
  }

  /**
   * Ruin and recreate: take trips off some of the latest vehicles (and the part-full trips from the
   * same pickups elsewhere), pool their people per pickup, and load them again in full trips, longest
   * work first, each where it finishes earliest.
   */
  private ruinRecreate(): void {
    const { inst, random, V } = this;
    const { trips, C, types, seatedRoom, stretcherRoom } = this.board;
    // Put back as it was if some people find no vehicle again (only first trips reach some pickups).
    const saved = this.board.snapshot();
    // Mostly the latest vehicles; now and then vehicles at random, so the rest of the plan moves too.
    const order = Array.from({ length: V }, (_, v) => v);
    if (random() < 0.3) order.sort(() => random() - 0.5);
    else order.sort((a, b) => C[b]! - C[a]!);
    const k = 1 + Math.floor(random() * Math.min(20, Math.max(1, V / 3)));
    const pool = new Map<number, Need>();
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
      if (!this.placePeople(p, need, Infinity)) return this.board.restore(saved);
    this.moves.perturb++;
  }
}
