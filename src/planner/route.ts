import type { PlannerCache } from './cache.js';
import { arcMinutesAt, type ArcHazards, type Graph } from './graph.js';
import { MinHeap } from './heap.js';
import { repairTree } from './tree-repair.js';

export { MinHeap };

/**
 * A shortest-path tree on the static arc times (permanent hazards in, timed ones out): a lower bound on
 * the time at any hour, since hazards only lengthen. Forward trees give `dist[v]` from the root and the
 * arc into `v`; backward trees give `dist[v]` to the root and the arc out of `v` towards it.
 */
export interface Tree {
  readonly root: number;
  readonly forward: boolean;
  readonly dist: Float64Array;
  readonly via: Int32Array;
}

/** At most this many epochs (MAX_EPOCHS - 1 breakpoints) where timed hazards hold; see Router.breakpoints. */
export const MAX_EPOCHS = 12;

/**
 * Breakpoints kept when there are too many: the first, then each at least an even share of the span
 * after the last kept, so that at most `max` epochs remain.
 */
export function mergedBreakpoints(points: readonly number[], max: number): number[] {
  if (points.length < max) return [...points];
  const span = (points.at(-1)! - points[0]!) / (max - 1);
  const kept = [points[0]!];
  for (const x of points) if (x - kept.at(-1)! >= span && kept.length < max - 1) kept.push(x);
  return kept;
}

export function shortestTree(
  g: Graph,
  w: Float64Array,
  root: number,
  forward: boolean,
  heap = new MinHeap(),
): Tree {
  const dist = new Float64Array(g.n).fill(Infinity);
  const via = new Int32Array(g.n).fill(-1);
  const done = new Uint8Array(g.n);
  dist[root] = 0;
  heap.clear();
  heap.push(0, root);
  while (heap.size > 0) {
    const u = heap.pop();
    if (done[u]) continue;
    // Direct legs: the tree is the root's own edges (one hop), not paths through other places.
    if (g.direct && u !== root) break;
    done[u] = 1;
    const du = dist[u]!;
    if (forward) {
      for (let a = g.out[u]!, end = g.out[u + 1]!; a < end; a++) {
        const v = g.arcHead[a]!;
        const d = du + w[a]!;
        if (d < dist[v]!) {
          dist[v] = d;
          via[v] = a;
          heap.push(d, v);
        }
      }
    } else {
      for (let k = g.in[u]!, end = g.in[u + 1]!; k < end; k++) {
        const a = g.inArcs[k]!;
        const v = g.arcTail[a]!;
        const d = w[a]! + du;
        if (d < dist[v]!) {
          dist[v] = d;
          via[v] = a;
          heap.push(d, v);
        }
      }
    }
  }
  return { root, forward, dist, via };
}

/** The arcs of the tree path between `v` and the root, in driving order. */
export function treePath(g: Graph, t: Tree, v: number): number[] {
  const arcs: number[] = [];
  if (t.dist[v] === Infinity) return arcs;
  if (t.forward) {
    for (let u = v; u !== t.root; u = g.arcTail[t.via[u]!]!) arcs.push(t.via[u]!);
    arcs.reverse();
  } else {
    for (let u = v; u !== t.root; u = g.arcHead[t.via[u]!]!) arcs.push(t.via[u]!);
  }
  return arcs;
}

/**
 * Vehicles-per-hour reservations: every arc entry the plan makes is recorded, and an entry is allowed
 * only if no 60-minute window holding it would exceed the arc's capacity. The check is kept a little
 * stricter than the rule (DELTA at both ends), so float noise cannot make a plan the validator refuses.
 */
const DELTA = 1e-3;

export class Reservations {
  private readonly entries = new Map<number, number[]>();
  constructor(private readonly capacity: Float64Array) {}

  canEnter(a: number, t: number): boolean {
    const cap = this.capacity[a]!;
    if (cap === Infinity) return true;
    const list = this.entries.get(a);
    if (!list || list.length + 1 <= cap) return true;
    const lo = lowerBound(list, t - 60 - DELTA);
    const hi = lowerBound(list, t + DELTA + 1e-12);
    // Windows starting at t or at an entry in (t-60, t] are the ones whose count can peak.
    const starts = [t];
    for (let i = lo; i < hi; i++) starts.push(list[i]!);
    for (const s of starts) {
      const inWindow = lowerBound(list, s + 60 + DELTA) - lowerBound(list, s - DELTA);
      if (inWindow + 1 > cap) return false;
    }
    return true;
  }

  reserve(a: number, t: number): void {
    if (this.capacity[a] === Infinity) return;
    let list = this.entries.get(a);
    if (!list) this.entries.set(a, (list = []));
    list.splice(lowerBound(list, t), 0, t);
  }
}

