import type { FleetData } from './bounds.js';
import { DayProgramme } from './day-programme.js';
import { FlowNetwork } from './max-flow.js';
import type { LpColumn, LpInstance, LpRow, LpSolver } from './lp.js';

/**
 * Vehicle days: a lower bound on the makespan from whole days of single vehicles (column generation).
 *
 * A day is what one vehicle can do by minute M: from its depot to a pickup, load, to a reception point,
 * unload, then again from there, and so on. The master LP covers every pickup's seated people and
 * stretcher cases with the places of days' trips (at most the depot's vehicles of each type), within
 * the room of the reception points a solution would overfill (`roomsFit`), and minimises the people
 * left uncovered; each pickup also needs whole trips (`tripCut`: days alone are fractions of
 * vehicles). It stays in HiGHS for the whole climb (`LpSolver.instance`). Its columns come from
 * `DayProgramme` (`day-programme.ts`): the best day for the duals, over a set of days that holds every
 * real one. Any duals feasible for the master's flows and slacks give a
 * Lagrangian bound on the uncovered people (their value on the right-hand sides less each group's
 * vehicles times its best day); when one is positive, no plan ends by M, and M is a lower bound. At
 * the LP's optimum over all days its own duals give exactly its uncovered people.
 *
 * Unlike the aggregated fleet bound, each vehicle's own day is in the model, with where its previous
 * trip ended, the closures at the hour it drives and the reception points it may still fill.
 */
export interface DaysLimits {
  readonly deadline: number;
  readonly now: () => number;
  /** Grid of the day's minutes (default 0.25): each trip's end is rounded down to it. */
  readonly stepMin?: number;
  /** Hears of each M proven too short. */
  readonly onProof?: (boundMin: number) => void;
  /** A makespan known to be reachable (the climb stays below it). */
  readonly highMin?: number;
}

/** Days offered per group and round (more per round: fewer rounds of the LP, its larger cost). */
const DAYS_PER_ROUND = 25;
type Outcome = 'infeasible' | 'feasible' | 'unknown';

/** A day found: its trips as p x R + r, its group (depot x types + type) and its end. */
interface Day {
  readonly group: number;
  readonly trips: readonly number[];
  readonly end: number;
}

/**
 * The largest M (from `fromMin` upwards: two minutes at a time, then halves down to the grid) for
 * which vehicle days are proven too short, or 0 when none is. Only proofs count.
 */
export function vehicleDaysBound(
  data: FleetData,
  solver: LpSolver,
  fromMin: number,
  limits: DaysLimits,
): number {
  const model = new DayModel(data, solver, limits.stepMin ?? 0.25);
  if (!model.seesEveryDay()) return 0;
  try {
    return climb(model, fromMin, limits);
  } finally {
    model.dispose();
  }
}

function climb(model: DayModel, fromMin: number, limits: DaysLimits): number {
  const timeLeft = () => limits.now() < limits.deadline;
  // On a fixed grid of quarter minutes, so that the bound found does not depend on where the climb
  // started (the threshold is the same grid point from any start below it). Not past a makespan known
  // to be reachable, or far above the start (a problem no plan can solve would rule out every M).
  let lo = Math.floor(fromMin * 4 + 1e-9);
  let proven = 0;
  let top = Math.ceil((limits.highMin ?? fromMin * 4 + 600) * 4);
  for (let step = 8; step >= 1 && timeLeft();) {
    if (lo + step < top && model.tryMakespan((lo + step) / 4, limits) === 'infeasible') {
      lo += step;
      // The proof's duals often rule out a little more on their own (a programme, not an LP).
      for (let more = 4; more >= 1 && timeLeft(); more >>= 1)
        if (lo + more < top && model.stillProves((lo + more) / 4)) lo += more;
      proven = lo / 4;
      limits.onProof?.(proven);
    } else {
      top = Math.min(top, lo + step);
      step >>= 1;
    }
  }
  return proven;
}

