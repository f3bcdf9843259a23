import type { InlineNetwork, PlanHazard } from '../contracts/planning/plan.js';
import { PlanningError } from './errors.js';
import { haversineM } from './osm-network.js';

/**
 * The road graph in compressed adjacency (CSR) form. Every edge of the network is an undirected or
 * one-way record; each direction it can be driven in is an *arc*. Arc `a` runs from `arcTail[a]` to
 * `arcHead[a]`; the arcs leaving node `u` are `out[u] .. out[u+1]-1`, those entering it are listed by
 * `inArcs[in[u] .. in[u+1]-1]`. Capacity is per arc (per direction of a two-way edge).
 */
export interface Graph {
  readonly n: number;
  readonly nodeIds: readonly string[];
  readonly nodeIndex: ReadonlyMap<string, number>;
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly edgeIds: readonly string[];
  readonly edgeIndex: ReadonlyMap<string, number>;
  readonly edgeLength: Float64Array;
  readonly edgeSpeed: Float64Array;
  readonly arcs: number;
  readonly out: Int32Array;
  readonly arcTail: Int32Array;
  readonly arcHead: Int32Array;
  readonly arcEdge: Int32Array;
  /** Vehicles per hour that may enter the arc; Infinity when the edge has no limit. */
  readonly arcCapacity: Float64Array;
  /** The arc of edge e in its own direction, and the reverse one (-1 for a one-way edge). */
  readonly edgeArcs: Int32Array;
  readonly in: Int32Array;
  readonly inArcs: Int32Array;
  /** 1 for nodes that are an end of some edge (the only ones places snap to). */
  readonly hasEdge: Uint8Array;
  /** Vehicles drive one edge between two places, never through other nodes (`directLegs`). */
  readonly direct: boolean;
}

export function buildGraph(network: InlineNetwork): Graph {
  const nodes = indexNodes(network);
  const edges = indexEdges(network, nodes.nodeIndex);
  const arcs = layArcs(network, edges);
  const incoming = incomingArcs(arcs.arcHead, network.nodes.length);
  return {
    n: network.nodes.length,
    ...nodes,
    edgeIds: edges.edgeIds,
    edgeIndex: edges.edgeIndex,
    edgeLength: edges.edgeLength,
    edgeSpeed: edges.edgeSpeed,
    arcs: edges.arcs,
    out: arcs.out,
    arcTail: arcs.arcTail,
    arcHead: arcs.arcHead,
    arcEdge: arcs.arcEdge,
    arcCapacity: arcs.arcCapacity,
    edgeArcs: arcs.edgeArcs,
    in: incoming.inStart,
    inArcs: incoming.inArcs,
    hasEdge: arcs.hasEdge,
    direct: network.directLegs ?? false,
  };
}

function indexNodes(network: InlineNetwork) {
  const n = network.nodes.length;
  const nodeIds: string[] = new Array<string>(n);
  const nodeIndex = new Map<string, number>();
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  network.nodes.forEach((node, i) => {
    if (nodeIndex.has(node.id)) throw new PlanningError(`node ${node.id} is listed twice`);
    nodeIndex.set(node.id, i);
    nodeIds[i] = node.id;
    lon[i] = node.lon;
    lat[i] = node.lat;
  });
  return { nodeIds, nodeIndex, lon, lat };
}

/** The edges by id, their lengths, speeds and nodes, and how many arcs they make. */
function indexEdges(network: InlineNetwork, nodeIndex: ReadonlyMap<string, number>) {
  const m = network.edges.length;
  const edgeIds: string[] = new Array<string>(m);
  const edgeIndex = new Map<string, number>();
  const edgeLength = new Float64Array(m);
  const edgeSpeed = new Float64Array(m);
  const edgeFrom = new Int32Array(m);
  const edgeTo = new Int32Array(m);
  let arcs = 0;
  network.edges.forEach((e, i) => {
    if (edgeIndex.has(e.id)) throw new PlanningError(`edge ${e.id} is listed twice`);
    const from = nodeIndex.get(e.from);
    const to = nodeIndex.get(e.to);
    if (from === undefined) throw new PlanningError(`edge ${e.id} starts at unknown node ${e.from}`);
    if (to === undefined) throw new PlanningError(`edge ${e.id} ends at unknown node ${e.to}`);
    edgeIndex.set(e.id, i);
    edgeIds[i] = e.id;
    edgeLength[i] = e.lengthM;
    edgeSpeed[i] = e.speedKph;
    edgeFrom[i] = from;
    edgeTo[i] = to;
    arcs += e.oneway ? 1 : 2;
  });
  return { edgeIds, edgeIndex, edgeLength, edgeSpeed, edgeFrom, edgeTo, arcs };
}

