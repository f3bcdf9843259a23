import { describe, expect, it } from 'vitest';
import type { Leg, Plan, PlanHazard, ResolvedProblem } from '../contracts/planning/plan.js';
import { MAX_ERRORS, validatePlan } from './validate.js';

/*
 * A line of roads at the equator, 0.01° (about 1.1 km) apart, every edge driven at 60 km/h so that
 * 1000 m take 1 minute:
 *
 *   n1 ─e1─ n2 ─e2─ n3 ─e3(2 km)─ n4 ─e4─ n5        n7 (no edge, just south of n3)
 *    D1      │       P1                    R1
 *            e5 (one-way n2 → n6)
 *            └──── n6 ──e6──┘
 */
function problem(): ResolvedProblem {
  return {
    network: {
      nodes: [
        { id: 'n1', lon: 0, lat: 0 },
        { id: 'n2', lon: 0.01, lat: 0 },
        { id: 'n3', lon: 0.02, lat: 0 },
        { id: 'n4', lon: 0.03, lat: 0 },
        { id: 'n5', lon: 0.04, lat: 0 },
        { id: 'n6', lon: 0.02, lat: 0.01 },
        { id: 'n7', lon: 0.02, lat: -0.002 },
      ],
      edges: [
        { id: 'e1', from: 'n1', to: 'n2', lengthM: 1000, speedKph: 60, oneway: false },
        { id: 'e2', from: 'n2', to: 'n3', lengthM: 1000, speedKph: 60, oneway: false },
        { id: 'e3', from: 'n3', to: 'n4', lengthM: 2000, speedKph: 60, oneway: false },
        { id: 'e4', from: 'n4', to: 'n5', lengthM: 1000, speedKph: 60, oneway: false },
        { id: 'e5', from: 'n2', to: 'n6', lengthM: 1000, speedKph: 60, oneway: true },
        { id: 'e6', from: 'n6', to: 'n3', lengthM: 1000, speedKph: 60, oneway: false },
      ],
    },
    hazards: [],
    vehicleTypes: {
      bus: { seats: 50, stretchers: 0, loadMin: 10, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 3, unloadMin: 2 },
    },
    depots: [{ id: 'D1', node: 'n1', vehicles: { bus: 2, ambulance: 1 } }],
    pickups: [{ id: 'P1', node: 'n3', seated: 60, stretcher: 2 }],
    destinations: [{ id: 'R1', node: 'n5', seatedCapacity: 1000, stretcherCapacity: 10 }],
  };
}

function leg(
  from: string,
  to: string,
  departMin: number,
  arriveMin: number,
  path: string[],
  seated = 0,
  stretcher = 0,
): Leg {
  return { from, to, departMin, arriveMin, path, seated, stretcher };
}

const TO_P1 = ['n1', 'n2', 'n3'];
const TO_R1 = ['n3', 'n4', 'n5'];

/** Both buses and the ambulance drive to P1 (2 min), load, and drive to R1 (3 min); the last bus is free at 20. */
function plan(): Plan {
  return {
    makespanMin: 20,
    lowerBoundMin: 10,
    vehicles: [
      {
        id: 'bus-001',
        type: 'bus',
        depot: 'D1',
        legs: [leg('D1', 'P1', 0, 2, TO_P1), leg('P1', 'R1', 12, 15, TO_R1, 50)],
      },
      {
        id: 'bus-002',
        type: 'bus',
        depot: 'D1',
        legs: [leg('D1', 'P1', 0, 2, TO_P1), leg('P1', 'R1', 12, 15, TO_R1, 10)],
      },
      {
        id: 'amb-001',
        type: 'ambulance',
        depot: 'D1',
        legs: [leg('D1', 'P1', 0, 2, TO_P1), leg('P1', 'R1', 5, 8, TO_R1, 0, 2)],
      },
    ],
  };
}

function vehicle(p: Plan, id: string) {
  const v = p.vehicles.find((x) => x.id === id);
  if (!v) throw new Error(id);
  return v;
}
function legOf(p: Plan, id: string, i: number): Leg {
  const l = vehicle(p, id).legs[i];
  if (!l) throw new Error(`${id} ${i}`);
  return l;
}

