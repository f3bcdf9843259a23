/**
 * Geometry of the plan validator (`validate.ts`), its own like the rest of it: planar tests on lon/lat
 * for area hazards, and the haversine snap of places given by lon/lat to the nearest road node.
 */

/** Mean Earth radius (IUGG), metres: places given by lon/lat snap to the nearest road node. */
const EARTH_RADIUS_M = 6371008.8;
const RAD = Math.PI / 180;

// ---------------------------------------------------------------------------------------------------------
// Planar geometry (lon/lat as x/y) for area hazards.

export type Ring = readonly (readonly number[])[];

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Even-odd ray casting; a point on the boundary may fall either way. */
function inRing(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const pi = ring[i];
    const pj = ring[j];
    if (!pi || !pj) continue;
    const xi = pi[0] ?? 0;
    const yi = pi[1] ?? 0;
    const xj = pj[0] ?? 0;
    const yj = pj[1] ?? 0;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function inPolygon(rings: readonly Ring[], x: number, y: number): boolean {
  const outer = rings[0];
  if (!outer || !inRing(outer, x, y)) return false;
  for (let k = 1; k < rings.length; k++) {
    const hole = rings[k];
    if (hole && inRing(hole, x, y)) return false;
  }
  return true;
}

export function boundingBox(rings: readonly Ring[]): {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
} {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings) {
    for (const p of ring) {
      const x = p[0] ?? 0;
      const y = p[1] ?? 0;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

/** Whether segment p1-p2 crosses a ring segment properly (each strictly on both sides of the other). */
export function crossesRings(
  rings: readonly Ring[],
  x1: number,
  y1: number,
  x2: number,
  y2: number,
): boolean {
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const a = ring[i - 1];
      const b = ring[i];
      if (!a || !b) continue;
      const ax = a[0] ?? 0;
      const ay = a[1] ?? 0;
      const bx = b[0] ?? 0;
      const by = b[1] ?? 0;
      const d1 = orient(ax, ay, bx, by, x1, y1);
      const d2 = orient(ax, ay, bx, by, x2, y2);
      if (!((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0))) continue;
      const d3 = orient(x1, y1, x2, y2, ax, ay);
      const d4 = orient(x1, y1, x2, y2, bx, by);
      if ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Snapping places to road nodes.

function haversineM(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const a = havA(lat1, lon1, lat2, lon2);
  return 2 * EARTH_RADIUS_M * Math.asin(Math.sqrt(Math.min(1, a)));
}

function havA(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const sLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  return sLat * sLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sLon * sLon;
}

/**
 * Nearest node (haversine) among `eligible`, ties to the lowest node index. Scans outwards from the
 * query's latitude in latitude order and stops once the latitude difference alone is farther than the best.
 */
export class Snapper {
  private readonly order: Int32Array;
  private readonly lats: Float64Array;

  constructor(
    eligible: number[],
    private readonly lon: Float64Array,
    private readonly lat: Float64Array,
  ) {
    this.order = Int32Array.from(eligible).sort((a, b) => (lat[a] ?? 0) - (lat[b] ?? 0) || a - b);
    this.lats = Float64Array.from(this.order, (i) => lat[i] ?? 0);
  }

  nearest(qLon: number, qLat: number): number {
    const { order, lats } = this;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((lats[mid] ?? 0) < qLat) lo = mid + 1;
      else hi = mid;
    }
    let best = -1;
    let bestD = Infinity;
    let bestA = Infinity;
    // A node whose haversine `a` exceeds the best by this factor is strictly farther even after rounding.
    const beyond = (a: number) => a > bestA * (1 + 1e-9);
    const visit = (k: number): boolean => {
      const la = lats[k] ?? 0;
      const s = Math.sin(((la - qLat) * RAD) / 2);
      if (beyond(s * s)) return false;
      const node = order[k] ?? 0;
      const a = havA(qLat, qLon, la, this.lon[node] ?? 0);
      if (beyond(a)) return true;
      const d = haversineM(qLat, qLon, la, this.lon[node] ?? 0);
      if (d < bestD || (d === bestD && node < best)) {
        best = node;
        bestD = d;
      }
      if (d <= bestD && a < bestA) bestA = a;
      return true;
    };
    let up = lo;
    let down = lo - 1;
    let goUp = up < order.length;
    let goDown = down >= 0;
    while (goUp || goDown) {
      if (goUp) {
        goUp = visit(up) && ++up < order.length;
      }
      if (goDown) {
        goDown = visit(down) && --down >= 0;
      }
    }
    return best;
  }
}
