import { describe, expect, it } from 'vitest';
import { figure } from '../../../test/figures.js';
import { english } from '../errors.js';
import { findDisputes, figureProblem, metricKind } from './figures.js';

const options = { aboutTolerance: 0.05 };

describe('the dispute rule', () => {
  it('puts figures whose ranges do not overlap side by side, and averages nothing', () => {
    const disputes = findDisputes(
      [
        figure('FIG-1', {
          metric: 'population',
          hxl: '#population',
          value: 153_000,
          qualifier: 'about',
          asOf: '2016-12-22T00:00:00.000Z',
        }),
        figure('FIG-2', {
          metric: 'population',
          hxl: '#population',
          value: 250_000,
          valueMax: 300_000,
          asOf: '2016-12-01T00:00:00.000Z',
          stage: 'S1',
        }),
      ],
      options,
    );
    expect(disputes).toHaveLength(1);
    expect(disputes[0]!.figures.map((f) => f.id)).toEqual(['FIG-2', 'FIG-1']);
    expect(disputes[0]!.used).toBe('FIG-1');
    expect(disputes[0]!.why).toMatch(/latest as-of time/);
    expect(JSON.stringify(disputes)).not.toMatch(/201500|226500|average/);
  });

  it('does not dispute ranges that overlap, nor an about figure within its tolerance', () => {
    expect(
      findDisputes(
        [
          figure('FIG-1', { value: 34_000, qualifier: 'about' }),
          figure('FIG-2', { value: 33_200, method: 'computed', query: 'sum' }),
          figure('FIG-3', { value: 30_000, valueMax: 40_000 }),
        ],
        options,
      ),
    ).toEqual([]);
  });

  it('prefers the figure computed from the recorded events, then a counted one, and says why', () => {
    const [computed] = findDisputes(
      [
        figure('FIG-1', { value: 34_000 }),
        figure('computed:x', { value: 20_000, method: 'computed', query: 'q' }),
      ],
      options,
    );
    expect(computed).toMatchObject({ used: 'computed:x' });
    expect(computed!.why).toMatch(/only one computed/);
    const [counted] = findDisputes(
      [
        figure('FIG-1', { value: 100, method: 'counted', asOf: '2016-12-20T00:00:00.000Z' }),
        figure('FIG-2', { value: 50 }),
      ],
      options,
    );
    expect(counted).toMatchObject({ used: 'FIG-1' });
  });

  it('lets a count over a stage grow: a later, larger count is no dispute, a later smaller one is', () => {
    const buses = (id: string, value: number, day: string) =>
      figure(id, {
        metric: 'buses_used',
        hxl: null,
        unit: 'vehicles',
        value,
        asOf: `2016-12-${day}T00:00:00.000Z`,
      });
    expect(findDisputes([buses('FIG-1', 184, '20'), buses('FIG-2', 300, '22')], options)).toEqual([]);
    expect(findDisputes([buses('FIG-1', 300, '20'), buses('FIG-2', 184, '22')], options)).toHaveLength(1);
    expect(findDisputes([buses('FIG-1', 300, '22'), buses('FIG-2', 184, '22')], options)).toHaveLength(1);
  });

  it('keeps counts of different stages apart', () => {
    expect(
      findDisputes(
        [figure('FIG-1', { value: 110_000, stage: 'S1' }), figure('FIG-2', { value: 34_000, stage: 'S2' })],
        options,
      ),
    ).toEqual([]);
  });
});

describe('a figure as reported', () => {
  it('must have a unit that fits its metric', () => {
    expect(figureProblem({ metric: 'people_departed', unit: 'people', method: 'counted' })).toBeUndefined();
    expect(figureProblem({ metric: 'people_departed', unit: 'km2', method: 'counted' })).toMatchObject({
      field: 'unit',
    });
    expect(english(figureProblem({ metric: 'area_taken', unit: 'people', method: 'counted' })!.said)).toMatch(
      /km2, ha, m2/,
    );
    expect(
      figureProblem({ metric: 'x', hxl: '#affected+f', unit: 'vehicles', method: 'counted' }),
    ).toBeDefined();
    expect(figureProblem({ metric: 'buses_used', unit: 'vehicles', method: 'counted' })).toBeUndefined();
    expect(
      figureProblem({ metric: 'districts_taken', unit: 'districts', method: 'counted' }),
    ).toBeUndefined();
  });

  it('says the query when it is computed', () => {
    expect(figureProblem({ metric: 'returns', unit: 'people', method: 'computed' })).toMatchObject({
      field: 'query',
    });
    expect(
      figureProblem({ metric: 'returns', unit: 'people', method: 'computed', query: 'sum of' }),
    ).toBeUndefined();
    expect(metricKind('humanitarian_specialists', undefined)).toBe('people');
  });
});
