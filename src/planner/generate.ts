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
}

export function generateCity(o: CityOptions): ResolvedProblem {
  const rand = mulberry32(o.seed);
  const people = o.people ?? 34_000;
  const stretcherTotal = Math.round(people * (o.stretcherShare ?? 0.03));
  const W = Math.max(4, Math.ceil(Math.sqrt(o.nodes)));
  const H = Math.max(4, Math.ceil(o.nodes / W));
  const river = Math.floor(H * 0.55);
  const lat0 = 36.2;
  const lon0 = 37.1;
  const dLat = 100 / 111_320;
  const dLon = 100 / (111_320 * Math.cos((lat0 * Math.PI) / 180));
  const id = (i: number, j: number) => `n${i * W + j}`;

  const nodes = [];
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      nodes.push({ id: id(i, j), lon: round7(lon0 + j * dLon), lat: round7(lat0 - i * dLat) });

  const bridgeCount = Math.max(1, o.bridges ?? 4);
  const bridgeCols = new Set<number>();
  for (let b = 0; b < bridgeCount; b++)
    bridgeCols.add(Math.min(W - 1, Math.round(((b + 0.5) * W) / bridgeCount / 10) * 10));

  type Edge = ResolvedProblem['network']['edges'][number];
  const edges: Edge[] = [];
  const closable: string[] = [];
  const arterialEdges: string[] = [];
  const bridges: string[] = [];
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
    (arterial ? arterialEdges : closable).push(e.id);
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
            bridges.push(e.id);
          }
        } else street(id(i, j), id(i + 1, j), j % 10 === 0);
      }
    }

  const hazards: PlanHazard[] = [];
  const closed = new Set<string>();
  const closeCount = Math.round(edges.length * (o.closedShare ?? 0.02));
  while (closed.size < Math.min(closeCount, closable.length))
    closed.add(closable[Math.floor(rand() * closable.length)]!);
  let h = 0;
  for (const e of closed) hazards.push({ id: `HAZ-${++h}`, edges: [e], effect: 'closed' });
  // Closures that lift: a bridge for the first hour and a half (clearance), an arterial for two hours.
  hazards.push({ id: `HAZ-${++h}`, edges: [bridges[0]!], effect: 'closed', fromMin: 0, untilMin: 90 });
  const arterial = arterialEdges[Math.floor(rand() * arterialEdges.length)];
  if (arterial)
    hazards.push({ id: `HAZ-${++h}`, edges: [arterial], effect: 'closed', fromMin: 0, untilMin: 120 });
  // A damaged quarter on the pickups' bank: half speed.
  const qi = Math.floor(river * 0.3);
  const qj = Math.floor(W * 0.3);
  const span = Math.max(2, Math.floor(W * 0.15));
  const corner = (i: number, j: number): [number, number] => [
    round7(lon0 + j * dLon),
    round7(lat0 - i * dLat),
  ];
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

  // Places: pickups on the north bank, reception points on the south bank, depots on both.
  const reachable = openComponent(nodes.length, edges, closed, W);
  const pickNode = (rowFrom: number, rowTo: number, used: Set<string>) => {
    for (let tries = 0; tries < 100_000; tries++) {
      const i = rowFrom + Math.floor(rand() * (rowTo - rowFrom));
      const j = Math.floor(rand() * W);
      const n = id(i, j);
      if (!used.has(n) && reachable.has(i * W + j)) {
        used.add(n);
        return n;
      }
    }
    throw new Error('the generated city has too few open nodes for its places');
  };
  const used = new Set<string>();
  const pickupCount = Math.max(1, o.pickups);
  const weights = Array.from({ length: pickupCount }, () => 1 + 4 * rand());
  const seated = split(people - stretcherTotal, weights);
  const stretcher = split(stretcherTotal, weights);
  const pickups = weights.map((_, k) => ({
    id: `P${k + 1}`,
    node: pickNode(1, river, used),
    seated: seated[k]!,
    stretcher: stretcher[k]!,
  }));
  const destCount = Math.max(1, o.destinations ?? 6);
  const destinations = Array.from({ length: destCount }, (_, k) => ({
    id: `R${k + 1}`,
    node: pickNode(river + 2, H, used),
    seatedCapacity: Math.ceil(((people - stretcherTotal) * 2) / destCount),
    stretcherCapacity: Math.ceil((stretcherTotal * 2) / destCount) + 1,
  }));
  const depotCount = Math.max(1, o.depots ?? 4);
  const buses = split(o.buses ?? 300, Array<number>(depotCount).fill(1));
  const ambulances = split(o.ambulances ?? 380, Array<number>(depotCount).fill(1));
  const depots = Array.from({ length: depotCount }, (_, k) => ({
    id: `D${k + 1}`,
    node: k === depotCount - 1 && depotCount > 1 ? pickNode(0, river, used) : pickNode(river + 1, H, used),
    vehicles: { bus: buses[k]!, ambulance: ambulances[k]! },
  }));

  return {
    network: { nodes, edges },
    hazards,
    vehicleTypes: {
      bus: { seats: 50, stretchers: 0, loadMin: 10, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 5, unloadMin: 5 },
    },
    depots,
    pickups,
    destinations,
  };
}

