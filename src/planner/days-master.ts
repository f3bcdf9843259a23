import type { DayProgramme } from './day-programme.js';
import type { FleetData } from './bounds.js';
import type { LpColumn, LpRow } from './lp.js';

/**
 * The master LP of vehicle days (see `days-bound.ts`): its rows, the column of a day, and its duals
 * read back as what each trip earns, which is what the day programme prices days by.
 */

/** A day found: its trips as p x R + r, its group (depot x types + type) and its end. */
export interface Day {
  readonly group: number;
  readonly trips: readonly number[];
  readonly end: number;
}

/**
 * A point of the master's dual (feasible for its flows and slacks): what each trip earns per type, and
 * the value on the right-hand sides. Its Lagrangian bound is base - sum over groups of vehicles x best
 * day; convex combinations of two points are points.
 */
export interface Duals {
  readonly trip: readonly Float64Array[];
  readonly base: number;
}

export function mix(a: Duals, b: Duals, alpha: number): Duals {
  return {
    trip: a.trip.map((row, k) => row.map((x, i) => alpha * x + (1 - alpha) * b.trip[k]![i]!)),
    base: alpha * a.base + (1 - alpha) * b.base,
  };
}

/**
 * What a trip missing from a pickup's whole-trip row costs in the master, in people (a bus load; any
 * cost above 0 keeps the proofs valid).
 */
export const CUT_COST = 50;