/**
 * A point of the master's dual (feasible for its flows and slacks): what each trip earns per type, and
 * the value on the right-hand sides. Its Lagrangian bound is base - sum over groups of vehicles x best
 * day; convex combinations of two points are points.
 */
interface Duals {
  readonly trip: readonly Float64Array[];
  readonly base: number;
}

function mix(a: Duals, b: Duals, alpha: number): Duals {
  return {
    trip: a.trip.map((row, k) => row.map((x, i) => alpha * x + (1 - alpha) * b.trip[k]![i]!)),
    base: alpha * a.base + (1 - alpha) * b.base,
  };
}

/** The weight of the best duals so far where days are priced. */
const SMOOTHING = 0.5;

/**
 * What a trip missing from a pickup's whole-trip row costs in the master, in people (a bus load; any
 * cost above 0 keeps the proofs valid).
 */
const CUT_COST = 50;

/** A whole-trip row of one pickup: sum over its trips of coef[type] at least rhs. */
interface TripCut {
  readonly coef: Float64Array;
  readonly rhs: number;
}

/**
 * Trips are whole. A pickup's people need trips whose places add up: sum over types of places(k) x
 * trips(k) >= people. Divided by the largest vehicle's places (c), with trips whole, the mixed-integer
 * rounding of that row holds for every plan: sum over k of (floor(g_k) + min(frac(g_k), f) / f) x
 * trips(k) >= ceil(people / c), with g_k = places(k) / c and f = frac(people / c). So a pickup of 60
 * seated with buses of 50 and ambulances of 2 seats needs a second bus or five ambulance trips
 * (trips(bus) + 0.2 trips(ambulance) >= 2), where vehicle days alone let 1.2 buses carry them (the
 * days' counts are fractions). On the large instance, from the whole-trip bound, the days then ruled
 * out 121.75 in 11 s on seed 1 (118.5 without these rows, where they stopped) and 147.75 on seed 6
 * (146.3 in a 30 s plan without). Null where people fill whole trips of the largest vehicle (nothing
 * to round) or no type has places of the kind. Coefficients are rounded up a little: a larger one only
 * weakens the row.
 */
function tripCut(
  data: FleetData,
  people: number,
  places: (t: FleetData['types'][number]) => number,
): TripCut | null {
  // Over every type, with vehicles or not: the rows then do not depend on the fleet.
  const c = Math.max(0, ...data.types.map((t) => places(t)));
  if (people <= 0 || c <= 0) return null;
  const b = people / c;
  const f = b - Math.floor(b);
  if (f < 1e-6) return null;
  const coef = Float64Array.from(data.types, (t) => {
    if (places(t) <= 0) return 0;
    const g = places(t) / c;
    const whole = Math.floor(g + 1e-12);
    return (whole + Math.min(g - whole, f) / f) * (1 + 1e-9) + 1e-12;
  });
  return { coef, rhs: Math.ceil(b) };
}

/** The master's rows: their indices, -1 where there is none. */
interface Rows {
  /** Per pickup: its people covered (the uncovered slack costs 1 a person). */
  readonly seatCover: Int32Array;
  readonly stretcherCover: Int32Array;
  /**
   * Per pair p x R + r, the row the places of trips from p to r go to: where r's room is modelled, a
   * link that carries a flow to the cover row and r's room row; else the cover row itself.
   */
  readonly seatLink: Int32Array;
  readonly stretcherLink: Int32Array;
  /** Per reception point whose room is modelled: the flows into it within its room. */
  readonly seatRoom: Int32Array;
  readonly stretcherRoom: Int32Array;
  /** Per group (depot x types + type): its days at most its vehicles. */
  readonly group: Int32Array;
  /** Per pickup: its whole-trip rows (see `tripCut`). */
  readonly seatCut: Int32Array;
  readonly stretcherCut: Int32Array;
}

