import { describe, expect, it } from 'vitest';
import type { Position } from '../geo.js';
import { bufferPoint, hazardsFromGeoJson } from './hazard-import.js';
import { blockedSegments, hazardTransitions, type AreaLike, type HazardArea } from './hazards.js';
import { areaProblem } from '../../../test/area-problem.js';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: Position[][]): AreaLike => ({ type: 'Polygon', coordinates: rings });
const hazard = (code: string, area: AreaLike, status = 'suspected'): HazardArea => ({
  hazardId: `id-${code}`,
  code,
  status,
  area,
});

// A route east along y = 0 from x = 0 to x = 10, with vertices at 0, 2, 4, 6, 8, 10.
const route: Position[] = [0, 2, 4, 6, 8, 10].map((x) => [x, 0]);

describe('route blocking by hazard areas', () => {
  it('is clear when no hazard is near the route', () => {
    expect(blockedSegments(route, [hazard('HAZ-1', polygon(square(0, 1, 10, 2)))])).toEqual([]);
    expect(blockedSegments(route, [])).toEqual([]);
  });

  it('names every segment that crosses an area, numbered from 1', () => {
    const blocked = blockedSegments(route, [hazard('HAZ-31', polygon(square(3, -1, 5, 1)))]);
    expect(blocked).toEqual([
      {
        segment: 2,
        hazardId: 'id-HAZ-31',
        code: 'HAZ-31',
        status: 'suspected',
        reason: 'segment 2 crosses HAZ-31 (suspected, not cleared)',
      },
      {
        segment: 3,
        hazardId: 'id-HAZ-31',
        code: 'HAZ-31',
        status: 'suspected',
        reason: 'segment 3 crosses HAZ-31 (suspected, not cleared)',
      },
    ]);
  });

  it('counts a segment wholly inside an area, and one that only touches its edge or a corner', () => {
    const inside = blockedSegments(route, [hazard('HAZ-1', polygon(square(4.5, -1, 5.5, 1)), 'confirmed')]);
    expect(inside.map((b) => [b.segment, b.reason])).toEqual([
      [3, 'segment 3 crosses HAZ-1 (confirmed, not cleared)'],
    ]);
    const edge = blockedSegments(route, [hazard('HAZ-2', polygon(square(4.5, 0, 5.5, 1)))]);
    expect(edge.map((b) => b.segment)).toEqual([3]);
    const corner = blockedSegments(route, [hazard('HAZ-3', polygon(square(7, -1, 7.5, 0)))]);
    expect(corner.map((b) => b.segment)).toEqual([4]);
  });

  it('lets a segment through a hole of the area, but not one that meets the area around it', () => {
    const ring = polygon(square(3, -3, 7, 3), square(3.5, -1, 6.5, 1));
    // Segment 3 (4 to 6) lies in the hole; segments 2 and 4 reach the area around it.
    expect(blockedSegments(route, [hazard('HAZ-4', ring)]).map((b) => b.segment)).toEqual([2, 4]);
    const wideHole = polygon(square(-1, -3, 11, 3), square(-0.5, -1, 10.5, 1));
    expect(blockedSegments(route, [hazard('HAZ-5', wideHole)])).toEqual([]);
  });

  it('looks at every polygon of a MultiPolygon', () => {
    const multi: AreaLike = {
      type: 'MultiPolygon',
      coordinates: [[square(0.5, -1, 1, 1)], [square(8.5, -1, 9, 1)], [square(0, 5, 1, 6)]],
    };
    expect(blockedSegments(route, [hazard('HAZ-6', multi)]).map((b) => b.segment)).toEqual([1, 5]);
  });

  it('ignores cleared, released and cancelled hazards', () => {
    for (const status of ['cleared', 'released', 'cancelled'])
      expect(blockedSegments(route, [hazard('HAZ-7', polygon(square(3, -1, 5, 1)), status)])).toEqual([]);
  });
});

