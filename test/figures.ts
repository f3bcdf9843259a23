import type { Figure } from '../src/domain/reports/figures.js';

/** A figure for the tests of the dispute rule and the plausibility checks: people departed, stage S2. */
export function figure(id: string, over: Partial<Figure>): Figure {
  return {
    id,
    metric: 'people_departed',
    label: id,
    hxl: '#affected+departed',
    value: 0,
    valueMax: null,
    qualifier: 'exact',
    unit: 'people',
    areaId: 'A',
    asOf: '2016-12-22T00:00:00.000Z',
    source: { organisationId: `org-${id}`, organisation: `Org ${id}`, document: 'A document', date: null },
    method: 'estimated',
    query: null,
    stage: 'S2',
    note: null,
    ...over,
  };
}
