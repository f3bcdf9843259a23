import type { Graph } from './graph.js';
import { MinHeap } from './heap.js';
import type { Tree } from './route.js';

/** Each tree's children (CSR: `list[start[u] .. start[u+1]-1]`), made once per tree. */
const childrenOf = new WeakMap<Tree, { start: Int32Array; list: Int32Array }>();

function children(g: Graph, t: Tree) {
  let c = childrenOf.get(t);
  if (c) return c;
  const parent = (v: number) => {
    const a = t.via[v]!;
    return a < 0 ? -1 : t.forward ? g.arcTail[a]! : g.arcHead[a]!;
  };
  const start = new Int32Array(g.n + 1);
  for (let v = 0; v < g.n; v++) {
    const p = parent(v);
    if (p >= 0) start[p + 1]!++;
  }
  for (let u = 0; u < g.n; u++) start[u + 1]! += start[u]!;
  const fill = start.slice(0, g.n);
  const list = new Int32Array(start[g.n]!);
  for (let v = 0; v < g.n; v++) {
    const p = parent(v);
    if (p >= 0) list[fill[p]!++] = v;
  }
  childrenOf.set(t, (c = { start, list }));
  return c;
}

/**
 * The shortest-path tree for `weights`, from `base` (grown on weights no larger on any arc) where only
 * the arcs in `slower` take longer: nodes whose tree path uses none of them keep their distance (no
 * arc got faster, so no way got shorter); the rest (the subtrees below those arcs) are settled again
 * by Dijkstra from the nodes around them. A timed closure of a few streets changes a few subtrees of a
 * 100,000-node tree, not all of it. Null when some arc in `slower` is in fact faster, or with direct
 * legs.
 */
export function repairTree(
  g: Graph,
  base: Tree,
  baseWeights: Float64Array,
  weights: Float64Array,
  slower: readonly number[],
  heap = new MinHeap(),
): Tree | null {
  // Direct legs' trees are one edge deep: a way round through other nodes is not theirs to take.
  if (g.direct) return null;
  const { forward } = base;
  const dist = base.dist.slice();
  const via = base.via.slice();
  const affected = new Uint8Array(g.n);
  const stack: number[] = [];
  for (const a of slower) {
    if (!(weights[a]! >= baseWeights[a]!)) return null;
    // The node below arc a in the tree, if a is a tree arc.
    const below = forward ? g.arcHead[a]! : g.arcTail[a]!;
    if (via[below] === a && !affected[below]) {
      affected[below] = 1;
      stack.push(below);
    }
  }
  if (stack.length === 0) return { root: base.root, forward, dist, via };
  const { start, list } = children(g, base);
  const marked: number[] = [];
  while (stack.length > 0) {
    const u = stack.pop()!;
    marked.push(u);
    dist[u] = Infinity;
    via[u] = -1;
    for (let k = start[u]!; k < start[u + 1]!; k++) {
      const v = list[k]!;
      if (!affected[v]) {
        affected[v] = 1;
        stack.push(v);
      }
    }
  }
  heap.clear();
  // Each marked node's best way in from a node that kept its distance.
  for (const v of marked) {
    if (forward) {
      for (let k = g.in[v]!, end = g.in[v + 1]!; k < end; k++) {
        const a = g.inArcs[k]!;
        const u = g.arcTail[a]!;
        if (!affected[u] && dist[u]! + weights[a]! < dist[v]!) {
          dist[v] = dist[u]! + weights[a]!;
          via[v] = a;
        }
      }
    } else {
      for (let a = g.out[v]!, end = g.out[v + 1]!; a < end; a++) {
        const u = g.arcHead[a]!;
        if (!affected[u] && weights[a]! + dist[u]! < dist[v]!) {
          dist[v] = weights[a]! + dist[u]!;
          via[v] = a;
        }
      }
    }
    if (dist[v]! < Infinity) heap.push(dist[v]!, v);
  }
  settle(g, forward, weights, dist, via, affected, heap);
  return { root: base.root, forward, dist, via };
}

/** Dijkstra among the affected nodes, from the heap as seeded. */
function settle(
  g: Graph,
  forward: boolean,
  weights: Float64Array,
  dist: Float64Array,
  via: Int32Array,
  affected: Uint8Array,
  heap: MinHeap,
): void {
  const done = new Uint8Array(g.n);
  while (heap.size > 0) {
    const u = heap.pop();
    if (done[u]) continue;
    done[u] = 1;
    const du = dist[u]!;
    if (forward) {
      for (let a = g.out[u]!, end = g.out[u + 1]!; a < end; a++) {
        const v = g.arcHead[a]!;
        if (!affected[v] || done[v]) continue;
        const d = du + weights[a]!;
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
        if (!affected[v] || done[v]) continue;
        const d = weights[a]! + du;
        if (d < dist[v]!) {
          dist[v] = d;
          via[v] = a;
          heap.push(d, v);
        }
      }
    }
  }
}
