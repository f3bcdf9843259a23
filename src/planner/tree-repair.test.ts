import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCity } from './generate.js';
import { buildGraph, resolveHazards, type Graph } from './graph.js';
import { mulberry32 } from './random.js';
import { shortestTree, type Tree } from './route.js';
import { repairTree } from './tree-repair.js';

/** Every node at its shortest distance, and its tree arc takes it there. */
function expectSame(g: Graph, got: Tree, want: Tree, weights: Float64Array): void {
  for (let v = 0; v < g.n; v++) {
    expect(got.dist[v], `node ${v}`).toBeCloseTo(want.dist[v]!, 9);
    const a = got.via[v]!;
    if (v === got.root || got.dist[v] === Infinity) continue;
    const from = got.forward ? g.arcTail[a]! : g.arcHead[a]!;
    expect(got.dist[from]! + weights[a]!).toBeCloseTo(got.dist[v]!, 9);
  }
}

describe('repairing a shortest-path tree after arcs got slower', () => {
  it('gives the distances of a tree grown again, both ways, with arcs closed and slowed', () => {
    const problem = generateCity({ nodes: 900, pickups: 4, seed: 5 });
    const g = buildGraph(problem.network);
    const base = resolveHazards(g, problem.hazards).staticMin;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 1, max: 60 }), (seed, count) => {
        const random = mulberry32(seed);
        const weights = base.slice();
        const slower: number[] = [];
        for (let k = 0; k < count; k++) {
          const a = Math.floor(random() * g.arcs);
          weights[a] = random() < 0.5 ? Infinity : weights[a]! * (1 + 3 * random());
          slower.push(a);
        }
        const root = Math.floor(random() * g.n);
        for (const forward of [true, false]) {
          const before = shortestTree(g, base, root, forward);
          const repaired = repairTree(g, before, base, weights, slower);
          expect(repaired).not.toBeNull();
          expectSame(g, repaired!, shortestTree(g, weights, root, forward), weights);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('declines an arc that got faster, and a network of direct legs', () => {
    const problem = generateCity({ nodes: 400, pickups: 2, seed: 3 });
    const g = buildGraph(problem.network);
    const base = resolveHazards(g, problem.hazards).staticMin;
    const tree = shortestTree(g, base, 0, true);
    const faster = base.slice();
    const a = tree.via.findIndex((x) => x >= 0);
    faster[tree.via[a]!] = base[tree.via[a]!]! / 2;
    expect(repairTree(g, tree, base, faster, [tree.via[a]!])).toBeNull();
    const direct = buildGraph({ ...problem.network, directLegs: true });
    const slower = base.slice();
    slower[tree.via[a]!] = Infinity;
    expect(repairTree(direct, tree, base, slower, [tree.via[a]!])).toBeNull();
  });
});
