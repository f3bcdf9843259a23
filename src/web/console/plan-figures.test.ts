import { describe, expect, it } from 'vitest';
import type { Plan, PlanLeg } from '../client/records.js';
import { better, gapPercent, planFigures, timelineRows, tripRoutes } from './plan-figures.js';

const line = (...xs: number[]) => ({
  type: 'LineString' as const,
  coordinates: xs.map((x) => [x, 36] as [number, number]),
});
const leg = (
  from: string,
  to: string,
  departMin: number,
  arriveMin: number,
  seated = 0,
  stretcher = 0,
): PlanLeg => ({
  from,
  to,
  departMin,
  arriveMin,
  seated,
  stretcher,
  path: from === 'P1' ? line(1, 2) : line(2, 1),
  ...(seated + stretcher > 0 ? { corridorId: 'c-1' } : {}),
});

function plan(vehicles: Plan['vehicles'], makespanMin: number, lowerBoundMin: number): Plan {
  const legs = vehicles.flatMap((v) => v.legs);
  return {
    id: 'p',
    code: 'PLAN-1',
    status: 'proposed',
    start: '2016-12-16T06:00:00Z',
    timeLimitSec: 1,
    baseline: false,
    network: 'corridors',
    hazards: [],
    makespanMin,
    lowerBoundMin,
    summary: {
      pickups: 1,
      seated: legs.reduce((n, l) => n + l.seated, 0),
      stretcher: legs.reduce((n, l) => n + l.stretcher, 0),
      vehicles: vehicles.length,
      legs: legs.length,
    },
    places: [],
    vehicles,
    createdAt: '2016-12-16T05:59:00Z',
    createdBy: null,
    adoptedAt: null,
    adoptNote: null,
    supersededAt: null,
    supersededBy: null,
  };
}

// Two buses: one makes two trips from P1 to R1, one makes one; a third vehicle is never used.
const twoBuses = plan(
  [
    {
      vehicleId: 'b',
      kind: 'bus',
      depot: 'D',
      legs: [leg('D', 'P1', 5, 15), leg('P1', 'R1', 25, 55, 40, 0), leg('R1', 'P1', 60, 90)],
    },
    {
      vehicleId: 'a',
      kind: 'bus',
      depot: 'D',
      legs: [
        leg('D', 'P1', 0, 10),
        leg('P1', 'R1', 20, 50, 44, 1),
        leg('R1', 'P1', 55, 85),
        leg('P1', 'R1', 95, 125, 30, 0),
      ],
    },
    { vehicleId: 'c', kind: 'ambulance', depot: 'D', legs: [] },
  ],
  125,
  100,
);

describe("a plan's figures", () => {
  it('counts trips, people, vehicles used and the time driven empty and loaded', () => {
    const f = planFigures(twoBuses);
    expect(f.trips).toBe(3);
    expect(f.people).toBe(115);
    expect(f.stretcher).toBe(1);
    expect(f.vehiclesUsed).toBe(2);
    expect(f.vehicleMinutes).toBe(10 + 30 + 30 + 10 + 30 + 30 + 30);
    expect(f.emptyMinutes).toBe(10 + 30 + 10 + 30);
    expect(f.tripsPerVehicle).toEqual([
      { trips: 1, vehicles: 1 },
      { trips: 2, vehicles: 1 },
    ]);
    expect(f.gapPercent).toBeCloseTo(25);
  });

  it('has no gap without a bound, and never a negative one', () => {
    expect(gapPercent(90, 0)).toBeNull();
    expect(gapPercent(100, 100.0000001)).toBe(0);
  });

  it('puts the vehicles on the timeline in the order they first leave, without the unused one', () => {
    const rows = timelineRows(twoBuses);
    expect(rows.map((r) => r.vehicleId)).toEqual(['a', 'b']);
    expect(rows[0]!.bars.map((b) => b.loaded)).toEqual([false, true, false, true]);
  });

  it('draws each road of the loaded trips once, with its trips and people', () => {
    expect(tripRoutes(twoBuses)).toEqual([
      { path: line(1, 2).coordinates, trips: 3, people: 115, corridorId: 'c-1' },
    ]);
  });

  it('says which of two plans is better: shorter, or more people; the bound favours neither', () => {
    expect(better('makespanMin', 120, 130)).toBe('a');
    expect(better('people', 120, 130)).toBe('b');
    expect(better('gapPercent', 5, 5)).toBeNull();
    expect(better('lowerBoundMin', 90, 100)).toBeNull();
    expect(better('gapPercent', null, 4)).toBeNull();
  });
});
