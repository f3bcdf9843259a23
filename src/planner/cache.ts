import type { InlineNetwork, ResolvedProblem } from '../contracts/planning/plan.js';
import { buildGraph, type Graph } from './graph.js';
import type { MinHeap } from './heap.js';
import { shortestTree, type Tree } from './route.js';

/**
 * What one plan can hand the next on the same network (re-planning after a change): the graph, the
 * shortest-path trees with the arc times they were grown on, the minimum cut, where the last bounds
 * were found, and the last lower bound with what it was proven for. A tree is reused when every arc
 * whose time changed got slower and is not one of its arcs (its distances are then still the
 * shortest). Only the carried bound changes a result (it can lift a re-plan's lower bound); the rest
 * changes only its speed.
 */
export class PlannerCache {
  private network: InlineNetwork | null = null;
  private graphValue: Graph | null = null;
  private readonly trees = new Map<string, { tree: Tree; weights: Float64Array }[]>();
  private readonly diffs = new WeakMap<Float64Array, WeakMap<Float64Array, Int32Array | null>>();
  /** The minimum cut for a set of pickups and reception points (their nodes as the key). */
  cut: { key: string; side: Uint8Array | null } | null = null;
  /** Where the fleet-workload bisection ended last time (a starting hint; the result does not depend on it). */
  fleetHint: number | null = null;
  /** The last plan's lower bound, and what it was proven for (see `carriedBound`). */
  private proven: { places: string; hazards: Set<string>; boundMin: number } | null = null;
  readonly counts = { treesBuilt: 0, treesReused: 0 };

  graph(network: InlineNetwork): Graph {
    if (this.network !== network || !this.graphValue) {
      this.network = network;
      this.graphValue = buildGraph(network);
      this.trees.clear();
      this.cut = null;
      this.fleetHint = null;
      this.proven = null;
    }
    return this.graphValue;
  }

  /** Remembers the lower bound proven for `problem` (on the cache's network). */
  rememberBound(problem: ResolvedProblem, boundMin: number): void {
    if (problem.network !== this.network) return;
    this.proven = { places: placesKey(problem), hazards: new Set(problem.hazards.map(hazardKey)), boundMin };
  }

  /**
   * The last bound, when it holds for `problem` too: the same network, places, demand, fleet and
   * vehicle types, and every hazard it was proven under still there as it was. New hazards only close
   * or slow roads (slow factors are below 1), so every plan for `problem` is a plan for the last one,
   * and none ends before the last bound. 0 otherwise. The network is compared by identity, as the
   * graph is: a network edited in place is not a new one to the cache (give a changed network as a new
   * object).
   */
  carriedBound(problem: ResolvedProblem): number {
    const last = this.proven;
    if (!last || problem.network !== this.network || placesKey(problem) !== last.places) return 0;
    if (problem.hazards.some((h) => h.effect === 'slow' && !(h.speedFactor! > 0 && h.speedFactor! < 1)))
      return 0;
    const now = new Set(problem.hazards.map(hazardKey));
    for (const h of last.hazards) if (!now.has(h)) return 0;
    return last.boundMin;
  }

  tree(g: Graph, weights: Float64Array, root: number, forward: boolean, heap: MinHeap): Tree {
    const key = `${root}:${forward ? 'f' : 'b'}`;
    const list = this.trees.get(key) ?? [];
    for (const entry of list) {
      if (entry.weights === weights) return entry.tree;
      const changed = this.diff(entry.weights, weights);
      if (changed && changed.every((a) => !usesArc(g, entry.tree, a))) {
        this.counts.treesReused++;
        list.push({ tree: entry.tree, weights });
        return entry.tree;
      }
    }
    const tree = shortestTree(g, weights, root, forward, heap);
    this.counts.treesBuilt++;
    list.push({ tree, weights });
    if (list.length > 8) list.splice(0, list.length - 8);
    this.trees.set(key, list);
    return tree;
  }

  /** The arcs whose time differs, or null when any got faster (old trees may then be beaten). */
  private diff(before: Float64Array, after: Float64Array): Int32Array | null {
    let byAfter = this.diffs.get(before);
    if (!byAfter) this.diffs.set(before, (byAfter = new WeakMap()));
    if (byAfter.has(after)) return byAfter.get(after)!;
    const changed: number[] = [];
    let ok = before.length === after.length;
    for (let a = 0; ok && a < before.length; a++) {
      if (before[a] === after[a]) continue;
      if (!(after[a]! > before[a]!)) ok = false;
      else changed.push(a);
    }
    const result = ok ? Int32Array.from(changed) : null;
    byAfter.set(after, result);
    return result;
  }
}

function placesKey(p: ResolvedProblem): string {
  return JSON.stringify([p.vehicleTypes, p.depots, p.pickups, p.destinations]);
}

function hazardKey(h: ResolvedProblem['hazards'][number]): string {
  return JSON.stringify(h);
}

function usesArc(g: Graph, t: Tree, a: number): boolean {
  return t.forward ? t.via[g.arcHead[a]!] === a : t.via[g.arcTail[a]!] === a;
}
