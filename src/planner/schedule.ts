import type { Leg, PlanVehicle } from '../contracts/planning/plan.js';
import { PlanningError, said } from './errors.js';
import type { Instance, Matrices, VehicleTypeInfo } from './instance.js';
import type { Drive } from './route.js';
import { firstTrips, type FirstTrips } from './first-trips.js';

/** One round of a vehicle: drive (empty) to pickup `p`, load, drive to reception point `r`, unload. */
export interface Trip {
  readonly p: number;
  r: number;
  seated: number;
  stretcher: number;
}

/** What each vehicle does, in order: the unit the improvement search rearranges. */
export type Assignment = Trip[][];

export interface Schedule {
  readonly assignment: Assignment;
  readonly vehicles: PlanVehicle[];
  readonly makespan: number;
}

/** Where a vehicle is between trips: its depot (`d >= 0`) or a reception point (`r >= 0`). */
interface Position {
  d: number;
  r: number;
}

/** The static minutes of a vehicle's trips, and its completion time (unload done after the last). */
export function completion(inst: Instance, vehicle: number, trips: readonly Trip[]): number {
  return completionWith(inst, vehicle, trips, -1, null);
}

/**
 * The completion time with `extra` inserted before position `at` (none when `at` is -1), without
 * building the longer list: the search asks this thousands of times per move. With `ends` (the
 * vehicle's `tripEnds`), the trips before `at` are not driven again: the same arithmetic from where
 * they ended.
 */
export function completionWith(
  inst: Instance,
  vehicle: number,
  trips: readonly Trip[],
  at: number,
  extra: Trip | null,
  ends?: Float64Array,
): number {
  const type = inst.types[inst.vehicles[vehicle]!.type]!;
  const d = inst.vehicles[vehicle]!.depot;
  const from = ends && extra && at > 0 ? at : 0;
  let t = from > 0 ? ends![from]! : 0;
  let r = from > 0 ? trips[from - 1]!.r : -1;
  const n = trips.length + (extra ? 1 : 0);
  for (let i = from; i < n; i++) {
    const trip = extra && i === at ? extra : trips[extra && i > at ? i - 1 : i]!;
    t = tripEnd(inst, type, d, r, t, trip.p, trip.r);
    r = trip.r;
  }
  return t;
}

/** When each of a vehicle's trips ends: ends[k] after its first k trips (ends[0] = 0). */
export function tripEnds(inst: Instance, vehicle: number, trips: readonly Trip[]): Float64Array {
  const type = inst.types[inst.vehicles[vehicle]!.type]!;
  const d = inst.vehicles[vehicle]!.depot;
  const ends = new Float64Array(trips.length + 1);
  let r = -1;
  trips.forEach((trip, k) => {
    ends[k + 1] = tripEnd(inst, type, d, r, ends[k]!, trip.p, trip.r);
    r = trip.r;
  });
  return ends;
}

/**
 * When a trip ends (unloaded at reception point `r`) for a vehicle of `type` free at `t` at reception
 * point `from`, or at depot `d` when `from` is -1: static minutes, a way shut by a timed closure waited
 * out as the executor does.
 */
export function tripEnd(
  inst: Instance,
  type: VehicleTypeInfo,
  d: number,
  from: number,
  t: number,
  p: number,
  r: number,
): number {
  const m = inst.at(t);
  const go = t + (from >= 0 ? m.fromDestination[from]![p]! : m.fromDepot[d]![p]!);
  const loaded =
    (go < Infinity
      ? go
      : arrival(inst, t, (x) => (from >= 0 ? x.fromDestination[from]! : x.fromDepot[d]!)[p]!)) + type.load;
  const back = loaded + inst.at(loaded).toDestination[p]![r]!;
  return (back < Infinity ? back : arrival(inst, loaded, (x) => x.toDestination[p]![r]!)) + type.unload;
}

/**
 * When a vehicle leaving at `t` arrives, by the static minutes for that hour (`minutes`): at once when
 * a way is open then, else after waiting where it is for the first timed closure to lift that opens
 * one (Infinity when none does). The executor drives the same way.
 */
export function arrival(inst: Instance, t: number, minutes: (m: Matrices) => number): number {
  const now = t + minutes(inst.at(t));
  if (now < Infinity) return now;
  // Shut for good (static times are the least at any hour): no lifting closure opens it.
  if (minutes(inst) === Infinity) return Infinity;
  for (const b of inst.router.breakpoints) {
    if (b <= t) continue;
    const later = b + minutes(inst.at(b));
    if (later < Infinity) return later;
  }
  return Infinity;
}

