import { describe, expect, it } from 'vitest';
import { figure } from '../../../test/figures.js';
import { areaKm2, plausibilityFlags, type AdminArea } from './plausibility.js';

const kinds = (flags: ReturnType<typeof plausibilityFlags>, id: string) =>
  (flags.get(id) ?? []).map((f) => f.kind);
const governorate: AdminArea = { id: 'GOV', name: 'Aleppo', kind: 'governorate', km2: 18_500 };

describe('plausibility checks', () => {
  it('measures an area on the sphere: one degree square at the equator is about 12,364 km²', () => {
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
          [0, 0],
        ] as [number, number][],
      ],
    };
    expect(areaKm2(square)).toBeGreaterThan(12_300);
    expect(areaKm2(square)).toBeLessThan(12_400);
  });

  it('flags an area larger than the admin area it is given for, with the reason', () => {
    const flags = plausibilityFlags(
      [
        figure('FIG-8', { metric: 'area_taken', hxl: null, unit: 'km2', value: 82_000, areaId: 'GOV' }),
        figure('FIG-9', { metric: 'area_taken', hxl: null, unit: 'ha', value: 1_000_000, areaId: 'GOV' }),
        figure('FIG-10', { metric: 'area_cleared', hxl: null, unit: 'km2', value: 40, areaId: 'GOV' }),
      ],
      new Map([['GOV', governorate]]),
    );
    expect(flags.get('FIG-8')![0]).toMatchObject({
      kind: 'area-exceeds-admin-area',
      numbers: { adminKm2: 18_500 },
    });
    expect(flags.get('FIG-8')![0]!.reason).toMatch(
      /82,000 km² is larger than the whole of Aleppo \(governorate\): 18,500 km² from its boundary/,
    );
    expect(kinds(flags, 'FIG-9')).toEqual([]); // 10,000 km²
    expect(kinds(flags, 'FIG-10')).toEqual([]);
  });

  it('names the published area beside the boundary, and flags only beyond both', () => {
    const published = { ...governorate, km2: 19_887, published: { km2: 18_482, source: 'a gazetteer' } };
    const area = (value: number) =>
      figure('A', { metric: 'area_taken', hxl: null, unit: 'km2', value, areaId: 'GOV' });
    const flags = plausibilityFlags([area(82_000)], new Map([['GOV', published]]));
    expect(flags.get('A')![0]!.reason).toMatch(
      /18,482 km² as published \(a gazetteer\), 19,887 km² from its boundary/,
    );
    expect(plausibilityFlags([area(19_000)], new Map([['GOV', published]])).get('A')).toBeUndefined();
  });

  it('flags parts that add up to more than their total, and not parts that fit', () => {
    const at = { asOf: '2016-12-22T00:00:00.000Z' };
    const source = figure('x', {}).source;
    const flags = plausibilityFlags(
      [
        figure('T', { ...at, source, value: 34_000 }),
        figure('M', { ...at, source, metric: 'people_departed.men', value: 14_000 }),
        figure('C', { ...at, source, metric: 'people_departed.children', value: 8_500 }),
        figure('W', { ...at, source, metric: 'people_departed.women', value: 8_500 }),
        figure('T2', { ...at, metric: 'returns', value: 100, source: { ...source, organisationId: 'o2' } }),
        figure('P2', {
          ...at,
          metric: 'returns.men',
          value: 70,
          source: { ...source, organisationId: 'o2' },
        }),
        figure('P3', {
          ...at,
          metric: 'returns.women',
          value: 40,
          source: { ...source, organisationId: 'o2' },
        }),
      ],
      new Map(),
    );
    expect(kinds(flags, 'T')).toEqual([]);
    expect(kinds(flags, 'M')).toEqual([]);
    expect(kinds(flags, 'T2')).toEqual(['parts-exceed-total']);
    expect(flags.get('P2')![0]!.reason).toMatch(/add up to 110, more than the total 100/);
  });

  it('flags negative and non-integer counts of people', () => {
    const flags = plausibilityFlags(
      [
        figure('N', { value: -5 }),
        figure('F', { value: 12.5 }),
        figure('R', { value: 10, valueMax: 20.5 }),
        figure('OK', { value: 7 }),
      ],
      new Map(),
    );
    expect(kinds(flags, 'N')).toEqual(['negative-people']);
    expect(kinds(flags, 'F')).toEqual(['non-integer-people']);
    expect(kinds(flags, 'R')).toEqual(['non-integer-people']);
    expect(kinds(flags, 'OK')).toEqual([]);
  });

  it("flags a jump beyond the factor from the previous value of the same source's series, up or down", () => {
    const amb = (
      id: string,
      value: number,
      day: string,
      method: 'counted' | 'computed' = 'counted',
      source = 'S',
    ) =>
      figure(id, {
        metric: 'ambulances_used',
        hxl: null,
        unit: 'vehicles',
        value,
        method,
        asOf: `2016-12-${day}T00:00:00.000Z`,
        source: {
          organisationId: `org-${source}`,
          organisation: `Org ${source}`,
          document: 'A document',
          date: null,
        },
      });
    const series = [
      amb('A', 2, '20'),
      amb('B', 380, '22'),
      amb('C', 100, '23'),
      amb('D', 150, '24'),
      amb('X', 1, '21', 'computed'),
      // Another source far from this one: a dispute, not a jump.
      amb('E', 1000, '25', 'counted', 'T'),
    ];
    const flags = plausibilityFlags(series, new Map());
    expect(kinds(flags, 'A')).toEqual([]);
    expect(flags.get('B')![0]).toMatchObject({ kind: 'jump', numbers: { previous: 2, ratio: 190 } });
    expect(kinds(flags, 'C')).toEqual(['jump']);
    expect(kinds(flags, 'D')).toEqual([]);
    expect(kinds(flags, 'X')).toEqual([]);
    expect(kinds(flags, 'E')).toEqual([]);
    expect(kinds(plausibilityFlags(series, new Map(), { jumpFactor: 500 }), 'B')).toEqual([]);
  });
});
