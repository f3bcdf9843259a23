import type { FleetData } from './bounds.js';
import { LpModel, type LpSolver } from './lp.js';

export interface FleetLimits {
  readonly deadline: number;
  readonly now: () => number;
  /** Time limit of each whole-trip MIP (default 0.4 s). */
  readonly mipSec?: number;
  /** Up to which a MIP that ran out of time is tried again with twice the time (default: not). */
  readonly mipMaxSec?: number;
  /**
   * HiGHS's presolve in the MIPs. It proves more (on the large instance, M = 115 and 116 in 0.2-0.4 s
   * where the solves without it ran out of time) but overran its time limit by 2 to 14 s: only for a
   * solver that is stopped on time from outside.
   */
  readonly presolve?: boolean;
  /**
   * The LP's threshold to the minute and no whole-trip MIPs (but a hint's): vehicle days go on from
   * there (`fleet-bounds.ts`).
   */
  readonly lpOnly?: boolean;
}

/**
 * Fleet workload. Each trip of type k from pickup p occupies its vehicle for at least work(p,k), and
 * each vehicle has the makespan M to do its trips in. Plain: sum of work x trips <= M x fleet(k), the
 * trips covering every pickup's seated people and stretcher cases (an LP in the trip counts). Then
 * whole trips: each vehicle that works makes one first trip, from its own depot (at most the depot's
 * vehicles), and later ones from reception points; only vehicles that work lend their M, so the sum
 * is at most M x first trips. Dual feasible functions of bin packing (Fekete and Schepers: u_q(x) = x
 * when (q+1)x/M is whole, else floor((q+1)x/M) x M/q, for q = 1..6) keep the sum within M for any set
 * of trips one vehicle can do in M, so each adds a valid
 * row. The bound is the largest M (on a grid of 1/8 minute) the model rules out: first with fractional
 * trip counts (an LP, fast), then with whole ones (a MIP per M) upwards from there, from `hintMin`
 * when given (the last bound on the same network). Only a proof of infeasibility counts, so the bound
 * holds whenever the search stops; `onProof` hears of each one. It never rises when vehicles are added
 * and never falls when a road closes (every coefficient is monotone).
 */
export function fleetWorkloadBound(
  data: FleetData,
  solver: LpSolver,
  highMin?: number,
  limits: FleetLimits | null = null,
  hintMin: number | null = null,
  onProof?: (boundMin: number) => void,
): number {
  const fleet = data.perDepot.map((row) => row.reduce((a, b) => a + b, 0));
  const plain = plainWorkload(data, solver, fleet);
  if (plain === null) return 0;
  const high = Math.ceil((highMin ?? plain * 4 + 60) * 8);
  const timeLeft = () => !limits || limits.now() < limits.deadline;
  // A MIP that is not proven infeasible within its time counts as feasible here: it only steers the
  // search, and no bound rests on it. Without presolve, HiGHS keeps to a time limit up to about half a
  // second (over that, some solves overran by 11-14 s on the large instance).
  // With `mipMaxSec`, a solve that ran out of time is tried again with twice the time, up to that.
  let mipSec = limits?.mipSec ?? 0.4;
  let lo = -1;
  const wholeFeasible = (x: number, dff: boolean): boolean => {
    const left = limits ? (limits.deadline - limits.now()) / 1000 : mipSec;
    const sec = Math.max(0.05, Math.min(mipSec, left));
    const r = wholeTrips(data, solver, fleet, x / 8, { sec, presolve: limits?.presolve ?? false, dff });
    if (r === 'infeasible') {
      if (x > lo) onProof?.(Math.max(plain, x / 8));
      return false;
    }
    if (r === 'unknown' && mipSec * 2 <= (limits?.mipMaxSec ?? 0) && timeLeft()) {
      mipSec *= 2;
      return wholeFeasible(x, dff);
    }
    return true;
  };
  let hi = high;
  // Re-planning on the same network: the last bound is likely still ruled out (a closure only raises
  // it), which spares the LP's bisection.
  const hint = hintMin === null ? null : Math.floor(hintMin * 8);
  if (hint !== null && hint > plain * 8 && hint < hi && timeLeft()) {
    if (wholeFeasible(hint, false)) hi = hint;
    else lo = hint;
  }
  if (lo < 0) {
    const relaxedFeasible = (x: number) => wholeTrips(data, solver, fleet, x / 8, null) !== 'infeasible';
    // Bisected between the plain bound and a third above it (where the LP has held so far), else `high`.
    // (Up to `high`: a MIP without those rows that did not rule out the hint says nothing of the LP.)
    const near = Math.min(high, Math.ceil(plain * 8 * 1.35) + 8);
    // For vehicle days, to the minute (their steps are two minutes and more; the last solves near the
    // threshold were the slowest, 0.15-0.35 s on the large instance).
    const within = limits?.lpOnly ? 8 : 1;
    const relaxed =
      gridThreshold(relaxedFeasible, Math.ceil(plain * 8) - 1, near, within) ??
      gridThreshold(relaxedFeasible, near, high, within);
    if (relaxed === null) return Math.max(0, plain);
    lo = relaxed;
    onProof?.(Math.max(plain, lo / 8));
  }
  // Upwards two minutes at a time, then by halves of that: a solve that is not proven infeasible costs
  // its whole time limit, a proof 0.2-0.8 s, so steps stay short of the threshold where they can. First
  // without the dual feasible rows (on the large instance they doubled each solve's time and moved
  // nothing), then, with time left, with them (on small instances, where trips are long against M,
  // they lift the bound by up to a fifth).
  for (const dff of limits?.lpOnly ? [] : [false, true]) {
    let top = dff ? high : hi;
    for (let step = 16; step >= 1 && timeLeft();) {
      if (lo + step < top && !wholeFeasible(lo + step, dff)) lo += step;
      else {
        top = Math.min(top, lo + step);
        step >>= 1;
      }
    }
  }
  return Math.max(plain, lo / 8);
}

