import type { Instance } from './instance.js';
import { tripEnd, type Assignment, type Trip } from './schedule.js';

/** Small enough to search every schedule: trips needed, vehicles, and pickup-reception pairs. */
const MAX_TRIPS = 40;
const MAX_VEHICLES = 40;
const MAX_PAIRS = 400;
const EPS = 1e-9;

export interface ExhaustiveResult {
  /** A better assignment than the incumbent, or null when none was found. */
  readonly assignment: Assignment | null;
  readonly makespan: number;
  /** Every schedule of its kind was looked at (none beats `makespan`). */
  readonly complete: boolean;
  readonly nodes: number;
}

/** Whether the instance is small enough for `exhaustive` to be worth its time. */
export function smallEnough(inst: Instance): boolean {
  if (inst.vehicles.length > MAX_VEHICLES) return false;
  const used = new Set(inst.vehicles.map((v) => v.type));
  const seats = Math.max(0, ...[...used].map((k) => inst.types[k]!.seats));
  const stretchers = Math.max(0, ...[...used].map((k) => inst.types[k]!.stretchers));
  let trips = 0;
  for (const p of inst.pickups) trips += needed(p.seated, seats) + needed(p.stretcher, stretchers);
  return trips <= MAX_TRIPS && inst.pickups.length * inst.destinations.length <= MAX_PAIRS;
}

function needed(people: number, capacity: number): number {
  return people === 0 ? 0 : capacity === 0 ? Infinity : Math.ceil(people / capacity);
}

/**
 * Depth-first branch and bound over schedules, by the static times the search uses: the vehicle free
 * first takes each trip it can (from a pickup, as full as the people there, its seats and the reception
 * point's room allow) or stops, earliest finish first; a branch is cut when a bound on its makespan
 * reaches the best. Each schedule of that kind (no waiting, loads as full as allowed) is met once, so a
 * complete run finds the best of them: on the bus evacuation problem's instances (full buses, no
 * stretchers) that is the optimum. It stops at the deadline with the best found.
 */
export function exhaustive(
  inst: Instance,
  incumbent: number,
  deadline: number,
  now: () => number,
): ExhaustiveResult {
  const search = new BranchAndBound(inst, incumbent, deadline, now);
  search.run();
  return {
    assignment: search.best,
    makespan: search.bestMakespan,
    complete: !search.stopped,
    nodes: search.nodes,
  };
}

class BranchAndBound {
  best: Assignment | null = null;
  bestMakespan: number;
  stopped = false;
  nodes = 0;
  private readonly free: Float64Array;
  private readonly at: Int32Array;
  private readonly stoppedAt: Uint8Array;
  private readonly seatedLeft: number[];
  private readonly stretcherLeft: number[];
  private readonly seatedRoom: number[];
  private readonly stretcherRoom: number[];
  private peopleLeft: number;
  private readonly trips: Assignment;
  /** Per pickup: the least minutes a trip from it takes (approach from anywhere, load, drive, unload). */
  private readonly leastTrip: Float64Array;
  private readonly leastOut: Float64Array;
  /** Per pickup: the least minutes from any reception point. */
  private readonly leastIn: Float64Array;

  constructor(
    private readonly inst: Instance,
    incumbent: number,
    private readonly deadline: number,
    private readonly now: () => number,
  ) {
    this.bestMakespan = incumbent;
    const V = inst.vehicles.length;
    this.free = new Float64Array(V);
    this.at = new Int32Array(V).fill(-1);
    this.stoppedAt = new Uint8Array(V);
    this.seatedLeft = inst.pickups.map((p) => p.seated);
    this.stretcherLeft = inst.pickups.map((p) => p.stretcher);
    this.seatedRoom = inst.destinations.map((r) => r.seatedCapacity);
    this.stretcherRoom = inst.destinations.map((r) => r.stretcherCapacity);
    this.peopleLeft = inst.pickups.reduce((s, p) => s + p.seated + p.stretcher, 0);
    this.trips = inst.vehicles.map(() => []);
    const load = Math.min(...inst.types.map((t) => t.load));
    const unload = Math.min(...inst.types.map((t) => t.unload));
    this.leastOut = Float64Array.from(inst.pickups, (_, p) => Math.min(...inst.toDestination[p]!));
    this.leastIn = Float64Array.from(inst.pickups, (_, p) =>
      Math.min(...inst.fromDestination.map((row) => row[p]!)),
    );
    this.leastTrip = Float64Array.from(inst.pickups, (_, p) => {
      const approach = Math.min(...[...inst.fromDepot, ...inst.fromDestination].map((row) => row[p]!));
      return approach + load + this.leastOut[p]! + unload;
    });
  }

  run(): void {
    this.branch(0);
  }

  private branch(makespan: number): void {
    if ((++this.nodes & 255) === 0 && this.now() > this.deadline) this.stopped = true;
    if (this.stopped) return;
    if (this.peopleLeft === 0) {
      if (makespan < this.bestMakespan - EPS) {
        this.bestMakespan = makespan;
        this.best = this.trips.map((l) => l.map((t) => ({ ...t })));
      }
      return;
    }
    if (this.bound(makespan) >= this.bestMakespan - EPS) return;
    const v = this.nextVehicle();
    if (v < 0) return;
    for (const c of this.choices(v)) {
      this.take(v, c.trip, c.end);
      this.branch(Math.max(makespan, c.end));
      this.undo(v, c.trip, c.before, c.from);
      if (this.stopped) return;
    }
    // Or it stops here, and so does every vehicle like it (same type, place and time): one branch each.
    const like = this.likeVehicles(v);
    for (const u of like) this.stoppedAt[u] = 1;
    this.branch(makespan);
    for (const u of like) this.stoppedAt[u] = 0;
  }

