import type { Plan, ResolvedProblem } from '../contracts/planning/plan.js';
import { EPS_MIN, fmt } from './validate-format.js';
import { RoadIndex, resolvePlaces, type Fail, type Place } from './validate-roads.js';
import { VehicleCheck, type EdgeEntries, type Tally } from './validate-vehicles.js';

/**
 * An independent check of an evacuation plan against its problem (issue 4). It shares no code with the
 * planner on purpose: it rebuilds its own road index, replays every leg's path through the hazards and
 * recounts people, so a bug in the planner cannot hide behind the same bug here.
 */

export { EPS_MIN } from './validate-format.js';
/** At most this many messages are kept; `errorCount` counts them all. */
export const MAX_ERRORS = 50;

export interface ValidationSummary {
  vehicles: number;
  legs: number;
  loadedLegs: number;
  /** The makespan the legs give: the latest arrival plus unloading of a loaded leg (0 without one). */
  makespanMin: number;
  /** People carried by loaded legs that end at a destination. */
  delivered: { seated: number; stretcher: number };
}

export interface ValidationResult {
  valid: boolean;
  errors: string[];
  errorCount: number;
  summary: ValidationSummary;
}

export function validatePlan(problem: ResolvedProblem, plan: Plan): ValidationResult {
  const errors: string[] = [];
  let errorCount = 0;
  const fail = (message: string) => {
    errorCount++;
    if (errors.length < MAX_ERRORS) errors.push(message);
  };
  const roads = new RoadIndex(problem, fail);
  const places = resolvePlaces(problem, roads, fail);
  const vehicles = new VehicleCheck(problem, roads, places, fail);
  plan.vehicles.forEach((vehicle, vi) => vehicles.check(vehicle, vi));
  const { tally } = vehicles;
  checkFleet(problem, places, tally, fail);
  checkEdgeCapacities(tally.entries, roads.edges, plan, fail);
  checkEveryoneMoved(problem, tally, fail);
  checkMakespan(plan, tally, fail);
  return {
    valid: errorCount === 0,
    errors,
    errorCount,
    summary: {
      vehicles: plan.vehicles.length,
      legs: tally.legs,
      loadedLegs: tally.loadedLegs,
      makespanMin: tally.latest,
      delivered: { seated: tally.deliveredSeated, stretcher: tally.deliveredStretcher },
    },
  };
}

/** No depot sends out more vehicles of a type than it has. */
function checkFleet(
  problem: ResolvedProblem,
  places: ReadonlyMap<string, Place>,
  tally: Tally,
  fail: Fail,
): void {
  for (const { depot, type, count } of tally.fleetUse.values()) {
    const d = problem.depots[places.get(depot)!.index]!;
    const available = Object.hasOwn(d.vehicles, type) ? (d.vehicles[type] ?? 0) : 0;
    if (count > available) {
      fail(`depot ${depot}: the plan uses ${count} ${type} vehicles, the depot has ${available}`);
    }
  }
}

/** Everyone moved exactly once, and no destination receives more than it takes. */
function checkEveryoneMoved(problem: ResolvedProblem, tally: Tally, fail: Fail): void {
  problem.pickups.forEach((p, i) => {
    const check = (what: string, moved: number, wanted: number) => {
      if (moved === wanted) return;
      const diff =
        moved < wanted
          ? `${wanted - moved} left behind`
          : `${moved - wanted} more than the pickup has, moved twice`;
      fail(`pickup ${p.id}: ${moved} of ${wanted} ${what} people moved (${diff})`);
    };
    check('seated', tally.pickedSeated[i]!, p.seated);
    check('stretcher', tally.pickedStretcher[i]!, p.stretcher ?? 0);
  });
  problem.destinations.forEach((d, i) => {
    if (tally.droppedSeated[i]! > d.seatedCapacity) {
      fail(
        `destination ${d.id}: receives ${tally.droppedSeated[i]} seated people, over its seatedCapacity ${d.seatedCapacity}`,
      );
    }
    const stretcherCapacity = d.stretcherCapacity ?? 0;
    if (tally.droppedStretcher[i]! > stretcherCapacity) {
      fail(
        `destination ${d.id}: receives ${tally.droppedStretcher[i]} stretcher people, over its stretcherCapacity ${stretcherCapacity}`,
      );
    }
  });
}

