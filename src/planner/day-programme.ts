import type { FleetData } from './bounds.js';

/**
 * The best day of one vehicle for given trip values (the master's duals in `days-bound.ts`): a
 * dynamic programme over (reception point, minute) on a grid of `step` minutes, backwards from M.
 *
 * Minutes are lower bounds: a leg's arrival is at least its static time (hazards only lengthen) and,
 * while timed hazards hold (an epoch), at least the epoch's time or the epoch's end, whichever is
 * earlier (a path that arrives before the epoch ends used only the epoch's roads). Vehicles may wait,
 * so departing from the grid minute below the real one never arrives later: each trip's end is
 * rounded down to the grid, and every real day is among the days the programme sees.
 */
/**
 * Margins for the validator's tolerance (a time may be up to 1e-6 min early, a few per trip): cell b
 * stands for a vehicle free from b x step - LEAD, and a trip that ends at `end` at the earliest puts
 * its vehicle in the last cell whose minute is at most end - SLACK.
 */
export const SLACK = 1e-5;
export const LEAD = 2e-5;

/** A timed hazards' epoch: its minutes, flattened as the static ones are. */
interface Epoch {
  readonly start: number;
  readonly end: number;
  readonly fromDepot: Float64Array;
  readonly fromDest: Float64Array;
  readonly toDest: Float64Array;
}

export class DayProgramme {
  readonly P: number;
  readonly R: number;
  readonly K: number;
  readonly D: number;
  /** Static minutes, flattened: from depot d to pickup p at d x P + p, and so on. */
  private readonly fromDepot: Float64Array;
  private readonly fromDest: Float64Array;
  private readonly toDest: Float64Array;
  private readonly epochs: Epoch[];

  constructor(
    readonly data: FleetData,
    readonly step: number,
  ) {
    this.P = data.pickups.length;
    this.R = data.destinations.length;
    this.K = data.types.length;
    this.D = data.perDepot[0]?.length ?? 0;
    const flat = (rows: readonly Float64Array[]) => {
      const out = new Float64Array(rows.reduce((s, r) => s + r.length, 0));
      let i = 0;
      for (const r of rows) out.set(r, (i += r.length) - r.length);
      return out;
    };
    this.fromDepot = flat(data.fromDepot);
    this.fromDest = flat(data.fromDestination);
    this.toDest = flat(data.toDestination);
    this.epochs = data.epochs.map((e) => ({
      start: e.startMin,
      end: e.endMin,
      fromDepot: flat(e.fromDepot),
      fromDest: flat(e.fromDestination),
      toDest: flat(e.toDestination),
    }));
  }

  /** Whether people of this kind can go from pickup p to reception r at all. */
  reachable(p: number, r: number, seated: boolean): boolean {
    const d = this.data.destinations[r]!;
    return (seated ? d.seatedCapacity : d.stretcherCapacity) > 0 && this.toDest[p * this.R + r]! < Infinity;
  }

  private epochAt(t: number) {
    for (const e of this.epochs) if (t >= e.start && t < e.end) return e;
    return null;
  }

  /** The earliest arrival departing at t (`which` minutes, index i): static, or while an epoch holds. */
  private arrive(t: number, i: number, which: 'fromDepot' | 'fromDest' | 'toDest'): number {
    const a = t + this[which][i]!;
    const e = this.epochAt(t);
    return e ? Math.max(a, Math.min(t + e[which][i]!, e.end)) : a;
  }

  /** The end of a trip (unloaded) from `start` (free there at t) via pickup p to reception r. */
  private tripEnd(
    t: number,
    startIndex: number,
    fromDepot: boolean,
    p: number,
    r: number,
    k: number,
  ): number {
    const type = this.data.types[k]!;
    const reach = this.arrive(t, startIndex, fromDepot ? 'fromDepot' : 'fromDest') + type.load;
    return this.arrive(reach, p * this.R + r, 'toDest') + type.unload;
  }

  /** Whether vehicles of type k can carry anyone from pickup p. */
  readonly live = (k: number, p: number) =>
    (this.data.types[k]!.seats > 0 && this.data.pickups[p]!.seated > 0) ||
    (this.data.types[k]!.stretchers > 0 && this.data.pickups[p]!.stretcher > 0);
  readonly usable = (k: number) => this.data.types[k]!.seats + this.data.types[k]!.stretchers > 0;

