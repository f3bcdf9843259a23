import type { Instance } from './instance.js';
import { LpModel, type LpSolver } from './lp.js';
import { MinHeap } from './route.js';

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
 * Fleet workload. Each trip of type k from pickup p occupies its vehicle for at least work(p,k), and
 * each vehicle has the makespan M to do its trips in. Plain: sum of work x trips <= M x fleet(k), the
 * trips covering every pickup's seated people and stretcher cases (an LP in the trip counts). Trips are
 * whole, though: a vehicle fits only so many long ones. Dual feasible functions of bin packing
 * (Fekete and Schepers: u_q(x) = x when (q+1)x/M is whole, else floor((q+1)x/M) x M/q, for q = 1..6)
 * keep the sum within M x fleet for any set of trips one vehicle can do in M, so each adds a valid
 * row. The bound is the least M (bisected to 1/8 minute) the LP cannot rule out; it never rises when
 * vehicles are added and never falls when a road closes (every coefficient is monotone).
 */
export function fleetWorkloadBound(
  inst: Instance,
  solver: LpSolver,
  highMin?: number,
  limits: { deadline: number; now: () => number } | null = null,
): number {
  const fleet = inst.types.map((_, k) => inst.vehicles.filter((v) => v.type === k).length);
  const work = works(inst);
  const plain = workloadLp(inst, solver, fleet, work, 0, false);
  if (plain === null) return 0;
  // First with fractional trip counts (fast), then, while time is left, with whole ones (a MIP per
  // horizon, stronger) from where the first search ended. On a grid of 1/8 minute, the answer is the
  // largest grid point proven infeasible: the same whatever the start (feasibility is monotone).
  const high = Math.ceil((highMin ?? plain * 4 + 60) * 8);
  const relaxed = gridThreshold(
    (x) => workloadLp(inst, solver, fleet, work, x / 8, false) !== null,
    Math.ceil(plain * 8) - 1,
    high,
    inst.cache?.fleetHint ?? null,
    null,
  );
  if (relaxed === null) return Math.max(0, plain);
  let lo = relaxed;
  const timeLeft = () => !limits || limits.now() < limits.deadline;
  if (timeLeft()) {
    const whole = gridThreshold(
      (x) => {
        const left = limits ? (limits.deadline - limits.now()) / 1000 : 1;
        return workloadLp(inst, solver, fleet, work, x / 8, true, Math.max(0.05, Math.min(1, left))) !== null;
      },
      lo,
      high,
      lo / 8,
      limits && timeLeft,
    );
    if (whole !== null) lo = whole;
  }
  if (inst.cache) inst.cache.fleetHint = lo / 8;
  return Math.max(plain, lo / 8);
}

/**
 * The largest grid point in [lo, hi) where `feasible` fails, given that it fails at lo (or lo is a known
 * bound) and holds at hi; searched outwards from `hint` by doubling steps, then by bisection. With
 * `more` returning false the search stops early and returns the largest failure proven so far.
 */
