import type { Instance, Matrices } from './instance.js';
import { arrival, type Assignment, type Trip } from './schedule.js';
import { transport } from './transport.js';
import { waysToCover } from './ways-to-cover.js';

/**
 * The trip mix: how many trips each vehicle type makes from each pickup (`mix[k][p]`), chosen so that
 * the fleet's types share the work evenly, and a start for the search that makes exactly those trips.
 *
 * Why: trips leave one pickup for one reception point, so a pickup whose people do not fill whole
 * buses leaves a part-full trip, and on the large instance those were some 80 of 714 bus trips. The
 * construction fills the next free vehicle, so buses carry the remainders while ambulances (two
 * seats next to their stretchers) finish early. The whole-trip bound's MIP instead lets ambulances
 * carry small remainders and sends buses out full; a search started from that mix ended 6% lower on
 * seed 1 (131.6 against 140.4 min in the same 5 s), and the search alone does not find it (its moves
 * keep the number of trips per pickup).
 */
export type TripMix = number[][];

/**
 * Where each pickup's people go (`seated[p][r]`, `stretcher[p][r]`): the least total round trips
 * (pickup -> reception point -> pickup) within each reception point's room, a transportation problem.
 * The mix weighs a pickup's trips by these round trips: when the nearest reception points fill up,
 * some pickups' trips are longer than the nearest would say. (Only the weights: making the start
 * send people where the shares say lowered the plan's total work by 3% on seed 1 but not its
 * makespan, since the search then hands reception points out again.)
 */
export interface ReceptionShares {
  readonly seated: readonly (readonly number[])[];
  readonly stretcher: readonly (readonly number[])[];
}

export function receptionShares(inst: Instance): ReceptionShares | null {
  // Each augmentation of the transportation problem scans every pickup and reception point, and there
  // are about as many as both: beyond this the shares would cost more than the search gains.
  const P = inst.pickups.length;
  const R = inst.destinations.length;
  if ((P + R) * P * R > MAX_TRANSPORT_WORK) return null;
  const cost = (p: number, r: number) => roundTrip(inst, p, r);
  const seated = transport(
    inst.pickups.map((p) => p.seated),
    inst.destinations.map((d) => d.seatedCapacity),
    cost,
  );
  const stretcher = transport(
    inst.pickups.map((p) => p.stretcher),
    inst.destinations.map((d) => d.stretcherCapacity),
    cost,
  );
  return seated && stretcher ? { seated, stretcher } : null;
}

/** Minutes from pickup p to reception point r and back (out twice where there is no way back). */
function roundTrip(inst: Instance, p: number, r: number): number {
  const out = inst.toDestination[p]![r]!;
  const back = inst.fromDestination[r]![p]!;
  return out + (back < Infinity ? back : out);
}

/**
 * About 0.1-0.3 s of the transportation problem here: 200 pickups and 6 reception points (0.25
 * million) took 55 ms; a review's 1,000 pickups, 4 reception points and tight rooms (4 million) 0.7 s.
 */
const MAX_TRANSPORT_WORK = 1_500_000;

/**
 * Each type's load is its trips' work (see `laterWork`: by the shares when given, else from the
 * nearest reception point to the nearest) over its fleet; the mix lowers the largest of those loads. Per pickup, the ways to
 * cover it are every count of each type but the smallest, which makes up the rest; a greedy then
 * moves pickups to other ways, the one that lowers the busiest type most per load it adds to the
 * others first (as for a knapsack), while the busiest load falls. Null when some pickup cannot be covered
 * (no reception point reaches back to it, so only first trips could serve it) or the types are too
 * many to weigh.
 */