/**
 * The largest grid point in [lo, hi) where `feasible` fails, given that it fails at lo and holds at hi
 * (with `within` > 1: a point where it fails at most that far below the largest).
 */
function gridThreshold(feasible: (x: number) => boolean, lo: number, hi: number, within = 1): number | null {
  if (!feasible(hi)) return null;
  while (hi - lo > within) {
    const mid = (lo + hi) >> 1;
    if (feasible(mid)) hi = mid;
    else lo = mid;
  }
  return lo;
}

const DFF_ORDERS = [1, 2, 3, 4, 5, 6];

/** Fekete-Schepers u_q on [0, M]: still a valid weight for bins of size M. */
function dff(x: number, M: number, q: number): number {
  const y = ((q + 1) * x) / M;
  const whole = Math.abs(y - Math.round(y)) < 1e-12;
  return whole ? x : (Math.floor(y) * M) / q;
}

/** The plain LP: one work per trip (reached from the nearest depot or reception point), least M. */
function plainWorkload(data: FleetData, solver: LpSolver, fleet: readonly number[]): number | null {
  const model = new LpModel();
  const live = data.pickups.map((p, pi) => [p, pi] as const).filter(([p]) => p.seated + p.stretcher > 0);
  const usable = (k: number) => fleet[k]! > 0 && data.types[k]!.seats + data.types[k]!.stretchers > 0;
  const rows: [number, string][][] = data.types.map(() => []);
  for (const [p, pi] of live) {
    const seats: [number, string][] = [];
    const stretchers: [number, string][] = [];
    data.types.forEach((type, k) => {
      const w = Math.min(data.work.first[pi]![k]!, data.work.later[pi]![k]!);
      if (!usable(k) || w === Infinity) return;
      const y = `y${pi}_${k}`;
      seats.push([type.seats, y]);
      stretchers.push([type.stretchers, y]);
      rows[k]!.push([w, y]);
    });
    if (p.seated > 0) model.row(seats, '>=', p.seated);
    if (p.stretcher > 0) model.row(stretchers, '>=', p.stretcher);
  }
  rows.forEach((terms, k) => {
    if (terms.length) model.row([...terms, [-fleet[k]!, 'M']], '<=', 0);
  });
  model.minimize([[1, 'M']]);
  const solution = solver.solve(model.text());
  // The LP's own tolerance (1e-7 relative) must not lift the bound above the truth.
  return solution.Status === 'Optimal' ? Math.max(0, solution.ObjectiveValue * (1 - 1e-6) - 1e-6) : null;
}

