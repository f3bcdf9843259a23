import type { PlanHazard, ResolvedProblem } from '../contracts/planning/plan.js';
import { mulberry32 } from './random.js';

/**
 * Synthetic cities for benchmarks and tests (`corridor plan generate`): a street grid with 100 m blocks
 * (residential, 30 km/h, 600 vehicles/h) and an arterial every tenth street (50 km/h, 1,200/h), a
 * river across it with a few bridges (40 km/h, 900/h), the pickups on one bank and the reception points
 * on the other, depots on both, a share of streets closed, some closures that lift after a while and
 * a slowed damaged quarter. Deterministic for a seed. Coordinates are placed near 36.2 N 37.1 E only
 * to be plausible; nothing here is real.
 */
export interface CityOptions {
  readonly nodes: number;
  readonly pickups: number;
  readonly seed: number;
  readonly people?: number;
  readonly stretcherShare?: number;
  readonly buses?: number;
  readonly ambulances?: number;
  readonly depots?: number;
  readonly destinations?: number;
  readonly closedShare?: number;
  readonly bridges?: number;
  /** Residential streets closed for a while (from a random time, for 1 to 4 hours), beyond the two. */
  readonly timedClosures?: number;
  /**
   * Where the reception points are: anywhere on the south bank (`south`, the default), or half just
   * across the river and half at the city's far edge (`far-and-near`).
   */
  readonly reception?: 'south' | 'far-and-near';
}

export function generateCity(o: CityOptions): ResolvedProblem {
  const rand = mulberry32(o.seed);
  const grid = cityGrid(o.nodes);
  const streets = layStreets(grid, rand, Math.max(1, o.bridges ?? 4));
  const { hazards, closed } = cityHazards(grid, streets, rand, o.closedShare ?? 0.02);
  for (let k = 0; k < (o.timedClosures ?? 0); k++) {
    const edge = streets.closable[Math.floor(rand() * streets.closable.length)]!;
    const fromMin = Math.floor(rand() * 240);
    const untilMin = fromMin + 60 + Math.floor(rand() * 180);
    hazards.push({ id: `HAZ-T${k + 1}`, edges: [edge], effect: 'closed', fromMin, untilMin });
  }
  return {
    network: { nodes: grid.nodes, edges: streets.edges },
    hazards,
    vehicleTypes: {
      bus: { seats: 50, stretchers: 0, loadMin: 10, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 5, unloadMin: 5 },
    },
    ...cityPlaces(o, grid, reachableNodes(grid, streets.edges, closed), rand),
  };
}

type Edge = ResolvedProblem['network']['edges'][number];

/** The street grid: W x H nodes 100 m apart, row i and column j; the river runs below row `river`. */
interface Grid {
  readonly W: number;
  readonly H: number;
  readonly river: number;
  readonly nodes: ResolvedProblem['network']['nodes'];
  readonly id: (i: number, j: number) => string;
  /** The lon and lat of node (i, j). */
  readonly at: (i: number, j: number) => [number, number];
}

function cityGrid(count: number): Grid {
  const W = Math.max(4, Math.ceil(Math.sqrt(count)));
  const H = Math.max(4, Math.ceil(count / W));
  const lat0 = 36.2;
  const lon0 = 37.1;
  const dLat = 100 / 111_320;
  const dLon = 100 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const id = (i: number, j: number) => `n${i * W + j}`;
  const at = (i: number, j: number): [number, number] => [round7(lon0 + j * dLon), round7(lat0 - i * dLat)];
  const nodes = [];
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++) {
      const [lon, lat] = at(i, j);
      nodes.push({ id: id(i, j), lon, lat });
    }
  return { W, H, river: Math.floor(H * 0.55), nodes, id, at };
}

/** The streets, and which are residential (closable), arterial, or bridges. */
interface Streets {
  readonly edges: Edge[];
  readonly closable: string[];
  readonly arterial: string[];
  readonly bridges: string[];
}

/** Streets between neighbours, an arterial every tenth; across the river only the bridges. */
function layStreets(grid: Grid, rand: () => number, bridgeCount: number): Streets {
  const { W, H, river, id } = grid;
  const bridgeCols = new Set<number>();
  for (let b = 0; b < bridgeCount; b++)
    bridgeCols.add(Math.min(W - 1, Math.round(((b + 0.5) * W) / bridgeCount / 10) * 10));
  const out: Streets = { edges: [], closable: [], arterial: [], bridges: [] };
  const { edges } = out;
  const street = (a: string, b: string, arterial: boolean) => {
    const e: Edge = {
      id: `e${edges.length}`,
      from: a,
      to: b,
      lengthM: Math.round(100 * (0.9 + 0.3 * rand()) * 10) / 10,
      speedKph: arterial ? 50 : 30,
      capacityVph: arterial ? 1200 : 600,
      oneway: false,
      class: arterial ? 'primary' : 'residential',
    };
    edges.push(e);
    (arterial ? out.arterial : out.closable).push(e.id);
  };
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++) {
      if (j + 1 < W) street(id(i, j), id(i, j + 1), i % 10 === 0);
      if (i + 1 < H) {
        if (i === river) {
          if (bridgeCols.has(j)) {
            const e: Edge = {
              id: `e${edges.length}`,
              from: id(i, j),
              to: id(i + 1, j),
              lengthM: 250,
              speedKph: 40,
              capacityVph: 900,
              oneway: false,
              class: 'bridge',
            };
            edges.push(e);
            out.bridges.push(e.id);
          }
        } else street(id(i, j), id(i + 1, j), j % 10 === 0);
      }
    }
  return out;
}

