import { describe, expect, it } from 'vitest';
import type { Position } from '../geo.js';
import { areaProblem } from '../../../test/area-problem.js';
import { segmentsIntersect, MAX_CORNERS, type AreaLike } from './hazards.js';
import { firstCrossing, orient, segmentsMeet, type CrossingStats } from './ring-crossing.js';

/** mulberry32: a small seeded generator, so that every run draws the same rings. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Fixed seeds, as in CI; `CORRIDOR_PROPERTY_SEED=random` draws one (printed on failure), `=<n>` replays one.
const asked = process.env.CORRIDOR_PROPERTY_SEED;
const SEEDS =
  asked === 'random'
    ? [Math.floor(Math.random() * 2 ** 32)]
    : asked
      ? [Number(asked)]
      : [1, 2, 3, 20_261_205];

type Pair = [number, number];
type Meet = (a: Position, b: Position, c: Position, d: Position) => boolean;

/** The corners as a closed ring without repeated consecutive positions (as ringProblem makes it). */
function closed(corners: readonly Position[]): Position[] {
  const pts: Position[] = [];
  for (const p of corners) {
    const last = pts.at(-1);
    if (!last || last[0] !== p[0] || last[1] !== p[1]) pts.push(p);
  }
  while (pts.length > 1 && pts[0]![0] === pts.at(-1)![0] && pts[0]![1] === pts.at(-1)![1]) pts.pop();
  return [...pts, pts[0]!];
}

/** The definition: every pair of edges that are not consecutive; the first pair that meets. */
function bruteForce(pts: readonly Position[], meet: Meet = segmentsIntersect): Pair | undefined {
  const n = pts.length - 1;
  for (let i = 0; i < n; i++)
    for (let j = i + 2; j < n; j++) {
      if (j - i === n - 1) continue;
      if (meet(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!)) return [i, j];
    }
  return undefined;
}

const polygon = (ring: Position[]): AreaLike => ({ type: 'Polygon', coordinates: [ring] });

// --- Random rings ---------------------------------------------------------------------------------------

const int = (rnd: () => number, lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));

/** Corners anywhere on a small grid: crossings, touches, overlaps and shared coordinates abound. */
function gridRing(rnd: () => number): Position[] {
  const size = int(rnd, 2, 8);
  return Array.from({ length: int(rnd, 4, int(rnd, 4, 40)) }, () => [int(rnd, 0, size), int(rnd, 0, size)]);
}

/** A walk of horizontal and vertical steps: vertical edges, collinear runs and overlaps. */
function orthogonalRing(rnd: () => number): Position[] {
  const pts: Position[] = [[0, 0]];
  for (let k = 1, n = int(rnd, 4, 40); k < n; k++) {
    const [x, y] = pts.at(-1)!;
    const step = int(rnd, -3, 3);
    pts.push(k % 2 ? [x + step, y] : [x, y + step]);
  }
  return pts;
}

/** A star-shaped polygon on the grid around the origin: corners by angle, each turn under half a turn. */
function starRing(rnd: () => number): Position[] | undefined {
  const size = int(rnd, 3, 12);
  const half = (p: Position) => (p[1] > 0 || (p[1] === 0 && p[0] > 0) ? 0 : 1);
  const cross = (p: Position, q: Position) => p[0] * q[1] - p[1] * q[0];
  const corners: Position[] = [];
  for (let k = int(rnd, 4, 40); k > 0; k--) {
    const p: Position = [int(rnd, -size, size), int(rnd, -size, size)];
    if (p[0] !== 0 || p[1] !== 0) corners.push(p);
  }
  corners.sort((p, q) => half(p) - half(q) || -cross(p, q));
  // One corner per direction (the first drawn at that angle after sorting).
  const star = corners.filter(
    (p, i) => i === 0 || half(p) !== half(corners[i - 1]!) || cross(corners[i - 1]!, p) !== 0,
  );
  if (star.length < 3) return undefined;
  for (let i = 0; i < star.length; i++)
    if (cross(star[i]!, star[(i + 1) % star.length]!) <= 0) return undefined;
  return star;
}

/** Columns of random heights on a base: a simple polygon of vertical edges and collinear runs. */
function histogram(rnd: () => number): Position[] {
  const heights = Array.from({ length: int(rnd, 2, 18) }, () => int(rnd, 1, 4));
  const top = heights
    .flatMap((h, i): Position[] => [
      [i, h],
      [i + 1, h],
    ])
    .reverse();
  return [[0, 0], [heights.length, 0], ...top];
}

