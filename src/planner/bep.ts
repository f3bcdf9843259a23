import type { ProblemInput } from '../contracts/planning/plan.js';
import { PlanningError } from './errors.js';

/**
 * An instance of the bus evacuation problem (Bish 2011, in the text format of the GRASP study's
 * published instances) as a planning problem. The file is whitespace-separated numbers:
 *
 *     B Q                 buses, and the people each carries
 *     Y n_1 .. n_Y        yards, and the buses at each
 *     P D d_1 .. d_P      pickup points, the people to move in all, and at each
 *     S C c_1 .. c_S      shelters, the room in all, and at each
 *     Y rows: y t_1 .. t_P    minutes from yard y to each pickup point
 *     P rows: p t_1 .. t_S    minutes between pickup point p and each shelter (both ways)
 *
 * A bus drives from its yard to a pickup point, then to a shelter, then back to a pickup point and so
 * on, and ends at a shelter; the last arrival is what is minimised. There is no road network, and the
 * times need not obey the triangle inequality, so the problem's network is one of direct legs: a node
 * per place and an edge per leg, driven only whole. Loading and unloading take no time.
 */
export function bepProblem(text: string, name: string): ProblemInput {
  const read = new Tokens(text);
  const [buses, capacity] = [read.count('the number of buses'), read.count('the buses’ capacity')];
  const yardBuses = read.list('yards', 'buses at yard');
  const demand = read.list('pickup points', 'people at pickup point', 'people to move in all');
  const room = read.list('shelters', 'room at shelter', 'room in all');
  const inYards = yardBuses.reduce((s, n) => s + n, 0);
  if (inYards !== buses)
    throw new PlanningError(`the yards hold ${inYards} buses, but the first line says ${buses}`);
  if (capacity === 0 && buses > 0) throw new PlanningError('the buses’ capacity is 0');
  const fromYard = yardBuses.map((_, y) => read.row(`yard ${y + 1}`, y + 1, demand.length));
  const toShelter = demand.map((_, p) => read.row(`pickup point ${p + 1}`, p + 1, room.length));
  read.end();
  const people = demand.reduce((s, n) => s + n, 0);
  const places = room.reduce((s, n) => s + n, 0);
  if (people > 0 && buses === 0) throw new PlanningError(`the file has no buses for its ${people} people`);
  if (people > places)
    throw new PlanningError(`the shelters have room for ${places} people, but ${people} are to move`);

  const Y = (y: number) => `Y${y + 1}`;
  const P = (p: number) => `P${p + 1}`;
  const S = (s: number) => `S${s + 1}`;
  const at = (i: number, row: number) => ({ lon: 0.01 * i, lat: 0.01 * row });
  const leg = (from: string, to: string, minutes: number, oneway: boolean) => ({
    id: `${from}-${to}`,
    from,
    to,
    // 1 km at 60 km/h is a minute.
    lengthM: minutes * 1000,
    speedKph: 60,
    oneway,
  });
  return {
    network: {
      attribution: `bus evacuation problem instance ${name}: its times as minutes on direct legs`,
      directLegs: true,
      nodes: [
        ...yardBuses.map((_, y) => ({ id: Y(y), ...at(y, 0) })),
        ...demand.map((_, p) => ({ id: P(p), ...at(p, 1) })),
        ...room.map((_, s) => ({ id: S(s), ...at(s, 2) })),
      ],
      edges: [
        ...fromYard.flatMap((row, y) => row.map((t, p) => leg(Y(y), P(p), t, true))),
        ...toShelter.flatMap((row, p) => row.map((t, s) => leg(P(p), S(s), t, false))),
      ],
    },
    vehicleTypes: { bus: { seats: capacity, stretchers: 0, loadMin: 0, unloadMin: 0 } },
    depots: yardBuses.map((n, y) => ({ id: Y(y), node: Y(y), vehicles: { bus: n } })),
    pickups: demand.map((n, p) => ({ id: P(p), node: P(p), seated: n })),
    destinations: room.map((n, s) => ({ id: S(s), node: S(s), seatedCapacity: n })),
  };
}

/** What the planning format takes: places of a kind, people or buses, minutes of a leg. */
const MAX_PLACES = 10_000;
const MAX_COUNT = 10_000_000;
const MAX_MINUTES = 10_000;

/** The file's numbers in order, each read with what it stands for, so an error can say which. */
class Tokens {
  private readonly tokens: string[];
  private i = 0;
  constructor(text: string) {
    this.tokens = text.split(/\s+/).filter((t) => t !== '');
  }

  /** A token as JSON, shortened: what a file holds is not echoed raw to a terminal. */
  private shown(k: number): string {
    const token = this.tokens[k]!;
    return JSON.stringify(token.length > 24 ? `${token.slice(0, 24)}…` : token);
  }

  private number(what: string, max: number): number {
    const token = this.tokens[this.i];
    if (token === undefined) throw new PlanningError(`the file ends before ${what} (number ${this.i + 1})`);
    const x = Number(token);
    if (!/^[0-9.eE+-]+$/.test(token) || !Number.isFinite(x) || x < 0)
      throw new PlanningError(
        `${what} (number ${this.i + 1}) is ${this.shown(this.i)}, not a number of at least 0`,
      );
    if (x > max)
      throw new PlanningError(`${what} (number ${this.i + 1}) is ${this.shown(this.i)}, more than ${max}`);
    this.i++;
    return x;
  }

  count(what: string, max = MAX_COUNT): number {
    const x = this.number(what, max);
    if (!Number.isInteger(x))
      throw new PlanningError(`${what} (number ${this.i}) is ${x}, not a whole number`);
    return x;
  }

  /** `K [total] x_1 .. x_K`: the list, its total checked when the format gives one. */
  list(things: string, each: string, total?: string): number[] {
    const k = this.count(`the number of ${things}`, MAX_PLACES);
    if (k === 0) throw new PlanningError(`the file has no ${things}`);
    const sum = total === undefined ? undefined : this.count(`the ${total}`);
    const xs = Array.from({ length: k }, (_, j) => this.count(`the ${each} ${j + 1}`));
    const got = xs.reduce((s, x) => s + x, 0);
    if (sum !== undefined && got !== sum)
      throw new PlanningError(`the ${total} is ${sum}, but the ${things} hold ${got}`);
    return xs;
  }

  /** A row of minutes, led by its 1-based number. */
  row(what: string, id: number, length: number): number[] {
    const lead = this.count(`the number of the row of ${what}`);
    if (lead !== id) throw new PlanningError(`the row of ${what} is numbered ${lead}, not ${id}`);
    return Array.from({ length }, (_, j) =>
      this.number(`minute ${j + 1} of the row of ${what}`, MAX_MINUTES),
    );
  }

  end(): void {
    if (this.i < this.tokens.length)
      throw new PlanningError(
        `the file goes on after its last row (number ${this.i + 1}: ${this.shown(this.i)})`,
      );
  }
}
