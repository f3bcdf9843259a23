import type { Plan, PlanLeg } from '../client/records.js';

/**
 * What a coordinator weighs a plan by, worked out from the plan as the API gives it: the same numbers
 * on the plan's own view and side by side with another plan.
 */
export interface PlanFigures {
  makespanMin: number;
  lowerBoundMin: number;
  /**
   * How much longer than the best possible plan this one can be, at most, in per cent: the makespan
   * over the proven lower bound. Null when there is no bound to measure against.
   */
  gapPercent: number | null;
  people: number;
  stretcher: number;
  /** Vehicles that carry anyone. */
  vehiclesUsed: number;
  /** Legs with people aboard: the trips that become convoys. */
  trips: number;
  /** Minutes driven by all vehicles, loaded and empty. */
  vehicleMinutes: number;
  /** Of those, minutes driven empty (to a pickup, back from a reception point). */
  emptyMinutes: number;
  /** How many vehicles make each number of trips, fewest trips first. */
  tripsPerVehicle: { trips: number; vehicles: number }[];
}

export const loaded = (leg: PlanLeg) => leg.seated + leg.stretcher > 0;

export function planFigures(plan: Plan): PlanFigures {
  let trips = 0;
  let vehicleMinutes = 0;
  let emptyMinutes = 0;
  let vehiclesUsed = 0;
  const histogram = new Map<number, number>();
  for (const vehicle of plan.vehicles) {
    const mine = vehicle.legs.filter(loaded).length;
    trips += mine;
    if (mine > 0) vehiclesUsed += 1;
    histogram.set(mine, (histogram.get(mine) ?? 0) + 1);
    for (const leg of vehicle.legs) {
      const minutes = leg.arriveMin - leg.departMin;
      vehicleMinutes += minutes;
      if (!loaded(leg)) emptyMinutes += minutes;
    }
  }
  return {
    makespanMin: plan.makespanMin,
    lowerBoundMin: plan.lowerBoundMin,
    gapPercent: gapPercent(plan.makespanMin, plan.lowerBoundMin),
    people: plan.summary.seated + plan.summary.stretcher,
    stretcher: plan.summary.stretcher,
    vehiclesUsed,
    trips,
    vehicleMinutes,
    emptyMinutes,
    tripsPerVehicle: [...histogram]
      .filter(([n]) => n > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([n, vehicles]) => ({ trips: n, vehicles })),
  };
}

export function gapPercent(makespanMin: number, lowerBoundMin: number): number | null {
  if (!(lowerBoundMin > 0)) return null;
  return Math.max(0, (makespanMin / lowerBoundMin - 1) * 100);
}

/** The figures two plans are compared by, in the order the comparison shows them. */
export const COMPARED = [
  'makespanMin',
  'lowerBoundMin',
  'gapPercent',
  'people',
  'vehiclesUsed',
  'trips',
  'vehicleMinutes',
  'emptyMinutes',
] as const;
export type Compared = (typeof COMPARED)[number];

/** Which of two values is better for the figure, if either: less time is better, more people are. */
export function better(figure: Compared, a: number | null, b: number | null): 'a' | 'b' | null {
  if (a === null || b === null || Math.abs(a - b) < 1e-9) return null;
  // The bound is a proof about the problem, not a quality of the plan.
  if (figure === 'lowerBoundMin') return null;
  const moreIsBetter = figure === 'people';
  return a > b === moreIsBetter ? 'a' : 'b';
}

/** One bar of a vehicle's row on the plan's timeline. */
export interface TimelineBar {
  fromMin: number;
  toMin: number;
  loaded: boolean;
  from: string;
  to: string;
  people: number;
}

/**
 * The plan's vehicles as rows of a timeline, in the order they first leave; vehicles that carry no one
 * are left out.
 */
export function timelineRows(plan: Plan): { vehicleId: string; kind: string; bars: TimelineBar[] }[] {
  return plan.vehicles
    .filter((v) => v.legs.some(loaded))
    .map((v) => ({
      vehicleId: v.vehicleId,
      kind: v.kind,
      bars: v.legs.map((leg) => ({
        fromMin: leg.departMin,
        toMin: leg.arriveMin,
        loaded: loaded(leg),
        from: leg.from,
        to: leg.to,
        people: leg.seated + leg.stretcher,
      })),
    }))
    .sort((a, b) => (a.bars[0]?.fromMin ?? 0) - (b.bars[0]?.fromMin ?? 0) || cmp(a.vehicleId, b.vehicleId));
}

/**
 * The roads of the plan's loaded trips: one per path driven, with how many trips drive it and how many
 * people they carry, busiest first.
 */
export function tripRoutes(plan: Plan): {
  path: [number, number][];
  trips: number;
  people: number;
  corridorId: string | null;
}[] {
  const byPath = new Map<
    string,
    { path: [number, number][]; trips: number; people: number; corridorId: string | null }
  >();
  for (const vehicle of plan.vehicles)
    for (const leg of vehicle.legs) {
      if (!loaded(leg) || !leg.path) continue;
      const key = JSON.stringify(leg.path.coordinates);
      const route = byPath.get(key) ?? {
        path: leg.path.coordinates,
        trips: 0,
        people: 0,
        corridorId: leg.corridorId ?? null,
      };
      route.trips += 1;
      route.people += leg.seated + leg.stretcher;
      byPath.set(key, route);
    }
  return [...byPath.values()].sort((a, b) => b.trips - a.trips);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