export function tripMix(inst: Instance, shares: ReceptionShares | null = null): TripMix | null {
  const K = inst.types.length;
  const fleet = inst.types.map((_, k) => inst.vehicles.filter((v) => v.type === k).length);
  const usable = inst.types.map((t, k) => fleet[k]! > 0 && t.seats + t.stretchers > 0);
  const kinds = inst.types.map((_, k) => k).filter((k) => usable[k]);
  if (kinds.length === 0) return null;
  // The type with the fewest places makes up the rest; the others are counted out.
  kinds.sort((a, b) => places(inst, b) - places(inst, a));
  const last = kinds[kinds.length - 1]!;
  const counted = kinds.slice(0, -1);

  const options: number[][][] = [];
  const loads: number[][][] = [];
  for (let p = 0; p < inst.pickups.length; p++) {
    const w = inst.types.map((t) => laterWork(inst, p, t.load + t.unload, shares));
    const list = waysToCover(inst.types, inst.pickups[p]!, counted, last);
    if (!list) return null;
    const costed = list
      .map((o) => [o, o.map((c, k) => (c > 0 ? (c * w[k]!) / fleet[k]! : 0))] as const)
      .filter(([, l]) => l.every(Number.isFinite));
    if (costed.length === 0) return null;
    options.push(costed.map(([o]) => o));
    loads.push(costed.map(([, l]) => l));
  }
  const pick = rebalance(loads, K);
  return inst.types.map((_, k) => pick.map((o, p) => options[p]![o]![k]!));
}

/**
 * Which way (`loads[p][o]`: the load it puts on each type) each pickup takes: the least total load
 * first, then, while the busiest type's load falls, the move that relieves it most per load added to
 * the others.
 */
function rebalance(loads: readonly (readonly (readonly number[])[])[], K: number): number[] {
  const pick = loads.map((ls) => argmin(ls.map((l) => sum(l))));
  const total = new Array<number>(K).fill(0);
  const shift = (p: number, sign: number) =>
    loads[p]![pick[p]!]!.forEach((x, k) => (total[k] = total[k]! + sign * x));
  pick.forEach((_, p) => shift(p, 1));
  // Each move lowers the busiest load, so the greedy ends; the cap keeps it short on any input.
  for (let moves = 0; moves < 20 * loads.length * K; moves++) {
    const busiest = argmin(total.map((x) => -x));
    const top = total[busiest]!;
    let bestP = -1;
    let bestO = -1;
    let bestRate = 0;
    for (let p = 0; p < loads.length; p++) {
      const now = loads[p]![pick[p]!]!;
      for (let o = 0; o < loads[p]!.length; o++) {
        const l = loads[p]![o]!;
        const relief = now[busiest]! - l[busiest]!;
        if (relief <= 1e-12) continue;
        let added = 0;
        let worst = 0;
        for (let k = 0; k < K; k++) {
          worst = Math.max(worst, total[k]! - now[k]! + l[k]!);
          if (k !== busiest) added += Math.max(0, l[k]! - now[k]!);
        }
        if (worst >= top - 1e-9) continue;
        const rate = added > 0 ? relief / added : Infinity;
        if (rate > bestRate) {
          bestRate = rate;
          bestP = p;
          bestO = o;
        }
      }
    }
    if (bestP < 0) break;
    shift(bestP, -1);
    pick[bestP] = bestO;
    shift(bestP, 1);
  }
  return pick;
}

/**
 * The trips of a mix, given out to vehicles as they become free (by static hourly times, as the
 * search counts): each takes the trip of its own type that ends soonest, a pickup's people shared
 * evenly over the trips left there, to a reception point with room (when none has room for a whole
 * share, one as full as a reception point allows, and the pickup gets one more trip). Null when some
 * vehicle type cannot reach its trips (the plain construction then stands).
 */
export function mixedStart(inst: Instance, mix: TripMix): Assignment | null {
  const left = mix.map((row) => [...row]);
  const people = peoplePerType(inst, left);
  return people && new MixedStart(inst, left, people).run();
}