class DayModel {
  private readonly P: number;
  private readonly R: number;
  private readonly K: number;
  private readonly D: number;
  private readonly programme: DayProgramme;
  /** Days found so far, in the order of their columns (after the master's own). */
  private readonly days: Day[] = [];
  private readonly known = new Set<string>();
  private master: { lp: LpInstance; rows: Rows; firstDay: number } | null = null;
  /**
   * Reception points whose room the master models, per kind: none at first (trips cover their
   * pickups directly, a smaller LP), then those a solution overfills (`roomsFit`).
   */
  private readonly modelled: { seated: Uint8Array; stretcher: Uint8Array };
  /** The M the days' columns are open for (a day ending later has an upper bound of 0). */
  private openTo = Infinity;

  constructor(
    private readonly data: FleetData,
    private readonly solver: LpSolver,
    step: number,
  ) {
    this.programme = new DayProgramme(data, step);
    ({ P: this.P, R: this.R, K: this.K, D: this.D } = this.programme);
    this.modelled = { seated: new Uint8Array(this.R), stretcher: new Uint8Array(this.R) };
    this.cuts = {
      seated: data.pickups.map((p) => tripCut(data, p.seated, (t) => t.seats)),
      stretcher: data.pickups.map((p) => tripCut(data, p.stretcher, (t) => t.stretchers)),
    };
  }

  /** Per pickup, the whole-trip rows for its seated people and its stretcher cases (see `tripCut`). */
  private readonly cuts: { seated: (TripCut | null)[]; stretcher: (TripCut | null)[] };

  /** Whether every trip takes a grid step at least (else the programme could miss days). */
  seesEveryDay(): boolean {
    return this.programme.shortestTrip() >= this.programme.step + 1e-4;
  }

  dispose(): void {
    this.master?.lp.dispose();
    this.master = null;
  }

  tryMakespan(M: number, limits: DaysLimits): Outcome {
    const { programme } = this;
    let { lp, rows } = this.open(M);
    // Wentges smoothing: days are priced at a point between the LP's duals and the best duals so far
    // (by their Lagrangian bound), which cuts the LP's long tail of small steps; when that finds no day
    // the LP wants, its own duals are priced.
    let center: Duals | null = null;
    let centerBound = -Infinity;
    for (;;) {
      if (limits.now() >= limits.deadline) return 'unknown';
      const solution = lp.solve();
      if (!solution.optimal) return 'unknown';
      if (solution.objective <= 1e-6) {
        if (this.roomsFit(solution.values)) return 'feasible';
        // More rooms modelled: a new master. (Duals from before stay valid: it is only tighter.)
        ({ lp, rows } = this.open(M));
        continue;
      }
      const duals = solution.duals;
      const own = this.duals(rows, duals);
      const price = (g: number) => (rows.group[g]! >= 0 ? -duals[rows.group[g]!]! : 0);
      const fresh: Day[] = [];
      for (const alpha of center ? [SMOOTHING, 0] : [0]) {
        const at: Duals = alpha === 0 || !center ? own : mix(center, own, alpha);
        const lagrange = this.lagrangian(M, at, (group, k, d, dp, starts) => {
          for (const s of starts.slice(0, DAYS_PER_ROUND)) {
            const day = programme.follow(d, k, s.p, s.r, dp);
            // Only days the LP wants (a positive reduced cost at its own duals).
            let value = 0;
            for (const i of day.trips) value += own.trip[k]![i]!;
            if (value > price(group) + 1e-7 && this.isNew(group, day)) fresh.push({ group, ...day });
          }
        });
        if (lagrange > centerBound) {
          centerBound = lagrange;
          center = at;
        }
        if (centerBound > 1e-3) {
          this.proof = center;
          this.add(fresh);
          return 'infeasible';
        }
        if (fresh.length > 0) break;
      }
      // Nothing the LP wants and no duals that prove M: the LP covers everyone, up to its tolerance.
      if (fresh.length === 0) return 'feasible';
      this.add(fresh);
    }
  }

