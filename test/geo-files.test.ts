import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areasOf, BadPositionError, readGeoFile, routeOf } from '../src/web/console/geo-files.js';

const ROOT = join(import.meta.dirname, '..');
const square = [
  [
    [37.1, 36.2],
    [37.2, 36.2],
    [37.2, 36.3],
    [37.1, 36.2],
  ],
];

describe('a GeoJSON file the registry reads', () => {
  it('gives a route from a line as it is, in a feature or in a collection, without altitudes', () => {
    const line = {
      type: 'LineString',
      coordinates: [
        [37.1, 36.2, 410],
        [37.2, 36.25, 420],
      ],
    };
    const route = {
      type: 'LineString',
      coordinates: [
        [37.1, 36.2],
        [37.2, 36.25],
      ],
    };
    expect(routeOf(line)).toEqual(route);
    expect(routeOf({ type: 'Feature', properties: {}, geometry: line })).toEqual(route);
    const points = { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [37, 36] } };
    expect(
      routeOf({ type: 'FeatureCollection', features: [points, { type: 'Feature', geometry: line }] }),
    ).toEqual(route);
    expect(routeOf({ type: 'LineString', coordinates: [[37.1, 36.2]] })).toBeNull();
    expect(routeOf({ type: 'FeatureCollection', features: [points] })).toBeNull();
    expect(routeOf('not geojson')).toBeNull();
  });

  it('refuses a file with a position that is not a longitude and a latitude, rather than guess one', async () => {
    for (const bad of [[null, 36.21], [37.1, '36.2'], [true, 36.2], [37.1], [200, 36.2], [37.1, -91]])
      expect(
        () => routeOf({ type: 'LineString', coordinates: [[37.1, 36.2], bad] }),
        JSON.stringify(bad),
      ).toThrow(BadPositionError);
    const ring = [
      [37.1, 36.2],
      [37.2, 36.2],
      [null, 36.3],
      [37.1, 36.2],
    ];
    const file = {
      type: 'Feature',
      properties: { name: 'X' },
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    expect(() => areasOf({ type: 'FeatureCollection', features: [file] })).toThrow(BadPositionError);
    const read = await readGeoFile({ text: () => Promise.resolve(JSON.stringify(file)) }, (json) =>
      areasOf({ type: 'FeatureCollection', features: [json] }),
    );
    expect(read).toEqual({
      value: null,
      badPosition: '[null,36.3] is not a longitude and a latitude in degrees',
    });
    expect(await readGeoFile({ text: () => Promise.resolve('not json') }, routeOf)).toEqual({
      value: null,
      badPosition: null,
    });
  });

  it('takes a MultiLineString of one line as that line, and refuses one of several', () => {
    const line = [
      [37.1, 36.2],
      [37.2, 36.25],
    ];
    expect(routeOf({ type: 'MultiLineString', coordinates: [line] })).toEqual({
      type: 'LineString',
      coordinates: line,
    });
    expect(routeOf({ type: 'MultiLineString', coordinates: [line, line] })).toBeNull();
  });

  it('gives areas with their English and Arabic names and p-codes, and counts the features left out', () => {
    const { areas, skipped } = areasOf({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { ADM1_EN: 'Aleppo', ADM1_AR: 'حلب', ADM1_PCODE: 'SY02' },
          geometry: { type: 'Polygon', coordinates: square },
        },
        {
          type: 'Feature',
          properties: { name: 'A point' },
          geometry: { type: 'Point', coordinates: [37, 36] },
        },
        { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square } },
      ],
    });
    expect(areas).toEqual([
      { nameEn: 'Aleppo', nameAr: 'حلب', pcode: 'SY02', geometry: { type: 'Polygon', coordinates: square } },
    ]);
    expect(skipped).toBe(2);
  });

  it("reads the demo's neighbourhoods and OCHA's governorate as they are published", () => {
    const read = (path: string) => areasOf(JSON.parse(readFileSync(join(ROOT, path), 'utf8')));
    const neighbourhoods = read('scenarios/aleppo-2016/neighbourhoods.geojson');
    expect(neighbourhoods.skipped).toBe(0);
    expect(neighbourhoods.areas.find((a) => a.nameEn === 'Aleppo Citadel')).toMatchObject({
      nameAr: 'قلعة حلب',
      geometry: { type: 'Polygon' },
    });
    const governorate = read('scenarios/aleppo-2016/aleppo-governorate-ocha.geojson');
    expect(governorate.areas).toHaveLength(1);
    expect(governorate.areas[0]).toMatchObject({ nameEn: 'Aleppo', nameAr: 'حلب', pcode: 'SY02' });
  });
});