/** The arcs, grouped by the node they leave (CSR), in edge order. */
function layArcs(network: InlineNetwork, edges: ReturnType<typeof indexEdges>) {
  const n = network.nodes.length;
  const { edgeFrom, edgeTo, arcs } = edges;
  const arcTail = new Int32Array(arcs);
  const arcHead = new Int32Array(arcs);
  const arcEdge = new Int32Array(arcs);
  const arcCapacity = new Float64Array(arcs);
  const out = new Int32Array(n + 1);
  const hasEdge = new Uint8Array(n);
  network.edges.forEach((e, i) => {
    out[edgeFrom[i]! + 1]!++;
    if (!e.oneway) out[edgeTo[i]! + 1]!++;
    hasEdge[edgeFrom[i]!] = 1;
    hasEdge[edgeTo[i]!] = 1;
  });
  for (let u = 0; u < n; u++) out[u + 1]! += out[u]!;
  const fill = out.slice(0, n);
  const edgeArcs = new Int32Array(2 * network.edges.length).fill(-1);
  const place = (tail: number, head: number, edge: number, capacity: number, k: number) => {
    const a = fill[tail]!++;
    edgeArcs[2 * edge + k] = a;
    arcTail[a] = tail;
    arcHead[a] = head;
    arcEdge[a] = edge;
    arcCapacity[a] = capacity;
  };
  network.edges.forEach((e, i) => {
    const capacity = e.capacityVph ?? Infinity;
    place(edgeFrom[i]!, edgeTo[i]!, i, capacity, 0);
    if (!e.oneway) place(edgeTo[i]!, edgeFrom[i]!, i, capacity, 1);
  });
  return { out, arcTail, arcHead, arcEdge, arcCapacity, edgeArcs, hasEdge };
}

/** The arcs entering each node (`inArcs[inStart[u] .. inStart[u+1]-1]`), in arc order. */
function incomingArcs(arcHead: Int32Array, n: number) {
  const arcs = arcHead.length;
  const inStart = new Int32Array(n + 1);
  for (let a = 0; a < arcs; a++) inStart[arcHead[a]! + 1]!++;
  for (let u = 0; u < n; u++) inStart[u + 1]! += inStart[u]!;
  const inArcs = new Int32Array(arcs);
  const inFill = inStart.slice(0, n);
  for (let a = 0; a < arcs; a++) inArcs[inFill[arcHead[a]!]!++] = a;
  return { inStart, inArcs };
}

/** The nearest node that has an edge (haversine; ties to the node listed first). */
export function nearestNode(g: Graph, lon: number, lat: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let u = 0; u < g.n; u++) {
    if (!g.hasEdge[u]) continue;
    const d = haversineM(lon, lat, g.lon[u]!, g.lat[u]!);
    if (d < bestD) {
      bestD = d;
      best = u;
    }
  }
  if (best < 0) throw new PlanningError('the network has no edges');
  return best;
}

/**
 * Hazards resolved to arcs: `permanentFactor` folds the slowdowns that always hold and marks arcs that
 * are always closed (Infinity); `timed[a]` lists the hazards with a window that touch arc `a`.
 */
export interface ArcHazards {
  readonly staticMin: Float64Array;
  readonly timed: ReadonlyMap<number, readonly TimedHazard[]>;
  /** Arcs touched by any hazard (permanent or timed), in hazard order, for the exact time formula. */
  readonly all: ReadonlyMap<number, readonly TimedHazard[]>;
  readonly hazardEdges: ReadonlyMap<string, readonly number[]>;
}

export interface TimedHazard {
  readonly id: string;
  readonly closed: boolean;
  readonly factor: number;
  readonly from: number;
  readonly until: number;
}

/** Minutes to drive an arc given the product of slow factors: the format's formula, in its order. */
export function driveMinutes(lengthM: number, speedKph: number, factor: number): number {
  return (lengthM / 1000 / (speedKph * factor)) * 60;
}