  /** The vehicle free first that has not stopped (ties by index), or -1. */
  private nextVehicle(): number {
    let v = -1;
    for (let u = 0; u < this.free.length; u++)
      if (!this.stoppedAt[u] && (v < 0 || this.free[u]! < this.free[v]!)) v = u;
    return v;
  }

  private likeVehicles(v: number): number[] {
    const { inst, free, at } = this;
    const me = inst.vehicles[v]!;
    return inst.vehicles.flatMap((o, u) =>
      !this.stoppedAt[u] &&
      o.type === me.type &&
      at[u] === at[v] &&
      (at[v]! >= 0 || o.depot === me.depot) &&
      free[u] === free[v]
        ? [u]
        : [],
    );
  }

  /** The trips vehicle v can take now, finishing before the best, earliest finish first. */
  private choices(v: number) {
    const { inst } = this;
    const vehicle = inst.vehicles[v]!;
    const type = inst.types[vehicle.type]!;
    const out: { trip: Trip; end: number; before: number; from: number }[] = [];
    for (let p = 0; p < inst.pickups.length; p++) {
      const se = Math.min(type.seats, this.seatedLeft[p]!);
      const st = Math.min(type.stretchers, this.stretcherLeft[p]!);
      if (se + st === 0) continue;
      for (let r = 0; r < inst.destinations.length; r++) {
        const seated = Math.min(se, this.seatedRoom[r]!);
        const stretcher = Math.min(st, this.stretcherRoom[r]!);
        if (seated + stretcher === 0) continue;
        const end = tripEnd(inst, type, vehicle.depot, this.at[v]!, this.free[v]!, p, r);
        if (end >= this.bestMakespan - EPS) continue;
        out.push({ trip: { p, r, seated, stretcher }, end, before: this.free[v]!, from: this.at[v]! });
      }
    }
    return out.sort((a, b) => a.end - b.end);
  }

  private take(v: number, trip: Trip, end: number): void {
    this.move(trip, -1);
    this.trips[v]!.push(trip);
    this.free[v] = end;
    this.at[v] = trip.r;
  }

  private undo(v: number, trip: Trip, before: number, from: number): void {
    this.move(trip, 1);
    this.trips[v]!.pop();
    this.free[v] = before;
    this.at[v] = from;
  }

  private move(trip: Trip, sign: number): void {
    this.seatedLeft[trip.p]! += sign * trip.seated;
    this.stretcherLeft[trip.p]! += sign * trip.stretcher;
    this.seatedRoom[trip.r]! += sign * trip.seated;
    this.stretcherRoom[trip.r]! += sign * trip.stretcher;
    this.peopleLeft += sign * (trip.seated + trip.stretcher);
  }

  /**
   * No schedule from here ends before: the makespan so far; each pickup's people, by the vehicle that
   * could finish a trip from there first; and the trips still needed shared out evenly over the
   * vehicles that have not stopped (the latest ends no earlier than their average end).
   */
  private bound(makespan: number): number {
    const { inst, free } = this;
    let lb = makespan;
    let active = 0;
    let work = 0;
    let seats = 0;
    let stretchers = 0;
    for (let v = 0; v < free.length; v++) {
      if (this.stoppedAt[v]) continue;
      const type = inst.types[inst.vehicles[v]!.type]!;
      active++;
      work += free[v]!;
      seats = Math.max(seats, type.seats);
      stretchers = Math.max(stretchers, type.stretchers);
    }
    if (active === 0) return Infinity;
    for (let p = 0; p < inst.pickups.length; p++) {
      const se = this.seatedLeft[p]!;
      const st = this.stretcherLeft[p]!;
      if (se + st === 0) continue;
      const trips = Math.max(needed(se, seats), needed(st, stretchers));
      if (trips === Infinity) return Infinity;
      work += trips * this.leastTrip[p]!;
      lb = Math.max(lb, this.firstFinish(p));
    }
    return Math.max(lb, work / active);
  }

  /**
   * No vehicle that has not stopped ends a trip from pickup p earlier (static minutes): its next trip
   * goes there from where it is; a later one comes from a reception point.
   */
  private firstFinish(p: number): number {
    const { inst } = this;
    let first = Infinity;
    for (let v = 0; v < this.free.length; v++) {
      if (this.stoppedAt[v]) continue;
      const vehicle = inst.vehicles[v]!;
      const type = inst.types[vehicle.type]!;
      const a = this.at[v]!;
      const direct = a >= 0 ? inst.fromDestination[a]![p]! : inst.fromDepot[vehicle.depot]![p]!;
      // Or after other trips, from a reception point: with direct legs, that may come sooner.
      const approach = Math.min(direct, this.leastIn[p]!);
      first = Math.min(first, this.free[v]! + approach + type.load + this.leastOut[p]! + type.unload);
    }
    return first;
  }
}
