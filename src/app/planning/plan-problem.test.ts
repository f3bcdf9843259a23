import { describe, expect, it } from 'vitest';
import { PlanRequest } from '../../contracts/planning/plans.js';
import { plan } from '../../planner/index.js';
import { planningProblem, SNAP_LIMIT_METRES, type PlanningState } from './plan-problem.js';

// A road 3 km long running east along latitude 36, and places near its ends.
function state(): PlanningState {
  const vehicle = (n: number, kind: 'bus' | 'ambulance' | 'truck', seats: number, stretchers: number) => ({
    id: `v${n}`,
    code: `VEH-${String(n).padStart(3, '0')}`,
    kind,
    seats,
    stretchers,
  });
  return {
    corridors: [
      {
        id: 'c1',
        code: 'COR-1',
        route: [
          [37.0, 36.0],
          [37.015, 36.0],
          [37.03, 36.0],
        ],
      },
    ],
    pickupPoints: [
      { id: 'p1', code: 'PICK-1', location: [37.0, 36.001], seated: 50, stretcher: 2 },
      { id: 'p2', code: 'PICK-2', location: [37.001, 36.0], seated: 0, stretcher: 0 },
    ],
    receptionPoints: [
      { id: 'r1', code: 'RP-1', location: [37.03, 36.0], capacity: 500 },
      { id: 'r2', code: 'RP-2', location: [37.03, 36.001], capacity: 500 },
      // Behind no usable corridor: 11 km north.
      { id: 'r3', code: 'RP-3', location: [37.03, 36.1], capacity: 500 },
    ],
    vehicles: [
      vehicle(3, 'bus', 45, 0),
      vehicle(1, 'bus', 30, 0),
      vehicle(2, 'bus', 45, 0),
      vehicle(4, 'ambulance', 2, 2),
      vehicle(5, 'truck', 0, 0),
    ],
  };
}
const request = (body: unknown = {}) => PlanRequest.parse(body);