/** Per type k and pickup p, the people its trips there carry: stretcher cases and seated, larger vehicles first. */
function peoplePerType(inst: Instance, left: readonly (readonly number[])[]): PeopleByType | null {
  const P = inst.pickups.length;
  const bySize = inst.types.map((_, k) => k).sort((a, b) => places(inst, b) - places(inst, a));
  const seated = inst.types.map(() => new Array<number>(P).fill(0));
  const stretcher = inst.types.map(() => new Array<number>(P).fill(0));
  for (let p = 0; p < P; p++) {
    let se = inst.pickups[p]!.seated;
    let st = inst.pickups[p]!.stretcher;
    for (const k of bySize) {
      const t = inst.types[k]!;
      stretcher[k]![p] = Math.min(st, left[k]![p]! * t.stretchers);
      st -= stretcher[k]![p]!;
      seated[k]![p] = Math.min(se, left[k]![p]! * t.seats);
      se -= seated[k]![p]!;
    }
    if (se > 0 || st > 0) return null;
  }
  return { seated, stretcher };
}

interface PeopleByType {
  readonly seated: number[][];
  readonly stretcher: number[][];
}

/** The giving out of a mix's trips (see `mixedStart`): who still waits where, rooms, vehicles' days. */
class MixedStart {
  private readonly seatedRoom: number[];
  private readonly stretcherRoom: number[];
  private readonly assignment: Assignment;
  /** When each vehicle is free, and where (a reception point, -1 at its depot). */
  private readonly free: Float64Array;
  private readonly at: number[];
  private readonly tripsLeft: number[];
  /** A vehicle that can reach none of its type's trips left stays where it is. */
  private readonly stuck: boolean[];

  /**
   * Pickups in the order of their least time (static, the least at any hour) from a depot or reception
   * point to the pickup and on to the nearest reception point: soonestTrip stops where that alone
   * ends later than a whole trip it has (on 1,000 pickups, scanning them all took 0.8 s).
   */
  private readonly fromDepot: readonly number[][];
  private readonly fromDestination: readonly number[][];
  private readonly nearest: readonly number[];

  constructor(
    private readonly inst: Instance,
    /** Trips left per type and pickup. */
    private readonly left: number[][],
    private readonly people: PeopleByType,
  ) {
    this.seatedRoom = inst.destinations.map((d) => d.seatedCapacity);
    this.stretcherRoom = inst.destinations.map((d) => d.stretcherCapacity);
    this.assignment = inst.vehicles.map(() => []);
    this.free = new Float64Array(inst.vehicles.length);
    this.at = inst.vehicles.map(() => -1);
    this.tripsLeft = left.map((row) => row.reduce((a, b) => a + b, 0));
    this.stuck = inst.vehicles.map(() => false);
    inst.types.forEach((_, k) => inst.pickups.forEach((_, p) => this.dropIfDone(k, p)));
    const nearest = inst.toDestination.map((row) => Math.min(...row));
    const byWay = (row: Float64Array) =>
      inst.pickups.map((_, p) => p).sort((a, b) => row[a]! + nearest[a]! - (row[b]! + nearest[b]!));
    this.fromDepot = inst.fromDepot.map(byWay);
    this.fromDestination = inst.fromDestination.map(byWay);
    this.nearest = nearest;
  }

  /** Trips the mix counted beyond a pickup's people for a type are never made. */
  private dropIfDone(k: number, p: number): void {
    if (this.people.seated[k]![p]! + this.people.stretcher[k]![p]! > 0) return;
    this.tripsLeft[k]! -= this.left[k]![p]!;
    this.left[k]![p] = 0;
  }

  run(): Assignment | null {
    const { inst, free, tripsLeft, stuck } = this;
    for (;;) {
      let v = -1;
      for (let w = 0; w < inst.vehicles.length; w++)
        if (!stuck[w] && tripsLeft[inst.vehicles[w]!.type]! > 0 && (v < 0 || free[w]! < free[v]!)) v = w;
      if (v < 0) return tripsLeft.every((n) => n === 0) ? this.assignment : null;
      const next = this.soonestTrip(v);
      if (next) this.take(v, next.trip, next.end);
      else stuck[v] = true;
    }
  }