function gridThreshold(
  feasible: (x: number) => boolean,
  lo: number,
  hi: number,
  hint: number | null,
  more: (() => boolean) | null,
): number | null {
  if (!feasible(hi)) return null;
  const go = () => !more || more();
  if (hint !== null) {
    const h = Math.round(hint * 8) + 1;
    if (h > lo && h < hi && go()) {
      if (feasible(h)) {
        hi = h;
        for (let step = 1; hi - step > lo && go(); step *= 2) {
          if (feasible(hi - step)) hi -= step;
          else {
            lo = hi - step;
            break;
          }
        }
      } else {
        lo = h;
        for (let step = 1; lo + step < hi && go(); step *= 2) {
          if (feasible(lo + step)) {
            hi = lo + step;
            break;
          }
          lo += step;
        }
      }
    }
  }
  while (hi - lo > 1 && go()) {
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

function workloadLp(
  inst: Instance,
  solver: LpSolver,
  fleet: readonly number[],
  work: Works,
  M: number,
  whole: boolean,
  timeLimitSec = 1,
): number | null {
  const model = new LpModel();
  const live = inst.pickups.map((p, pi) => [p, pi] as const).filter(([p]) => p.seated + p.stretcher > 0);
  const usable = (k: number) => fleet[k]! > 0 && inst.types[k]!.seats + inst.types[k]!.stretchers > 0;
  if (M === 0) {
    // The plain LP: one work per trip (reached from the nearest depot or reception point), minimise M.
    const rows: [number, string][][] = inst.types.map(() => []);
    for (const [p, pi] of live) {
      const seats: [number, string][] = [];
      const stretchers: [number, string][] = [];
      inst.types.forEach((type, k) => {
        const w = Math.min(work.first[pi]![k]!, work.later[pi]![k]!);
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
  // Whole trips: each vehicle that works makes one first trip (from its depot) and later ones (from a
  // reception point), all inside M; bins of size M with the dual feasible functions on top.
  const maxSeats = Math.max(0, ...inst.types.filter((_, k) => usable(k)).map((t) => t.seats));
  const maxStretchers = Math.max(0, ...inst.types.filter((_, k) => usable(k)).map((t) => t.stretchers));
  const binRows: [number, string][][][] = inst.types.map(() => [[], ...DFF_ORDERS.map(() => [])]);
  const firstRows: [number, string][][] = inst.types.map(() => []);
  const laterRows: [number, string][][] = inst.types.map(() => []);
  for (const [p, pi] of live) {
    const seats: [number, string][] = [];
    const stretchers: [number, string][] = [];
    inst.types.forEach((type, k) => {
      if (!usable(k)) return;
      for (const [kind, w] of [
        ['f', work.first[pi]![k]!],
        ['y', work.later[pi]![k]!],
      ] as const) {
        if (w === Infinity || w > M) continue;
        const v = `${kind}${pi}_${k}`;
        if (whole) model.integer(v);
        seats.push([type.seats, v]);
        stretchers.push([type.stretchers, v]);
        binRows[k]![0]!.push([w, v]);
        DFF_ORDERS.forEach((q, i) => binRows[k]![i + 1]!.push([dff(w, M, q), v]));
        (kind === 'f' ? firstRows : laterRows)[k]!.push([1, v]);
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
  inst.types.forEach((_, k) => {
    if (!usable(k)) return;
    const shortestLater = Math.min(...live.map(([, pi]) => work.later[pi]![k]!));
    const perVehicle = Number.isFinite(shortestLater) ? Math.max(1, Math.floor(M / shortestLater + 1e-9)) : 1;
    model.row(firstRows[k]!, '<=', fleet[k]!);
    model.row(
      [...laterRows[k]!, ...firstRows[k]!.map(([, v]) => [-(perVehicle - 1), v] as [number, string])],
      '<=',
      0,
    );
    binRows[k]!.forEach((terms, i) => {
      if (terms.length) model.row(terms, '<=', fleet[k]! * M * (i === 0 ? 1 : 1 + 1e-9));
    });
  });
  model.minimize([]);
  const solution = solver.solve(model.text(), whole ? { time_limit: timeLimitSec } : {});
  // Only a proof of infeasibility counts; a solve cut short by its time limit proves nothing.
  return solution.Status === 'Infeasible' ? null : 0;
}

/** Least work of a first trip (from the type's nearest depot) and a later one (from a reception point). */
interface Works {
  readonly first: readonly (readonly number[])[];
  readonly later: readonly (readonly number[])[];
}

function works(inst: Instance): Works {
  const first = inst.pickups.map((_, pi) =>
    inst.types.map((type, k) => {
      let reach = Infinity;
      inst.depots.forEach((_, di) => {
        if (inst.vehicles.some((v) => v.type === k && v.depot === di))
          reach = Math.min(reach, inst.fromDepot[di]![pi]!);
      });
      return reach + type.load + Math.min(...inst.toDestination[pi]!) + type.unload;
    }),
  );
  const later = inst.pickups.map((_, pi) =>
    inst.types.map((type) => {
      const reach = Math.min(...inst.fromDestination.map((row) => row[pi]!));
      return reach + type.load + Math.min(...inst.toDestination[pi]!) + type.unload;
    }),
  );
  return { first, later };
}

/**
 * Fleet workload with where vehicles are: every trip from a pickup is reached either from a depot (at
 * most its vehicles, once each) or from a reception point some earlier trip delivered to, so approach
 * times come from a flow of vehicles between places rather than from the nearest place. Per type, the
 * total of loaded trips, approaches and first approaches is at most fleet x M; an LP minimises M.
 */
export function flowWorkloadBound(inst: Instance, solver: LpSolver): number {
  const m = new LpModel();
  const P = inst.pickups.length;
  const R = inst.destinations.length;
  const D = inst.depots.length;
  const seatsRows: [number, string][][] = inst.pickups.map(() => []);
  const stretcherRows: [number, string][][] = inst.pickups.map(() => []);
  inst.types.forEach((type, k) => {
    const fleet = inst.vehicles.filter((v) => v.type === k).length;
    if (fleet === 0 || type.seats + type.stretchers === 0) return;
    const perDepot = inst.depots.map(
      (_, d) => inst.vehicles.filter((v) => v.type === k && v.depot === d).length,
    );
    const work: [number, string][] = [];
    const delivered: [number, string][][] = Array.from({ length: R }, () => []);
    const leaving: [number, string][][] = Array.from({ length: R }, () => []);
    const fromDepot: [number, string][][] = Array.from({ length: D }, () => []);
    for (let p = 0; p < P; p++) {
      const pickup = inst.pickups[p]!;
      if (pickup.seated + pickup.stretcher === 0) continue;
      const balance: [number, string][] = [];
      for (let r = 0; r < R; r++) {
        const out = inst.toDestination[p]![r]!;
        if (out < Infinity) {
          const x = `x${p}_${r}_${k}`;
          work.push([type.load + out + type.unload, x]);
          balance.push([1, x]);
          delivered[r]!.push([1, x]);
          seatsRows[p]!.push([type.seats, x]);
          stretcherRows[p]!.push([type.stretchers, x]);
        }
        const back = inst.fromDestination[r]![p]!;
        if (back < Infinity) {
          const a = `a${r}_${p}_${k}`;
          work.push([back, a]);
          balance.push([-1, a]);
          leaving[r]!.push([1, a]);
        }
      }
      for (let d = 0; d < D; d++) {
        const first = inst.fromDepot[d]![p]!;
        if (perDepot[d] === 0 || first === Infinity) continue;
        const b = `b${d}_${p}_${k}`;
        work.push([first, b]);
        balance.push([-1, b]);
        fromDepot[d]!.push([1, b]);
      }
      m.row(balance, '=', 0);
    }
    for (let r = 0; r < R; r++)
      m.row([...leaving[r]!, ...delivered[r]!.map(([, v]) => [-1, v] as [number, string])], '<=', 0);
    for (let d = 0; d < D; d++) if (fromDepot[d]!.length) m.row(fromDepot[d]!, '<=', perDepot[d]!);
    m.row([...work, [-fleet, 'M']], '<=', 0);
  });
  inst.pickups.forEach((p, i) => {
    if (p.seated > 0) m.row(seatsRows[i]!, '>=', p.seated);
    if (p.stretcher > 0) m.row(stretcherRows[i]!, '>=', p.stretcher);
  });
  m.minimize([[1, 'M']]);
  const solution = solver.solve(m.text());
  return solution.Status === 'Optimal' ? Math.max(0, solution.ObjectiveValue * (1 - 1e-6) - 1e-6) : 0;
}

export interface CutBound {
  readonly bound: number;
  /** Vehicles per hour across the cut, outwards (loaded) and back (empty); Infinity when uncapped. */
  readonly outVph: number;
  readonly backVph: number;
  readonly arcs: number;
}

/**
 * Cut capacity: the least vehicles-per-hour cut between the pickups and the reception points (max flow,
 * Dinic, on the network as built: the cut does not move when hazards change, so closing a road only
 * takes capacity out of it and lengthens the times around it, and the bound never falls). Every loaded trip enters an outward arc of the cut, and every loaded trip after a vehicle's
 * first from the pickups' side needs an empty crossing back; a 60-minute window admits at most the
 * cut's capacity, so N crossings need at least 60 x (ceil(N / capacity) - 1) minutes between the
 * earliest crossing and the latest, plus the least time before and after.
 */
export function cutCapacityBound(inst: Instance): CutBound {
  const g = inst.g;
  const hz = inst.hz;
  const pickupsWithPeople = inst.pickups.filter((p) => p.seated + p.stretcher > 0);
  const none = { bound: 0, outVph: Infinity, backVph: Infinity, arcs: 0 };
  if (pickupsWithPeople.length === 0) return none;
  const sources = pickupsWithPeople.map((p) => p.node);
  const sinks = inst.destinations.map((r) => r.node);
  const key = `${sources.join(',')}|${sinks.join(',')}`;
  let side: Uint8Array | null;
  if (inst.cache?.cut?.key === key) side = inst.cache.cut.side;
  else {
    side = minCut(inst, sources, sinks);
    if (inst.cache) inst.cache.cut = { key, side };
  }
  if (!side) return none;

  const out: number[] = [];
  const back: number[] = [];
  for (let a = 0; a < g.arcs; a++) {
    if (hz.staticMin[a] === Infinity) continue;
    const s = side[g.arcTail[a]!]!;
    const t = side[g.arcHead[a]!]!;
    if (s && !t) out.push(a);
    else if (!s && t) back.push(a);
  }
  const cap = (arcs: number[]) => arcs.reduce((sum, a) => sum + g.arcCapacity[a]!, 0);
  const outVph = cap(out);
  const backVph = cap(back);

  const seated = pickupsWithPeople.reduce((s, p) => s + p.seated, 0);
  const stretcher = pickupsWithPeople.reduce((s, p) => s + p.stretcher, 0);
  const maxSeats = Math.max(0, ...inst.types.map((t) => t.seats));
  const maxStretchers = Math.max(0, ...inst.types.map((t) => t.stretchers));
  const maxBoth = Math.max(0, ...inst.types.map((t) => t.seats + t.stretchers));
  const trips = Math.max(
    pickupsWithPeople.length,
    maxSeats > 0 ? Math.ceil(seated / maxSeats) : 0,
    maxStretchers > 0 ? Math.ceil(stretcher / maxStretchers) : 0,
    Math.ceil((seated + stretcher) / maxBoth),
  );
  const minLoad = Math.min(...inst.types.map((t) => t.load));
  const minUnload = Math.min(...inst.types.map((t) => t.unload));

  const toReception = multiTree(
    inst,
    inst.destinations.map((r) => r.node),
    false,
  );
  const toPickup = multiTree(
    inst,
    pickupsWithPeople.map((p) => p.node),
    false,
  );
  let firstLoaded = Infinity;
  inst.pickups.forEach((p, pi) => {
    if (p.seated + p.stretcher === 0) return;
    for (const row of inst.fromDepot) firstLoaded = Math.min(firstLoaded, row[pi]! + minLoad);
  });
  const after = (arcs: number[], dist: Float64Array) =>
    Math.min(...arcs.map((a) => hz.staticMin[a]! + dist[g.arcHead[a]!]!));
  let shortestDelivery = Infinity;
  for (const row of inst.toDestination) for (const m of row) shortestDelivery = Math.min(shortestDelivery, m);

  let bound = 0;
  if (outVph < Infinity && out.length > 0) {
    const head = firstLoaded;
    const tail = after(out, toReception) + minUnload;
    bound = head + tail + 60 * (Math.ceil(trips / outVph) - 1);
  }
  const startInside = inst.vehicles.filter((v) => side[inst.depots[v.depot]!.node]).length;
  const returns = trips - startInside;
  if (returns > 0 && backVph < Infinity && back.length > 0) {
    const tail = after(back, toPickup) + minLoad + shortestDelivery + minUnload;
    bound = Math.max(bound, tail + 60 * (Math.ceil(returns / backVph) - 1));
  }
  return { bound: Number.isFinite(bound) ? bound : 0, outVph, backVph, arcs: out.length };
}

function multiTree(inst: Instance, roots: readonly number[], forward: boolean): Float64Array {
  const g = inst.g;
  const w = inst.hz.staticMin;
  const dist = new Float64Array(g.n).fill(Infinity);
  const heap = new MinHeap();
  for (const r of roots) {
    dist[r] = 0;
    heap.push(0, r);
  }
  while (heap.size > 0) {
    const key = heap.peekKey();
    const u = heap.pop();
    if (key > dist[u]!) continue;
    if (forward) {
      for (let a = g.out[u]!; a < g.out[u + 1]!; a++) relax(g.arcHead[a]!, key + w[a]!);
    } else {
      for (let k = g.in[u]!; k < g.in[u + 1]!; k++) {
        const a = g.inArcs[k]!;
        relax(g.arcTail[a]!, key + w[a]!);
      }
    }
  }
  return dist;
  function relax(v: number, d: number) {
    if (d < dist[v]!) {
      dist[v] = d;
      heap.push(d, v);
    }
  }
}

const BIG = 1e15;

/**
 * Dinic's max flow from all `sources` to all `sinks` over arc capacities (uncapped arcs count as BIG).
 * Returns the source side of a minimum cut, or null when every cut is uncapped.
 */
function minCut(inst: Instance, sources: readonly number[], sinks: readonly number[]): Uint8Array | null {
  const g = inst.g;
  const n = g.n + 2;
  const S = g.n;
  const T = g.n + 1;
  // Residual graph: each open arc and its reverse, plus source and sink links.
  const heads: number[] = [];
  const caps: number[] = [];
  const firsts = new Int32Array(n).fill(-1);
  const nexts: number[] = [];
  const add = (u: number, v: number, c: number) => {
    heads.push(v, u);
    caps.push(c, 0);
    nexts.push(firsts[u]!, firsts[v]!);
    firsts[u] = heads.length - 2;
    firsts[v] = heads.length - 1;
  };
  for (let a = 0; a < g.arcs; a++) {
    const c = g.arcCapacity[a]!;
    add(g.arcTail[a]!, g.arcHead[a]!, c === Infinity ? BIG : c);
  }
  for (const s of sources) add(S, s, BIG);
  for (const t of sinks) add(t, T, BIG);
  const head = Int32Array.from(heads);
  const cap = Float64Array.from(caps);
  const next = Int32Array.from(nexts);
  const level = new Int32Array(n);
  const iter = new Int32Array(n);
  const queue = new Int32Array(n);
  const bfs = () => {
    level.fill(-1);
    level[S] = 0;
    let qh = 0;
    let qt = 0;
    queue[qt++] = S;
    while (qh < qt) {
      const u = queue[qh++]!;
      for (let e = firsts[u]!; e >= 0; e = next[e]!) {
        if (cap[e]! > 1e-9 && level[head[e]!]! < 0) {
          level[head[e]!] = level[u]! + 1;
          queue[qt++] = head[e]!;
        }
      }
    }
    return level[T]! >= 0;
  };
  // Iterative blocking-flow search (paths can be long: no recursion).
  const stackNode = new Int32Array(n);
  const stackEdge = new Int32Array(n);
  let flow = 0;
  while (bfs()) {
    iter.set(firsts);
    for (;;) {
      let depth = 0;
      stackNode[0] = S;
      let found = false;
      while (depth >= 0) {
        const u = stackNode[depth]!;
        if (u === T) {
          found = true;
          break;
        }
        let advanced = false;
        for (let e = iter[u]!; e >= 0; e = next[e]!) {
          iter[u] = e;
          const v = head[e]!;
          if (cap[e]! > 1e-9 && level[v] === level[u]! + 1) {
            stackEdge[depth] = e;
            stackNode[++depth] = v;
            advanced = true;
            break;
          }
        }
        if (!advanced) {
          iter[u] = -1;
          level[u] = -1;
          depth--;
          if (depth >= 0) iter[stackNode[depth]!] = next[stackEdge[depth]!]!;
        }
      }
      if (!found) break;
      let push = Infinity;
      for (let i = 0; i < depth; i++) push = Math.min(push, cap[stackEdge[i]!]!);
      for (let i = 0; i < depth; i++) {
        cap[stackEdge[i]!]! -= push;
        cap[stackEdge[i]! ^ 1]! += push;
      }
      flow += push;
      if (flow >= BIG) return null;
    }
  }
  // The source side: reachable from S in the residual graph.
  const side = new Uint8Array(n);
  let qh = 0;
  let qt = 0;
  queue[qt++] = S;
  side[S] = 1;
  while (qh < qt) {
    const u = queue[qh++]!;
    for (let e = firsts[u]!; e >= 0; e = next[e]!) {
      const v = head[e]!;
      if (cap[e]! > 1e-9 && !side[v]) {
        side[v] = 1;
        queue[qt++] = v;
      }
    }
  }
  return side.subarray(0, g.n);
}

export interface TimeExpandedOptions {
  /** Minutes per time step; durations are rounded down to it (exact when all are multiples). */
  readonly stepMin: number;
  /** Pickups grouped; each group acts as one place at its members' least times. Default: one each. */
  readonly clusters?: readonly (readonly number[])[];
  readonly integer?: boolean;
  readonly timeLimitSec?: number;
  /** All reception points as one place at their least times (a further relaxation, for big instances). */
  readonly mergeDestinations?: boolean;
}

/**
 * Feasibility of the aggregated time-expanded model for a horizon of `steps` steps: vehicle flow per
 * type through (place, step) nodes with waiting, empty arcs from depots and reception points to pickups,
 * loaded arcs pickup -> reception point lasting load + drive + unload, and trips from each pickup group
 * whose seats and stretchers cover its people. Every real plan with makespan M maps onto the model for
 * floor(M / step) steps (durations rounded down), so a horizon the model cannot meet proves
 * M >= (steps + 1) x step. With integer vehicle flows, durations that are multiples of the step and no
 * edge capacities, timed hazards or binding reception capacities, the least feasible horizon is the
 * optimum itself (used on small instances).
 */
export function timeExpandedFeasible(
  inst: Instance,
  solver: LpSolver,
  steps: number,
  opts: TimeExpandedOptions,
): 'feasible' | 'infeasible' | 'unknown' {
  const model = timeExpandedModel(inst, steps, opts);
  const options: Record<string, number> = {};
  if (opts.timeLimitSec) options.time_limit = opts.timeLimitSec;
  const s = solver.solve(model.text(), options);
  if (s.Status === 'Optimal') return 'feasible';
  if (s.Status === 'Infeasible') return 'infeasible';
  return 'unknown';
}

export function timeExpandedModel(inst: Instance, H: number, opts: TimeExpandedOptions): LpModel {
  const step = opts.stepMin;
  const clusters = opts.clusters ?? inst.pickups.map((_, i) => [i]);
  const Q = clusters.length;
  // One reception place (the least times over all of them) unless each must stay itself (exact mode).
  const merged = opts.mergeDestinations ?? false;
  const R = merged ? 1 : inst.destinations.length;
  const D = inst.depots.length;
  const m = new LpModel();
  const floorSteps = (minutes: number) => Math.floor(minutes / step + 1e-9);
  const demand = clusters.map((c) => ({
    seated: c.reduce((s, p) => s + inst.pickups[p]!.seated, 0),
    stretcher: c.reduce((s, p) => s + inst.pickups[p]!.stretcher, 0),
  }));
  const seatsTerms: [number, string][][] = clusters.map(() => []);
  const stretcherTerms: [number, string][][] = clusters.map(() => []);
  const objective: [number, string][] = [];
  const minOver = (c: readonly number[], f: (p: number) => number) => {
    let x = Infinity;
    for (const p of c) x = Math.min(x, f(p));
    return x;
  };
  const destsOf = (r: number) => (merged ? inst.destinations.map((_, i) => i) : [r]);
  // Least minutes: reception place r -> cluster q, and cluster q -> reception place r.
  const back = Array.from({ length: R }, (_, r) =>
    clusters.map((c) => minOver(c, (p) => Math.min(...destsOf(r).map((x) => inst.fromDestination[x]![p]!)))),
  );
  const out = clusters.map((c) =>
    Array.from({ length: R }, (_, r) =>
      minOver(c, (p) => Math.min(...destsOf(r).map((x) => inst.toDestination[p]![x]!))),
    ),
  );

  inst.types.forEach((type, k) => {
    const supply = new Float64Array(D);
    for (const v of inst.vehicles) if (v.type === k) supply[v.depot]!++;
    if (supply.every((x) => x === 0) || type.seats + type.stretchers === 0) return;
    // Nodes (place, step) for clusters 0..Q-1 and reception places Q..Q+R-1. Vehicles leave their depot
    // at step 0 only: leaving later is never better than leaving at once and waiting at the pickup.
    const P = Q + R;
    const inflow: [number, string][][] = Array.from({ length: P * (H + 1) }, () => []);
    const outflow: [number, string][][] = Array.from({ length: P * (H + 1) }, () => []);
    const node = (place: number, t: number) => place * (H + 1) + t;
    const start = new Float64Array(P * (H + 1));
    const arc = (name: string, from: number, t0: number, to: number, t1: number) => {
      outflow[node(from, t0)]!.push([1, name]);
      inflow[node(to, t1)]!.push([1, name]);
      if (opts.integer) m.integer(name);
    };
    const loadedSteps = out.map((row) =>
      row.map((mins) => Math.max(1, floorSteps(mins + type.load + type.unload))),
    );
    const shortestLoaded = loadedSteps.map((row) => Math.min(...row));
    const depotRows: [number, string][][] = Array.from({ length: D }, () => []);
    for (let q = 0; q < Q; q++) {
      const dq = demand[q]!;
      if (dq.seated + dq.stretcher === 0 || (type.stretchers === 0 && dq.seated === 0)) continue;
      const c = clusters[q]!;
      for (let d = 0; d < D; d++) {
        if (supply[d] === 0) continue;
        const minutes = minOver(c, (p) => inst.fromDepot[d]![p]!);
        const dur = floorSteps(minutes);
        if (minutes === Infinity || dur + shortestLoaded[q]! > H) continue;
        const name = `s${k}_${d}_${q}`;
        depotRows[d]!.push([1, name]);
        inflow[node(q, dur)]!.push([1, name]);
        if (opts.integer) m.integer(name);
      }
      for (let r = 0; r < R; r++) {
        const minutes = back[r]![q]!;
        if (minutes === Infinity) continue;
        const dur = floorSteps(minutes);
        for (let t = 0; t + dur + shortestLoaded[q]! <= H; t++)
          arc(`e${k}_${r}_${q}_${t}`, Q + r, t, q, t + dur);
      }
      for (let r = 0; r < R; r++) {
        if (out[q]![r] === Infinity) continue;
        const dur = loadedSteps[q]![r]!;
        for (let t = 0; t + dur <= H; t++) {
          const name = `l${k}_${q}_${r}_${t}`;
          arc(name, q, t, Q + r, t + dur);
          seatsTerms[q]!.push([type.seats, name]);
          stretcherTerms[q]!.push([type.stretchers, name]);
          objective.push([1, name]);
        }
      }
      for (let t = 0; t < H; t++) arc(`w${k}_${q}_${t}`, q, t, q, t + 1);
    }
    depotRows.forEach((terms, d) => {
      if (terms.length) m.row(terms, '<=', supply[d]!);
    });
    for (let i = 0; i < P * (H + 1); i++) {
      if (outflow[i]!.length === 0) continue;
      // What leaves a (place, step) node is at most what arrives (vehicles may stop anywhere).
      m.row([...outflow[i]!, ...inflow[i]!.map(([c, v]) => [-c, v] as [number, string])], '<=', start[i]!);
    }
  });
  demand.forEach((d, q) => {
    if (d.seated > 0) m.row(seatsTerms[q]!, '>=', d.seated);
    if (d.stretcher > 0) m.row(stretcherTerms[q]!, '>=', d.stretcher);
  });
  m.minimize(objective);
  return m;
}

/**
 * Bisection on the horizon within a time box. As a relaxation (LP, or rounded durations) it proves
 * makespan >= (H + 1) x step for the largest horizon H found infeasible, starting just under the other
 * bounds (`lowMin`) and giving up at once if the model already fits there. With `exact` (the MIP on a
 * small instance whose durations are multiples of the step) horizons under `lowMin` are known
 * infeasible, `highMin` (a real plan) is feasible, and the least feasible horizon is the optimum.
 */
export function timeExpandedBound(
  inst: Instance,
  solver: LpSolver,
  opts: TimeExpandedOptions & {
    readonly lowMin: number;
    readonly highMin: number;
    readonly deadline: number;
    readonly now: () => number;
    readonly exact?: boolean;
  },
): { boundMin: number; solves: number; optimal: boolean } {
  const step = opts.stepMin;
  let hi = Math.floor(opts.highMin / step + 1e-9);
  let lo = opts.exact ? Math.ceil(opts.lowMin / step - 1e-9) - 1 : -1;
  let next = opts.exact ? -1 : Math.max(0, Math.floor(opts.lowMin / step));
  let solves = 0;
  while (hi - lo > 1 && opts.now() < opts.deadline) {
    const mid = next >= 0 ? next : (lo + hi) >> 1;
    next = -1;
    solves++;
    const remaining = Math.max(0.5, (opts.deadline - opts.now()) / 1000);
    const r = timeExpandedFeasible(inst, solver, mid, { ...opts, timeLimitSec: remaining });
    if (r === 'unknown') break;
    if (r === 'infeasible') lo = mid;
    else {
      hi = mid;
      if (!opts.exact && lo < 0) break; // the model fits under the other bounds: nothing to add
    }
  }
  const optimal = hi - lo === 1;
  if (opts.exact) return { boundMin: optimal ? hi * step : Math.max(0, (lo + 1) * step), solves, optimal };
  return { boundMin: lo >= 0 ? (lo + 1) * step : 0, solves, optimal };
}
