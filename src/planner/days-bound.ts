import type { FleetData } from './bounds.js';
import { DayProgramme } from './day-programme.js';
import { LpModel, type LpSolver } from './lp.js';

/**
 * Vehicle days: a lower bound on the makespan from whole days of single vehicles (column generation).
 *
 * A day is what one vehicle can do by minute M: from its depot to a pickup, load, to a reception point,
 * unload, then again from there, and so on. The master LP covers every pickup's seated people and
 * stretcher cases with days (at most the depot's vehicles of each type), the people routed to reception
 * points within their capacities by the trips that go there, and minimises the people left uncovered;
 * each pickup also needs whole trips (`tripCut`: days alone are fractions of vehicles). Its columns come from `DayProgramme` (`day-programme.ts`): the best day for the duals, over a set of
 * days that holds every real one. Any duals feasible for the master's flows and slacks give a
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
/** Rounds a day may go unused before it leaves the pool (the LP's size). */
const KEEP = 8;
type Outcome = 'infeasible' | 'feasible' | 'unknown';

/** Days found so far: trips as p x R + r, the group (depot x types + type), and the day's end. */
interface Day {
  readonly group: number;
  readonly trips: readonly number[];
  readonly end: number;
  /** The last solve that used it (days unused for a while leave the pool). */
  used: number;
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

class DayModel {
  private readonly P: number;
  private readonly R: number;
  private readonly K: number;
  private readonly D: number;
  private readonly programme: DayProgramme;
  private days: Day[] = [];
  private solves = 0;
  private readonly known = new Set<string>();

