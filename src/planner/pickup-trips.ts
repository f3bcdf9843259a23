import type { FleetData } from './bounds.js';
import { waysToCover } from './ways-to-cover.js';

/**
 * Whole trips per pickup: a fleet workload bound on the instance's own pickups, cheap enough for a
 * thousand of them (31 ms with buses and ambulances), so that many small pickups need not be grouped
 * for it.
 *
 * Every trip occupies its vehicle for at least its later work (`Works.later`: from the nearest
 * reception point, load, to the nearest, unload), except a vehicle's first, which starts at its depot
 * (`Works.firstFrom`). So type k's vehicles work at least the sum of their trips' later work less
 * what first trips save, and at most N_k x M. A plan's trips from pickup p, per type, cover its people
 * with whole trips: they are at least one of the least ways to cover them (`waysToCover`). First trips
 * save at most, per depot, its vehicles' largest savings, each pickup counted at most as often as any
 * of its least ways has trips of the type (a first trip beyond those is a trip more, which adds its
 * first work, never less than nothing). For any weights theta_k >= 0 summing to 1, M is then at least
 *
 *   sum over pickups of min over ways of sum_k theta_k n_k later(p, k) / N_k  -  sum_k theta_k S_k / N_k
 *
 * (the Lagrangian dual of the LP that picks a way per pickup; its maximum over theta is that LP's
 * value). Any theta proves its value; the weights are searched (ternary search for two types) until
 * `limits.deadline`: with four types and large pickups the ways to weigh run into the thousands each.
 *
 * Why: on the 100,000-node city with 1,000 pickups of about 34 people, the fleet bounds proven on
 * pickups grouped to 200 reached 142.75 min in a 10 s plan (a group's times are the least of its
 * members'); this proves 171.9 in 0.1 s: every pickup needs a trip of its own, from where it is.
 */
export function pickupTripsBound(data: FleetData, limits?: BoundLimits): number {
  const timeLeft = () => !limits || limits.now() < limits.deadline;
  const K = data.types.length;
  const fleet = data.perDepot.map((row) => row.reduce((a, b) => a + b, 0));
  const places = (k: number) => data.types[k]!.seats + data.types[k]!.stretchers;
  const kinds = data.types.map((_, k) => k).filter((k) => fleet[k]! > 0 && places(k) > 0);
  if (kinds.length === 0) return 0;
  kinds.sort((a, b) => places(b) - places(a));
  const last = kinds[kinds.length - 1]!;
  const counted = kinds.slice(0, -1);
  // A trip's work: its later work, or where no reception point reaches the pickup, its least first.
  const work = data.pickups.map((_, p) =>
    data.types.map((_, k) => {
      const later = data.work.later[p]![k]!;
      return later < Infinity ? later : data.work.first[p]![k]!;
    }),
  );
  // Per pickup with people, its least ways as loads per type (n_k x work / N_k, each trip's work
  // less TRIP_SLACK) and the most trips per type. A pickup whose ways are too many to weigh, or that
  // no trips can cover, is left out: its trips' work is at least nothing, and no saving is counted there.
  const loads: Float64Array[] = [];
  const most = data.pickups.map(() => new Array<number>(K).fill(0));
  for (const [p, people] of data.pickups.entries()) {
    if (people.seated + people.stretcher <= 0) continue;
    if (!timeLeft()) return 0;
    const ways = waysToCover(data.types, people, counted, last);
    if (!ways) continue;
    const flat: number[] = [];
    for (const way of ways) {
      if (!least(way, data.types, people)) continue;
      const load = way.map((n, k) => (n > 0 ? (n * Math.max(0, work[p]![k]! - TRIP_SLACK)) / fleet[k]! : 0));
      if (!load.every(Number.isFinite)) continue;
      flat.push(...load);
      for (const [k, n] of way.entries()) most[p]![k] = Math.max(most[p]![k]!, n);
    }
    if (flat.length > 0) loads.push(Float64Array.from(flat));
  }
  const saved = data.types.map((_, k) => firstSavings(data, work, most, k) / (fleet[k]! || 1));
  const value = (theta: readonly number[]): number => {
    let total = 0;
    for (const ways of loads) {
      let least = Infinity;
      for (let i = 0; i < ways.length; i += K) {
        let c = 0;
        for (let k = 0; k < K; k++) c += theta[k]! * ways[i + k]!;
        if (c < least) least = c;
      }
      total += least;
    }
    for (let k = 0; k < K; k++) total -= theta[k]! * saved[k]!;
    return total;
  };
  const best = bestWeights(value, K, kinds, timeLeft);
  // Against rounding in the sums (a lower bound only weakens the proof).
  return Math.max(0, best * (1 - 1e-9) - 1e-9);
}