  /**
   * The master LP, with the days that end by M open: it covers every pickup's people (the uncovered
   * slack costs 1 a person) with the places of the days' trips from it, through flows to the
   * reception points whose room it models, within the groups' vehicles and the pickups' whole-trip
   * rows (a trip missing costs CUT_COST). Days are its columns after its own.
   */
  private open(M: number): { lp: LpInstance; rows: Rows } {
    const master = (this.master ??= this.build());
    if (M !== this.openTo) {
      const which: number[] = [];
      const upper: number[] = [];
      this.days.forEach((day, j) => {
        const was = day.end <= this.openTo + 1e-9;
        const now = day.end <= M + 1e-9;
        if (was !== now) {
          which.push(master.firstDay + j);
          upper.push(now ? Infinity : 0);
        }
      });
      master.lp.setUpper(which, upper);
      this.openTo = M;
    }
    return master;
  }

  private build(): { lp: LpInstance; rows: Rows; firstDay: number } {
    const { P, R, K, D, data } = this;
    const bounds: LpRow[] = [];
    const row = (lower: number, upper: number) => bounds.push({ lower, upper }) - 1;
    const columns: LpColumn[] = [];
    const slack = (r: number, cost: number) =>
      columns.push({ cost, upper: Infinity, rows: [r], values: [1] });
    const rows: Rows = {
      seatCover: new Int32Array(P).fill(-1),
      stretcherCover: new Int32Array(P).fill(-1),
      seatLink: new Int32Array(P * R).fill(-1),
      stretcherLink: new Int32Array(P * R).fill(-1),
      seatRoom: new Int32Array(R).fill(-1),
      stretcherRoom: new Int32Array(R).fill(-1),
      group: new Int32Array(D * K).fill(-1),
      seatCut: new Int32Array(P).fill(-1),
      stretcherCut: new Int32Array(P).fill(-1),
    };
    for (const seated of [true, false]) {
      const modelled = seated ? this.modelled.seated : this.modelled.stretcher;
      const cover = seated ? rows.seatCover : rows.stretcherCover;
      const link = seated ? rows.seatLink : rows.stretcherLink;
      const room = seated ? rows.seatRoom : rows.stretcherRoom;
      data.destinations.forEach((d, r) => {
        if (modelled[r]) room[r] = row(-Infinity, seated ? d.seatedCapacity : d.stretcherCapacity);
      });
      data.pickups.forEach((pickup, p) => {
        const people = seated ? pickup.seated : pickup.stretcher;
        if (people <= 0) return;
        slack((cover[p] = row(people, Infinity)), 1);
        for (let r = 0; r < R; r++) {
          if (!this.programme.reachable(p, r, seated)) continue;
          if (!modelled[r]) {
            link[p * R + r] = cover[p]!;
            continue;
          }
          link[p * R + r] = row(0, Infinity);
          columns.push({
            cost: 0,
            upper: Infinity,
            rows: [cover[p], link[p * R + r]!, room[r]!],
            values: [1, -1, 1],
          });
        }
      });
    }
    for (let g = 0; g < D * K; g++) rows.group[g] = row(-Infinity, data.perDepot[g % K]![Math.floor(g / K)]!);
    for (let p = 0; p < P; p++) {
      const cs = this.cuts.seated[p];
      const cz = this.cuts.stretcher[p];
      if (cs) slack((rows.seatCut[p] = row(cs.rhs, Infinity)), CUT_COST);
      if (cz) slack((rows.stretcherCut[p] = row(cz.rhs, Infinity)), CUT_COST);
    }
    const lp = this.solver.instance(bounds);
    lp.addColumns(columns);
    lp.addColumns(this.days.map((day) => this.column(rows, day)));
    return { lp, rows, firstDay: columns.length };
  }

  /** Adds days as columns. */
  private add(fresh: readonly Day[]): void {
    const { lp, rows } = this.master!;
    lp.addColumns(fresh.map((day) => this.column(rows, day)));
    this.days.push(...fresh);
  }