  /**
   * The trip of v's type that ends soonest (the first pickup on a tie): a whole share of a pickup's
   * people where some reception point has room for it; else, as rooms run short, as many as one has
   * room for.
   */
  private soonestTrip(v: number): { trip: Trip; end: number } | null {
    const { inst, left, nearest } = this;
    const { seated, stretcher } = this.people;
    const k = inst.vehicles[v]!.type;
    const type = inst.types[k]!;
    const t = this.free[v]!;
    const r0 = this.at[v]!;
    const depot = inst.vehicles[v]!.depot;
    const approach = (m: Matrices) => (r0 >= 0 ? m.fromDestination[r0]! : m.fromDepot[depot]!);
    const least = approach(inst);
    const best: [Trip | null, Trip | null] = [null, null];
    const bestEnd = [Infinity, Infinity];
    for (const p of r0 >= 0 ? this.fromDestination[r0]! : this.fromDepot[depot]!) {
      const n = left[k]![p]!;
      if (n === 0) continue;
      // Added in the order the trip's end is, so that no rounding puts it above the end.
      if (t + least[p]! + type.load + nearest[p]! + type.unload > bestEnd[0]!) break;
      const se = Math.min(type.seats, Math.ceil(seated[k]![p]! / n));
      const st = Math.min(type.stretchers, Math.ceil(stretcher[k]![p]! / n));
      const reach = arrival(inst, t, (m) => approach(m)[p]!) + type.load;
      if (reach === Infinity) continue;
      for (let r = 0; r < inst.destinations.length; r++) {
        const s2 = Math.min(se, this.seatedRoom[r]!);
        const z2 = Math.min(st, this.stretcherRoom[r]!);
        if (s2 + z2 === 0) continue;
        const i = s2 === se && z2 === st ? 0 : 1;
        const end = arrival(inst, reach, (m) => m.toDestination[p]![r]!) + type.unload;
        if (end < bestEnd[i]! || (end === bestEnd[i]! && end < Infinity && p < best[i]!.p)) {
          bestEnd[i] = end;
          best[i] = { p, r, seated: s2, stretcher: z2 };
        }
      }
    }
    const i = best[0] ? 0 : 1;
    const trip = best[i];
    return trip ? { trip, end: bestEnd[i]! } : null;
  }

  /** v makes the trip: its people leave the pickup, the reception point fills, v is free at `end`. */
  private take(v: number, trip: Trip, end: number): void {
    const { left, tripsLeft } = this;
    const { seated, stretcher } = this.people;
    const k = this.inst.vehicles[v]!.type;
    this.assignment[v]!.push(trip);
    this.free[v] = end;
    this.at[v] = trip.r;
    seated[k]![trip.p]! -= trip.seated;
    stretcher[k]![trip.p]! -= trip.stretcher;
    if (left[k]![trip.p]! > 1 || seated[k]![trip.p]! + stretcher[k]![trip.p]! === 0) {
      left[k]![trip.p]!--;
      tripsLeft[k]!--;
    }
    this.dropIfDone(k, trip.p);
    this.seatedRoom[trip.r]! -= trip.seated;
    this.stretcherRoom[trip.r]! -= trip.stretcher;
  }
}

/**
 * Work of a trip from pickup p after a first one: with shares, the way out to where its people go, on
 * average, and back from there (from the nearest reception point where there is no way back); else the
 * least, from the nearest reception point to the nearest. Infinity when no reception point reaches p.
 */
function laterWork(inst: Instance, p: number, fixed: number, shares: ReceptionShares | null): number {
  let reach = Infinity;
  for (const row of inst.fromDestination) reach = Math.min(reach, row[p]!);
  if (reach === Infinity) return Infinity;
  if (shares) {
    let people = 0;
    let minutes = 0;
    inst.destinations.forEach((_, r) => {
      const n = shares.seated[p]![r]! + shares.stretcher[p]![r]!;
      const back = inst.fromDestination[r]![p]!;
      if (n > 0) {
        people += n;
        minutes += n * (inst.toDestination[p]![r]! + (back < Infinity ? back : reach));
      }
    });
    if (people > 0) return fixed + minutes / people;
  }
  return reach + fixed + Math.min(...inst.toDestination[p]!);
}

function places(inst: Instance, k: number): number {
  return inst.types[k]!.seats + inst.types[k]!.stretchers;
}

function sum(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

function argmin(xs: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i]! < xs[best]!) best = i;
  return best;
}
