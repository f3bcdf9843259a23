import type { PlanHazard, ResolvedProblem } from '../contracts/planning/plan.js';
import { boundingBox, crossesRings, inPolygon, Snapper, type Ring } from './validate-geometry.js';

/** Reports one problem of the plan or its problem (see `validatePlan`). */
export type Fail = (message: string) => void;

export type PlaceKind = 'depot' | 'pickup' | 'destination';
export interface Place {
  kind: PlaceKind;
  /** Index in the problem's array of that kind. */
  index: number;
  /** Node index, -1 when it could not be resolved (reported). */
  node: number;
}

type PlaceInput = {
  id: string;
  node?: string | undefined;
  lon?: number | undefined;
  lat?: number | undefined;
};

export function isActive(h: PlanHazard, t: number): boolean {
  return (h.fromMin ?? -Infinity) <= t && t < (h.untilMin ?? Infinity);
}

/** One step of a path from node u to node v at a time t (see `RoadIndex.step`). */
export interface Step {
  /** Edges that run from u to v, closed or not. */
  readonly candidates: number;
  /** The fastest of them that is open at t, and its minutes; -1 when all are closed. */
  readonly half: number;
  readonly minutes: number;
  /** The first of them closed at t, and the hazard closing it; -1 when none is. */
  readonly closedHalf: number;
  readonly closedBy: number;
}

/**
 * The validator's own index of the problem's roads: nodes and edges by id, an adjacency of half-edges
 * (edge * 2 + direction, 0 = from->to, 1 = to->from) and the hazards that apply to each edge, by name
 * or by area. What is wrong with the network (ids used twice, edges to unknown nodes, hazards naming
 * unknown edges) is reported as it is found.
 */
export class RoadIndex {
  readonly nodes: ResolvedProblem['network']['nodes'];
  readonly edges: ResolvedProblem['network']['edges'];
  readonly hazards: readonly PlanHazard[];
  /** A leg drives one edge between its places (`directLegs`). */
  readonly direct: boolean;
  readonly nodeIndex = new Map<string, number>();
  private readonly lon: Float64Array;
  private readonly lat: Float64Array;
  private readonly edgeIndex = new Map<string, number>();
  /** The nodes of each edge, -1 where it names no node of the network (reported). */
  private readonly eFrom: Int32Array;
  private readonly eTo: Int32Array;
  private readonly hasEdge: Uint8Array;
  /** CSR adjacency of half-edges, in edge order per node. */
  private readonly adjStart: Int32Array;
  private readonly adj: Int32Array;
  /** The hazards that apply to each edge, in hazard order, once each. */
  private readonly edgeHazards: (number[] | undefined)[];
  /** Made on first use: only places given by lon/lat need it. */
  private snapper: Snapper | undefined;

  constructor(problem: ResolvedProblem, fail: Fail) {
    this.nodes = problem.network.nodes;
    this.edges = problem.network.edges;
    this.hazards = problem.hazards ?? [];
    this.direct = problem.network.directLegs ?? false;
    this.lon = new Float64Array(this.nodes.length);
    this.lat = new Float64Array(this.nodes.length);
    this.eFrom = new Int32Array(this.edges.length);
    this.eTo = new Int32Array(this.edges.length);
    this.hasEdge = new Uint8Array(this.nodes.length);
    this.edgeHazards = new Array<number[] | undefined>(this.edges.length);
    this.indexNodes(fail);
    this.indexEdges(fail);
    ({ adjStart: this.adjStart, adj: this.adj } = this.adjacency());
    for (let h = 0; h < this.hazards.length; h++) this.applyHazard(h, fail);
  }

  nodeName(i: number): string {
    return this.nodes[i]?.id ?? `#${i}`;
  }