/**
 * Whether all trips fit in makespan M: 'infeasible' is a proof; with whole trips (a MIP), 'unknown'
 * when the solve ran out of time.
 */
function wholeTrips(
  data: FleetData,
  solver: LpSolver,
  fleet: readonly number[],
  M: number,
  /** The MIP's time limit, presolve and whether it has the dual feasible rows; null for the LP. */
  mip: { sec: number; presolve: boolean; dff: boolean } | null,
): 'infeasible' | 'feasible' | 'unknown' {
  const w: WholeTrips = {
    model: new LpModel(),
    data,
    live: data.pickups.map((p, pi) => [p, pi] as const).filter(([p]) => p.seated + p.stretcher > 0),
    fleet,
    usable: (k) => fleet[k]! > 0 && data.types[k]!.seats + data.types[k]!.stretchers > 0,
    M,
    mip,
  };
  const trips = tripRows(w);
  data.types.forEach((_, k) => {
    if (w.usable(k)) vehicleRows(w, k, trips);
  });
  w.model.minimize([]);
  const solution = solver.solve(
    w.model.text(),
    mip ? { time_limit: mip.sec, presolve: mip.presolve ? 'on' : 'off' } : {},
  );
  // Only a proof of infeasibility counts; a solve cut short by its time limit proves nothing.
  if (solution.Status === 'Infeasible') return 'infeasible';
  return solution.Status === 'Optimal' ? 'feasible' : 'unknown';
}

type Terms = [number, string][];

/** What the whole-trip model is made of: the fleet's data at makespan M, and the model it fills. */
interface WholeTrips {
  readonly model: LpModel;
  readonly data: FleetData;
  /** The pickups with people, and their indices. */
  readonly live: readonly (readonly [FleetData['pickups'][number], number])[];
  readonly fleet: readonly number[];
  /** Whether type k has vehicles and places. */
  readonly usable: (k: number) => boolean;
  readonly M: number;
  readonly mip: { sec: number; presolve: boolean; dff: boolean } | null;
}

/** The trip variables of the whole-trip model, per type k, as the vehicles' rows need them. */
interface TripTerms {
  /** bins[k]: each trip's work, then its value under each dual feasible function. */
  readonly bins: Terms[][];
  /** first[k][d]: first trips from depot d; later[k]: trips from a reception point. */
  readonly first: Terms[][];
  readonly later: Terms[];
}

/**
 * The pickups' rows: a variable per pickup, type and kind of trip (first from each depot, or later)
 * that fits in M, whose places cover the pickup's seated people and stretcher cases in whole trips.
 */
function tripRows({ model, data, live, usable, M, mip }: WholeTrips): TripTerms {
  // Whole trips: each vehicle that works makes one first trip (from its depot) and later ones (from a
  // reception point), all inside M; bins of size M with the dual feasible functions on top.
  const maxSeats = Math.max(0, ...data.types.filter((_, k) => usable(k)).map((t) => t.seats));
  const maxStretchers = Math.max(0, ...data.types.filter((_, k) => usable(k)).map((t) => t.stretchers));
  const terms: TripTerms = {
    bins: data.types.map(() => [[], ...DFF_ORDERS.map(() => [])]),
    // First trips per depot (each vehicle makes its first from its own depot), later ones per type.
    first: data.types.map(() => data.perDepot[0]!.map(() => [])),
    later: data.types.map(() => []),
  };
  for (const [p, pi] of live) {
    const seats: Terms = [];
    const stretchers: Terms = [];
    data.types.forEach((type, k) => {
      if (!usable(k)) return;
      const kinds: [string, number, number][] = data.work.firstFrom.map((row, d) => [
        `f${d}_`,
        row[pi]![k]!,
        d,
      ]);
      kinds.push(['y', data.work.later[pi]![k]!, -1]);
      for (const [kind, w, d] of kinds) {
        if (w === Infinity || w > M || (d >= 0 && data.perDepot[k]![d] === 0)) continue;
        const v = `${kind}${pi}_${k}`;
        if (mip) model.integer(v);
        seats.push([type.seats, v]);
        stretchers.push([type.stretchers, v]);
        terms.bins[k]![0]!.push([w, v]);
        DFF_ORDERS.forEach((q, i) => terms.bins[k]![i + 1]!.push([dff(w, M, q), v]));
        (d >= 0 ? terms.first[k]![d]! : terms.later[k]!).push([1, v]);
      }
    });
    if (p.seated > 0) model.row(seats, '>=', p.seated);
    if (p.stretcher > 0) model.row(stretchers, '>=', p.stretcher);
    // Trips are whole (Chvatal-Gomory rounding of the rows above): at least ceil(people / largest
    // capacity) trips leave each pickup, whatever mix of vehicles makes them. A group of pickups
    // (`pickup-groups.ts`) needs that many for each of its members: a trip carries one member's people.
    const members = data.members?.[pi];
    const leastTrips = (people: number, most: number, kind: 'seated' | 'stretcher') =>
      Math.max(
        Math.ceil(people / most),
        members?.reduce((sum, m) => sum + Math.ceil(m[kind] / most), 0) ?? 0,
      );
    if (p.seated > 0 && maxSeats > 0)
      model.row(
        seats.map(([, v]) => [1, v]),
        '>=',
        leastTrips(p.seated, maxSeats, 'seated'),
      );
    if (p.stretcher > 0 && maxStretchers > 0)
      model.row(
        stretchers.map(([, v]) => [1, v]),
        '>=',
        leastTrips(p.stretcher, maxStretchers, 'stretcher'),
      );
  }
  return terms;
}

