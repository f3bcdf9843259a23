import type { ResolvedProblem } from '../contracts/planning/plan.js';
import { split } from './generate-city.js';
import { mulberry32 } from './random.js';

export { generateCity, type CityOptions } from './generate-city.js';

/**
 * Synthetic problems for benchmarks and tests: generated cities (`generate-city.ts`), small cities whose
 * optimum is known, and demand on a given network.
 */

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
  const destCount = o.destinations ?? 3;
  // Each place on a node of its own: pickups in the north half, depots and reception points in the south.
  if (o.pickups > half || 2 + destCount > nodes.length - half)
    throw new Error(
      `a network of ${nodes.length} road nodes has room for ${half} pickups and ${nodes.length - half - 2} reception points; asked for ${o.pickups} and ${destCount}`,
    );
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
