import type { PlanHazard } from '../contracts/planning/plan.js';

/** How the plan validator (`validate.ts`) compares times and writes numbers in its messages. */

/** Tolerance, in minutes, of every comparison of times (departures, arrivals, makespan, bound). */
export const EPS_MIN = 1e-6;

/** Numbers in messages: at most 6 decimals, no trailing zeros. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return String(Number(x.toFixed(6)));
}

export function windowText(h: PlanHazard): string {
  return `[${h.fromMin === undefined ? '-∞' : fmt(h.fromMin)}, ${h.untilMin === undefined ? '∞' : fmt(h.untilMin)})`;
}