  /**
   * best[r x (G+1) + b]: the most a vehicle free at reception r at grid minute b can still earn by M
   * (the duals of its trips), and the trip (p x R + r') that earns it.
   *
   * Exact, and pruned: a vehicle free earlier can do whatever one free later can (it may wait, and a
   * later departure never arrives earlier), so best[r'] never rises with the minute, and no trip
   * from r to r' ends sooner than the shortest one does on the static roads (hazards only lengthen).
   * A trip from r via p to r' then earns at most its dual plus best[r'] at the cell that shortest trip
   * reaches: trips to r' are tried from the highest dual down until that is no better than what was
   * found. On the 100,000-node city it tried two trips in three with the master's duals, and was 1.6
   * times as fast with random ones.
   */
  bestDays(M: number, k: number, trip: Float64Array) {
    const { P, R, step, fromDest, toDest } = this;
    const G = Math.floor((M + SLACK + LEAD) / step);
    const best = new Float64Array(R * (G + 1));
    const next = new Int32Array(R * (G + 1)).fill(-1);
    const type = this.data.types[k]!;
    const byGain = this.byGain(k, trip);
    const soonest = this.soonestCells(k);
    // Per pickup, the minute a vehicle leaving r at this cell's minute is loaded there (NaN: not yet),
    // and the epoch then (null: none).
    const loaded = new Float64Array(P);
    const loadedIn = new Array<Epoch | null>(P).fill(null);
    // Each leg's arrival as `tripEnd` has it (the same arithmetic, inlined: this loop is the bound's
    // cost). Every trip ends at least a grid step later (`shortestTrip`), so cells after b are done.
    for (let b = G; b >= 0; b--) {
      const t = this.minuteOf(b);
      const ep = this.epochAt(t);
      for (let r = 0; r < R; r++) {
        loaded.fill(Number.NaN);
        let value = 0;
        let arg = -1;
        for (let r2 = 0; r2 < R; r2++) {
          const c = b + soonest[r * R + r2]!;
          const atMost = c <= G ? best[r2 * (G + 1) + c]! : 0;
          for (const p of byGain[r2]!) {
            const base = p * R;
            const gain = trip[base + r2]!;
            if (gain + atMost <= value + 1e-12) break;
            let reach = loaded[p]!;
            if (Number.isNaN(reach)) {
              const i = r * P + p;
              reach = t + fromDest[i]!;
              if (ep) {
                const during = Math.min(t + ep.fromDest[i]!, ep.end);
                if (during > reach) reach = during;
              }
              loaded[p] = reach += type.load;
              loadedIn[p] = this.epochAt(reach);
            }
            if (!this.fits(reach, M)) continue;
            const ep2 = loadedIn[p];
            let end = reach + toDest[base + r2]!;
            if (ep2) {
              const during = Math.min(reach + ep2.toDest[base + r2]!, ep2.end);
              if (during > end) end = during;
            }
            end += type.unload;
            if (!this.fits(end, M)) continue;
            const total = gain + best[r2 * (G + 1) + this.cell(end)]!;
            if (total > value + 1e-12) {
              value = total;
              arg = base + r2;
            }
          }
        }
        best[r * (G + 1) + b] = value;
        next[r * (G + 1) + b] = arg;
      }
    }
    return { G, best, next };
  }

  /**
   * Per reception point r', the pickups whose trips to it the programme tries, highest dual first:
   * those type k can carry from, with a positive dual (or none, with direct legs: a trip that earns
   * nothing then helps to get somewhere, which on roads the direct way does sooner).
   */
  private byGain(k: number, trip: Float64Array): number[][] {
    const { P, R } = this;
    const { direct } = this.data;
    return Array.from({ length: R }, (_, r2) => {
      const out: number[] = [];
      for (let p = 0; p < P; p++) {
        const gain = trip[p * R + r2]!;
        if (this.live(k, p) && (gain > 0 || (gain === 0 && direct))) out.push(p);
      }
      return out.sort((a, b) => trip[b * R + r2]! - trip[a * R + r2]! || a - b);
    });
  }

  /** Per type, the cells the soonest trip from r to r' takes at least (`soonestCells`). */
  private readonly soonest = new Map<number, Int32Array>();