export function resolveHazards(g: Graph, hazards: readonly PlanHazard[]): ArcHazards {
  const all = new Map<number, TimedHazard[]>();
  const hazardEdges = new Map<string, number[]>();
  const seen = new Set<string>();
  for (const h of hazards) {
    if (seen.has(h.id)) throw new PlanningError(`hazard ${h.id} is listed twice`);
    seen.add(h.id);
    const th: TimedHazard = {
      id: h.id,
      closed: h.effect === 'closed',
      factor: h.effect === 'slow' ? h.speedFactor! : 1,
      from: h.fromMin ?? -Infinity,
      until: h.untilMin ?? Infinity,
    };
    const edges: number[] = [];
    if (h.edges) {
      for (const id of h.edges) {
        const e = g.edgeIndex.get(id);
        if (e === undefined) throw new PlanningError(`hazard ${h.id} names unknown edge ${id}`);
        edges.push(e);
      }
    } else if (h.area) {
      edges.push(...edgesCrossing(g, h.area.coordinates));
    }
    hazardEdges.set(h.id, edges);
    for (const e of new Set(edges)) {
      for (let k = 0; k < 2; k++) {
        const a = g.edgeArcs[2 * e + k]!;
        if (a < 0) continue;
        let list = all.get(a);
        if (!list) all.set(a, (list = []));
        list.push(th);
      }
    }
  }
  const staticMin = new Float64Array(g.arcs);
  const timed = new Map<number, TimedHazard[]>();
  for (let a = 0; a < g.arcs; a++) {
    const e = g.arcEdge[a]!;
    let factor = 1;
    let closed = false;
    const list = all.get(a);
    if (list) {
      for (const h of list) {
        if (h.from === -Infinity && h.until === Infinity) {
          if (h.closed) closed = true;
          else factor *= h.factor;
        } else {
          let t = timed.get(a);
          if (!t) timed.set(a, (t = []));
          t.push(h);
        }
      }
    }
    staticMin[a] = closed ? Infinity : driveMinutes(g.edgeLength[e]!, g.edgeSpeed[e]!, factor);
  }
  return { staticMin, timed, all, hazardEdges };
}

/**
 * Minutes to drive arc `a` when entered at `t`, Infinity when a closure holds then. Slow factors are
 * multiplied in hazard order, as the format defines (so the validator's replay gives the same number).
 */
export function arcMinutesAt(g: Graph, hz: ArcHazards, a: number, t: number): number {
  if (!hz.timed.has(a)) return hz.staticMin[a]!;
  const list = hz.all.get(a)!;
  let factor = 1;
  for (const h of list) {
    if (t < h.from || t >= h.until) continue;
    if (h.closed) return Infinity;
    factor *= h.factor;
  }
  const e = g.arcEdge[a]!;
  return driveMinutes(g.edgeLength[e]!, g.edgeSpeed[e]!, factor);
}

type Ring = readonly (readonly number[])[];

/** Edges whose straight segment touches the polygon (lon/lat as a plane): an end inside or a crossing. */
function edgesCrossing(g: Graph, rings: readonly Ring[]): number[] {
  const outer = rings[0]!;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of outer) {
    minX = Math.min(minX, x!);
    maxX = Math.max(maxX, x!);
    minY = Math.min(minY, y!);
    maxY = Math.max(maxY, y!);
  }
  const inside = (x: number, y: number) => {
    if (!pointInRing(x, y, outer)) return false;
    for (let k = 1; k < rings.length; k++) if (pointInRing(x, y, rings[k]!)) return false;
    return true;
  };
  const result: number[] = [];
  for (let e = 0; e < g.edgeIds.length; e++) {
    const a = g.edgeArcs[2 * e]!;
    const x1 = g.lon[g.arcTail[a]!]!;
    const y1 = g.lat[g.arcTail[a]!]!;
    const x2 = g.lon[g.arcHead[a]!]!;
    const y2 = g.lat[g.arcHead[a]!]!;
    if (
      Math.max(x1, x2) < minX ||
      Math.min(x1, x2) > maxX ||
      Math.max(y1, y2) < minY ||
      Math.min(y1, y2) > maxY
    )
      continue;
    if (inside(x1, y1) || inside(x2, y2) || rings.some((r) => segmentCrossesRing(x1, y1, x2, y2, r)))
      result.push(e);
  }
  return result;
}

function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function segmentCrossesRing(x1: number, y1: number, x2: number, y2: number, ring: Ring): boolean {
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x3, y3] = ring[i] as [number, number];
    const [x4, y4] = ring[i + 1] as [number, number];
    const d1 = orient(x3, y3, x4, y4, x1, y1);
    const d2 = orient(x3, y3, x4, y4, x2, y2);
    const d3 = orient(x1, y1, x2, y2, x3, y3);
    const d4 = orient(x1, y1, x2, y2, x4, y4);
    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  }
  return false;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}
