import type { Instance, VehicleTypeInfo } from './instance.js';
import { completion, type Trip } from './schedule.js';

const EPS = 1e-9;

/**
 * What the improvement searches work on: each vehicle's trips, its completion time by the static
 * (hourly) times, and the room left at each reception point; with the moves both searches make on one
 * vehicle's own day. The arrays are changed in place, so a search may hold on to them.
 */
export class TripBoard {
  readonly trips: Trip[][];
  readonly C: Float64Array;
  readonly seatedRoom: number[];
  readonly stretcherRoom: number[];
  readonly types: readonly VehicleTypeInfo[];

  constructor(
    private readonly inst: Instance,
    start: readonly (readonly Trip[])[],
  ) {
    this.trips = start.map((l) => l.map((t) => ({ ...t })));
    this.C = Float64Array.from(this.trips, (l, v) => completion(inst, v, l));
    this.seatedRoom = [];
    this.stretcherRoom = [];
    this.types = inst.vehicles.map((v) => inst.types[v.type]!);
    this.resetRooms();
  }

  canCarry(w: number, t: Trip): boolean {
    return this.types[w]!.seats >= t.seated && this.types[w]!.stretchers >= t.stretcher;
  }

  max(): number {
    let m = 0;
    for (const c of this.C) if (c > m) m = c;
    return m;
  }

  snapshot(): Trip[][] {
    return this.trips.map((l) => l.map((t) => ({ ...t })));
  }

  restore(saved: readonly (readonly Trip[])[]): void {
    saved.forEach((l, w) => {
      this.trips[w] = l.map((t) => ({ ...t }));
      this.C[w] = completion(this.inst, w, this.trips[w]);
    });
    this.resetRooms();
  }

  /** Another reception point (with room) for one of v's trips, or another order of them, ending v's day earlier. */
  shortenOwn(v: number): boolean {
    const inst = this.inst;
    const lv = this.trips[v]!;
    const cv = this.C[v]!;
    for (const trip of lv) {
      const old = trip.r;
      for (let r = 0; r < inst.destinations.length; r++) {
        if (r === old || this.seatedRoom[r]! < trip.seated || this.stretcherRoom[r]! < trip.stretcher)
          continue;
        trip.r = r;
        const c = completion(inst, v, lv);
        if (c < cv - EPS) {
          this.seatedRoom[old]! += trip.seated;
          this.stretcherRoom[old]! += trip.stretcher;
          this.seatedRoom[r]! -= trip.seated;
          this.stretcherRoom[r]! -= trip.stretcher;
          this.C[v] = c;
          return true;
        }
        trip.r = old;
      }
    }
    for (let i = 0; i < lv.length; i++)
      for (let j = 0; j < lv.length; j++) {
        if (i === j) continue;
        const moved = lv.slice();
        const [t] = moved.splice(i, 1);
        moved.splice(j, 0, t!);
        const c = completion(inst, v, moved);
        if (c < cv - EPS) {
          this.trips[v] = moved;
          this.C[v] = c;
          return true;
        }
      }
    return false;
  }

  /**
   * Drops one of v's trips (the latest first) when trips of other vehicles from the same pickup (to
   * its reception point, or one with room) have seats and stretchers left for its people.
   */
  absorb(v: number): boolean {
    const lv = this.trips[v]!;
    for (let i = lv.length - 1; i >= 0; i--) {
      const trip = lv[i]!;
      let seated = trip.seated;
      let stretcher = trip.stretcher;
      const hosts: [Trip, number, number][] = [];
      const roomS = this.seatedRoom.slice();
      const roomZ = this.stretcherRoom.slice();
      roomS[trip.r]! += trip.seated;
      roomZ[trip.r]! += trip.stretcher;
      for (let w = 0; w < this.trips.length && seated + stretcher > 0; w++) {
        if (w === v) continue;
        for (const u of this.trips[w]!) {
          if (u.p !== trip.p) continue;
          const s = Math.max(0, Math.min(this.types[w]!.seats - u.seated, seated, roomS[u.r]!));
          const z = Math.max(0, Math.min(this.types[w]!.stretchers - u.stretcher, stretcher, roomZ[u.r]!));
          if (s + z === 0) continue;
          hosts.push([u, s, z]);
          seated -= s;
          stretcher -= z;
          roomS[u.r]! -= s;
          roomZ[u.r]! -= z;
        }
      }
      if (seated + stretcher > 0) continue;
      const rest = lv.filter((_, k) => k !== i);
      const cv = completion(this.inst, v, rest);
      if (cv >= this.C[v]! - EPS) continue;
      for (const [u, s, z] of hosts) {
        u.seated += s;
        u.stretcher += z;
      }
      roomS.forEach((x, r) => (this.seatedRoom[r] = x));
      roomZ.forEach((x, r) => (this.stretcherRoom[r] = x));
      this.trips[v] = rest;
      this.C[v] = cv;
      return true;
    }
    return false;
  }

  private resetRooms(): void {
    this.inst.destinations.forEach((r, i) => {
      this.seatedRoom[i] = r.seatedCapacity;
      this.stretcherRoom[i] = r.stretcherCapacity;
    });
    for (const l of this.trips)
      for (const t of l) {
        this.seatedRoom[t.r]! -= t.seated;
        this.stretcherRoom[t.r]! -= t.stretcher;
      }
  }
}