  /**
   * At r x R + r': how many cells later than it leaves r a vehicle of type k is at r' at the soonest,
   * over every pickup, on the static roads: a lower bound on any trip's cells (one less than the
   * division says, against rounding; at least one, as every trip is).
   */
  private soonestCells(k: number): Int32Array {
    const known = this.soonest.get(k);
    if (known) return known;
    const { P, R, step, fromDest, toDest } = this;
    const type = this.data.types[k]!;
    const out = new Int32Array(R * R);
    for (let r = 0; r < R; r++)
      for (let r2 = 0; r2 < R; r2++) {
        let least = Infinity;
        for (let p = 0; p < P; p++)
          least = Math.min(least, fromDest[r * P + p]! + type.load + toDest[p * R + r2]! + type.unload);
        const cells = Number.isFinite(least) ? Math.floor((least - SLACK) / step) - 1 : 1 << 30;
        out[r * R + r2] = Math.max(1, cells);
      }
    this.soonest.set(k, out);
    return out;
  }

  /** The cell a vehicle is in after a trip that ends at `end` at the earliest (see SLACK). */
  private cell(end: number): number {
    return Math.floor((end + LEAD - SLACK) / this.step);
  }

  /** The minute cell b stands for: never later than the real minute of a vehicle in it. */
  private minuteOf(b: number): number {
    return b * this.step - LEAD;
  }

  /** Whether a trip ending at `end` at the earliest can end by M. */
  private fits(end: number, M: number): boolean {
    return end - SLACK <= M;
  }

  /**
   * The least static minutes of any trip (loading and unloading in). Below a grid step plus margins a
   * trip could end in the cell it started in, which the programme cannot see: no bound then.
   */
  shortestTrip(): number {
    const { P, R } = this;
    let least = Infinity;
    this.data.types.forEach((type, k) => {
      if (!this.usable(k)) return;
      for (let p = 0; p < P; p++) {
        if (!this.live(k, p)) continue;
        let into = Infinity;
        for (let r = 0; r < R; r++) into = Math.min(into, this.fromDest[r * P + p]!);
        for (let d = 0; d < this.D; d++) into = Math.min(into, this.fromDepot[d * P + p]!);
        let out = Infinity;
        for (let r = 0; r < R; r++) out = Math.min(out, this.toDest[p * R + r]!);
        least = Math.min(least, into + type.load + out + type.unload);
      }
    });
    return least;
  }

  /** The first trips from depot d, best first, with what the rest of the day adds. */
  starts(M: number, d: number, k: number, dp: { G: number; best: Float64Array }, trip: Float64Array) {
    const { P, R } = this;
    const out: { p: number; r: number; value: number }[] = [];
    for (let p = 0; p < P; p++) {
      if (!this.live(k, p)) continue;
      let top = { p, r: -1, value: 0 };
      for (let r = 0; r < R; r++) {
        const gain = trip[p * R + r]!;
        if (gain < 0 || (gain === 0 && !this.data.direct)) continue;
        const end = this.tripEnd(0, d * P + p, true, p, r, k);
        if (!this.fits(end, M)) continue;
        const value = gain + dp.best[r * (dp.G + 1) + this.cell(end)]!;
        if (value > top.value || (top.r < 0 && value === top.value)) top = { p, r, value };
      }
      if (top.r >= 0) out.push(top);
    }
    return out.sort((a, b) => b.value - a.value);
  }

  /** The day that starts with depot d -> p -> r and continues as the programme says. */
  follow(
    d: number,
    k: number,
    p: number,
    r: number,
    dp: { G: number; next: Int32Array },
  ): { trips: number[]; end: number } {
    const { P, R } = this;
    const trips = [p * R + r];
    let end = this.tripEnd(0, d * P + p, true, p, r, k);
    let at = r;
    for (let last = -1; ;) {
      const b = this.cell(end);
      // (A trip always moves to a later cell: `shortestTrip`. The check keeps a slip from looping.)
      const n = b > last && b <= dp.G ? dp.next[at * (dp.G + 1) + b]! : -1;
      if (n < 0) return { trips, end };
      last = b;
      const q = Math.floor(n / R);
      const r2 = n % R;
      end = this.tripEnd(this.minuteOf(b), at * P + q, false, q, r2, k);
      trips.push(n);
      at = r2;
    }
  }
}
