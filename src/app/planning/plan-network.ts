import type { InlineNetwork } from '../../contracts/planning/plan.js';
import { distanceMetres, type Position } from '../../domain/geo.js';

/** Vertices of different corridors this close together are one road node. */
export const MERGE_METRES = 30;
/** The speed of every corridor road in the default network: damaged urban roads, convoys. */
export const CORRIDOR_SPEED_KPH = 30;

export interface CorridorRoute {
  id: string;
  code: string;
  route: readonly Position[];
}

/**
 * The default road network of a plan: the operation's corridor routes. Each vertex of a route is a
 * node, except that a vertex within 30 m of a node of another corridor joins it (so routes that meet
 * form one network); consecutive vertices are joined by a two-way edge as long as the great-circle
 * distance between them. Node and edge ids are `<corridor code>:<vertex index>`, so a hazard may name
 * them. A grid of cells about 30 m wide finds the nodes near a vertex without comparing every pair.
 */
export function corridorNetwork(corridors: readonly CorridorRoute[]): InlineNetwork {
  const nodes: InlineNetwork['nodes'] = [];
  const edges: InlineNetwork['edges'] = [];
  const usedBy: Set<string>[] = [];
  const grid = new Map<string, number[]>();
  const CELL = 0.0003; // degrees of latitude, about 33 m
  const cellOf = (p: Position): [number, number] => [
    Math.floor((p[0] * Math.cos((p[1] * Math.PI) / 180)) / CELL),
    Math.floor(p[1] / CELL),
  ];
  const near = (p: Position, corridorId: string): number => {
    const [cx, cy] = cellOf(p);
    let best = -1;
    let bestM = MERGE_METRES;
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const k of grid.get(`${cx + dx}:${cy + dy}`) ?? []) {
          if (usedBy[k]!.has(corridorId)) continue;
          const m = distanceMetres(p, [nodes[k]!.lon, nodes[k]!.lat]);
          if (m <= bestM) [best, bestM] = [k, m];
        }
    return best;
  };

  for (const corridor of corridors) {
    let previous = -1;
    corridor.route.forEach((p, i) => {
      let node = near(p, corridor.id);
      if (node < 0) {
        node = nodes.length;
        nodes.push({ id: `${corridor.code}:${i}`, lon: p[0], lat: p[1] });
        usedBy.push(new Set());
        const key = cellOf(p).join(':');
        grid.set(key, [...(grid.get(key) ?? []), node]);
      }
      usedBy[node]!.add(corridor.id);
      if (previous >= 0 && previous !== node) {
        const a = nodes[previous]!;
        const b = nodes[node]!;
        edges.push({
          id: `${corridor.code}:${i}`,
          from: a.id,
          to: b.id,
          // Two vertices of one route may sit on the same spot: an edge is never shorter than a metre.
          lengthM: Math.max(1, distanceMetres([a.lon, a.lat], [b.lon, b.lat])),
          speedKph: CORRIDOR_SPEED_KPH,
          oneway: false,
          name: corridor.code,
        });
      }
      previous = node;
    });
  }
  return { nodes, edges };
}

/** How far a place is from the nearest node that has an edge (where the planner would snap it). */
export function distanceToNetwork(network: InlineNetwork): (p: Position) => number {
  const ends = new Set<string>();
  for (const e of network.edges) ends.add(e.from).add(e.to);
  const points = network.nodes.filter((n) => ends.has(n.id)).map((n): Position => [n.lon, n.lat]);
  return (p) => {
    let best = Infinity;
    for (const q of points) best = Math.min(best, distanceMetres(p, q));
    return best;
  };
}
