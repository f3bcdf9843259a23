import { describe, expect, it } from 'vitest';
import type { AreaRecovery } from '../../contracts/recovery/summary.js';
import { gapsOf, reportNumberOf } from './sitrep-coordination.js';

const area = (code: string, returned: number, more: Partial<AreaRecovery> = {}): AreaRecovery => ({
  areaId: code,
  code,
  name: code,
  nameAr: null,
  returns: { total: returned, byCategory: {}, from: {}, records: returned > 0 ? 1 : 0 },
  services: {},
  access: null,
  aid: { deliveries: 0, bySector: {} },
  ...more,
});
const observed = (status: string) => ({
  status,
  source: 'SY-GOV',
  at: '2017-01-08T09:00:00.000Z',
  facilities: null,
  observations: 1,
});

describe('the gaps per cluster', () => {
  it('names, in the areas people returned to, a service down or not recorded, and where its cluster delivered nothing', () => {
    const gaps = gapsOf([
      area('NBH-1', 100, {
        services: { water: observed('not-functional'), health: observed('functional') },
        aid: { deliveries: 1, bySector: { health: { deliveries: 1, quantities: {} } } },
      }),
      area('NBH-2', 40, { services: { water: observed('partly') } }),
      // Nobody returned here: its services are nobody's gap yet.
      area('NBH-3', 0, { services: { water: observed('not-functional') } }),
    ]);
    const of = (service: string) => gaps.find((g) => g.service === service)!;
    expect(of('water')).toMatchObject({
      cluster: 'Water Sanitation Hygiene',
      notRecorded: [],
      noAid: ['NBH-1', 'NBH-2'],
    });
    expect(of('water').down.map((d) => [d.area, d.status])).toEqual([
      ['NBH-1', 'not-functional'],
      ['NBH-2', 'partly'],
    ]);
    expect(of('health')).toMatchObject({
      cluster: 'Health',
      down: [],
      notRecorded: ['NBH-2'],
      noAid: ['NBH-2'],
    });
    // Power is no cluster's: its gaps stand alone and no aid is expected of a cluster.
    expect(of('power')).toMatchObject({ cluster: null, notRecorded: ['NBH-1', 'NBH-2'], noAid: [] });
  });
});

describe('the report number', () => {
  it('is the day of the operation in its time zone, 1 on the day it began', () => {
    const from = '2016-12-15T06:00:00.000Z';
    expect(reportNumberOf({ from, to: '2016-12-15T20:00:00.000Z' }, 'Asia/Damascus')).toBe(1);
    // 22:30 UTC is already the next day in Damascus (UTC+2 in December 2016).
    expect(reportNumberOf({ from, to: '2016-12-15T22:30:00.000Z' }, 'Asia/Damascus')).toBe(2);
    expect(reportNumberOf({ from, to: '2016-12-15T22:30:00.000Z' }, 'UTC')).toBe(1);
    expect(reportNumberOf({ from, to: '2017-01-08T12:00:00.000Z' }, 'Asia/Damascus')).toBe(25);
  });
});