  /**
   * The node of a place: the one it names, or the nearest with an edge to its lon/lat; -1 (reported)
   * when it cannot be resolved.
   */
  placeNode(kind: PlaceKind, p: PlaceInput, fail: Fail): number {
    let node = -1;
    if (p.node !== undefined) {
      node = this.nodeIndex.get(p.node) ?? -1;
      if (node < 0) fail(`problem: ${kind} ${p.id} is at node ${p.node}, which is not in the network`);
    } else if (p.lon !== undefined && p.lat !== undefined) {
      this.snapper ??= new Snapper(this.snapTargets(), this.lon, this.lat);
      node = this.snapper.nearest(p.lon, p.lat);
      if (node < 0) fail(`problem: ${kind} ${p.id} has no road node to snap to`);
    } else {
      fail(`problem: ${kind} ${p.id} gives neither its node nor its lon and lat`);
    }
    return node;
  }

  /**
   * The edges from u to v entered at t: how many there are, the fastest open one (the hazards that
   * hold at t slow it or close it) and the first closed one.
   */
  step(u: number, v: number, t: number): Step {
    let bestHalf = -1;
    let bestTime = Infinity;
    let candidates = 0;
    let closedHalf = -1;
    let closedBy = -1;
    for (let a = this.adjStart[u]!, end = this.adjStart[u + 1]!; a < end; a++) {
      const half = this.adj[a]!;
      if (this.halfTarget(half) !== v) continue;
      candidates++;
      const e = half >> 1;
      let factor = 1;
      let closed = -1;
      for (const h of this.edgeHazards[e] ?? []) {
        const hazard = this.hazards[h]!;
        if (!isActive(hazard, t)) continue;
        if (hazard.effect === 'closed') {
          closed = h;
          break;
        }
        factor *= hazard.speedFactor ?? 1;
      }
      if (closed >= 0) {
        if (closedHalf < 0) {
          closedHalf = half;
          closedBy = closed;
        }
        continue;
      }
      const edge = this.edges[e]!;
      const time = (edge.lengthM / 1000 / (edge.speedKph * factor)) * 60;
      if (time < bestTime) {
        bestTime = time;
        bestHalf = half;
      }
    }
    return { candidates, half: bestHalf, minutes: bestTime, closedHalf, closedBy };
  }

  /** A one-way edge that runs from node `from` to node `to`, or -1. */
  onewayEdge(from: number, to: number): number {
    for (let a = this.adjStart[from]!, end = this.adjStart[from + 1]!; a < end; a++) {
      const half = this.adj[a]!;
      if (this.halfTarget(half) === to && this.edges[half >> 1]!.oneway) return half >> 1;
    }
    return -1;
  }

  private halfTarget(half: number): number {
    return (half & 1) === 0 ? this.eTo[half >> 1]! : this.eFrom[half >> 1]!;
  }