  /** A day's column: open when it ends by the M the master is open to. */
  private column(rows: Rows, day: Day): LpColumn {
    const { R, K, data } = this;
    const k = day.group % K;
    const type = data.types[k]!;
    const entries = new Map<number, number>();
    const put = (row: number, value: number) => {
      if (row >= 0 && value > 0) entries.set(row, (entries.get(row) ?? 0) + value);
    };
    for (const i of day.trips) {
      const p = Math.floor(i / R);
      put(rows.seatLink[i]!, type.seats);
      put(rows.stretcherLink[i]!, type.stretchers);
      put(rows.seatCut[p]!, this.cuts.seated[p]?.coef[k] ?? 0);
      put(rows.stretcherCut[p]!, this.cuts.stretcher[p]?.coef[k] ?? 0);
    }
    put(rows.group[day.group]!, 1);
    return {
      cost: 0,
      upper: day.end <= this.openTo + 1e-9 ? Infinity : 0,
      rows: [...entries.keys()],
      values: [...entries.values()],
    };
  }

  /**
   * Whether the master's solution fits the reception points' room: per kind, whether its trips'
   * places can take everyone to points within their room (a max flow). Where they cannot, the points
   * full on the minimum cut's side join the modelled ones (none of them is modelled yet, or the
   * master would have met them; should rounding name none, every point joins), the master is made
   * again, and the answer is false.
   */
  private roomsFit(values: Float64Array): boolean {
    const { P, R, K, data, programme } = this;
    const { firstDay } = this.master!;
    let fit = true;
    for (const seated of [true, false]) {
      const modelled = seated ? this.modelled.seated : this.modelled.stretcher;
      if (modelled.every(Boolean)) continue;
      const places = new Float64Array(P * R);
      this.days.forEach((day, j) => {
        const x = values[firstDay + j]!;
        const type = data.types[day.group % K]!;
        const each = seated ? type.seats : type.stretchers;
        if (x <= 1e-9 || each <= 0) return;
        for (const i of day.trips)
          if (programme.reachable(Math.floor(i / R), i % R, seated)) places[i]! += x * each;
      });
      // Source -> pickups (their people) -> points (the trips' places) -> sink (each point's room).
      const S = P + R;
      const network = new FlowNetwork(P + R + 2);
      let people = 0;
      data.pickups.forEach((pickup, p) => {
        const n = seated ? pickup.seated : pickup.stretcher;
        people += n;
        if (n > 0) network.add(S, p, n);
        for (let r = 0; r < R; r++) if (places[p * R + r]! > 1e-9) network.add(p, P + r, places[p * R + r]!);
      });
      data.destinations.forEach((d, r) =>
        network.add(P + r, S + 1, seated ? d.seatedCapacity : d.stretcherCapacity),
      );
      if (people - network.maxFlow(S, S + 1) <= 1e-4) continue;
      // The points on the source side of a minimum cut are full.
      const side = network.sourceSide(S);
      const full = (r: number) => side[P + r] === 1;
      fit = false;
      let fresh = false;
      for (let r = 0; r < R; r++) if (full(r) && !modelled[r]) fresh = true;
      for (let r = 0; r < R; r++) if (!fresh || full(r)) modelled[r] = 1;
    }
    if (!fit) this.dispose();
    return fit;
  }

