import type { ResolvedProblem } from '../src/contracts/planning/plan.js';

/**
 * A planning problem on a line of streets at 60 km/h, one per entry of `minutes` (that many minutes
 * each), with nodes n0, n1, ... in order; buses of 10 seats loading and unloading in 5 minutes unless
 * `vehicleTypes` says otherwise.
 */
export function line(
  minutes: readonly number[],
  places: Pick<ResolvedProblem, 'depots' | 'pickups' | 'destinations'>,
  hazards: ResolvedProblem['hazards'] = [],
  vehicleTypes: ResolvedProblem['vehicleTypes'] = {
    bus: { seats: 10, stretchers: 0, loadMin: 5, unloadMin: 5 },
  },
): ResolvedProblem {
  const nodes = [0, ...minutes].map((_, i) => ({ id: `n${i}`, lon: 37 + i * 0.01, lat: 36 }));
  const edges = minutes.map((m, i) => ({
    id: `e${i}`,
    from: `n${i}`,
    to: `n${i + 1}`,
    lengthM: 1000 * m,
    speedKph: 60,
    oneway: false,
  }));
  return { network: { nodes, edges }, hazards, vehicleTypes, ...places };
}