/** The errors of a plan, expected to be exactly these (each given as a substring). */
function expectErrors(pr: ResolvedProblem, p: Plan, ...parts: string[]) {
  const r = validatePlan(pr, p);
  expect(r.errors).toEqual(parts.map((s) => expect.stringContaining(s)));
  expect(r.errorCount).toBe(parts.length);
  expect(r.valid).toBe(parts.length === 0);
  return r;
}

const box = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
function areaHazard(h: Omit<PlanHazard, 'area'>, ...rings: number[][][]): PlanHazard {
  return { ...h, area: { type: 'Polygon', coordinates: rings as [number, number][][] } };
}

describe('validatePlan', () => {
  it('accepts a correct plan and sums it up', () => {
    const r = expectErrors(problem(), plan());
    expect(r.summary).toEqual({
      vehicles: 3,
      legs: 6,
      loadedLegs: 3,
      makespanMin: 20,
      delivered: { seated: 60, stretcher: 2 },
    });
  });

  it('accepts a vehicle without legs and an empty leg back to the depot', () => {
    const p = plan();
    p.vehicles[0]!.legs.push(leg('R1', 'D1', 20, 25, ['n5', 'n4', 'n3', 'n2', 'n1']));
    p.vehicles.push({ id: 'bus-003', type: 'bus', depot: 'D1', legs: [] });
    const pr = problem();
    pr.depots[0]!.vehicles.bus = 3;
    expectErrors(pr, p);
  });

  describe('paths', () => {
    it('reports a node that is not in the network', () => {
      const p = plan();
      legOf(p, 'bus-001', 0).path = ['n1', 'nX', 'n3'];
      expectErrors(problem(), p, 'bus-001 leg 0: path node 1 (nX) is not a node of the network');
    });

    it('reports an empty path and a path that does not start or end at its places', () => {
      const p = plan();
      legOf(p, 'bus-001', 0).path = [];
      legOf(p, 'bus-002', 0).path = ['n2', 'n3'];
      legOf(p, 'amb-001', 1).path = ['n3', 'n4'];
      expectErrors(
        problem(),
        p,
        'bus-001 leg 0: empty path',
        'bus-002 leg 0: path starts at n2, but D1 is at node n1',
        'amb-001 leg 1: path ends at n4, but R1 is at node n5',
      );
    });

    it('reports a step between nodes that no edge joins', () => {
      const p = plan();
      legOf(p, 'bus-001', 0).path = ['n1', 'n3'];
      expectErrors(problem(), p, 'bus-001 leg 0: no edge from n1 to n3 (path step 1)');
    });

    it('reports a one-way edge driven backwards', () => {
      const p = plan();
      p.vehicles[0]!.legs.push(leg('R1', 'D1', 20, 25, ['n5', 'n4', 'n3', 'n6', 'n2', 'n1']));
      expectErrors(
        problem(),
        p,
        'bus-001 leg 2: no edge from n6 to n2 (path step 4); one-way edge e5 runs n2 → n6 only',
      );
      // The same edge the right way round is fine.
      const q = plan();
      q.vehicles[0]!.legs.push(leg('R1', 'D1', 20, 25, ['n5', 'n4', 'n3', 'n2', 'n1']));
      q.vehicles[0]!.legs.push(leg('D1', 'P1', 25, 28, ['n1', 'n2', 'n6', 'n3']));
      expectErrors(problem(), q);
    });

    it('lets a leg between places on the same node have a single-node path', () => {
      const pr = problem();
      pr.destinations.push({ id: 'R2', node: 'n1', seatedCapacity: 0, stretcherCapacity: 0 });
      const p = plan();
      p.vehicles[0]!.legs.unshift(leg('D1', 'R2', 0, 0, ['n1']));
      legOf(p, 'bus-001', 1).from = 'R2';
      expectErrors(pr, p);
    });
  });

  describe('hazards', () => {
    it('reports an edge entered while closed, and accepts it from untilMin on', () => {
      // The ambulance enters e4 at 7 min; the buses at 14 min.
      const closure = (untilMin: number): PlanHazard => ({
        id: 'HAZ-1',
        edges: ['e4'],
        effect: 'closed',
        fromMin: 0,
        untilMin,
      });
      const pr = problem();
      pr.hazards = [closure(7.5)];
      expectErrors(pr, plan(), 'amb-001 leg 1: edge e4 entered at 7 min while closed by HAZ-1 [0, 7.5)');
      pr.hazards = [closure(7)];
      expectErrors(pr, plan());
    });

    it('treats a closure without a time window as always on, and reports it', () => {
      const pr = problem();
      pr.hazards = [{ id: 'HAZ-9', edges: ['e1'], effect: 'closed' }];
      const r = validatePlan(pr, plan());
      expect(r.errors).toEqual([
        'bus-001 leg 0: edge e1 entered at 0 min while closed by HAZ-9 [-∞, ∞)',
        'bus-002 leg 0: edge e1 entered at 0 min while closed by HAZ-9 [-∞, ∞)',
        'amb-001 leg 0: edge e1 entered at 0 min while closed by HAZ-9 [-∞, ∞)',
      ]);
    });

    it('takes the fastest open parallel edge', () => {
      const pr = problem();
      // A slow second road from n1 to n2 (2 min) is taken while e1 is closed.
      pr.network.edges.push({ id: 'e1b', from: 'n2', to: 'n1', lengthM: 2000, speedKph: 60, oneway: false });
      pr.hazards = [{ id: 'HAZ-1', edges: ['e1'], effect: 'closed', fromMin: 0, untilMin: 1 }];
      expectErrors(
        pr,
        plan(),
        'bus-001 leg 0: arrives at 2 min, earlier than driving allows (departs 0, arrives 3 at the earliest)',
        'bus-002 leg 0: arrives at 2 min',
        'amb-001 leg 0: arrives at 2 min',
      );
      const p = plan();
      for (const v of p.vehicles) v.legs[0]!.departMin = 1; // e1 open again at 1
      for (const v of p.vehicles) v.legs[0]!.arriveMin = 3;
      legOf(p, 'amb-001', 1).departMin = 6;
      legOf(p, 'amb-001', 1).arriveMin = 9;
      for (const id of ['bus-001', 'bus-002']) {
        legOf(p, id, 1).departMin = 13;
        legOf(p, id, 1).arriveMin = 16;
      }
      p.makespanMin = 21;
      expectErrors(pr, p);
    });

    it('slows every edge that crosses a slow area, so an arrival can be too early', () => {
      // The box sits between n4 and n5: e4 crosses it with both ends outside; no other edge touches it.
      const pr = problem();
      pr.hazards = [
        areaHazard({ id: 'HAZ-2', effect: 'slow', speedFactor: 0.5 }, box(0.033, -0.005, 0.037, 0.005)),
      ];
      expectErrors(
        pr,
        plan(),
        'bus-001 leg 1: arrives at 15 min, earlier than driving allows (departs 12, arrives 16 at the earliest)',
        'bus-002 leg 1: arrives at 15 min, earlier than driving allows (departs 12, arrives 16 at the earliest)',
        'amb-001 leg 1: arrives at 8 min, earlier than driving allows (departs 5, arrives 9 at the earliest)',
      );
      const p = plan();
      legOf(p, 'bus-001', 1).arriveMin = 16;
      legOf(p, 'bus-002', 1).arriveMin = 16;
      legOf(p, 'amb-001', 1).arriveMin = 9;
      p.makespanMin = 21;
      expectErrors(pr, p);
      // Outside its window the slow-down does not count; the factor is taken at entry into the edge.
      pr.hazards[0]!.fromMin = 14.5;
      expectErrors(pr, plan());
    });

    it('counts a hole of an area as outside it', () => {
      // A big box with a hole around n2..n5: e1 (n1 inside) and e5, e6 (n6 inside) are slowed; e2, e3, e4 lie in the hole.
      const pr = problem();
      pr.hazards = [
        areaHazard(
          { id: 'HAZ-3', effect: 'slow', speedFactor: 0.5 },
          box(-0.01, -0.02, 0.06, 0.02),
          box(0.005, -0.005, 0.045, 0.005),
        ),
      ];
      expectErrors(
        pr,
        plan(),
        'bus-001 leg 0: arrives at 2 min, earlier than driving allows (departs 0, arrives 3 at the earliest)',
        'bus-002 leg 0: arrives at 2 min',
        'amb-001 leg 0: arrives at 2 min',
      );
    });

    it('multiplies the factors of several slow hazards on one edge', () => {
      const pr = problem();
      pr.hazards = [
        { id: 'S1', edges: ['e4'], effect: 'slow', speedFactor: 0.5 },
        { id: 'S2', edges: ['e4'], effect: 'slow', speedFactor: 0.5 },
      ];
      const r = validatePlan(pr, plan());
      expect(r.errors[0]).toBe(
        'bus-001 leg 1: arrives at 15 min, earlier than driving allows (departs 12, arrives 18 at the earliest)',
      );
    });
  });

  describe('timing of legs', () => {
    it('reports a loaded leg that leaves before loadMin is over', () => {
      const p = plan();
      legOf(p, 'amb-001', 1).departMin = 4;
      legOf(p, 'amb-001', 1).arriveMin = 7;
      expectErrors(
        problem(),
        p,
        'amb-001 leg 1: departs from P1 at 4 min, before loading ends at 5 min (arrived at 2 + loadMin 3)',
      );
    });

    it('reports a leg that leaves before unloadMin is over', () => {
      const p = plan();
      vehicle(p, 'bus-001').legs.push(leg('R1', 'D1', 17, 22, ['n5', 'n4', 'n3', 'n2', 'n1']));
      expectErrors(
        problem(),
        p,
        'bus-001 leg 2: departs at 17 min, before unloading ends at 20 min (leg 1 arrives at 15 + unloadMin 5)',
      );
    });

    it('reports a leg that leaves before the previous one arrives, or arrives before it leaves', () => {
      const p = plan();
      legOf(p, 'amb-001', 1).departMin = 1;
      legOf(p, 'bus-001', 0).arriveMin = -1;
      const r = validatePlan(problem(), p);
      expect(r.errors).toContain('amb-001 leg 1: departs at 1 min, before leg 0 arrives at 2 min');
      expect(r.errors).toContain('bus-001 leg 0: arrives at -1 min, before it departs at 0 min');
    });

    it('allows arrivals within 1e-6 min of the driving time', () => {
      const p = plan();
      legOf(p, 'bus-001', 0).arriveMin = 2 - 5e-7;
      expectErrors(problem(), p);
      legOf(p, 'bus-001', 0).arriveMin = 2 - 5e-6;
      expectErrors(problem(), p, 'bus-001 leg 0: arrives at 1.999995 min, earlier than driving allows');
    });
  });

  describe('legs chain', () => {
    it('reports a leg that does not start where the previous one ended', () => {
      const p = plan();
      vehicle(p, 'bus-001').legs.push(leg('P1', 'D1', 20, 22, ['n3', 'n2', 'n1']));
      expectErrors(problem(), p, 'bus-001 leg 2: starts at P1, but leg 1 ended at R1');
    });

    it('reports a first leg that does not start at the depot', () => {
      const pr = problem();
      pr.depots.push({ id: 'D2', node: 'n2', vehicles: { ambulance: 1 } });
      const p = plan();
      vehicle(p, 'amb-001').depot = 'D2';
      expectErrors(pr, p, "amb-001 leg 0: starts at D1, not at the vehicle's depot D2");
    });

    it('reports unknown places and a loaded leg that is not pickup to destination', () => {
      const p = plan();
      vehicle(p, 'bus-001').legs.push(leg('R1', 'R9', 20, 25, ['n5']));
      vehicle(p, 'bus-001').legs.push(leg('R9', 'D1', 25, 30, ['n5', 'n4', 'n3', 'n2', 'n1'], 1));
      const r = validatePlan(problem(), p);
      expect(r.errors).toContain('bus-001 leg 2: unknown place R9');
      expect(r.errors).toContain('bus-001 leg 3: carries people to D1, which is not a destination');
      expect(r.valid).toBe(false);
    });
  });

  describe('loads', () => {
    it('reports more seated people than seats', () => {
      const p = plan();
      legOf(p, 'bus-001', 1).seated = 51;
      legOf(p, 'bus-002', 1).seated = 9;
      expectErrors(problem(), p, "bus-001 leg 1: seated 51 exceeds the bus's 50 seats");
    });

    it('reports a stretcher in a bus', () => {
      const p = plan();
      legOf(p, 'bus-002', 1).stretcher = 1;
      legOf(p, 'amb-001', 1).stretcher = 1;
      expectErrors(problem(), p, "bus-002 leg 1: stretcher 1 exceeds the bus's 0 stretchers");
    });

    it('reports people left behind', () => {
      const p = plan();
      legOf(p, 'bus-002', 1).seated = 5;
      legOf(p, 'amb-001', 1).stretcher = 1;
      expectErrors(
        problem(),
        p,
        'pickup P1: 55 of 60 seated people moved (5 left behind)',
        'pickup P1: 1 of 2 stretcher people moved (1 left behind)',
      );
    });

    it('reports people moved twice', () => {
      const p = plan();
      const bus = vehicle(p, 'bus-002');
      bus.legs.push(leg('R1', 'P1', 20, 23, ['n5', 'n4', 'n3']));
      bus.legs.push(leg('P1', 'R1', 33, 36, TO_R1, 10));
      p.makespanMin = 41;
      const r = expectErrors(
        problem(),
        p,
        'pickup P1: 70 of 60 seated people moved (10 more than the pickup has',
      );
      expect(r.summary.delivered).toEqual({ seated: 70, stretcher: 2 });
      expect(r.summary.makespanMin).toBe(41);
    });

    it('reports a destination over its capacity', () => {
      const pr = problem();
      pr.destinations[0]!.seatedCapacity = 55;
      pr.destinations[0]!.stretcherCapacity = 1;
      expectErrors(
        pr,
        plan(),
        'destination R1: receives 60 seated people, over its seatedCapacity 55',
        'destination R1: receives 2 stretcher people, over its stretcherCapacity 1',
      );
    });
  });

  describe('edge capacity', () => {
    const limited = () => {
      const pr = problem();
      pr.network.edges[2]!.capacityVph = 2; // e3, entered at 5 (ambulance) and 12 (both buses)
      return pr;
    };

    it('reports three entries within 60 minutes on an edge that takes two an hour', () => {
      expectErrors(
        limited(),
        plan(),
        'edge e3 (n3 → n4): 3 vehicles enter in [5, 65) min, over its capacityVph 2 (amb-001 leg 1, bus-001 leg 1, bus-002 leg 1)',
      );
    });

    it('accepts three entries spread over 61 minutes, or 60 (the window excludes its end)', () => {
      for (const at of [66, 65]) {
        const p = plan();
        legOf(p, 'bus-002', 1).departMin = at;
        legOf(p, 'bus-002', 1).arriveMin = at + 3;
        p.makespanMin = at + 8;
        expectErrors(limited(), p);
      }
      const p = plan();
      legOf(p, 'bus-002', 1).departMin = 64.5;
      legOf(p, 'bus-002', 1).arriveMin = 67.5;
      p.makespanMin = 72.5;
      expectErrors(limited(), p, 'edge e3 (n3 → n4): 3 vehicles enter in [5, 65) min');
    });

    it('counts each direction of a two-way edge on its own', () => {
      const p = plan();
      vehicle(p, 'bus-001').legs.push(leg('R1', 'D1', 20, 25, ['n5', 'n4', 'n3', 'n2', 'n1']));
      legOf(p, 'bus-002', 1).departMin = 66;
      legOf(p, 'bus-002', 1).arriveMin = 69;
      p.makespanMin = 74;
      expectErrors(limited(), p);
    });
  });

  describe('makespan, bound and fleet', () => {
    it('reports a wrong makespan', () => {
      const p = plan();
      p.makespanMin = 25;
      expectErrors(
        problem(),
        p,
        'makespanMin 25 does not match the legs: the last loaded leg ends at 20 min (bus-001 leg 1 arrives at 15 + unloadMin 5)',
      );
    });

    it('reports a lower bound above the makespan', () => {
      const p = plan();
      p.lowerBoundMin = 20.5;
      expectErrors(problem(), p, 'lowerBoundMin 20.5 exceeds makespanMin 20');
      p.lowerBoundMin = 20 + 5e-7;
      expectErrors(problem(), p);
    });

    it('wants a makespan of 0 for a plan without loaded legs', () => {
      const pr = problem();
      pr.pickups = [];
      expectErrors(pr, { makespanMin: 0, lowerBoundMin: 0, vehicles: [] });
      expectErrors(pr, { makespanMin: 3, lowerBoundMin: 0, vehicles: [] }, 'there is no loaded leg (0)');
    });

    it('reports more vehicles than a depot has, unknown types, depots and repeated ids', () => {
      const p = plan();
      p.vehicles.push({ id: 'bus-003', type: 'bus', depot: 'D1', legs: [] });
      p.vehicles.push({ id: 'bus-003', type: 'tank', depot: 'D1', legs: [] });
      p.vehicles.push({ id: 'bus-004', type: 'bus', depot: 'P1', legs: [] });
      expectErrors(
        problem(),
        p,
        'vehicle id bus-003 appears more than once',
        'bus-003: unknown vehicle type tank',
        'bus-004: unknown depot P1',
        'depot D1: the plan uses 3 bus vehicles, the depot has 2',
      );
    });

    it('keeps 50 messages and counts them all', () => {
      const p = plan();
      for (let i = 0; i < 60; i++) p.vehicles.push({ id: `x-${i}`, type: 'x', depot: 'D1', legs: [] });
      const r = validatePlan(problem(), p);
      expect(r.errors).toHaveLength(MAX_ERRORS);
      expect(r.errorCount).toBe(60);
      expect(r.errors[0]).toBe('x-0: unknown vehicle type x');
    });
  });

  describe('places', () => {
    it('snaps a place given by lon/lat to the nearest node that has an edge', () => {
      // n7 is nearest to the pickup but has no edge; n3 is the nearest one with an edge.
      const pr = problem();
      pr.pickups = [{ id: 'P1', lon: 0.02, lat: -0.0015, seated: 60, stretcher: 2 }];
      expectErrors(pr, plan());
      const p = plan();
      legOf(p, 'bus-001', 0).path = ['n1', 'n2', 'n3', 'n7'];
      expect(validatePlan(pr, p).errors).toContain('bus-001 leg 0: path ends at n7, but P1 is at node n3');
    });

    it('breaks a tie in distance by the order of the nodes', () => {
      const pr = problem();
      // R2 is exactly as far from a as from b (binary fractions keep the arithmetic exact); a comes first.
      pr.network.nodes.push({ id: 'a', lon: 0.5, lat: 0 }, { id: 'b', lon: 0.25, lat: 0 });
      pr.network.edges.push({ id: 'ab', from: 'b', to: 'a', lengthM: 1000, speedKph: 60, oneway: false });
      pr.destinations.push({ id: 'R2', lon: 0.375, lat: 0, seatedCapacity: 0, stretcherCapacity: 0 });
      const p = plan();
      p.vehicles.push({
        id: 'amb-002',
        type: 'ambulance',
        depot: 'D1',
        legs: [leg('D1', 'R2', 0, 1, ['n1', 'b'])],
      });
      pr.depots[0]!.vehicles.ambulance = 2;
      expect(validatePlan(pr, p).errors).toEqual([
        'amb-002 leg 0: path ends at b, but R2 is at node a',
        'amb-002 leg 0: no edge from n1 to b (path step 1)',
      ]);
    });

    it('reports a place id used twice and a place at a node that does not exist', () => {
      const pr = problem();
      pr.destinations.push({ id: 'P1', node: 'n5', seatedCapacity: 1, stretcherCapacity: 0 });
      pr.destinations.push({ id: 'R3', node: 'n99', seatedCapacity: 1, stretcherCapacity: 0 });
      const r = validatePlan(pr, plan());
      expect(r.errors).toEqual([
        'problem: place id P1 is used more than once (depots, pickups and destinations share ids)',
        'problem: destination R3 is at node n99, which is not in the network',
      ]);
    });
  });
});
