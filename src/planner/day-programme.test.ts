import { describe, expect, it } from 'vitest';
import { fleetData, type FleetData } from './bounds.js';
import { DayProgramme, LEAD, SLACK } from './day-programme.js';
import { generateCity } from './generate.js';
import { prepare } from './instance.js';
import { mulberry32 } from './random.js';

/**
 * The best days as the programme defines them, computed plainly: every trip from every cell, no
 * pruning. The arrival arithmetic is written again here from the programme's definition (a leg takes
 * at least its static minutes and, while an epoch holds, at least its epoch minutes or until the
 * epoch's end, whichever is earlier).
 */
function plainBest(data: FleetData, M: number, k: number, trip: Float64Array, step: number): Float64Array {
  const P = data.pickups.length;
  const R = data.destinations.length;
  const type = data.types[k]!;
  const G = Math.floor((M + SLACK + LEAD) / step);
  const best = new Float64Array(R * (G + 1));
  const leg = (t: number, which: 'fromDestination' | 'toDestination', a: number, b: number) => {
    let arrive = t + data[which][a]![b]!;
    const e = data.epochs.find((x) => t >= x.startMin && t < x.endMin);
    if (e) arrive = Math.max(arrive, Math.min(t + e[which][a]![b]!, e.endMin));
    return arrive;
  };
  const carries = (p: number) =>
    (type.seats > 0 && data.pickups[p]!.seated > 0) ||
    (type.stretchers > 0 && data.pickups[p]!.stretcher > 0);
  for (let b = G; b >= 0; b--) {
    const t = b * step - LEAD;
    for (let r = 0; r < R; r++) {
      let value = 0;
      for (let p = 0; p < P; p++) {
        if (!carries(p)) continue;
        const reach = leg(t, 'fromDestination', r, p) + type.load;
        if (reach - SLACK > M) continue;
        for (let r2 = 0; r2 < R; r2++) {
          const gain = trip[p * R + r2]!;
          if (gain <= 0) continue;
          const end = leg(reach, 'toDestination', p, r2) + type.unload;
          if (end - SLACK > M) continue;
          value = Math.max(value, gain + best[r2 * (G + 1) + Math.floor((end + LEAD - SLACK) / step)]!);
        }
      }
      best[r * (G + 1) + b] = value;
    }
  }
  return best;
}

describe('the day programme', () => {
  it('finds the same best days as trying every trip from every cell, with timed closures', () => {
    const problem = generateCity({
      nodes: 3000,
      pickups: 30,
      seed: 5,
      timedClosures: 12,
      buses: 20,
      ambulances: 20,
    });
    const data = fleetData(prepare(problem));
    expect(data.epochs.length).toBeGreaterThan(1);
    const programme = new DayProgramme(data, 0.25);
    const rand = mulberry32(11);
    const P = data.pickups.length;
    const R = data.destinations.length;
    let compared = 0;
    for (let round = 0; round < 6; round++) {
      // Duals as the master gives them: many zero, the rest of various sizes.
      const trip = Float64Array.from({ length: P * R }, () => (rand() < 0.4 ? 0 : rand() * 40));
      for (const M of [40, 95]) {
        for (let k = 0; k < data.types.length; k++) {
          const { best } = programme.bestDays(M, k, trip);
          const plain = plainBest(data, M, k, trip, 0.25);
          expect(best.length).toBe(plain.length);
          for (let i = 0; i < best.length; i++) expect(best[i]).toBeCloseTo(plain[i]!, 9);
          compared += plain.filter((v) => v > 0).length;
        }
      }
    }
    // Not a comparison of zeros.
    expect(compared).toBeGreaterThan(1000);
  });
});