/**
 * The construction heuristic and the baseline, in the CCRP family for vehicles: event-driven, the next
 * free vehicle takes the trip that finishes earliest (by static times), then drives it for real with
 * timed hazards and vehicles-per-hour reservations. Stretcher cases go only in vehicles with
 * stretchers, and those serve stretcher cases first while any are waiting.
 */
export function construct(inst: Instance): Schedule {
  const plain = constructWith(inst, null);
  if (plain.left === 0) return plain.schedule;
  // People left behind: a pickup only first trips reach may have got too small a vehicle. Vehicles are
  // then set aside for such pickups first (first-trips.ts); the construction that leaves fewer behind
  // is kept (setting aside can leave others behind, so it is not the rule).
  const aside = constructWith(inst, firstTrips(inst));
  return (aside.left < plain.left ? aside : plain).schedule;
}

function constructWith(inst: Instance, first: FirstTrips | null): { schedule: Schedule; left: number } {
  const seatedLeft = inst.pickups.map((p) => p.seated);
  const stretcherLeft = inst.pickups.map((p) => p.stretcher);
  const seatedRoom = inst.destinations.map((r) => r.seatedCapacity);
  const stretcherRoom = inst.destinations.map((r) => r.stretcherCapacity);
  let stretchersWaiting = stretcherLeft.reduce((a, b) => a + b, 0);
  let seatedWaiting = seatedLeft.reduce((a, b) => a + b, 0);

  const assignment: Assignment = inst.vehicles.map(() => []);
  const exec = new Executor(inst);
  const queue = new VehicleQueue(inst.vehicles.length);

  while (queue.size > 0 && seatedWaiting + stretchersWaiting > 0) {
    const v = queue.pop();
    const type = inst.types[inst.vehicles[v]!.type]!;
    // A vehicle set aside for a pickup only its first trip can reach goes there; the others leave
    // such a pickup to them, but for people beyond what they will carry.
    const only = first && assignment[v]!.length === 0 ? first.reserved.get(v) : undefined;
    if (first && only !== undefined) {
      first.seats[only] = first.seats[only]! - type.seats;
      first.stretchers[only] = first.stretchers[only]! - type.stretchers;
    }
    const t = exec.free[v]!;
    const pos = exec.pos[v]!;
    const approachAt = (m: Matrices) => (pos.r >= 0 ? m.fromDestination[pos.r]! : m.fromDepot[pos.d]!);
    const approach = approachAt(inst.at(t));
    const onlyStretchers = type.stretchers > 0 && stretchersWaiting > 0;
    let best: Trip | null = null;
    let bestFinish = Infinity;
    for (let p = 0; p < inst.pickups.length; p++) {
      if (only !== undefined && p !== only) continue;
      // What vehicles set aside for p will carry is not this one's to take (unless it is one of them).
      const aside = first && only !== p;
      const st = Math.min(
        type.stretchers,
        Math.max(0, stretcherLeft[p]! - (aside ? first.stretchers[p]! : 0)),
      );
      const se = Math.min(type.seats, Math.max(0, seatedLeft[p]! - (aside ? first.seats[p]! : 0)));
      if (onlyStretchers ? st === 0 : st + se === 0) continue;
      // A way shut now by a timed closure: the vehicle would wait for it to lift (rarely needed).
      const direct = t + approach[p]!;
      const reach = (direct < Infinity ? direct : arrival(inst, t, (m) => approachAt(m)[p]!)) + type.load;
      if (reach === Infinity) continue;
      const out = inst.at(reach).toDestination[p]!;
      for (let r = 0; r < inst.destinations.length; r++) {
        const s2 = Math.min(st, stretcherRoom[r]!);
        const e2 = Math.min(se, seatedRoom[r]!);
        if (s2 + e2 === 0) continue;
        const there = reach + out[r]!;
        const finish =
          (there < Infinity ? there : arrival(inst, reach, (m) => m.toDestination[p]![r]!)) + type.unload;
        if (finish < bestFinish) {
          bestFinish = finish;
          best = { p, r, seated: e2, stretcher: s2 };
        }
      }
    }
    if (!best) continue; // nothing this vehicle can carry any more: it stays where it is
    seatedLeft[best.p]! -= best.seated;
    stretcherLeft[best.p]! -= best.stretcher;
    seatedRoom[best.r]! -= best.seated;
    stretcherRoom[best.r]! -= best.stretcher;
    seatedWaiting -= best.seated;
    stretchersWaiting -= best.stretcher;
    assignment[v]!.push(best);
    exec.run(v, best);
    queue.push(v, exec.free[v]!);
  }
  return {
    schedule: { assignment, vehicles: exec.output(), makespan: exec.makespan },
    left: seatedWaiting + stretchersWaiting,
  };
}

/**
 * Drives a fixed assignment for real, trip by trip in the order vehicles become free (so the
 * reservations go first come, first served in time).
 */
