/** Plain geometry on longitude/latitude, enough for scenarios and rules; no projection library. */

export type Position = [number, number];
export type PolygonCoords = Position[][];
export type AreaGeometry =
  { type: 'Polygon'; coordinates: PolygonCoords } | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };

export const EARTH_RADIUS_M = 6_371_008.8;

/** The polygons of an area: a Polygon is one, a MultiPolygon each of its own. */
export function polygonsOf<P>(
  g: { type: 'Polygon'; coordinates: P } | { type: 'MultiPolygon'; coordinates: readonly P[] },
): P[] {
  return g.type === 'Polygon' ? [g.coordinates] : [...g.coordinates];
}

/** Twice the signed area of a ring in squared degrees (the shoelace formula): positive counter-clockwise. */
export function signedArea(ring: readonly (readonly number[])[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum;
}

/** Signed area (in squared degrees) and centroid of a ring, by the shoelace formula. */
function ringCentroid(ring: Position[]): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  a /= 2;
  return a === 0
    ? { area: 0, x: ring[0]![0], y: ring[0]![1] }
    : { area: a, x: cx / (6 * a), y: cy / (6 * a) };
}

/** Area-weighted centroid of the outer rings; good enough to place a label or a route node. */
export function centroid(g: AreaGeometry): Position {
  let total = 0;
  let x = 0;
  let y = 0;
  for (const polygon of polygonsOf(g)) {
    const c = ringCentroid(polygon[0]!);
    const w = Math.abs(c.area);
    total += w;
    x += c.x * w;
    y += c.y * w;
  }
  if (total === 0) return polygonsOf(g)[0]![0]![0]!;
  return [round6(x / total), round6(y / total)];
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Great-circle distance in metres. */
export function distanceMetres(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(h));
}

/**
 * Which areas touch: two areas are neighbours when a vertex of one lies within `toleranceMetres` of a
 * vertex of the other. Digitised neighbourhood boundaries rarely share exact vertices, hence the slack.
 */
export function adjacency(geometries: readonly AreaGeometry[], toleranceMetres = 30): number[][] {
  const cell = toleranceMetres / 111_000; // degrees of latitude; longitude cells are narrower, which is safe
  const grid = new Map<string, Set<number>>();
  const key = (x: number, y: number) => `${Math.floor(x / cell)}:${Math.floor(y / cell)}`;
  geometries.forEach((g, i) => {
    for (const polygon of polygonsOf(g))
      for (const ring of polygon)
        for (const [x, y] of ring) {
          const k = key(x, y);
          const set = grid.get(k) ?? new Set<number>();
          set.add(i);
          grid.set(k, set);
        }
  });
  const neighbours = geometries.map(() => new Set<number>());
  for (const [k, owners] of grid) {
    const [cx, cy] = k.split(':').map(Number) as [number, number];
    const near = new Set(owners);
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) for (const o of grid.get(`${cx + dx}:${cy + dy}`) ?? []) near.add(o);
    for (const a of owners) for (const b of near) if (a !== b) neighbours[a]!.add(b);
  }
  return neighbours.map((s) => [...s].sort((a, b) => a - b));
}

/** Fewest-hops path between two nodes of a graph given as neighbour lists, or undefined. */
export function shortestHops(
  neighbours: readonly number[][],
  from: number,
  to: number,
): number[] | undefined {
  const previous = new Map<number, number>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head]!;
    if (node === to) break;
    for (const next of neighbours[node] ?? []) {
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  if (!previous.has(to)) return undefined;
  const path = [to];
  while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
  return path;
}

/** A route as a polyline with the distance from its start to each vertex, in kilometres. */
export interface RouteProfile {
  coordinates: readonly Position[];
  cumulativeKm: readonly number[];
  lengthKm: number;
}

export function routeProfile(coordinates: readonly Position[]): RouteProfile {
  const cumulativeKm = [0];
  for (let i = 1; i < coordinates.length; i++)
    cumulativeKm.push(cumulativeKm[i - 1]! + distanceMetres(coordinates[i - 1]!, coordinates[i]!) / 1000);
  return { coordinates, cumulativeKm, lengthKm: cumulativeKm.at(-1) ?? 0 };
}

/**
 * Where a point lies along a route: the distance from the route's start to the nearest point of the
 * route, and how far off the route the point is (km). Segments are short, so each is treated as flat.
 */
export function alongRoute(route: RouteProfile, p: Position): { alongKm: number; offKm: number } {
  const c = route.coordinates;
  if (c.length === 1) return { alongKm: 0, offKm: distanceMetres(c[0]!, p) / 1000 };
  let best = { alongKm: 0, offKm: Infinity };
  for (let i = 1; i < c.length; i++) {
    const a = c[i - 1]!;
    const b = c[i]!;
    const kx = Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
    const [bx, by] = [(b[0] - a[0]) * kx, b[1] - a[1]];
    const [px, py] = [(p[0] - a[0]) * kx, p[1] - a[1]];
    const len2 = bx * bx + by * by;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * bx + py * by) / len2));
    const foot: Position = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    const offKm = distanceMetres(foot, p) / 1000;
    if (offKm < best.offKm) {
      const segmentKm = route.cumulativeKm[i]! - route.cumulativeKm[i - 1]!;
      best = { alongKm: route.cumulativeKm[i - 1]! + segmentKm * t, offKm };
    }
  }
  return best;
}

/** The point at a distance along a route (clamped to its ends). */
export function pointAlong(route: RouteProfile, km: number): Position {
  const c = route.coordinates;
  const cum = route.cumulativeKm;
  if (km <= 0 || c.length === 1) return c[0]!;
  for (let i = 1; i < c.length; i++) {
    if (km <= cum[i]!) {
      const span = cum[i]! - cum[i - 1]!;
      const t = span === 0 ? 0 : (km - cum[i - 1]!) / span;
      const a = c[i - 1]!;
      const b = c[i]!;
      return [round6(a[0] + (b[0] - a[0]) * t), round6(a[1] + (b[1] - a[1]) * t)];
    }
  }
  return c.at(-1)!;
}
