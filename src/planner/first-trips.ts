import type { Instance } from './instance.js';

/**
 * Pickups no reception point can reach (direct legs, one-way streets): only a vehicle's first trip,
 * from its depot, can serve them. Where the plain construction leaves people behind, it is made again
 * with vehicles set aside for such pickups before anything else is handed out (`construct`). Found by
 * an attack: a 9-seat vehicle, the first free, took 9 of a pickup's 10 people on its first trip, the
 * 12-seat ones had gone elsewhere, and no vehicle could go back for the tenth. Setting aside is greedy
 * (a pickup at a time, the vehicle that carries most first), so it is a second try, not the rule: a
 * review found instances where it left someone behind and the plain construction did not.
 */
export interface FirstTrips {
  /** Per vehicle set aside, the pickup its first trip is for. */
  readonly reserved: Map<number, number>;
  /** Per pickup, the seats and stretcher places of the vehicles set aside for it that have not left. */
  readonly seats: Float64Array;
  readonly stretchers: Float64Array;
}

export function firstTrips(inst: Instance): FirstTrips {
  const P = inst.pickups.length;
  const reserved = new Map<number, number>();
  const seats = new Float64Array(P);
  const stretchers = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const { seated, stretcher } = inst.pickups[p]!;
    if (seated + stretcher === 0 || inst.fromDestination.some((row) => row[p]! < Infinity)) continue;
    let [s, t] = [seated, stretcher];
    while (s > 0 || t > 0) {
      // The vehicle that carries most of what is left, from a depot that reaches the pickup; the
      // nearer on a tie.
      let best = -1;
      let bestCarried = 0;
      for (const [v, vehicle] of inst.vehicles.entries()) {
        if (reserved.has(v) || !(inst.fromDepot[vehicle.depot]![p]! < Infinity)) continue;
        const type = inst.types[vehicle.type]!;
        const carried = Math.min(type.seats, s) + Math.min(type.stretchers, t);
        const nearer =
          best >= 0 && inst.fromDepot[vehicle.depot]![p]! < inst.fromDepot[inst.vehicles[best]!.depot]![p]!;
        if (carried > bestCarried || (carried === bestCarried && carried > 0 && nearer)) {
          best = v;
          bestCarried = carried;
        }
      }
      if (best < 0) break;
      const type = inst.types[inst.vehicles[best]!.type]!;
      reserved.set(best, p);
      seats[p] = seats[p]! + type.seats;
      stretchers[p] = stretchers[p]! + type.stretchers;
      s -= Math.min(type.seats, s);
      t -= Math.min(type.stretchers, t);
    }
  }
  return { reserved, seats, stretchers };
}
