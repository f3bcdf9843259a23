import type { FleetData } from './bounds.js';
import { LpModel, type LpSolver } from './lp.js';

/**
 * Fleet workload with where vehicles are: every trip from a pickup is reached either from a depot (at
 * most its vehicles, once each) or from a reception point some earlier trip delivered to, so approach
 * times come from a flow of vehicles between places rather than from the nearest place. Per type, the
 * total of loaded trips, approaches and first approaches is at most fleet x M; an LP minimises M.
 */
export function flowWorkloadBound(data: FleetData, solver: LpSolver): number {
  const m = new LpModel();
  const P = data.pickups.length;
  const R = data.fromDestination.length;
  const D = data.fromDepot.length;
  const seatsRows: [number, string][][] = data.pickups.map(() => []);
  const stretcherRows: [number, string][][] = data.pickups.map(() => []);
  data.types.forEach((type, k) => {
    const perDepot = data.perDepot[k]!;
    const fleet = perDepot.reduce((a, b) => a + b, 0);
    if (fleet === 0 || type.seats + type.stretchers === 0) return;
    const work: [number, string][] = [];
    const delivered: [number, string][][] = Array.from({ length: R }, () => []);
    const leaving: [number, string][][] = Array.from({ length: R }, () => []);
    const fromDepot: [number, string][][] = Array.from({ length: D }, () => []);
    for (let p = 0; p < P; p++) {
      const pickup = data.pickups[p]!;
      if (pickup.seated + pickup.stretcher === 0) continue;
      const balance: [number, string][] = [];
      for (let r = 0; r < R; r++) {
        const out = data.toDestination[p]![r]!;
        if (out < Infinity) {
          const x = `x${p}_${r}_${k}`;
          work.push([type.load + out + type.unload, x]);
          balance.push([1, x]);
          delivered[r]!.push([1, x]);
          seatsRows[p]!.push([type.seats, x]);
          stretcherRows[p]!.push([type.stretchers, x]);
        }
        const back = data.fromDestination[r]![p]!;
        if (back < Infinity) {
          const a = `a${r}_${p}_${k}`;
          work.push([back, a]);
          balance.push([-1, a]);
          leaving[r]!.push([1, a]);
        }
      }
      for (let d = 0; d < D; d++) {
        const first = data.fromDepot[d]![p]!;
        if (perDepot[d] === 0 || first === Infinity) continue;
        const b = `b${d}_${p}_${k}`;
        work.push([first, b]);
        balance.push([-1, b]);
        fromDepot[d]!.push([1, b]);
      }
      m.row(balance, '=', 0);
    }
    for (let r = 0; r < R; r++)
      m.row([...leaving[r]!, ...delivered[r]!.map(([, v]) => [-1, v] as [number, string])], '<=', 0);
    for (let d = 0; d < D; d++) if (fromDepot[d]!.length) m.row(fromDepot[d]!, '<=', perDepot[d]!);
    m.row([...work, [-fleet, 'M']], '<=', 0);
  });
  data.pickups.forEach((p, i) => {
    if (p.seated > 0) m.row(seatsRows[i]!, '>=', p.seated);
    if (p.stretcher > 0) m.row(stretcherRows[i]!, '>=', p.stretcher);
  });
  m.minimize([[1, 'M']]);
  const solution = solver.solve(m.text());
  return solution.Status === 'Optimal' ? Math.max(0, solution.ObjectiveValue * (1 - 1e-6) - 1e-6) : 0;
}