/**
 * A small city whose every street takes exactly 5 minutes and whose loading and unloading take 5
 * minutes too, with no capacities, timed hazards or binding reception capacities: the time-expanded
 * MIP with 5-minute steps solves it exactly, so tests and benchmarks can compare against the optimum.
 */
export function generateSmall(o: { pickups: number; vehicles: number; seed: number }): ResolvedProblem {
  const rand = mulberry32(o.seed);
  const W = 5;
  const nodes = [];
  const edges: ResolvedProblem['network']['edges'] = [];
  for (let i = 0; i < W; i++)
    for (let j = 0; j < W; j++) nodes.push({ id: `n${i * W + j}`, lon: 37 + j * 0.05, lat: 36 - i * 0.05 });
  for (let i = 0; i < W; i++)
    for (let j = 0; j < W; j++) {
      const e = (a: number, b: number) =>
        edges.push({
          id: `e${edges.length}`,
          from: `n${a}`,
          to: `n${b}`,
          lengthM: 5000,
          speedKph: 60,
          oneway: false,
        });
      if (j + 1 < W) e(i * W + j, i * W + j + 1);
      if (i + 1 < W) e(i * W + j, (i + 1) * W + j);
    }
  const free = Array.from({ length: W * W }, (_, k) => k).sort(() => rand() - 0.5);
  const take = () => `n${free.pop()!}`;
  const pickups = Array.from({ length: o.pickups }, (_, k) => ({
    id: `P${k + 1}`,
    node: take(),
    seated: 5 + Math.floor(rand() * 40),
    stretcher: rand() < 0.5 ? Math.floor(rand() * 4) : 0,
  }));
  const total = pickups.reduce((s, p) => s + p.seated, 0);
  const totalStretcher = pickups.reduce((s, p) => s + p.stretcher, 0);
  const destinations = [1, 2].map((k) => ({
    id: `R${k}`,
    node: take(),
    seatedCapacity: total,
    stretcherCapacity: totalStretcher,
  }));
  const ambulances = Math.max(1, Math.round(o.vehicles * 0.3));
  const buses = Math.max(1, o.vehicles - ambulances);
  const depots = [
    { id: 'D1', node: take(), vehicles: { bus: Math.ceil(buses / 2), ambulance: Math.ceil(ambulances / 2) } },
    {
      id: 'D2',
      node: take(),
      vehicles: { bus: Math.floor(buses / 2), ambulance: Math.floor(ambulances / 2) },
    },
  ];
  return {
    network: { nodes, edges },
    hazards: [],
    vehicleTypes: {
      bus: { seats: 20, stretchers: 0, loadMin: 5, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 5, unloadMin: 5 },
    },
    depots,
    pickups,
    destinations,
  };
}

/** Splits `total` in proportion to `weights`, in whole numbers that add up exactly. */
function split(total: number, weights: readonly number[]): number[] {
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
function openComponent(
  n: number,
  edges: readonly { id: string; from: string; to: string }[],
  closed: ReadonlySet<string>,
  _W: number,
): Set<number> {
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

/**
 * Demand on a given network (an imported OSM extract): pickups in one half of the nodes (by latitude),
 * reception points and most depots in the other, for benchmarks and tests on real roads.
 */
export function demandOn(
  network: ResolvedProblem['network'],
  o: {
    pickups: number;
    people: number;
    buses: number;
    ambulances: number;
    seed: number;
    destinations?: number;
  },
): ResolvedProblem {
  const rand = mulberry32(o.seed);
  const used = new Set<string>();
  const withEdges = new Set<string>();
  for (const e of network.edges) {
    withEdges.add(e.from);
    withEdges.add(e.to);
  }
  const nodes = network.nodes.filter((n) => withEdges.has(n.id)).sort((a, b) => b.lat - a.lat);
  const half = Math.floor(nodes.length / 2);
  const pick = (from: number, to: number) => {
    for (;;) {
      const n = nodes[from + Math.floor(rand() * (to - from))]!.id;
      if (!used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
  const stretcherTotal = Math.round(o.people * 0.03);
  const weights = Array.from({ length: o.pickups }, () => 1 + 4 * rand());
  const seated = split(o.people - stretcherTotal, weights);
  const stretcher = split(stretcherTotal, weights);
  const destCount = o.destinations ?? 3;
  return {
    network,
    hazards: [],
    vehicleTypes: {
      bus: { seats: 50, stretchers: 0, loadMin: 10, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 5, unloadMin: 5 },
    },
    depots: [
      {
        id: 'D1',
        node: pick(half, nodes.length),
        vehicles: { bus: Math.ceil(o.buses / 2), ambulance: Math.ceil(o.ambulances / 2) },
      },
      {
        id: 'D2',
        node: pick(half, nodes.length),
        vehicles: { bus: Math.floor(o.buses / 2), ambulance: Math.floor(o.ambulances / 2) },
      },
    ],
    pickups: weights.map((_, k) => ({
      id: `P${k + 1}`,
      node: pick(0, half),
      seated: seated[k]!,
      stretcher: stretcher[k]!,
    })),
    destinations: Array.from({ length: destCount }, (_, k) => ({
      id: `R${k + 1}`,
      node: pick(half, nodes.length),
      seatedCapacity: o.people,
      stretcherCapacity: stretcherTotal + 1,
    })),
  };
}