/** Moves a corner or two of a ring by a step: near misses, touches, overlaps, new crossings. */
function nudged(make: (rnd: () => number) => Position[] | undefined) {
  return (rnd: () => number) => {
    const ring = make(rnd);
    if (!ring) return undefined;
    for (let k = int(rnd, 1, 2); k > 0; k--) {
      const i = int(rnd, 0, ring.length - 1);
      const [x, y] = ring[i]!;
      ring[i] = [x + int(rnd, -2, 2), y + int(rnd, -2, 2)];
    }
    return ring;
  };
}

interface Generator {
  make: (rnd: () => number) => Position[] | undefined;
  /** How many of its 200 rings at least are simple, and how many cross (all 200: always simple). */
  simple: number;
  crossing: number;
}

const GENERATORS: Record<string, Generator> = {
  grid: { make: gridRing, simple: 0, crossing: 100 },
  orthogonal: { make: orthogonalRing, simple: 0, crossing: 100 },
  star: { make: starRing, simple: 200, crossing: 0 },
  'nudged star': { make: nudged(starRing), simple: 50, crossing: 20 },
  histogram: { make: histogram, simple: 200, crossing: 0 },
  'nudged histogram': { make: nudged(histogram), simple: 50, crossing: 50 },
};

describe('firstCrossing against every pair of edges', () => {
  it.each(SEEDS)('finds a meeting exactly when the brute force does (seed %i)', (seed) => {
    const rnd = mulberry32(seed);
    const tally: Record<string, { simple: number; crossing: number }> = {};
    for (const [name, { make, simple }] of Object.entries(GENERATORS)) {
      tally[name] = { simple: 0, crossing: 0 };
      for (let done = 0; done < 200;) {
        const corners = make(rnd);
        if (!corners) continue;
        const pts = closed(corners);
        if (pts.length < 5) continue;
        done++;
        const expected = bruteForce(pts);
        const stats: CrossingStats = { pairTests: 0, comparisons: 0 };
        const found = firstCrossing(pts, stats);
        const what = `seed ${seed}, ${name} ring ${done}: ${JSON.stringify(pts)}`;
        expect(found !== undefined, what).toBe(expected !== undefined);
        if (simple === 200) expect(found, what).toBeUndefined();
        if (found) {
          const [i, j] = found;
          expect(j - i >= 2 && j - i <= pts.length - 3, what).toBe(true);
          expect(segmentsIntersect(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!), what).toBe(true);
          tally[name].crossing++;
        } else tally[name].simple++;
      }
    }
    // The draws are varied enough to test both answers.
    for (const [name, { simple, crossing }] of Object.entries(GENERATORS)) {
      expect(tally[name]!.simple, name).toBeGreaterThanOrEqual(simple);
      expect(tally[name]!.crossing, name).toBeGreaterThanOrEqual(crossing);
    }
  });

  it.each(SEEDS)('agrees with the exact brute force off the grid of doubles (seed %i)', (seed) => {
    // 37.001, 36.003...: not exact in binary, so the orientations near zero need the exact fallback.
    const rnd = mulberry32(seed);
    for (let done = 0; done < 300;) {
      const corners = [nudged(starRing), nudged(histogram), gridRing][int(rnd, 0, 2)]!(rnd);
      if (!corners) continue;
      const pts = closed(corners.map(([x, y]) => [37 + x / 1000, 36 + y / 1000]));
      if (pts.length < 5) continue;
      done++;
      const what = `seed ${seed}, ring ${done}: ${JSON.stringify(pts)}`;
      expect(firstCrossing(pts) !== undefined, what).toBe(bruteForce(pts, segmentsMeet) !== undefined);
    }
  });
});

/** A ring written as corners "x y" separated by commas, closed. */
const ring = (corners: string): Position[] =>
  closed(corners.split(',').map((c) => c.trim().split(/\s+/).map(Number) as Position));