describe('hazard areas', () => {
  it('accepts simple polygons, with holes', () => {
    expect(areaProblem(polygon(square(0, 0, 1, 1)))).toBeUndefined();
    expect(areaProblem(polygon(square(0, 0, 4, 4), square(1, 1, 2, 2)))).toBeUndefined();
    // A repeated corner is not a crossing.
    expect(
      areaProblem(
        polygon([
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ]),
      ),
    ).toBeUndefined();
  });

  it('refuses a ring that crosses or touches itself, or has no area', () => {
    const bowtie = polygon([
      [0, 0],
      [1, 1],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(areaProblem(bowtie)).toMatch(/outer ring: the ring intersects itself \(edges 1 and 3 cross\)/);
    const flat = polygon([
      [0, 0],
      [1, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(areaProblem(flat)).toMatch(/at least three distinct corners/);
    const badHole: AreaLike = {
      type: 'MultiPolygon',
      coordinates: [[square(0, 0, 1, 1)], [square(0, 0, 9, 9), bowtie.coordinates[0]! as Position[]]],
    };
    expect(areaProblem(badHole)).toMatch(/^polygon 2, hole 1: the ring intersects itself/);
  });

  it('checks large areas quickly, and refuses areas with too many corners', () => {
    const circle = (n: number): Position[] => {
      const ring: Position[] = [];
      for (let k = 0; k < n; k++)
        ring.push([Math.cos((2 * Math.PI * k) / n), Math.sin((2 * Math.PI * k) / n)]);
      return [...ring, ring[0]!];
    };
    // Compared by sweep, not every edge with every other: this takes milliseconds, not minutes.
    expect(areaProblem(polygon(circle(19_000)))).toBeUndefined();
    expect(areaProblem(polygon(circle(25_000)))).toMatch(/at most 20000/);
  });

  it('follows land release: suspected, confirmed, then cleared, released or cancelled for good', () => {
    expect(hazardTransitions('suspected')).toEqual(['confirmed', 'released', 'cancelled']);
    expect(hazardTransitions('confirmed')).toEqual(['cleared', 'released', 'cancelled']);
    for (const final of ['cleared', 'released', 'cancelled'] as const)
      expect(hazardTransitions(final)).toEqual([]);
  });
});

describe('hazards from GeoJSON', () => {
  it('makes a 16-gon of the radius asked around a point, on the sphere', () => {
    const ring = bufferPoint([37.16, 36.2], 30);
    expect(ring).toHaveLength(17);
    expect(ring[16]).toEqual(ring[0]);
    const metres = (p: Position) => {
      const dy = ((p[1] - 36.2) * Math.PI * 6_371_008.8) / 180;
      const dx = ((p[0] - 37.16) * Math.PI * 6_371_008.8 * Math.cos((36.2 * Math.PI) / 180)) / 180;
      return Math.hypot(dx, dy);
    };
    for (const p of ring) expect(metres(p)).toBeCloseTo(30, 0);
    expect(areaProblem(polygon(ring))).toBeUndefined();
  });

  it('takes areas as they are and points buffered, filtered on properties, and says what it left out', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { cls: '2', id: 'A' },
          geometry: { type: 'Point', coordinates: [37, 36] },
        },
        {
          type: 'Feature',
          properties: { cls: '3', id: 'B' },
          geometry: { type: 'Point', coordinates: [37, 36] },
        },
        {
          type: 'Feature',
          properties: { cls: '2' },
          geometry: { type: 'Polygon', coordinates: [square(37, 36, 37.01, 36.01)] },
        },
        {
          type: 'Feature',
          properties: { cls: '1' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [37, 36],
              [37.1, 36],
            ],
          },
        },
      ],
    };
    const out = hazardsFromGeoJson(fc, {
      type: 'debris',
      bufferM: 50,
      filter: { cls: ['1', '2'] },
      referenceProperty: 'id',
      referencePrefix: 'damage.geojson',
      source: { document: 'UNOSAT 2015' },
    });
    expect(out.filteredOut).toBe(1);
    expect(out.skipped).toEqual([{ feature: 4, reason: 'a LineString is not an area or a point' }]);
    expect(out.hazards.map((h) => [h.type, h.area.type, h.evidence?.reference])).toEqual([
      ['debris', 'Polygon', 'A'],
      ['debris', 'Polygon', 'damage.geojson#3'],
    ]);
    expect(out.hazards[0]).toMatchObject({
      status: 'suspected',
      evidence: { kind: 'imagery' },
      source: { document: 'UNOSAT 2015' },
    });
    expect(() => hazardsFromGeoJson({ type: 'Feature' }, { type: 'debris', bufferM: 5 })).toThrow(
      /FeatureCollection/,
    );
  });
});
