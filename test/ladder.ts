import type { ResolvedProblem } from '../src/contracts/planning/plan.js';

/** A 2x3 ladder: n1-n2-n3 on top, n4-n5-n6 below, rungs between them, 1 km streets at 60 km/h (1 min). */
export function ladder(): ResolvedProblem {
  const nodes = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((id, i) => ({
    id,
    lon: 37 + (i % 3) * 0.01,
    lat: 36 + (i < 3 ? 0.01 : 0),
  }));
  const e = (id: string, from: string, to: string, extra: object = {}) => ({
    id,
    from,
    to,
    lengthM: 1000,
    speedKph: 60,
    oneway: false,
    ...extra,
  });
  return {
    network: {
      nodes,
      edges: [
        e('a', 'n1', 'n2'),
        e('b', 'n2', 'n3'),
        e('c', 'n4', 'n5'),
        e('d', 'n5', 'n6'),
        e('r1', 'n1', 'n4'),
        e('r2', 'n2', 'n5'),
        e('r3', 'n3', 'n6'),
      ],
    },
    hazards: [],
    vehicleTypes: {
      bus: { seats: 10, stretchers: 0, loadMin: 5, unloadMin: 5 },
      ambulance: { seats: 1, stretchers: 1, loadMin: 5, unloadMin: 5 },
    },
    depots: [{ id: 'D1', node: 'n4', vehicles: { bus: 2, ambulance: 1 } }],
    pickups: [{ id: 'P1', node: 'n3', seated: 25, stretcher: 1 }],
    destinations: [{ id: 'R1', node: 'n1', seatedCapacity: 100, stretcherCapacity: 5 }],
  };
}