/** A whole-trip row of one pickup: sum over its trips of coef[type] at least rhs. */
export interface TripCut {
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
export function tripCut(
  data: FleetData,
  people: number,
  places: (t: FleetData['types'][number]) => number,
  members?: readonly number[],
): TripCut | null {
  // Over every type, with vehicles or not: the rows then do not depend on the fleet.
  const c = Math.max(0, ...data.types.map((t) => places(t)));
  if (people <= 0 || c <= 0) return null;
  if (members && members.length > 1) return groupCut(data, members, places, c);
  const f = fraction(people / c);
  if (f < 1e-6) return null;
  return { coef: mirCoefficients(data, places, c, f), rhs: Math.ceil(people / c) };
}

const fraction = (x: number) => x - Math.floor(x);

/** The rounding's coefficients for fractional part f (see `tripCut`), rounded up a little. */
function mirCoefficients(
  data: FleetData,
  places: (t: FleetData['types'][number]) => number,
  c: number,
  f: number,
): Float64Array {
  return Float64Array.from(data.types, (t) => {
    if (places(t) <= 0) return 0;
    const g = places(t) / c;
    const whole = Math.floor(g + 1e-12);
    return (whole + Math.min(g - whole, f) / f) * (1 + 1e-9) + 1e-12;
  });
}

/**
 * The whole-trip row of a group of pickups (`pickup-groups.ts`: many small pickups proven as fewer),
 * from its members' own people: a trip carries people of one member, so with any coefficients a, the
 * group's trips weigh at least the sum over members of the least weight of whole trips that carry
 * that member's people (a covering by places, one small programme per member). Summed people would
 * let five pickups of 34 share four buses; their members need five. The coefficients are the
 * rounding's (see `tripCut`) at the members' median fractional part, so that small vehicles' trips
 * weigh what they carry of a member.
 */
function groupCut(
  data: FleetData,
  members: readonly number[],
  places: (t: FleetData['types'][number]) => number,
  c: number,
): TripCut | null {
  const parts = members
    .map((n) => fraction(n / c))
    .filter((f) => f > 1e-6)
    .sort((a, b) => a - b);
  if (parts.length === 0) return null;
  const coef = mirCoefficients(data, places, c, parts[parts.length >> 1]!);
  const sizes = data.types.map((t) => places(t));
  let rhs = 0;
  for (const n of members) rhs += leastCover(n, sizes, coef);
  // Against rounding in the sums (a lower right-hand side only weakens the row).
  rhs -= 1e-9 * (members.length + 1);
  return rhs > 1e-6 ? { coef, rhs } : null;
}

/** The least sum of weight[k] x trips[k] over whole trips whose places (sizes[k] each) hold n people. */
export function leastCover(n: number, sizes: readonly number[], weight: ArrayLike<number>): number {
  if (n <= 0) return 0;
  const least = new Float64Array(n + 1);
  for (let m = 1; m <= n; m++) {
    let best = Infinity;
    for (let k = 0; k < sizes.length; k++)
      if (sizes[k]! > 0) best = Math.min(best, weight[k]! + least[Math.max(0, m - sizes[k]!)]!);
    least[m] = best;
  }
  return least[n]!;
}

/** The master's rows: their indices, -1 where there is none. */
export interface Rows {
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

/** What the master is made of, besides the days. */
export interface MasterParts {
  readonly programme: DayProgramme;
  /** Per pickup, the whole-trip rows for its seated people and its stretcher cases (see `tripCut`). */
  readonly cuts: {
    readonly seated: readonly (TripCut | null)[];
    readonly stretcher: readonly (TripCut | null)[];
  };
  /** Reception points whose room the master models, per kind. */
  readonly modelled: { readonly seated: Uint8Array; readonly stretcher: Uint8Array };
}

/**
 * The master's rows, and its own columns: the uncovered people's slacks (1 a person), the flows to the
 * reception points whose room it models and the whole-trip rows' slacks (CUT_COST a trip). Days'
 * columns come after these.
 */
export function masterRows({ programme, cuts, modelled }: MasterParts): {
  bounds: LpRow[];
  columns: LpColumn[];
  rows: Rows;
} {
  const { P, R, K, D, data } = programme;
  const bounds: LpRow[] = [];
  const row = (lower: number, upper: number) => bounds.push({ lower, upper }) - 1;
  const columns: LpColumn[] = [];
  const slack = (r: number, cost: number) => columns.push({ cost, upper: Infinity, rows: [r], values: [1] });
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
    const inRoom = seated ? modelled.seated : modelled.stretcher;
    const cover = seated ? rows.seatCover : rows.stretcherCover;
    const link = seated ? rows.seatLink : rows.stretcherLink;
    const room = seated ? rows.seatRoom : rows.stretcherRoom;
    data.destinations.forEach((d, r) => {
      if (inRoom[r]) room[r] = row(-Infinity, seated ? d.seatedCapacity : d.stretcherCapacity);
    });
    data.pickups.forEach((pickup, p) => {
      const people = seated ? pickup.seated : pickup.stretcher;
      if (people <= 0) return;
      slack((cover[p] = row(people, Infinity)), 1);
      for (let r = 0; r < R; r++) {
        if (!programme.reachable(p, r, seated)) continue;
        if (!inRoom[r]) {
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
    const cs = cuts.seated[p];
    const cz = cuts.stretcher[p];
    if (cs) slack((rows.seatCut[p] = row(cs.rhs, Infinity)), CUT_COST);
    if (cz) slack((rows.stretcherCut[p] = row(cz.rhs, Infinity)), CUT_COST);
  }
  return { bounds, columns, rows };
}

/** A day's column: its trips' places and whole-trip coefficients, and one of its group's vehicles. */
export function dayColumn({ programme, cuts }: MasterParts, rows: Rows, day: Day, open: boolean): LpColumn {
  const { R, K, data } = programme;
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
    put(rows.seatCut[p]!, cuts.seated[p]?.coef[k] ?? 0);
    put(rows.stretcherCut[p]!, cuts.stretcher[p]?.coef[k] ?? 0);
  }
  put(rows.group[day.group]!, 1);
  return {
    cost: 0,
    upper: open ? Infinity : 0,
    rows: [...entries.keys()],
    values: [...entries.values()],
  };
}

/**
 * The master's duals as the programme needs them: what one trip of each type from pickup p to
 * reception r earns (its loads' duals), and the duals' value on the right-hand sides.
 */
export function masterDuals({ programme, cuts }: MasterParts, rows: Rows, duals: Float64Array): Duals {
  const { P, R, data } = programme;
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
    const cs = cuts.seated[p];
    const cz = cuts.stretcher[p];
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
    base += (cuts.seated[p]?.rhs ?? 0) * cut(rows.seatCut, p);
    base += (cuts.stretcher[p]?.rhs ?? 0) * cut(rows.stretcherCut, p);
  });
  data.destinations.forEach((d, r) => {
    base += d.seatedCapacity * room(rows.seatRoom, r) + d.stretcherCapacity * room(rows.stretcherRoom, r);
  });
  return { trip, base };
}
