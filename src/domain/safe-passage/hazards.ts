import type { HAZARD_STATUSES } from '../../contracts/events.js';
import { said, type Said } from '../errors.js';
import { polygonsOf, type Position } from '../geo.js';
import { firstCrossing, segmentsMeet } from './ring-crossing.js';

/**
 * Hazard areas: their land-release lifecycle, the validity of their polygons, and which segments of a
 * corridor's route they block. Planar geometry on lon/lat, which is what the short distances of a
 * corridor allow: a segment crosses an area when it does on the map.
 */

export type HazardStatus = (typeof HAZARD_STATUSES)[number];

/** IMAS land release: a suspected area is confirmed, released or cancelled; a confirmed one cleared. */
const HAZARD_TRANSITIONS: Record<HazardStatus, readonly HazardStatus[]> = {
  suspected: ['confirmed', 'released', 'cancelled'],
  confirmed: ['cleared', 'released', 'cancelled'],
  cleared: [],
  released: [],
  cancelled: [],
};

export function hazardTransitions(from: HazardStatus): readonly HazardStatus[] {
  return HAZARD_TRANSITIONS[from];
}

/** Suspected or confirmed: the area is not safe, so it blocks routes and closes roads. */
export function hazardIsActive(status: string): boolean {
  return status === 'suspected' || status === 'confirmed';
}

export type Ring = readonly Position[];
export type AreaLike =
  | { type: 'Polygon'; coordinates: readonly Ring[] }
  | { type: 'MultiPolygon'; coordinates: readonly (readonly Ring[])[] };

/**
 * Corners of one hazard's area, all rings together: far more than a surveyed area needs, and few
 * enough that its checks (the n log n ring check, the routes it may block) stay within tens of
 * milliseconds on the server's one thread.
 */
export const MAX_CORNERS = 20_000;

/**
 * Why an area is not a simple polygon (said, for a refusal), or undefined when it is: a ring with fewer
 * than three distinct corners, or a ring whose edges cross or touch anywhere but where consecutive
 * edges meet.
 */
export function areaProblem(area: AreaLike): Said | undefined {
  const polygons = polygonsOf(area);
  let corners = 0;
  for (const rings of polygons) for (const ring of rings) corners += ring.length;
  if (corners > MAX_CORNERS)
    return said('it has {corners} corners; a hazard area has at most {max} (split it into several hazards)', {
      corners,
      max: MAX_CORNERS,
    });
  for (let p = 0; p < polygons.length; p++) {
    const rings = polygons[p]!;
    for (let r = 0; r < rings.length; r++) {
      const problem = ringProblem(rings[r]!);
      if (problem) return where(area.type === 'MultiPolygon' ? p + 1 : undefined, r, problem);
    }
  }
  return undefined;
}

/** The problem of ring `r` (0 the outer one) of polygon `polygon` (1-based, of a MultiPolygon). */
function where(polygon: number | undefined, r: number, problem: Said): Said {
  if (polygon === undefined)
    return r === 0
      ? said('outer ring: {problem}', { problem })
      : said('hole {hole}: {problem}', { hole: r, problem });
  return r === 0
    ? said('polygon {polygon}, outer ring: {problem}', { polygon, problem })
    : said('polygon {polygon}, hole {hole}: {problem}', { polygon, hole: r, problem });
}

function ringProblem(ring: Ring): Said | undefined {
  // Repeated consecutive positions are harmless; leave them out so that every edge has a length.
  const pts: Position[] = [];
  for (const q of ring) {
    const last = pts.at(-1);
    if (!last || last[0] !== q[0] || last[1] !== q[1]) pts.push(q);
  }
  const n = pts.length - 1; // edges; the ring is closed, so pts[n] equals pts[0]
  if (n < 3) return said('a ring needs at least three distinct corners');
  if (pts[0]![0] !== pts[n]![0] || pts[0]![1] !== pts[n]![1]) return said('a polygon ring must be closed');
  // A sweep over the corners, O(n log n) even for a zigzag of long edges (ring-crossing.ts).
  const found = firstCrossing(pts);
  if (found)
    return said('the ring intersects itself (edges {first} and {second} cross)', {
      first: found[0] + 1,
      second: found[1] + 1,
    });
  return undefined;
}

/**
 * Whether segments ab and cd share a point (crossing, touching or overlapping), with exact
 * orientation: the same predicate the ring check uses (ring-crossing.ts).
 */
export const segmentsIntersect = segmentsMeet;

/** Even-odd test: whether p is strictly inside the ring (points on its edge are found by the edges). */
function inRing(p: Position, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Whether segment ab shares a point with the polygon (its area, holes excluded, or its boundary). */
export function segmentMeetsPolygon(a: Position, b: Position, rings: readonly Ring[]): boolean {
  for (const ring of rings)
    for (let i = 0; i + 1 < ring.length; i++)
      if (segmentsIntersect(a, b, ring[i]!, ring[i + 1]!)) return true;
  // No boundary is met, so the segment is wholly inside or wholly outside: test one end.
  const [outer, ...holes] = rings;
  return outer !== undefined && inRing(a, outer) && !holes.some((h) => inRing(a, h));
}

export interface HazardArea {
  hazardId: string;
  code: string;
  status: string;
  area: AreaLike;
}

export interface BlockedSegment {
  /** 1 for the segment from the route's first vertex to its second. */
  segment: number;
  hazardId: string;
  code: string;
  status: string;
  reason: string;
}

/**
 * The segments of a corridor's route (between vertices i and i+1, numbered from 1) that cross or
 * touch the area of a suspected or confirmed hazard, in route order; hazards in other states are
 * ignored. Empty when the route is clear.
 */
export function blockedSegments(
  route: readonly Position[],
  hazards: readonly HazardArea[],
): BlockedSegment[] {
  const active = hazards
    .filter((h) => hazardIsActive(h.status))
    .map((h) => ({ h, polygons: polygonsOf(h.area), box: boxOf(h.area) }));
  const out: BlockedSegment[] = [];
  for (let i = 0; i + 1 < route.length; i++) {
    const a = route[i]!;
    const b = route[i + 1]!;
    for (const { h, polygons, box } of active) {
      if (
        Math.max(a[0], b[0]) < box[0] ||
        Math.min(a[0], b[0]) > box[2] ||
        Math.max(a[1], b[1]) < box[1] ||
        Math.min(a[1], b[1]) > box[3]
      )
        continue;
      if (!polygons.some((rings) => segmentMeetsPolygon(a, b, rings))) continue;
      out.push({
        segment: i + 1,
        hazardId: h.hazardId,
        code: h.code,
        status: h.status,
        reason: `segment ${i + 1} crosses ${h.code} (${h.status}, not cleared)`,
      });
    }
  }
  return out;
}

/** Whether any part of a route (a segment, or its one point) lies in or on the area. */
export function routeMeetsArea(route: readonly Position[], area: AreaLike): boolean {
  const polygons = polygonsOf(area);
  if (route.length === 1) return polygons.some((rings) => segmentMeetsPolygon(route[0]!, route[0]!, rings));
  for (let i = 0; i + 1 < route.length; i++)
    if (polygons.some((rings) => segmentMeetsPolygon(route[i]!, route[i + 1]!, rings))) return true;
  return false;
}

function boxOf(area: AreaLike): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of polygonsOf(area))
    for (const [x, y] of rings[0] ?? []) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  return box;
}