/** The vehicles' rows of type k: first trips within each depot's vehicles, later ones after them, all in M. */
function vehicleRows({ model, data, live, fleet, M, mip }: WholeTrips, k: number, terms: TripTerms): void {
  // A vehicle's later trips follow its first one: at most (M - shortest first) / shortest later of
  // them. (A first trip can be shorter than any later one: depots may lie nearer than reception.)
  const shortestFirst = Math.min(...live.map(([, pi]) => data.work.first[pi]![k]!));
  const shortestLater = Math.min(...live.map(([, pi]) => data.work.later[pi]![k]!));
  const laterPerVehicle = Number.isFinite(shortestLater)
    ? Math.max(0, Math.floor((M - shortestFirst) / shortestLater + 1e-9))
    : 0;
  terms.first[k]!.forEach((row, d) => model.row(row, '<=', data.perDepot[k]![d]!));
  // (A later trip of no minutes, two places at one spot on direct legs: no limit.)
  if (Number.isFinite(laterPerVehicle))
    model.row(
      [
        ...terms.later[k]!,
        ...terms.first[k]!.flat().map(([, v]) => [-laterPerVehicle, v] as [number, string]),
      ],
      '<=',
      0,
    );
  // Only vehicles that work have M to work in, and each that works makes one first trip: the bins
  // are the first trips, not the fleet (idle vehicles lend no time).
  // (In the MIP. The LP, the search's start, keeps M x fleet: coupled, its solves took 3-5 times as
  // long.)
  const used = terms.first[k]!.flat();
  terms.bins[k]!.slice(0, mip && !mip.dff ? 1 : undefined).forEach((row, i) => {
    // The dual feasible functions' rows with a margin against rounding in their values (an LP row
    // with a larger right-hand side only holds more).
    const size = M * (i === 0 ? 1 : 1 + 1e-6);
    if (!row.length) return;
    if (mip) model.row(merged([...row, ...used.map(([, v]) => [-size, v] as [number, string])]), '<=', 0);
    else model.row(row, '<=', fleet[k]! * size);
  });
}

/**
 * One term per variable, its coefficients summed (a first trip is in its bin's row twice: its work,
 * and the bin it opens). With a margin of 1e-9, a first trip that fills its bin was listed as +41 and
 * -41.000000041 at M = 41; HiGHS's presolve then proved the model infeasible where a plan of 40
 * minutes existed (so did one term of -4.1e-8). With 1e-6 the term is -4.1e-5, and the bound 39.875.
 */
function merged(terms: Terms): Terms {
  const sum = new Map<string, number>();
  for (const [c, v] of terms) sum.set(v, (sum.get(v) ?? 0) + c);
  return [...sum].filter(([, c]) => c !== 0).map(([v, c]) => [c, v]);
}