describe('the planning problem of an operation', () => {
  it('plans the pickup points with people to the reception points the corridors reach', () => {
    const built = planningProblem(state(), request());
    expect(built.network).toBe('corridors');
    expect(built.problem.pickups).toEqual([
      { id: 'PICK-1', lon: 37.0, lat: 36.001, seated: 50, stretcher: 2 },
    ]);
    expect(built.problem.destinations.map((d) => [d.id, d.seatedCapacity, d.stretcherCapacity])).toEqual([
      ['RP-1', 500, 500],
      ['RP-2', 500, 500],
    ]);
    expect(built.places.map((p) => p.key)).toEqual(['PICK-1', 'RP-1', 'RP-2', 'DEPOT-RP-1', 'DEPOT-RP-2']);
  });

  it('makes one vehicle type per kind, as large as its largest vehicle, and leaves out kinds that carry nobody', () => {
    const built = planningProblem(state(), request({ vehicleTypes: { bus: { loadMin: 12 } } }));
    expect(built.problem.vehicleTypes).toEqual({
      bus: { seats: 45, stretchers: 0, loadMin: 12, unloadMin: 5 },
      ambulance: { seats: 2, stretchers: 2, loadMin: 5, unloadMin: 5 },
    });
  });

  it('splits the free fleet evenly over the reception points and names vehicles as the planner does', () => {
    const built = planningProblem(state(), request());
    expect(built.problem.depots.map((d) => d.vehicles)).toEqual([{ bus: 2, ambulance: 1 }, { bus: 1 }]);
    const result = plan(built.problem, { timeLimitSec: 1, baseline: true });
    expect(result.vehicles.length).toBeGreaterThan(0);
    for (const v of result.vehicles) expect(built.vehicleOf.get(v.id)?.kind).toBe(v.type);
    // Buses by code: VEH-001, VEH-002 at the first depot, VEH-003 at the second.
    expect([...built.vehicleOf].map(([k, v]) => `${k}=${v.id}`)).toEqual([
      'bus-001=v1',
      'bus-002=v2',
      'ambulance-001=v4',
      'bus-003=v3',
    ]);
  });

  it('takes depots from the request, but never more vehicles of a kind than are free', () => {
    const built = planningProblem(
      state(),
      request({ depots: [{ id: 'YARD', lon: 37.03, lat: 36.0, vehicles: { ambulance: 1, bus: 0 } }] }),
    );
    expect(built.problem.depots).toEqual([{ id: 'YARD', lon: 37.03, lat: 36.0, vehicles: { ambulance: 1 } }]);
    expect(() =>
      planningProblem(
        state(),
        request({ depots: [{ id: 'Y', lon: 37.03, lat: 36.0, vehicles: { truck: 1 } }] }),
      ),
    ).toThrow(/at least 1 vehicles of kind truck, but 0 are free/);
  });

  it(`refuses a pickup point or a depot more than ${SNAP_LIMIT_METRES / 1000} km from every usable corridor`, () => {
    const far = state();
    far.pickupPoints[0]!.location = [37.0, 36.05];
    expect(() => planningProblem(far, request())).toThrow(
      /pickup point PICK-1 is 5\.6 km from the nearest route/,
    );
    expect(() =>
      planningProblem(
        state(),
        request({ depots: [{ id: 'Y', lon: 37.2, lat: 36.0, vehicles: { bus: 1 } }] }),
      ),
    ).toThrow(/depot Y is/);
  });

  it('snaps every place to a network given with the request, however far', () => {
    const network = {
      nodes: [
        { id: 'a', lon: 37.0, lat: 36.0 },
        { id: 'b', lon: 37.03, lat: 36.0 },
      ],
      edges: [{ id: 'ab', from: 'a', to: 'b', lengthM: 2700, speedKph: 30 }],
    };
    const built = planningProblem(state(), request({ network }));
    expect(built.network).toBe('inline');
    expect(built.problem.destinations.map((d) => d.id)).toEqual(['RP-1', 'RP-2', 'RP-3']);
  });

  it('refuses what cannot be planned at all', () => {
    const none = state();
    none.pickupPoints = [];
    expect(() => planningProblem(none, request())).toThrow(/no pickup point has people waiting/);
    const closed = state();
    closed.corridors = [];
    expect(() => planningProblem(closed, request())).toThrow(/no planned or open corridor/);
    const nowhere = state();
    nowhere.receptionPoints = nowhere.receptionPoints.slice(2);
    expect(() => planningProblem(nowhere, request())).toThrow(/no reception point is within reach/);
  });

  it('closes the roads near an open critical incident and slows them near a serious one', () => {
    const incidents = state();
    incidents.incidents = [
      { code: 'INC-1', severity: 'serious', status: 'verified', location: [37.015, 36.0] },
      { code: 'INC-2', severity: 'critical', status: 'closed', location: [37.015, 36.0] },
      { code: 'INC-3', severity: 'moderate', status: 'reported', location: [37.015, 36.0] },
      { code: 'INC-4', severity: 'critical', status: 'unverified', location: [37.015, 36.0] },
    ];
    const built = planningProblem(incidents, request());
    expect(built.problem.hazards.map((h) => [h.id, h.effect, h.speedFactor])).toEqual([
      ['INC-1', 'slow', 0.5],
    ]);
    const clear = plan(planningProblem(state(), request()).problem, { timeLimitSec: 1, baseline: true });
    const slowed = plan(built.problem, { timeLimitSec: 1, baseline: true });
    expect(slowed.makespanMin).toBeGreaterThan(clear.makespanMin);

    const critical = state();
    critical.incidents = [
      { code: 'INC-5', severity: 'critical', status: 'reported', location: [37.015, 36.0] },
    ];
    expect(planningProblem(critical, request()).problem.hazards.map((h) => [h.id, h.effect])).toEqual([
      ['INC-5', 'closed'],
    ]);
    expect(() => plan(planningProblem(critical, request()).problem, { timeLimitSec: 1 })).toThrow(/PICK-1/);
  });
});