export function replay(inst: Instance, assignment: Assignment): Schedule {
  const exec = new Executor(inst);
  const next = new Int32Array(assignment.length);
  const queue = new VehicleQueue(0);
  assignment.forEach((trips, v) => {
    if (trips.length > 0) queue.push(v, 0);
  });
  while (queue.size > 0) {
    const v = queue.pop();
    const trips = assignment[v]!;
    exec.run(v, trips[next[v]!]!);
    if (++next[v]! < trips.length) queue.push(v, exec.free[v]!);
  }
  return { assignment, vehicles: exec.output(), makespan: exec.makespan };
}

class Executor {
  readonly free: Float64Array;
  readonly pos: Position[];
  readonly legs: Leg[][];
  makespan = 0;

  constructor(private readonly inst: Instance) {
    inst.router.clearReservations();
    this.free = new Float64Array(inst.vehicles.length);
    this.pos = inst.vehicles.map((v) => ({ d: v.depot, r: -1 }));
    this.legs = inst.vehicles.map(() => []);
  }

  run(v: number, trip: Trip): void {
    const inst = this.inst;
    const type = inst.types[inst.vehicles[v]!.type]!;
    const pos = this.pos[v]!;
    const from = pos.r >= 0 ? inst.destinations[pos.r]! : inst.depots[pos.d]!;
    const pickup = inst.pickups[trip.p]!;
    const dest = inst.destinations[trip.r]!;
    const empty = this.drive(from.node, pickup.node, this.free[v]!, inst.vehicles[v]!.id, pickup.id);
    this.legs[v]!.push(this.leg(from.id, pickup.id, from.node, empty, 0, 0));
    const loaded = this.drive(pickup.node, dest.node, empty.arrive + type.load, pickup.id, dest.id);
    this.legs[v]!.push(this.leg(pickup.id, dest.id, pickup.node, loaded, trip.seated, trip.stretcher));
    this.free[v] = loaded.arrive + type.unload;
    this.makespan = Math.max(this.makespan, this.free[v]);
    pos.d = -1;
    pos.r = trip.r;
  }

  /**
   * Drives at `depart`, or re-timed: when timed closures or full arcs leave no way at that moment, the
   * vehicle waits where it is until a closure ends (or a little longer), whichever arrives first.
   */
  private drive(
    src: number,
    dst: number,
    depart: number,
    from: string,
    to: string,
  ): Drive & { depart: number } {
    const router = this.inst.router;
    const first = router.drive(src, dst, depart, true);
    if (first) return { ...first, depart };
    const waits = new Set<number>();
    for (const list of this.inst.hz.timed.values())
      for (const h of list) if (h.until > depart && h.until < Infinity) waits.add(h.until);
    for (let step = 1; step <= 4096; step *= 2) waits.add(depart + step);
    for (const t of [...waits].sort((a, b) => a - b)) {
      const d = router.drive(src, dst, t, true);
      if (d) return { ...d, depart: t };
    }
    throw new PlanningError(
      said('no open road from {from} to {to} at any time after minute {minute}', {
        from,
        to,
        minute: depart.toFixed(1),
      }),
    );
  }

  private leg(
    from: string,
    to: string,
    src: number,
    d: Drive & { depart: number },
    seated: number,
    stretcher: number,
  ): Leg {
    const g = this.inst.g;
    const path = [g.nodeIds[src]!];
    for (const a of d.arcs) path.push(g.nodeIds[g.arcHead[a]!]!);
    return { from, to, departMin: d.depart, arriveMin: d.arrive, path, seated, stretcher };
  }

  output(): PlanVehicle[] {
    const inst = this.inst;
    return inst.vehicles.map((v, i) => ({
      id: v.id,
      type: inst.types[v.type]!.name,
      depot: inst.depots[v.depot]!.id,
      legs: this.legs[i]!,
    }));
  }
}

/** Vehicles by the time they are free, ties by their order: a heap of (time, index). */
class VehicleQueue {
  private readonly items: [number, number][] = [];
  constructor(count: number) {
    for (let v = 0; v < count; v++) this.items.push([0, v]);
  }
  get size(): number {
    return this.items.length;
  }
  push(v: number, t: number): void {
    const items = this.items;
    items.push([t, v]);
    let i = items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(items[i]!, items[p]!)) break;
      [items[i], items[p]] = [items[p]!, items[i]!];
      i = p;
    }
  }
  pop(): number {
    const items = this.items;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= items.length) break;
        if (c + 1 < items.length && less(items[c + 1]!, items[c]!)) c++;
        if (!less(items[c]!, items[i]!)) break;
        [items[i], items[c]] = [items[c]!, items[i]!];
        i = c;
      }
    }
    return top[1];
  }
}

function less(a: [number, number], b: [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}
