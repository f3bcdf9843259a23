import type { Plan } from '../contracts/planning/plan.js';
import type { Instance } from './instance.js';
import type { Assignment } from './schedule.js';

/** The trips of a previous plan, for vehicles and places this problem still has (else null). */
export function assignmentFromPlan(inst: Instance, previous: Plan): Assignment | null {
  const vehicleIndex = new Map(inst.vehicles.map((v, i) => [v.id, i]));
  const pickupIndex = new Map(inst.pickups.map((p, i) => [p.id, i]));
  const destIndex = new Map(inst.destinations.map((r, i) => [r.id, i]));
  const out: Assignment = inst.vehicles.map(() => []);
  const moved = inst.pickups.map(() => [0, 0]);
  for (const v of previous.vehicles) {
    const vi = vehicleIndex.get(v.id);
    if (vi === undefined) return null;
    for (const leg of v.legs) {
      if (leg.seated + leg.stretcher === 0) continue;
      const p = pickupIndex.get(leg.from);
      const r = destIndex.get(leg.to);
      if (p === undefined || r === undefined) return null;
      out[vi]!.push({ p, r, seated: leg.seated, stretcher: leg.stretcher });
      moved[p]![0]! += leg.seated;
      moved[p]![1]! += leg.stretcher;
    }
  }
  const same = inst.pickups.every((p, i) => moved[i]![0] === p.seated && moved[i]![1] === p.stretcher);
  return same ? out : null;
}
