import type { Instance } from './instance.js';
import { LpModel, type LpSolver } from './lp.js';

/** The time-expanded LP (and, on small instances, the exact MIP) over vehicle flows in time steps. */
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
  // One reception place (the least times over all of them) unless each must stay itself (exact mode).
  const merged = opts.mergeDestinations ?? false;
  const R = merged ? 1 : inst.destinations.length;
  const destsOf = (r: number) => (merged ? inst.destinations.map((_, i) => i) : [r]);
  const x: Expansion = {
    m: new LpModel(),
    inst,
    H,
    integer: opts.integer ?? false,
    clusters,
    demand: clusters.map((c) => ({
      seated: c.reduce((s, p) => s + inst.pickups[p]!.seated, 0),
      stretcher: c.reduce((s, p) => s + inst.pickups[p]!.stretcher, 0),
    })),
    R,
    back: Array.from({ length: R }, (_, r) =>
      clusters.map((c) =>
        minOver(c, (p) => Math.min(...destsOf(r).map((d) => inst.fromDestination[d]![p]!))),
      ),
    ),
    out: clusters.map((c) =>
      Array.from({ length: R }, (_, r) =>
        minOver(c, (p) => Math.min(...destsOf(r).map((d) => inst.toDestination[p]![d]!))),
      ),
    ),
    floorSteps: (minutes: number) => Math.floor(minutes / step + 1e-9),
    seatsTerms: clusters.map(() => []),
    stretcherTerms: clusters.map(() => []),
    objective: [],
  };
  inst.types.forEach((type, k) => typeFlows(x, type, k));
  x.demand.forEach((d, q) => {
    if (d.seated > 0) x.m.row(x.seatsTerms[q]!, '>=', d.seated);
    if (d.stretcher > 0) x.m.row(x.stretcherTerms[q]!, '>=', d.stretcher);
  });
  x.m.minimize(x.objective);
  return x.m;
}

type Terms = [number, string][];

/** What the flows of every vehicle type share: the model, its horizon and places, and the rows they feed. */
interface Expansion {
  readonly m: LpModel;
  readonly inst: Instance;
  /** The horizon, in steps. */
  readonly H: number;
  readonly integer: boolean;
  readonly clusters: readonly (readonly number[])[];
  /** The people of each cluster. */
  readonly demand: readonly { readonly seated: number; readonly stretcher: number }[];
  /** Reception places: one per reception point, or one for all of them. */
  readonly R: number;
  /** Least minutes: reception place r -> cluster q (`back[r][q]`), and cluster q -> reception place r. */
  readonly back: readonly (readonly number[])[];
  readonly out: readonly (readonly number[])[];
  readonly floorSteps: (minutes: number) => number;
  /** Per cluster, its loaded arcs by their seats and stretchers; every loaded arc, in the objective. */
  readonly seatsTerms: Terms[];
  readonly stretcherTerms: Terms[];
  readonly objective: Terms;
}

function minOver(c: readonly number[], f: (p: number) => number): number {
  let x = Infinity;
  for (const p of c) x = Math.min(x, f(p));
  return x;
}

/** The flow of vehicles of type k through (place, step) nodes: from the depots, loaded, empty, waiting. */
function typeFlows(x: Expansion, type: Instance['types'][number], k: number): void {
  const { m, inst, H, clusters, demand, R, back, out, floorSteps } = x;
  const Q = clusters.length;
  const D = inst.depots.length;
  const supply = new Float64Array(D);
  for (const v of inst.vehicles) if (v.type === k) supply[v.depot]!++;
  if (supply.every((n) => n === 0) || type.seats + type.stretchers === 0) return;
  // Nodes (place, step) for clusters 0..Q-1 and reception places Q..Q+R-1. Vehicles leave their depot
  // at step 0 only: leaving later is never better than leaving at once and waiting at the pickup.
  const P = Q + R;
  const inflow: Terms[] = Array.from({ length: P * (H + 1) }, () => []);
  const outflow: Terms[] = Array.from({ length: P * (H + 1) }, () => []);
  const node = (place: number, t: number) => place * (H + 1) + t;
  const start = new Float64Array(P * (H + 1));
  const arc = (name: string, from: number, t0: number, to: number, t1: number) => {
    outflow[node(from, t0)]!.push([1, name]);
    inflow[node(to, t1)]!.push([1, name]);
    if (x.integer) m.integer(name);
  };
  const loadedSteps = out.map((row) =>
    row.map((mins) => Math.max(1, floorSteps(mins + type.load + type.unload))),
  );
  const shortestLoaded = loadedSteps.map((row) => Math.min(...row));
  const depotRows: Terms[] = Array.from({ length: D }, () => []);
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
      if (x.integer) m.integer(name);
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
        x.seatsTerms[q]!.push([type.seats, name]);
        x.stretcherTerms[q]!.push([type.stretchers, name]);
        x.objective.push([1, name]);
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