/** The plan's makespan is the one its legs give, and its lower bound is not above it. */
function checkMakespan(plan: Plan, tally: Tally, fail: Fail): void {
  if (!Number.isFinite(plan.makespanMin) || Math.abs(plan.makespanMin - tally.latest) > EPS_MIN) {
    fail(
      `makespanMin ${fmt(plan.makespanMin)} does not match the legs: ${
        tally.latestLeg
          ? `the last loaded leg ends at ${fmt(tally.latest)} min (${tally.latestLeg})`
          : 'there is no loaded leg (0)'
      }`,
    );
  }
  const bound = boundError(plan);
  if (bound) fail(bound);
}

/**
 * The one check of a plan that reads its lower bound: finite and not above the makespan. (The command
 * checks the rest of its plan while the bounds are still being proven, then this.)
 */
export function boundError(plan: Pick<Plan, 'makespanMin' | 'lowerBoundMin'>): string | null {
  if (Number.isFinite(plan.lowerBoundMin) && plan.lowerBoundMin <= plan.makespanMin + EPS_MIN) return null;
  return `lowerBoundMin ${fmt(plan.lowerBoundMin)} exceeds makespanMin ${fmt(plan.makespanMin)}`;
}

/**
 * Edge capacities: no 60-minute window holds more entries into an edge, in one direction, than its
 * capacityVph. One message per edge and direction, at its busiest window.
 */
function checkEdgeCapacities(entries: EdgeEntries, edges: RoadIndex['edges'], plan: Plan, fail: Fail): void {
  const byHalf = new Map<number, number[]>();
  for (let i = 0; i < entries.half.length; i++) {
    const half = entries.half[i]!;
    const list = byHalf.get(half);
    if (list) list.push(i);
    else byHalf.set(half, [i]);
  }
  const time = entries.time;
  for (const half of [...byHalf.keys()].sort((a, b) => a - b)) {
    const order = byHalf.get(half)!.sort((a, b) => time[a]! - time[b]! || a - b);
    const edge = edges[half >> 1]!;
    const cap = edge.capacityVph!;
    if (order.length <= cap) continue;
    const { count, first, at } = busiestWindow(order.map((i) => time[i]!));
    if (count <= cap) continue;
    const who = order
      .slice(first, first + count)
      .slice(0, 5)
      .map((i) => `${plan.vehicles[entries.vehicle[i]!]!.id} leg ${entries.leg[i]!}`);
    const more = count > 5 ? `, ... ${count - 5} more` : '';
    const [a, b] = (half & 1) === 0 ? [edge.from, edge.to] : [edge.to, edge.from];
    fail(
      `edge ${edge.id} (${a} → ${b}): ${count} vehicles enter in [${fmt(at)}, ${fmt(at + 60)}) min, over its capacityVph ${cap} (${who.join(', ')}${more})`,
    );
  }
}

/**
 * The 60-minute window [at, at + 60) that holds the most of the sorted `times`, starting at one of them:
 * how many it holds and the index of its first (the earliest such window).
 */
function busiestWindow(times: readonly number[]): { count: number; first: number; at: number } {
  let lo = 0;
  let hi = 0;
  let count = 0;
  let first = 0;
  let at = 0;
  for (let i = 0; i < times.length; i++) {
    const ti = times[i]!;
    while (times[lo]! < ti - EPS_MIN) lo++;
    if (hi < i) hi = i;
    while (hi < times.length && times[hi]! < ti + 60 - EPS_MIN) hi++;
    if (hi - lo > count) {
      count = hi - lo;
      first = lo;
      at = ti;
    }
  }
  return { count, first, at };
}