  private indexNodes(fail: Fail): void {
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i]!;
      this.lon[i] = n.lon;
      this.lat[i] = n.lat;
      if (this.nodeIndex.has(n.id)) fail(`problem: node id ${n.id} appears more than once in the network`);
      else this.nodeIndex.set(n.id, i);
    }
  }

  private indexEdges(fail: Fail): void {
    for (let e = 0; e < this.edges.length; e++) {
      const edge = this.edges[e]!;
      if (this.edgeIndex.has(edge.id))
        fail(`problem: edge id ${edge.id} appears more than once in the network`);
      else this.edgeIndex.set(edge.id, e);
      const u = this.nodeIndex.get(edge.from) ?? -1;
      const v = this.nodeIndex.get(edge.to) ?? -1;
      this.eFrom[e] = u;
      this.eTo[e] = v;
      if (u < 0 || v < 0) {
        fail(
          `problem: edge ${edge.id} joins ${edge.from} and ${edge.to}, and ${u < 0 ? edge.from : edge.to} is not a node`,
        );
        continue;
      }
      this.hasEdge[u] = 1;
      this.hasEdge[v] = 1;
    }
  }

  /** The half-edges leaving each node (edges that name an unknown node left out). */
  private adjacency(): { adjStart: Int32Array; adj: Int32Array } {
    const N = this.nodes.length;
    const E = this.edges.length;
    const twoWay = (e: number) => !this.edges[e]!.oneway && this.eFrom[e] !== this.eTo[e];
    const degree = new Int32Array(N + 1);
    for (let e = 0; e < E; e++) {
      if (this.eFrom[e]! < 0 || this.eTo[e]! < 0) continue;
      degree[this.eFrom[e]!]!++;
      if (twoWay(e)) degree[this.eTo[e]!]!++;
    }
    const adjStart = new Int32Array(N + 1);
    for (let i = 0; i < N; i++) adjStart[i + 1] = adjStart[i]! + degree[i]!;
    const fill = adjStart.slice(0, N);
    const adj = new Int32Array(adjStart[N]!);
    for (let e = 0; e < E; e++) {
      if (this.eFrom[e]! < 0 || this.eTo[e]! < 0) continue;
      adj[fill[this.eFrom[e]!]!++] = e * 2;
      if (twoWay(e)) adj[fill[this.eTo[e]!]!++] = e * 2 + 1;
    }
    return { adjStart, adj };
  }

  /** Notes hazard h on the edges it names and on those its area touches. */
  private applyHazard(h: number, fail: Fail): void {
    const hazard = this.hazards[h]!;
    for (const id of hazard.edges ?? []) {
      const e = this.edgeIndex.get(id);
      if (e === undefined) fail(`problem: hazard ${hazard.id} names edge ${id}, which is not in the network`);
      else this.addHazard(e, h);
    }
    const rings = hazard.area?.coordinates as readonly Ring[] | undefined;
    if (rings && rings.length > 0) this.applyArea(h, rings);
  }

  /** Hazard h on every edge with an end inside its area or a crossing of its boundary. */
  private applyArea(h: number, rings: readonly Ring[]): void {
    const { minX, minY, maxX, maxY } = boundingBox(rings);
    for (let e = 0; e < this.edges.length; e++) {
      const u = this.eFrom[e]!;
      const v = this.eTo[e]!;
      if (u < 0 || v < 0) continue;
      const x1 = this.lon[u]!;
      const y1 = this.lat[u]!;
      const x2 = this.lon[v]!;
      const y2 = this.lat[v]!;
      if (
        Math.max(x1, x2) < minX ||
        Math.min(x1, x2) > maxX ||
        Math.max(y1, y2) < minY ||
        Math.min(y1, y2) > maxY
      )
        continue;
      if (inPolygon(rings, x1, y1) || inPolygon(rings, x2, y2) || crossesRings(rings, x1, y1, x2, y2)) {
        this.addHazard(e, h);
      }
    }
  }

  private addHazard(e: number, h: number): void {
    const list = this.edgeHazards[e];
    if (list === undefined) this.edgeHazards[e] = [h];
    else if (list[list.length - 1] !== h) list.push(h);
  }

  /** The nodes places snap to: those with an edge (the first of nodes that share an id). */
  private snapTargets(): number[] {
    const eligible: number[] = [];
    for (let i = 0; i < this.nodes.length; i++)
      if (this.hasEdge[i] && this.nodeIndex.get(this.nodes[i]!.id) === i) eligible.push(i);
    return eligible;
  }
}

/** The problem's depots, pickups and destinations by id, each on its node (see `RoadIndex.placeNode`). */
export function resolvePlaces(problem: ResolvedProblem, roads: RoadIndex, fail: Fail): Map<string, Place> {
  const places = new Map<string, Place>();
  const resolve = (kind: PlaceKind, index: number, p: PlaceInput) => {
    const node = roads.placeNode(kind, p, fail);
    if (places.has(p.id)) {
      fail(`problem: place id ${p.id} is used more than once (depots, pickups and destinations share ids)`);
      return;
    }
    places.set(p.id, { kind, index, node });
  };
  problem.depots.forEach((d, i) => resolve('depot', i, d));
  problem.pickups.forEach((p, i) => resolve('pickup', i, p));
  problem.destinations.forEach((d, i) => resolve('destination', i, d));
  return places;
}