describe('firstCrossing on hand-made rings', () => {
  // Each with the first pair (0-based) that meets, in the order of the brute force.
  const cases: [string, string, Pair | undefined][] = [
    ['a square', '0 0, 2 0, 2 2, 0 2', undefined],
    ['a concave polygon (a U)', '0 0, 3 0, 3 3, 2 3, 2 1, 1 1, 1 3, 0 3', undefined],
    ['collinear corners and vertical edges', '0 0, 1 0, 2 0, 2 1, 2 2, 1 2, 0 2, 0 1', undefined],
    [
      'corners sharing x and y with others',
      '0 0, 4 0, 4 1, 2 1, 2 2, 4 2, 4 3, 0 3, 0 2, 1 2, 1 1, 0 1',
      undefined,
    ],
    ['a bow-tie', '0 0, 2 2, 2 0, 0 2', [0, 2]],
    ['a corner touching a far edge', '0 0, 4 0, 4 3, 2 0, 0 3', [0, 2]],
    ['a collinear overlap', '0 0, 3 0, 3 1, 5 1, 5 0, 2 0, 2 -1, 0 -1', [0, 4]],
    ['a vertical edge crossing', '0 0, 3 0, 3 3, 1 3, 1 -1, 0 -1', [0, 3]],
    ['two vertical edges overlapping', '0 0, 0 3, 1 3, 1 1, 0 1, 0 2, -1 2, -1 0', [0, 3]],
    ['a corner on a vertical edge', '0 0, 2 0, 2 3, 0 3, 0 2, 2 1, 0 1', [1, 4]],
    ['a ring doubling back (up, then down its own edge)', '0 0, 4 0, 4 2, 4 1, 0 2', [1, 3]],
    ['doubling back from a corner, the far end beyond', '2 0, 0 0, 4 0, 4 2, 2 2', [1, 4]],
    ['doubling back from a corner, the far end short', '4 0, 0 0, 2 0, 2 2, 4 2', [0, 2]],
    ['a repeated corner', '0 0, 2 0, 1 1, 2 2, 0 2, 1 1', [1, 4]],
  ];

  it.each(cases)('%s', (_, corners, first) => {
    const pts = ring(corners);
    expect(bruteForce(pts)).toEqual(first);
    const found = firstCrossing(pts);
    expect(found !== undefined).toBe(first !== undefined);
    if (!found) return;
    const [i, j] = found;
    expect(segmentsIntersect(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!)).toBe(true);
  });

  it('names the pair it found, 1-based, in the message of areaProblem', () => {
    expect(areaProblem(polygon(ring('0 0, 3 0, 3 3, 1 3, 1 -1, 0 -1')))).toBe(
      'outer ring: the ring intersects itself (edges 1 and 4 cross)',
    );
  });

  it('keeps the answer for a triangle folded flat: its edges are all consecutive, so none is tested', () => {
    expect(firstCrossing(ring('0 0, 2 0, 1 0'))).toBeUndefined();
    expect(areaProblem(polygon(ring('0 0, 2 0, 1 0')))).toBeUndefined();
  });

  it('decides a corner a hair away from an edge exactly', () => {
    // As doubles, 0.1 is a little above 0.3 / 3: the corner (0.3, 0.1) is left of the edge, off it.
    expect(orient([0, 0], [3, 1], [0.3, 0.1])).toBe(1);
    const near = ring('0 0, 3 1, 3 2, 0.3 0.1, -1 2');
    expect(firstCrossing(near)).toBeUndefined();
    expect(bruteForce(near, segmentsMeet)).toBeUndefined();
  });
});

describe('orient', () => {
  it('is exact where products of doubles round', () => {
    // Kettner et al.'s example: a in a 64 × 64 block of doubles next to (0.5, 0.5), b = (12, 12) and
    // c = (24, 24). The sign is computed exactly here in BigInt, in units of 2^-53.
    const unit = 2 ** -53;
    const big = (v: number) => BigInt(v / unit);
    const b: Position = [12, 12];
    const c: Position = [24, 24];
    let roundedWrong = 0;
    for (let i = 0; i < 64; i++)
      for (let j = 0; j < 64; j++) {
        const a: Position = [0.5 + i * unit, 0.5 + j * unit];
        const [ax, ay, bx, by, cx, cy] = [...a, ...b, ...c].map(big) as [
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
          bigint,
        ];
        const det = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        const exact = det > 0n ? 1 : det < 0n ? -1 : 0;
        expect(orient(a, b, c)).toBe(exact);
        const inDoubles = Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
        if (inDoubles !== exact) roundedWrong++;
      }
    // The block is a hard one: computed in doubles, the sign comes out wrong for many of its points.
    expect(roundedWrong).toBeGreaterThan(100);
  });
});

// --- The worst case of the old sweep by western end --------------------------------------------------

/**
 * A comb of `corners` positions (the last repeating the first): a zigzag whose every edge spans the
 * whole width, up from (0, 0), then back down at x = -1. Simple; every edge's x-range overlaps all others.
 */