  /**
   * The master's duals as the programme needs them: what one trip of each type from pickup p to
   * reception r earns (its loads' duals), and the duals' value on the right-hand sides.
   */
  private duals(rows: Rows, duals: Float64Array): Duals {
    const { P, R, data } = this;
    const dual = (row: number) => duals[row]!;
    // Clipped to where they are exactly feasible for the flows and slacks (HiGHS meets that only to its
    // tolerance): a cover dual in [0, 1] (a person left uncovered costs 1), a room dual at most 0, and
    // a load's dual at least the cover dual plus the room dual (a flow's reduced cost non-negative) and
    // at least 0. Where the room is not modelled, places cover the pickup directly.
    const cover = (rows: Int32Array, p: number) =>
      rows[p]! >= 0 ? Math.min(1, Math.max(0, dual(rows[p]!))) : 0;
    const load = (seated: boolean, i: number) => {
      const link = (seated ? rows.seatLink : rows.stretcherLink)[i]!;
      if (link < 0) return 0;
      const least = cover(seated ? rows.seatCover : rows.stretcherCover, Math.floor(i / R));
      const room = (seated ? rows.seatRoom : rows.stretcherRoom)[i % R]!;
      if (room < 0) return least;
      return Math.max(0, least + Math.min(0, dual(room)), dual(link));
    };
    // A whole-trip row's dual in [0, its slack's cost]; a trip of type k from p earns it times k's
    // coefficient there.
    const cut = (rows: Int32Array, p: number) =>
      rows[p]! >= 0 ? Math.min(CUT_COST, Math.max(0, dual(rows[p]!))) : 0;
    const trip = data.types.map(() => new Float64Array(P * R));
    for (let i = 0; i < P * R; i++) {
      const seat = load(true, i);
      const stretcher = load(false, i);
      const p = Math.floor(i / R);
      const cs = this.cuts.seated[p];
      const cz = this.cuts.stretcher[p];
      const ds = cut(rows.seatCut, p);
      const dz = cut(rows.stretcherCut, p);
      data.types.forEach(
        (type, k) =>
          (trip[k]![i] =
            type.seats * seat +
            type.stretchers * stretcher +
            (cs?.coef[k] ?? 0) * ds +
            (cz?.coef[k] ?? 0) * dz),
      );
    }
    // Their value on the right-hand sides: people to cover, room at reception points, whole trips.
    const room = (rows: Int32Array, r: number) => (rows[r]! >= 0 ? Math.min(0, dual(rows[r]!)) : 0);
    let base = 0;
    data.pickups.forEach((pickup, p) => {
      base += pickup.seated * cover(rows.seatCover, p) + pickup.stretcher * cover(rows.stretcherCover, p);
      base += (this.cuts.seated[p]?.rhs ?? 0) * cut(rows.seatCut, p);
      base += (this.cuts.stretcher[p]?.rhs ?? 0) * cut(rows.stretcherCut, p);
    });
    data.destinations.forEach((d, r) => {
      base += d.seatedCapacity * room(rows.seatRoom, r) + d.stretcherCapacity * room(rows.stretcherRoom, r);
    });
    return { trip, base };
  }

  /** The duals of the last proof, kept: they may prove a longer M too, for the price of a programme. */
  private proof: Duals | null = null;

  /**
   * Whether the last proof's duals still prove M (their Lagrangian bound positive there): no LP, one
   * dynamic programme per type.
   */
  stillProves(M: number): boolean {
    return this.proof !== null && this.lagrangian(M, this.proof) > 1e-3;
  }

  /**
   * The Lagrangian bound of duals `at` on the people no days ending by M can cover: their value on the
   * right-hand sides less, per group, its vehicles times its best day. `each` sees every group's first
   * trips, best first, with the programme that continues them.
   */
  private lagrangian(
    M: number,
    at: Duals,
    each?: (
      group: number,
      k: number,
      d: number,
      dp: ReturnType<DayProgramme['bestDays']>,
      starts: ReturnType<DayProgramme['starts']>,
    ) => void,
  ): number {
    const { K, D, data, programme } = this;
    let lagrange = at.base;
    for (let k = 0; k < K; k++) {
      if (!programme.usable(k)) continue;
      const dp = programme.bestDays(M, k, at.trip[k]!);
      for (let d = 0; d < D; d++) {
        const n = data.perDepot[k]![d]!;
        if (n === 0) continue;
        const starts = programme.starts(M, d, k, dp, at.trip[k]!);
        lagrange -= n * Math.max(0, starts[0]?.value ?? 0);
        each?.(d * K + k, k, d, dp, starts);
      }
    }
    return lagrange;
  }

  private isNew(group: number, day: { trips: number[] }): boolean {
    const key = `${group}:${day.trips.join(',')}`;
    if (this.known.has(key)) return false;
    this.known.add(key);
    return true;
  }
}