export interface BoundLimits {
  readonly deadline: number;
  readonly now: () => number;
}

/**
 * Taken off each trip's work: the validator lets each time in a plan be up to 1e-6 minutes early, and
 * a trip has four (its drive to the pickup, loading, its drive on, unloading), so a valid plan's trip
 * may take up to 4e-6 less than its work; with thousands of trips a vehicle, that adds up.
 */
const TRIP_SLACK = 1e-5;

/** Whether no trip of a way can be left out with everyone still carried (a least way). */
function least(
  way: readonly number[],
  types: FleetData['types'],
  { seated, stretcher }: FleetData['pickups'][number],
): boolean {
  let seats = 0;
  let stretchers = 0;
  for (const [k, n] of way.entries()) {
    seats += n * types[k]!.seats;
    stretchers += n * types[k]!.stretchers;
  }
  return way.every(
    (n, k) => n === 0 || seats - types[k]!.seats < seated || stretchers - types[k]!.stretchers < stretcher,
  );
}

/**
 * The most type k's first trips can save against later work: per depot, its vehicles' largest
 * savings, each pickup at most `most[p][k]` times.
 */
function firstSavings(
  data: FleetData,
  work: readonly (readonly number[])[],
  most: readonly (readonly number[])[],
  k: number,
): number {
  let total = 0;
  for (const [d, byPickup] of data.work.firstFrom.entries()) {
    let left = data.perDepot[k]![d]!;
    if (left <= 0) continue;
    const gains: { gain: number; times: number }[] = [];
    for (const [p, w] of byPickup.entries()) {
      const gain = work[p]![k]! - w[k]!;
      if (gain > 0 && Number.isFinite(gain) && most[p]![k]! > 0) gains.push({ gain, times: most[p]![k]! });
    }
    gains.sort((a, b) => b.gain - a.gain);
    for (const { gain, times } of gains) {
      if (left <= 0) break;
      const n = Math.min(left, times);
      total += n * gain;
      left -= n;
    }
  }
  return total;
}

/**
 * The largest value found over weights on the types in `kinds` (others 0), summing to 1. The value is
 * concave in the weights: for two types a ternary search finds its maximum; for more, mass moves
 * between pairs of types by the same search, a few rounds (which need not reach the best weights:
 * any weights prove their value). Until the deadline; the first weights are always weighed.
 */
function bestWeights(
  value: (theta: readonly number[]) => number,
  K: number,
  kinds: readonly number[],
  timeLeft: () => boolean,
): number {
  const theta = new Array<number>(K).fill(0);
  for (const k of kinds) theta[k] = 1 / kinds.length;
  let best = value(theta);
  const rounds = kinds.length <= 2 ? 1 : 4;
  search: for (let round = 0; round < rounds; round++)
    for (let a = 0; a < kinds.length; a++)
      for (let b = a + 1; b < kinds.length; b++) {
        if (!timeLeft()) break search;
        const i = kinds[a]!;
        const j = kinds[b]!;
        const pool = theta[i]! + theta[j]!;
        const at = (t: number) => {
          const w = theta.slice();
          w[i] = t;
          w[j] = pool - t;
          return value(w);
        };
        let lo = 0;
        let hi = pool;
        for (let step = 0; step < 60 && timeLeft(); step++) {
          const m1 = lo + (hi - lo) / 3;
          const m2 = hi - (hi - lo) / 3;
          if (at(m1) < at(m2)) lo = m1;
          else hi = m2;
        }
        const t = (lo + hi) / 2;
        const v = at(t);
        if (v > best) {
          best = v;
          theta[i] = t;
          theta[j] = pool - t;
        }
      }
  return best;
}