/**
 * Hazards: a share of the residential streets closed, closures that lift after a while, and a slowed
 * damaged quarter. Returns the streets closed for good too.
 */
function cityHazards(
  grid: Grid,
  streets: Streets,
  rand: () => number,
  closedShare: number,
): { hazards: PlanHazard[]; closed: Set<string> } {
  const { closable } = streets;
  const hazards: PlanHazard[] = [];
  const closed = new Set<string>();
  const closeCount = Math.round(streets.edges.length * closedShare);
  while (closed.size < Math.min(closeCount, closable.length))
    closed.add(closable[Math.floor(rand() * closable.length)]!);
  let h = 0;
  for (const e of closed) hazards.push({ id: `HAZ-${++h}`, edges: [e], effect: 'closed' });
  // Closures that lift: a bridge for the first hour and a half (clearance), an arterial for two hours.
  hazards.push({
    id: `HAZ-${++h}`,
    edges: [streets.bridges[0]!],
    effect: 'closed',
    fromMin: 0,
    untilMin: 90,
  });
  const arterial = streets.arterial[Math.floor(rand() * streets.arterial.length)];
  if (arterial)
    hazards.push({ id: `HAZ-${++h}`, edges: [arterial], effect: 'closed', fromMin: 0, untilMin: 120 });
  // A damaged quarter on the pickups' bank: half speed.
  const qi = Math.floor(grid.river * 0.3);
  const qj = Math.floor(grid.W * 0.3);
  const span = Math.max(2, Math.floor(grid.W * 0.15));
  const corner = grid.at;
  hazards.push({
    id: `HAZ-${++h}`,
    area: {
      type: 'Polygon',
      coordinates: [
        [
          corner(qi, qj),
          corner(qi, qj + span),
          corner(qi + span, qj + span),
          corner(qi + span, qj),
          corner(qi, qj),
        ],
      ],
    },
    effect: 'slow',
    speedFactor: 0.5,
  });
  return { hazards, closed };
}

/** Places: pickups on the north bank, reception points on the south bank, depots on both. */
function cityPlaces(
  o: CityOptions,
  grid: Grid,
  reachable: Set<number>,
  rand: () => number,
): Pick<ResolvedProblem, 'depots' | 'pickups' | 'destinations'> {
  const { W, H, river } = grid;
  const people = o.people ?? 34_000;
  const stretcherTotal = Math.round(people * (o.stretcherShare ?? 0.03));
  const used = new Set<string>();
  const pickNode = (rowFrom: number, rowTo: number) => {
    for (let tries = 0; tries < 100_000; tries++) {
      const i = rowFrom + Math.floor(rand() * (rowTo - rowFrom));
      const j = Math.floor(rand() * W);
      const n = grid.id(i, j);
      if (!used.has(n) && reachable.has(i * W + j)) {
        used.add(n);
        return n;
      }
    }
    throw new Error('the generated city has too few open nodes for its places');
  };
  const pickupCount = Math.max(1, o.pickups);
  const weights = Array.from({ length: pickupCount }, () => 1 + 4 * rand());
  const seated = split(people - stretcherTotal, weights);
  const stretcher = split(stretcherTotal, weights);
  const pickups = weights.map((_, k) => ({
    id: `P${k + 1}`,
    node: pickNode(1, river),
    seated: seated[k]!,
    stretcher: stretcher[k]!,
  }));
  const destCount = Math.max(1, o.destinations ?? 6);
  // Far and near: the even ones within five streets of the river, the odd ones in the last five.
  const band = Math.max(1, Math.min(5, Math.floor((H - river - 2) / 2)));
  const destinationRows = (k: number): [number, number] =>
    o.reception !== 'far-and-near'
      ? [river + 2, H]
      : k % 2 === 0
        ? [river + 2, river + 2 + band]
        : [H - band, H];
  const destinations = Array.from({ length: destCount }, (_, k) => ({
    id: `R${k + 1}`,
    node: pickNode(...destinationRows(k)),
    seatedCapacity: Math.ceil(((people - stretcherTotal) * 2) / destCount),
    stretcherCapacity: Math.ceil((stretcherTotal * 2) / destCount) + 1,
  }));
  const depotCount = Math.max(1, o.depots ?? 4);
  const buses = split(o.buses ?? 300, Array<number>(depotCount).fill(1));
  const ambulances = split(o.ambulances ?? 380, Array<number>(depotCount).fill(1));
  const depots = Array.from({ length: depotCount }, (_, k) => ({
    id: `D${k + 1}`,
    node: k === depotCount - 1 && depotCount > 1 ? pickNode(0, river) : pickNode(river + 1, H),
    vehicles: { bus: buses[k]!, ambulance: ambulances[k]! },
  }));
  return { depots, pickups, destinations };
}

/** Splits `total` in proportion to `weights`, in whole numbers that add up exactly. */
export function split(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    out[i]!++;
  }
  return out;
}

/** Nodes in the largest component of the open (not permanently closed) streets. */
function reachableNodes(grid: Grid, edges: readonly Edge[], closed: ReadonlySet<string>): Set<number> {
  const n = grid.W * grid.H;
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const e of edges) {
    if (closed.has(e.id)) continue;
    const a = find(Number(e.from.slice(1)));
    const b = find(Number(e.to.slice(1)));
    if (a !== b) parent[a] = b;
  }
  const size = new Map<number, number>();
  for (let i = 0; i < n; i++) size.set(find(i), (size.get(find(i)) ?? 0) + 1);
  const biggest = [...size.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const out = new Set<number>();
  for (let i = 0; i < n; i++) if (find(i) === biggest) out.add(i);
  return out;
}

function round7(x: number): number {
  return Math.round(x * 1e7) / 1e7;
}
