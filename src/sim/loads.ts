import type { PeopleCounts } from '../contracts/common.js';
import { addPeople, noPeople, total } from '../domain/accountability/reconcile.js';
import type { Random } from './random.js';
import type { Topology } from './topology.js';

export const BUSES_PER_CONVOY = 10;
const AMBULANCES_PER_CONVOY = 12;

export interface Load {
  people: PeopleCounts;
  stretcherCases: number;
  /** Buses first, then ambulances. */
  byVehicle: { vehicleId: string; people: PeopleCounts; stretcherCases: number }[];
}

/**
 * Who boards which convoy until `people` have: convoys of 10 buses and 12 ambulances, as many at once
 * as the fleet allows (a wave); the same vehicles make the next wave's convoys. Buses leave 80-100%
 * full, ambulances with one or two seated and up to their stretchers.
 */
export function planLoads(
  rng: Random,
  topology: Topology,
  people: number,
): { loads: Load[]; perWave: number } {
  const buses = topology.vehicles.filter((v) => v.kind === 'bus');
  const ambulances = topology.vehicles.filter((v) => v.kind === 'ambulance');
  const perWave = Math.max(
    1,
    Math.min(
      Math.floor(buses.length / BUSES_PER_CONVOY),
      Math.floor(ambulances.length / AMBULANCES_PER_CONVOY),
    ),
  );
  const loads: Load[] = [];
  let remaining = people;
  for (let i = 0; remaining > 0; i++) {
    const slot = i % perWave;
    const vehicles = [
      ...buses.slice(slot * BUSES_PER_CONVOY, (slot + 1) * BUSES_PER_CONVOY),
      ...ambulances.slice(slot * AMBULANCES_PER_CONVOY, (slot + 1) * AMBULANCES_PER_CONVOY),
    ];
    const byVehicle = vehicles.map((v) => {
      const stretcherCases = v.stretchers > 0 ? rng.int(0, v.stretchers) : 0;
      const seated = v.kind === 'bus' ? rng.int(Math.floor(v.seats * 0.8), v.seats) : rng.int(1, v.seats);
      const aboard = split(rng, Math.min(seated + stretcherCases, Math.max(remaining, 1)));
      remaining -= total(aboard);
      return { vehicleId: v.id, people: aboard, stretcherCases: Math.min(stretcherCases, total(aboard)) };
    });
    loads.push({
      people: byVehicle.reduce((s, b) => addPeople(s, b.people), noPeople()),
      stretcherCases: byVehicle.reduce((s, b) => s + b.stretcherCases, 0),
      byVehicle,
    });
  }
  return { loads, perWave };
}

/** n people by sex and age, in random proportions weighted towards adults. */
function split(rng: Random, n: number): PeopleCounts {
  const weights = {
    men: rng.real(2, 4),
    women: rng.real(2, 4),
    boys: rng.real(1, 3),
    girls: rng.real(1, 3),
    elderlyMen: rng.real(0, 1),
    elderlyWomen: rng.real(0, 1),
  };
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  const out = noPeople();
  let left = n;
  for (const c of ['women', 'boys', 'girls', 'elderlyMen', 'elderlyWomen'] as const) {
    out[c] = Math.min(left, Math.floor((n * weights[c]) / sum));
    left -= out[c];
  }
  out.men = left;
  return out;
}
