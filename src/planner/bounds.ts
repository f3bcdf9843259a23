import type { Instance } from './instance.js';
import { LpModel, type LpSolver } from './lp.js';

/**
 * Lower bounds on the makespan, each valid on its own. All use static travel times (permanent hazards
 * in, timed hazards out), which never exceed the true time at any hour: hazards only lengthen.
 */

/** The latest of the fastest single trips: depot -> pickup, load, -> nearest reception point, unload. */
export function singleTripBound(inst: Instance): number {
  let bound = 0;
  inst.pickups.forEach((p, pi) => {
    for (const [need, key] of [
      [p.stretcher, 'stretchers'],
      [p.seated, 'seats'],
    ] as const) {
      if (need === 0) continue;
      let best = Infinity;
      for (const v of inst.vehicles) {
        const type = inst.types[v.type]!;
        if (type[key] === 0) continue;
        const reach = inst.fromDepot[v.depot]![pi]! + type.load;
        let out = Infinity;
        inst.destinations.forEach((r, ri) => {
          const room = key === 'stretchers' ? r.stretcherCapacity : r.seatedCapacity;
          if (room > 0) out = Math.min(out, inst.toDestination[pi]![ri]!);
        });
        best = Math.min(best, reach + out + type.unload);
      }
      bound = Math.max(bound, best);
    }
  });
  return bound;
}

/**
 * What the fleet bounds need of an instance, as plain numbers (so a worker thread can compute them):
 * vehicle types, the fleet per type and depot, the people at each pickup, the least work of a first
 * and a later trip, and the static minutes between places.
 */
export interface FleetData {
  readonly types: readonly {
    readonly seats: number;
    readonly stretchers: number;
    readonly load: number;
    readonly unload: number;
  }[];
  /** perDepot[k][d]: vehicles of type k at depot d. */
  readonly perDepot: readonly (readonly number[])[];
  readonly pickups: readonly { readonly seated: number; readonly stretcher: number }[];
  readonly destinations: readonly { readonly seatedCapacity: number; readonly stretcherCapacity: number }[];
  readonly work: Works;
  readonly fromDepot: readonly Float64Array[];
  readonly fromDestination: readonly Float64Array[];
  readonly toDestination: readonly Float64Array[];
  /**
   * The minutes while timed hazards hold, per epoch [startMin, endMin) where they differ from static
   * (none: every epoch as static, which only lowers vehicle days).
   */
  readonly epochs: readonly TimedMinutes[];
}

export interface TimedMinutes {
  readonly startMin: number;
  readonly endMin: number;
  readonly fromDepot: readonly Float64Array[];
  readonly fromDestination: readonly Float64Array[];
  readonly toDestination: readonly Float64Array[];
}

/**
 * `timed`: with the minutes while timed hazards hold (vehicle days need them, `timedMinutes`). They
 * cost shortest-path trees per epoch (about 0.7 s on the large instance where the plan has not computed
 * them yet): the planner sends them to its bound worker after the start, or goes without in a run too
 * short to be made for vehicle days (days then see static minutes only).
 */
export function fleetData(inst: Instance, timed = true): FleetData {
  return {
    types: inst.types.map(({ seats, stretchers, load, unload }) => ({ seats, stretchers, load, unload })),
    perDepot: inst.types.map((_, k) =>
      inst.depots.map((_, d) => inst.vehicles.filter((v) => v.type === k && v.depot === d).length),
    ),
    pickups: inst.pickups.map(({ seated, stretcher }) => ({ seated, stretcher })),
    destinations: inst.destinations.map(({ seatedCapacity, stretcherCapacity }) => ({
      seatedCapacity,
      stretcherCapacity,
    })),
    work: works(inst),
    fromDepot: inst.fromDepot,
    fromDestination: inst.fromDestination,
    toDestination: inst.toDestination,
    epochs: timed ? timedMinutes(inst) : [],
  };
}