function comb(corners: number, width = 1000): Position[] {
  const teeth = corners - 3;
  const pts: Position[] = Array.from({ length: teeth }, (_, i) => [i % 2 ? width : 0, i]);
  pts.push([-1, teeth - 1], [-1, 0]);
  return [...pts, pts[0]!];
}

/** Pairs of edges whose x-ranges overlap: what the old sweep compared. */
function overlappingPairs(pts: readonly Position[]): number {
  const n = pts.length - 1;
  const ranges = Array.from({ length: n }, (_, i) => {
    const [x0, x1] = [pts[i]![0], pts[i + 1]![0]];
    return [Math.min(x0, x1), Math.max(x0, x1)] as const;
  }).sort((p, q) => p[0] - q[0]);
  let pairs = 0;
  for (let a = 0; a < n; a++) {
    // Edges after a in the order whose western end is at most a's eastern end.
    let lo = a + 1;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[mid]![0] <= ranges[a]![1]) lo = mid + 1;
      else hi = mid;
    }
    pairs += lo - a - 1;
  }
  return pairs;
}

describe('firstCrossing on rings as large as a hazard may have (MAX_CORNERS)', () => {
  const bound = (pts: readonly Position[]) => {
    const n = pts.length - 1;
    return { pairTests: 2 * n + 1, comparisons: 4 * n * Math.log2(n) };
  };

  it('checks a simple comb with n log n work, where the old sweep compared n²/2 pairs', () => {
    const pts = comb(MAX_CORNERS);
    const n = pts.length - 1;
    expect(overlappingPairs(pts)).toBeGreaterThan((n * n) / 2 - 3 * n);
    const stats: CrossingStats = { pairTests: 0, comparisons: 0 };
    expect(firstCrossing(pts, stats)).toBeUndefined();
    expect(stats.pairTests).toBeLessThanOrEqual(bound(pts).pairTests);
    expect(stats.comparisons).toBeLessThanOrEqual(bound(pts).comparisons);
    expect(areaProblem(polygon(pts))).toBeUndefined();
  });

  it('finds a crossing planted in the middle of the comb', () => {
    const pts = comb(MAX_CORNERS);
    const m = MAX_CORNERS / 2 + 1; // a corner at x = width; moved up past the next two teeth
    pts[m] = [pts[m]![0], m + 3];
    const stats: CrossingStats = { pairTests: 0, comparisons: 0 };
    const found = firstCrossing(pts, stats);
    expect(found).toBeDefined();
    const [i, j] = found!;
    expect([i, j]).toSatisfy(([a, b]: Pair) => a >= m - 1 && b <= m + 2 && b - a >= 2);
    expect(segmentsIntersect(pts[i]!, pts[i + 1]!, pts[j]!, pts[j + 1]!)).toBe(true);
    expect(stats.pairTests).toBeLessThanOrEqual(bound(pts).pairTests);
    expect(stats.comparisons).toBeLessThanOrEqual(bound(pts).comparisons);
    expect(areaProblem(polygon(pts))).toBe(
      `outer ring: the ring intersects itself (edges ${i + 1} and ${j + 1} cross)`,
    );
  });

  it('passes a circle, and a square with its sides cut into many collinear edges', () => {
    const n = MAX_CORNERS - 1;
    const circle: Position[] = Array.from({ length: n }, (_, k) => [
      Math.cos((2 * Math.PI * k) / n),
      Math.sin((2 * Math.PI * k) / n),
    ]);
    // Sides along the axes (collinear in doubles too) and along the diagonals (collinear in the reals).
    const s = Math.floor(n / 4);
    const square: Position[] = [];
    const diamond: Position[] = [];
    for (let k = 0; k < s; k++) {
      square.push([k, 0], [s, k], [s - k, s], [0, s - k]);
      diamond.push([k, -k], [s + k, k - s], [2 * s - k, k], [s - k, s - k]);
    }
    const bySide = (corners: Position[]) =>
      [0, 1, 2, 3].flatMap((side) => corners.filter((_, i) => i % 4 === side));
    const degrees = ([x, y]: Position): Position => [37 + x * 1e-6, 36 + y * 1e-6];
    for (const corners of [circle, bySide(square), bySide(diamond).map(degrees)]) {
      const pts = closed(corners);
      const stats: CrossingStats = { pairTests: 0, comparisons: 0 };
      expect(firstCrossing(pts, stats)).toBeUndefined();
      expect(stats.pairTests).toBeLessThanOrEqual(bound(pts).pairTests);
      expect(stats.comparisons).toBeLessThanOrEqual(bound(pts).comparisons);
    }
  });
});