  constructor(
    private readonly data: FleetData,
    private readonly solver: LpSolver,
    step: number,
  ) {
    this.programme = new DayProgramme(data, step);
    ({ P: this.P, R: this.R, K: this.K, D: this.D } = this.programme);
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

  tryMakespan(M: number, limits: DaysLimits): Outcome {
    const { programme } = this;
    // Wentges smoothing: days are priced at a point between the LP's duals and the best duals so far
    // (by their Lagrangian bound), which cuts the LP's long tail of small steps; when that finds no day
    // the LP wants, its own duals are priced.
    let center: Duals | null = null;
    let centerBound = -Infinity;
    for (;;) {
      if (limits.now() >= limits.deadline) return 'unknown';
      const master = this.master(M);
      const solution = this.solver.solve(master.text, {});
      if (solution.Status !== 'Optimal' || !solution.Rows) return 'unknown';
      const uncovered = solution.ObjectiveValue;
      this.solves++;
      for (const j of master.columns)
        if ((solution.Columns[`x${j}`]?.Primal ?? 0) > 1e-9) this.days[j]!.used = this.solves;
      if (uncovered <= 1e-6) return 'feasible';
      const lp = this.duals(master, (i) => solution.Rows![i]!.Dual);
      const price = (g: number) => {
        const row = master.groupRows[g];
        return row === undefined ? 0 : -solution.Rows![row]!.Dual;
      };
      let added = 0;
      for (const alpha of center ? [SMOOTHING, 0] : [0]) {
        const at: Duals = alpha === 0 || !center ? lp : mix(center, lp, alpha);
        const lagrange = this.lagrangian(M, at, (group, k, d, dp, starts) => {
          for (const s of starts.slice(0, DAYS_PER_ROUND)) {
            const day = programme.follow(d, k, s.p, s.r, dp);
            // Only days the LP wants (a positive reduced cost at its own duals).
            let value = 0;
            for (const i of day.trips) value += lp.trip[k]![i]!;
            if (value > price(group) + 1e-7 && this.addDay(group, day)) added++;
          }
        });
        if (lagrange > centerBound) {
          centerBound = lagrange;
          center = at;
        }
        if (centerBound > 1e-3) {
          this.proof = center;
          return 'infeasible';
        }
        if (added > 0) break;
      }
      // Nothing the LP wants and no duals that prove M: the LP covers everyone, up to its tolerance.
      if (added === 0) return 'feasible';
    }
  }

  /**
   * The master's duals as the programme needs them: what one trip of each type from pickup p to
   * reception r earns (its loads' duals), and the duals' value on the right-hand sides.
   */
  private duals(master: ReturnType<DayModel['master']>, dual: (row: number) => number): Duals {
    const { P, R, data } = this;
    // Clipped to where they are exactly feasible for the flows and slacks (HiGHS meets that only to its
    // tolerance): a cover dual in [0, 1] (a person left uncovered costs 1), a room dual at most 0, and
    // a load's dual at least the cover dual plus the room dual (a flow's reduced cost non-negative) and
    // at least 0; a pair without a row (no flow yet) gets the least of those.
    const cover = (rows: Int32Array, p: number) =>
      rows[p]! >= 0 ? Math.min(1, Math.max(0, dual(rows[p]!))) : 0;
    const room = (rows: Int32Array, r: number) => (rows[r]! >= 0 ? Math.min(0, dual(rows[r]!)) : 0);
    const load = (seated: boolean, i: number) => {
      const p = Math.floor(i / R);
      const r = i % R;
      if (!this.programme.reachable(p, r, seated)) return 0;
      const link = (seated ? master.seatLink : master.stretcherLink)[i]!;
      const least = Math.max(
        0,
        cover(seated ? master.seatCover : master.stretcherCover, p) +
          room(seated ? master.seatRoom : master.stretcherRoom, r),
      );
      return link >= 0 ? Math.max(least, dual(link)) : least;
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
      const ds = cut(master.seatCut, p);
      const dz = cut(master.stretcherCut, p);
      data.types.forEach(
        (type, k) =>
          (trip[k]![i] =
            type.seats * seat +
            type.stretchers * stretcher +
            (cs?.coef[k] ?? 0) * ds +
            (cz?.coef[k] ?? 0) * dz),
      );
    }
    // Their value on the right-hand sides: people to cover, room at reception points.
    let base = 0;
    data.pickups.forEach((pickup, p) => {
      base += pickup.seated * cover(master.seatCover, p) + pickup.stretcher * cover(master.stretcherCover, p);
    });
    data.destinations.forEach((d, r) => {
      base +=
        d.seatedCapacity * room(master.seatRoom, r) + d.stretcherCapacity * room(master.stretcherRoom, r);
    });
    data.pickups.forEach((_, p) => {
      base += (this.cuts.seated[p]?.rhs ?? 0) * cut(master.seatCut, p);
      base += (this.cuts.stretcher[p]?.rhs ?? 0) * cut(master.stretcherCut, p);
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

  private addDay(group: number, day: { trips: number[]; end: number }): boolean {
    const key = `${group}:${day.trips.join(',')}`;
    if (this.known.has(key)) return false;
    this.known.add(key);
    this.days.push({ group, ...day, used: this.solves });
    return true;
  }

  /** The restricted master for makespan M: the days found so far that end by M. */
  private master(M: number) {
    const { P, R, K, data } = this;
    const model = new LpModel();
    type Terms = [number, string][];
    const seatLoads: Terms[] = Array.from({ length: P * R }, () => []);
    const stretcherLoads: Terms[] = Array.from({ length: P * R }, () => []);
    const groups: Terms[] = Array.from({ length: this.D * K }, () => []);
    this.days = this.days.filter((day) => this.solves - day.used <= KEEP);
    this.known.clear();
    for (const day of this.days) this.known.add(`${day.group}:${day.trips.join(',')}`);
    const columns: number[] = [];
    this.days.forEach((day, j) => {
      if (day.end > M + 1e-9) return;
      columns.push(j);
      const type = data.types[day.group % K]!;
      const count = new Map<number, number>();
      for (const i of day.trips) count.set(i, (count.get(i) ?? 0) + 1);
      for (const [i, n] of count) {
        if (type.seats > 0) seatLoads[i]!.push([n * type.seats, `x${j}`]);
        if (type.stretchers > 0) stretcherLoads[i]!.push([n * type.stretchers, `x${j}`]);
      }
      groups[day.group]!.push([1, `x${j}`]);
    });
    const objective: Terms = [];
    const seatLink = new Int32Array(P * R).fill(-1);
    const stretcherLink = new Int32Array(P * R).fill(-1);
    const seatCover = new Int32Array(P).fill(-1);
    const stretcherCover = new Int32Array(P).fill(-1);
    const seatRoom = new Int32Array(R).fill(-1);
    const stretcherRoom = new Int32Array(R).fill(-1);
    const intake = data.destinations.map(() => ({ seated: [] as Terms, stretcher: [] as Terms }));
    data.pickups.forEach((pickup, p) => {
      for (const kind of ['seated', 'stretcher'] as const) {
        const people = pickup[kind];
        if (people <= 0) continue;
        const c = kind === 'seated' ? 's' : 't';
        const flows: Terms = [];
        for (let r = 0; r < R; r++) {
          const room =
            kind === 'seated'
              ? data.destinations[r]!.seatedCapacity
              : data.destinations[r]!.stretcherCapacity;
          if (room <= 0 || !(data.toDestination[p]![r]! < Infinity)) continue;
          // A pair no day uses yet carries nobody: no flow, no row (its dual is priced below).
          const loads = (kind === 'seated' ? seatLoads : stretcherLoads)[p * R + r]!;
          if (!loads.length) continue;
          const z = `z${c}${p}_${r}`;
          flows.push([1, z]);
          intake[r]![kind].push([1, z]);
          (kind === 'seated' ? seatLink : stretcherLink)[p * R + r] = model.row([...loads, [-1, z]], '>=', 0);
        }
        const uncovered = `u${c}${p}`;
        (kind === 'seated' ? seatCover : stretcherCover)[p] = model.row(
          [...flows, [1, uncovered]],
          '>=',
          people,
        );
        objective.push([1, uncovered]);
      }
    });
    intake.forEach((flows, r) => {
      const d = data.destinations[r]!;
      if (flows.seated.length) seatRoom[r] = model.row(flows.seated, '<=', d.seatedCapacity);
      if (flows.stretcher.length) stretcherRoom[r] = model.row(flows.stretcher, '<=', d.stretcherCapacity);
    });
    const groupRows: (number | undefined)[] = [];
    groups.forEach((terms, g) => {
      if (terms.length) groupRows[g] = model.row(terms, '<=', data.perDepot[g % K]![Math.floor(g / K)]!);
    });
    // Whole trips: each pickup's trips, weighted per type, at least the row's right-hand side; a
    // trip missing costs as much as a full vehicle's people (any positive cost keeps the proofs valid).
    const seatCut = new Int32Array(P).fill(-1);
    const stretcherCut = new Int32Array(P).fill(-1);
    const seatTrips: Terms[] = Array.from({ length: P }, () => []);
    const stretcherTrips: Terms[] = Array.from({ length: P }, () => []);
    for (const j of columns) {
      const day = this.days[j]!;
      const k = day.group % K;
      const count = new Map<number, number>();
      for (const i of day.trips) {
        const p = Math.floor(i / R);
        count.set(p, (count.get(p) ?? 0) + 1);
      }
      for (const [p, n] of count) {
        const cs = this.cuts.seated[p]?.coef[k] ?? 0;
        const cz = this.cuts.stretcher[p]?.coef[k] ?? 0;
        if (cs > 0) seatTrips[p]!.push([n * cs, `x${j}`]);
        if (cz > 0) stretcherTrips[p]!.push([n * cz, `x${j}`]);
      }
    }
    for (let p = 0; p < P; p++) {
      const cs = this.cuts.seated[p];
      const cz = this.cuts.stretcher[p];
      if (cs) {
        seatCut[p] = model.row([...seatTrips[p]!, [1, `ws${p}`]], '>=', cs.rhs);
        objective.push([CUT_COST, `ws${p}`]);
      }
      if (cz) {
        stretcherCut[p] = model.row([...stretcherTrips[p]!, [1, `wt${p}`]], '>=', cz.rhs);
        objective.push([CUT_COST, `wt${p}`]);
      }
    }
    model.minimize(objective);
    const text = model.text();
    return {
      text,
      columns,
      seatLink,
      stretcherLink,
      seatCover,
      stretcherCover,
      seatRoom,
      stretcherRoom,
      groupRows,
      seatCut,
      stretcherCut,
    };
  }
}
