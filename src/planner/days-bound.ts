import type { FleetData } from './bounds.js';
import { DayProgramme } from './day-programme.js';
import { FlowNetwork } from './max-flow.js';
import {
  dayColumn,
  masterDuals,
  masterRows,
  mix,
  tripCut,
  type Day,
  type Duals,
  type MasterParts,
  type Rows,
} from './days-master.js';
import type { LpColumn, LpInstance, LpSolver } from './lp.js';

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

/**
 * The largest M (from `fromMin` upwards: steps of two minutes that grow while they are proven, then
 * halves down to the grid) for which vehicle days are proven too short, or 0 when none is. Only proofs
 * count.
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

/**
 * The climb's longest step, in quarter minutes: it starts at two minutes and doubles after each proof
 * up to four (far below the threshold a proof is quick; a step past it costs a whole column
 * generation). On the 100,000-node city in 6 s: 118.75 against 117 with two-minute steps; with 1,000
 * pickups in 8 s, 137.5 against 134.75; with eight-minute steps, 114.75 and 135.75.
 */
const MAX_STEP = 16;

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
      step = Math.min(step * 2, MAX_STEP);
    } else {
      top = Math.min(top, lo + step);
      step >>= 1;
    }
  }
  return proven;
}

/** The weight of the best duals so far where days are priced. */
const SMOOTHING = 0.5;

/** The climb's model: the master LP of the days found so far, and the programme that finds more. */
class DayModel implements MasterParts {
  readonly programme: DayProgramme;
  readonly cuts: MasterParts['cuts'];
  /**
   * Reception points whose room the master models, per kind: none at first (trips cover their
   * pickups directly, a smaller LP), then those a solution overfills (`roomsFit`).
   */
  readonly modelled: { seated: Uint8Array; stretcher: Uint8Array };
  private readonly P: number;
  private readonly R: number;
  private readonly K: number;
  private readonly D: number;
  /** Days found so far, in the order of their columns (after the master's own). */
  private readonly days: Day[] = [];
  private readonly known = new Set<string>();
  private master: { lp: LpInstance; rows: Rows; firstDay: number } | null = null;
  /** The M the days' columns are open for (a day ending later has an upper bound of 0). */
  private openTo = Infinity;
  /** The duals of the last proof, kept: they may prove a longer M too, for the price of a programme. */
  private proof: Duals | null = null;

  constructor(
    private readonly data: FleetData,
    private readonly solver: LpSolver,
    step: number,
  ) {
    this.programme = new DayProgramme(data, step);
    ({ P: this.P, R: this.R, K: this.K, D: this.D } = this.programme);
    this.modelled = { seated: new Uint8Array(this.R), stretcher: new Uint8Array(this.R) };
    // Each pickup's whole-trip rows; a group's from its members' people (`tripCut`).
    const cuts = (kind: 'seated' | 'stretcher', places: (t: FleetData['types'][number]) => number) =>
      data.pickups.map((p, i) =>
        tripCut(
          data,
          p[kind],
          places,
          data.members?.[i]?.map((m) => m[kind]),
        ),
      );
    this.cuts = { seated: cuts('seated', (t) => t.seats), stretcher: cuts('stretcher', (t) => t.stretchers) };
  }

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
      const own = masterDuals(this, rows, duals);
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
    const { bounds, columns, rows } = masterRows(this);
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
    return dayColumn(this, rows, day, day.end <= this.openTo + 1e-9);
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