function lowerBound(list: readonly number[], x: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface Drive {
  readonly arrive: number;
  readonly arcs: readonly number[];
  /** Entry time of each arc. */
  readonly entries: readonly number[];
}

/**
 * Routing with timed hazards and reservations. Static trees (rooted at depots and reception points)
 * serve as exact paths when nothing timed is in the way, and as A* landmarks when something is.
 */
export class Router {
  /** Static trees (timed hazards left out): exact paths between breakpoints where none holds, and landmarks. */
  readonly forwardTrees = new Map<number, Tree>();
  readonly backwardTrees = new Map<number, Tree>();
  /**
   * Timed hazards start and end at breakpoints; between two, every arc's time is fixed. Epoch e is
   * [breakpoints[e-1], breakpoints[e]); its weights are null where no timed hazard holds in it. Past
   * MAX_EPOCHS, neighbouring epochs are merged (`mergedBreakpoints`) and each arc takes its least time
   * over what it merges: the epochs' times stay lower bounds (as the bounds need), the trees' paths are
   * checked when driven, and a plan with hundreds of timed closures does not grow trees for each.
   */
  readonly breakpoints: readonly number[];
  private readonly epochWeights: (Float64Array | null)[];
  /** Per epoch, the arcs whose time differs from the static one there. */
  private readonly epochChanged: number[][] = [];
  private readonly epochTrees = new Map<string, Tree>();
  reservations: Reservations;
  private readonly heap = new MinHeap();
  private readonly label: Float64Array;
  private readonly via: Int32Array;
  private readonly stamp: Int32Array;
  private readonly closed: Uint8Array;
  private query = 0;
  /** Counts for the plan's statistics. */
  readonly counts = { staticPaths: 0, searches: 0, settled: 0 };

  constructor(
    readonly g: Graph,
    readonly hz: ArcHazards,
    private readonly cache: PlannerCache | null = null,
  ) {
    this.reservations = new Reservations(g.arcCapacity);
    this.label = new Float64Array(g.n);
    this.via = new Int32Array(g.n);
    this.stamp = new Int32Array(g.n);
    this.closed = new Uint8Array(g.n);
    const points = new Set<number>();
    for (const list of hz.timed.values())
      for (const h of list) for (const x of [h.from, h.until]) if (Number.isFinite(x)) points.add(x);
    const every = [...points].sort((a, b) => a - b);
    this.breakpoints = mergedBreakpoints(every, MAX_EPOCHS);
    this.epochWeights = [];
    for (let e = 0; e <= this.breakpoints.length; e++) {
      const from = e === 0 ? -Infinity : this.breakpoints[e - 1]!;
      const to = this.breakpoints[e] ?? Infinity;
      // The times an arc's minutes may change within the epoch: its start, and every breakpoint merged.
      const starts = [from, ...every.filter((x) => x > from && x < to)];
      let w: Float64Array | null = null;
      const changed: number[] = [];
      for (const a of hz.timed.keys()) {
        let m = Infinity;
        for (const s of starts) m = Math.min(m, arcMinutesAt(g, hz, a, s));
        if (m !== hz.staticMin[a]) {
          w ??= hz.staticMin.slice();
          w[a] = m;
          changed.push(a);
        }
      }
      this.epochWeights.push(w);
      this.epochChanged.push(changed);
    }
  }

  epochOf(t: number): number {
    const b = this.breakpoints;
    let lo = 0;
    let hi = b.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Epochs whose arc times differ from the static ones. */
  get timedEpochs(): number[] {
    return this.epochWeights.flatMap((w, e) => (w ? [e] : []));
  }

  /** The shortest-path tree for departures in epoch e (the static one where nothing timed holds). */
  treeAt(root: number, forward: boolean, e: number): Tree {
    const w = this.epochWeights[e];
    if (!w) return forward ? this.forward(root) : this.backward(root);
    const key = `${root}:${forward ? 'f' : 'b'}:${e}`;
    let t: Tree | null | undefined = this.epochTrees.get(key);
    if (!t) {
      const base = forward ? this.forward(root) : this.backward(root); // (timed hazards only slow arcs)
      t = repairTree(this.g, base, this.hz.staticMin, w, this.epochChanged[e]!, this.heap);
      this.epochTrees.set(key, (t ??= this.grow(w, root, forward)));
    }
    return t;
  }

  private weightsAt(e: number): Float64Array {
    return this.epochWeights[e] ?? this.hz.staticMin;
  }

  /** Forgets every reservation: each schedule is driven on empty roads. */
  clearReservations(): void {
    this.reservations = new Reservations(this.g.arcCapacity);
  }

  forward(root: number): Tree {
    let t = this.forwardTrees.get(root);
    if (!t) this.forwardTrees.set(root, (t = this.grow(this.hz.staticMin, root, true)));
    return t;
  }

  backward(root: number): Tree {
    let t = this.backwardTrees.get(root);
    if (!t) this.backwardTrees.set(root, (t = this.grow(this.hz.staticMin, root, false)));
    return t;
  }

  private grow(weights: Float64Array, root: number, forward: boolean): Tree {
    if (this.cache) return this.cache.tree(this.g, weights, root, forward, this.heap);
    return shortestTree(this.g, weights, root, forward, this.heap);
  }

  /**
   * The earliest arrival from `src` leaving at `depart`, driving without stopping. With `reserve`, the
   * arcs must have room and are reserved. Returns null when no open path exists at that time.
   */
  drive(src: number, dst: number, depart: number, reserve: boolean): Drive | null {
    if (src === dst) return { arrive: depart, arcs: [], entries: [] };
    const e = this.epochOf(depart);
    const staticPath = this.epochPath(src, dst, e);
    if (staticPath) {
      const walked = this.walk(staticPath, depart, reserve, this.weightsAt(e));
      if (walked) {
        this.counts.staticPaths++;
        if (reserve) this.commit(walked);
        return walked;
      }
    }
    const found = this.search(src, dst, depart, reserve);
    if (found && reserve) this.commit(found);
    return found;
  }

  /** The tree path for a departure in epoch e, from a tree rooted at either end (built ones only). */
  private epochPath(src: number, dst: number, e: number): number[] | null {
    const timed = this.epochWeights[e] !== null;
    if (this.backwardTrees.has(dst)) {
      const b = timed ? this.treeAt(dst, false, e) : this.backwardTrees.get(dst)!;
      return b.dist[src] === Infinity ? null : treePath(this.g, b, src);
    }
    if (this.forwardTrees.has(src)) {
      const f = timed ? this.treeAt(src, true, e) : this.forwardTrees.get(src)!;
      return f.dist[dst] === Infinity ? null : treePath(this.g, f, dst);
    }
    return null;
  }

  /**
   * Drives a given path. With `expected` weights, fails unless every arc takes exactly that time (the
   * path is then the best one for its epoch); without, fails only on a closed or full arc.
   */
  walk(
    arcs: readonly number[],
    depart: number,
    reserve: boolean,
    expected: Float64Array | null,
  ): Drive | null {
    const exact = expected !== null;
    let t = depart;
    const entries: number[] = new Array<number>(arcs.length);
    for (let i = 0; i < arcs.length; i++) {
      const a = arcs[i]!;
      const m = arcMinutesAt(this.g, this.hz, a, t);
      if (m === Infinity || (exact && m !== expected[a])) return null;
      if (reserve && !this.reservations.canEnter(a, t)) return null;
      entries[i] = t;
      t += m;
    }
    return { arrive: t, arcs, entries };
  }

  private commit(d: Drive): void {
    for (let i = 0; i < d.arcs.length; i++) this.reservations.reserve(d.arcs[i]!, d.entries[i]!);
  }

  /** A lower bound on the minutes from v to dst (exact tree, else landmarks). */
  private heuristic(dst: number): (v: number) => number {
    const exact = this.backwardTrees.get(dst);
    if (exact) return (v) => exact.dist[v]!;
    const fw = [...this.forwardTrees.values()];
    const bw = [...this.backwardTrees.values()];
    return (v) => {
      let h = 0;
      for (const t of fw) {
        const x = t.dist[dst]! - t.dist[v]!;
        if (x > h) h = x;
      }
      for (const t of bw) {
        const x = t.dist[v]! - t.dist[dst]!;
        if (x > h) h = x;
      }
      return h;
    };
  }

  /** Time-dependent A* (no waiting), arcs closed or full at the entry time skipped. */
  private search(src: number, dst: number, depart: number, reserve: boolean): Drive | null {
    this.counts.searches++;
    const g = this.g;
    const q = ++this.query;
    const { label, via, stamp, closed, heap } = this;
    const h = this.heuristic(dst);
    heap.clear();
    label[src] = depart;
    via[src] = -1;
    stamp[src] = q;
    closed[src] = 0;
    heap.push(depart + h(src), src);
    while (heap.size > 0) {
      const u = heap.pop();
      if (closed[u] && stamp[u] === q) continue;
      closed[u] = 1;
      this.counts.settled++;
      if (u === dst) break;
      if (g.direct && u !== src) continue;
      const tu = label[u]!;
      for (let a = g.out[u]!, end = g.out[u + 1]!; a < end; a++) {
        const v = g.arcHead[a]!;
        if (stamp[v] === q && closed[v]) continue;
        const m = arcMinutesAt(g, this.hz, a, tu);
        if (m === Infinity) continue;
        const tv = tu + m;
        if (stamp[v] === q && tv >= label[v]!) continue;
        if (reserve && !this.reservations.canEnter(a, tu)) continue;
        const hv = h(v);
        if (hv === Infinity) continue;
        stamp[v] = q;
        closed[v] = 0;
        label[v] = tv;
        via[v] = a;
        heap.push(tv + hv, v);
      }
    }
    if (stamp[dst] !== q || !closed[dst]) return null;
    const arcs: number[] = [];
    for (let v = dst; v !== src; v = g.arcTail[via[v]!]!) arcs.push(via[v]!);
    arcs.reverse();
    // Re-walk to get each entry time with the same summation order as the label.
    return this.walk(arcs, depart, reserve, null);
  }
}