/** The minutes while timed hazards hold, per epoch where they differ from static (`FleetData.epochs`). */
export function timedMinutes(inst: Instance): TimedMinutes[] {
  return inst.router.timedEpochs.map((e) => {
    const startMin = e === 0 ? 0 : inst.router.breakpoints[e - 1]!;
    const { fromDepot, fromDestination, toDestination } = inst.at(startMin);
    return {
      startMin,
      endMin: inst.router.breakpoints[e] ?? Infinity,
      fromDepot,
      fromDestination,
      toDestination,
    };
  });
}

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
   * Two-minute steps only, without the dual feasible rows: the climb ends at the first step not ruled
   * out (vehicle days go on from there, `fleet-bounds.ts`).
   */
  readonly coarse?: boolean;
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
    // Coarse: to the minute (the steps above it are two minutes; the last solves near the threshold
    // were the slowest, 0.15-0.35 s on the large instance).
    const within = limits?.coarse ? 8 : 1;
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
  for (const dff of limits?.coarse ? [false] : [false, true]) {
    let top = dff ? high : hi;
    for (let step = 16; step >= (limits?.coarse ? 16 : 1) && timeLeft();) {
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
  const whole = mip !== null;
  const model = new LpModel();
  const live = data.pickups.map((p, pi) => [p, pi] as const).filter(([p]) => p.seated + p.stretcher > 0);
  const usable = (k: number) => fleet[k]! > 0 && data.types[k]!.seats + data.types[k]!.stretchers > 0;
  // Whole trips: each vehicle that works makes one first trip (from its depot) and later ones (from a
  // reception point), all inside M; bins of size M with the dual feasible functions on top.
  const maxSeats = Math.max(0, ...data.types.filter((_, k) => usable(k)).map((t) => t.seats));
  const maxStretchers = Math.max(0, ...data.types.filter((_, k) => usable(k)).map((t) => t.stretchers));
  const binRows: [number, string][][][] = data.types.map(() => [[], ...DFF_ORDERS.map(() => [])]);
  // First trips per depot (each vehicle makes its first from its own depot), later ones per type.
  const firstRows: [number, string][][][] = data.types.map(() => data.perDepot[0]!.map(() => []));
  const laterRows: [number, string][][] = data.types.map(() => []);
  for (const [p, pi] of live) {
    const seats: [number, string][] = [];
    const stretchers: [number, string][] = [];
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
        if (whole) model.integer(v);
        seats.push([type.seats, v]);
        stretchers.push([type.stretchers, v]);
        binRows[k]![0]!.push([w, v]);
        DFF_ORDERS.forEach((q, i) => binRows[k]![i + 1]!.push([dff(w, M, q), v]));
        (d >= 0 ? firstRows[k]![d]! : laterRows[k]!).push([1, v]);
      }
    });
    if (p.seated > 0) model.row(seats, '>=', p.seated);
    if (p.stretcher > 0) model.row(stretchers, '>=', p.stretcher);
    // Trips are whole (Chvatal-Gomory rounding of the rows above): at least ceil(people / largest
    // capacity) trips leave each pickup, whatever mix of vehicles makes them.
    if (p.seated > 0 && maxSeats > 0)
      model.row(
        seats.map(([, v]) => [1, v]),
        '>=',
        Math.ceil(p.seated / maxSeats),
      );
    if (p.stretcher > 0 && maxStretchers > 0)
      model.row(
        stretchers.map(([, v]) => [1, v]),
        '>=',
        Math.ceil(p.stretcher / maxStretchers),
      );
  }
  data.types.forEach((_, k) => {
    if (!usable(k)) return;
    // A vehicle's later trips follow its first one: at most (M - shortest first) / shortest later of
    // them. (A first trip can be shorter than any later one: depots may lie nearer than reception.)
    const shortestFirst = Math.min(...live.map(([, pi]) => data.work.first[pi]![k]!));
    const shortestLater = Math.min(...live.map(([, pi]) => data.work.later[pi]![k]!));
    const laterPerVehicle = Number.isFinite(shortestLater)
      ? Math.max(0, Math.floor((M - shortestFirst) / shortestLater + 1e-9))
      : 0;
    firstRows[k]!.forEach((terms, d) => model.row(terms, '<=', data.perDepot[k]![d]!));
    model.row(
      [...laterRows[k]!, ...firstRows[k]!.flat().map(([, v]) => [-laterPerVehicle, v] as [number, string])],
      '<=',
      0,
    );
    // Only vehicles that work have M to work in, and each that works makes one first trip: the bins
    // are the first trips, not the fleet (idle vehicles lend no time).
    // (In the MIP. The LP, the search's start, keeps M x fleet: coupled, its solves took 3-5 times as
    // long.)
    const used = firstRows[k]!.flat();
    binRows[k]!.slice(0, mip && !mip.dff ? 1 : undefined).forEach((terms, i) => {
      const size = M * (i === 0 ? 1 : 1 + 1e-9);
      if (!terms.length) return;
      if (whole) model.row([...terms, ...used.map(([, v]) => [-size, v] as [number, string])], '<=', 0);
      else model.row(terms, '<=', fleet[k]! * size);
    });
  });
  model.minimize([]);
  const solution = solver.solve(
    model.text(),
    mip ? { time_limit: mip.sec, presolve: mip.presolve ? 'on' : 'off' } : {},
  );
  // Only a proof of infeasibility counts; a solve cut short by its time limit proves nothing.
  if (solution.Status === 'Infeasible') return 'infeasible';
  return solution.Status === 'Optimal' ? 'feasible' : 'unknown';
}

/**
 * Least work of a first trip from each depot (`firstFrom[d][p][k]`, Infinity without vehicles of type k
 * there), from the type's nearest depot (`first[p][k]`), and of a later one (from a reception point).
 */
export interface Works {
  readonly firstFrom: readonly (readonly (readonly number[])[])[];
  readonly first: readonly (readonly number[])[];
  readonly later: readonly (readonly number[])[];
}

function works(inst: Instance): Works {
  // Every vehicle starts its first trip at minute 0 or later. Until the first time a timed hazard
  // starts or ends, roads are as they are at minute 0: a first trip that ends before then takes at
  // least its time on those roads; one that ends later took at least that long anyway.
  const change = inst.router.breakpoints.find((b) => b > 0) ?? Infinity;
  const atStart = inst.at(0);
  const firstFrom = inst.depots.map((_, di) =>
    inst.pickups.map((_, pi) =>
      inst.types.map((type, k) => {
        if (!inst.vehicles.some((v) => v.type === k && v.depot === di)) return Infinity;
        const fixed = type.load + type.unload;
        const still = inst.fromDepot[di]![pi]! + Math.min(...inst.toDestination[pi]!) + fixed;
        const then = atStart.fromDepot[di]![pi]! + Math.min(...atStart.toDestination[pi]!) + fixed;
        return Math.max(still, Math.min(then, change));
      }),
    ),
  );
  const first = inst.pickups.map((_, pi) =>
    inst.types.map((_, k) => Math.min(...firstFrom.map((row) => row[pi]![k]!))),
  );
  const later = inst.pickups.map((_, pi) =>
    inst.types.map((type) => {
      const reach = Math.min(...inst.fromDestination.map((row) => row[pi]!));
      return reach + type.load + Math.min(...inst.toDestination[pi]!) + type.unload;
    }),
  );
  return { firstFrom, first, later };
}
