import { describe, expect, it } from 'vitest';
import { distanceMetres } from '../shared/format.js';
import { areaOf, circle, cornersOf } from './geo-files.js';

describe('a hazard area marked around a place', () => {
  it('is a closed ring, counter-clockwise (RFC 7946), every corner the radius away', () => {
    const at: [number, number] = [37.16, 36.2];
    const ring = circle(at, 250).coordinates[0]!;
    expect(ring.length).toBe(25);
    expect(ring.at(-1)).toEqual(ring[0]);
    // The shoelace sum is positive for a counter-clockwise ring in longitude, latitude.
    let twice = 0;
    for (let k = 0; k < ring.length - 1; k++)
      twice += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
    expect(twice).toBeGreaterThan(0);
    for (const p of ring) expect(distanceMetres(at, p)).toBeCloseTo(250, -1);
  });
});

describe('a hazard area from a GeoJSON file', () => {
  const square: [number, number][][] = [
    [
      [37.1, 36.1],
      [37.2, 36.1],
      [37.2, 36.2],
      [37.1, 36.1],
    ],
  ];
  it('takes a polygon as it is, or as a feature', () => {
    expect(areaOf({ type: 'Polygon', coordinates: square })).toEqual({
      type: 'Polygon',
      coordinates: square,
    });
    expect(
      areaOf({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square } }),
    ).toEqual({
      type: 'Polygon',
      coordinates: square,
    });
  });

  it("puts a collection's polygons together, leaving out what is not an area", () => {
    const features = [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: square } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [37, 36] } },
      { type: 'Feature', geometry: { type: 'MultiPolygon', coordinates: [square, square] } },
    ];
    expect(areaOf({ type: 'FeatureCollection', features })).toEqual({
      type: 'MultiPolygon',
      coordinates: [square, square, square],
    });
  });

  it('drops altitudes, and counts corners, not numbers', () => {
    const high = square.map((ring) => ring.map(([x, y]) => [x, y, 412]));
    const area = areaOf({ type: 'Polygon', coordinates: high })!;
    expect(area).toEqual({ type: 'Polygon', coordinates: square });
    expect(cornersOf(area)).toBe(4);
    expect(cornersOf({ type: 'MultiPolygon', coordinates: [square, square] })).toBe(8);
  });

  it('finds none in a file of points or lines, or in what is not GeoJSON', () => {
    expect(areaOf({ type: 'Point', coordinates: [37, 36] })).toBeNull();
    expect(areaOf({ type: 'FeatureCollection', features: [] })).toBeNull();
    expect(areaOf('not geojson')).toBeNull();
    expect(areaOf(null)).toBeNull();
  });
});
