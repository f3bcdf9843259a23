import type { Leg, PlanVehicle, ResolvedProblem } from '../contracts/planning/plan.js';
import { EPS_MIN, fmt, windowText } from './validate-format.js';
import type { Fail, Place, RoadIndex } from './validate-roads.js';

type VehicleType = ResolvedProblem['vehicleTypes'][string];

/** A leg being checked, and what its checks share. */
interface LegContext {
  /** How messages name the leg. */
  readonly tag: string;
  readonly vehicle: PlanVehicle;
  /** Its vehicle's type, undefined when unknown (reported). */
  readonly type: VehicleType | undefined;
  readonly vi: number;
  readonly leg: Leg;
  readonly li: number;
  /** The vehicle's leg before (none for its first), and whether it carried people. */
  readonly prev: Leg | undefined;
  readonly prevLoaded: boolean;
  readonly from: Place | undefined;
  readonly to: Place | undefined;
  /** Whether departMin and arriveMin are finite numbers. */
  readonly timesOk: boolean;
}

/**
 * Entries into edges that have a capacity, one per index: the half-edge (edge * 2 + direction), the
 * time, the vehicle's index and the leg's.
 */
export interface EdgeEntries {
  readonly half: number[];
  readonly time: number[];
  readonly vehicle: number[];
  readonly leg: number[];
}

/** What the checks of vehicles and legs count, for the checks of the whole plan. */
export interface Tally {
  readonly pickedSeated: Float64Array;
  readonly pickedStretcher: Float64Array;
  readonly droppedSeated: Float64Array;
  readonly droppedStretcher: Float64Array;
  /** Vehicles used per depot and type, in the order first used. */
  readonly fleetUse: Map<string, { depot: string; type: string; count: number }>;
  readonly entries: EdgeEntries;
  legs: number;
  loadedLegs: number;
  /** The makespan the legs give: the latest end (arrival plus unloading) of a loaded leg. */
  latest: number;
  /** Which leg ends at `latest`, for the message of a wrong makespan. */
  latestLeg: string;
  deliveredSeated: number;
  deliveredStretcher: number;
}

/**
 * The checks of a plan's vehicles and their legs, vehicle by vehicle and leg by leg: ids, types and
 * depots; legs that chain in time and place; loads; paths driven through the hazards. What the checks
 * of the whole plan need is counted in `tally`.
 */
export class VehicleCheck {
  readonly tally: Tally;
  private readonly vehicleIds = new Set<string>();

  constructor(
    private readonly problem: ResolvedProblem,
    private readonly roads: RoadIndex,
    private readonly places: ReadonlyMap<string, Place>,
    private readonly fail: Fail,
  ) {
    this.tally = {
      pickedSeated: new Float64Array(problem.pickups.length),
      pickedStretcher: new Float64Array(problem.pickups.length),
      droppedSeated: new Float64Array(problem.destinations.length),
      droppedStretcher: new Float64Array(problem.destinations.length),
      fleetUse: new Map(),
      entries: { half: [], time: [], vehicle: [], leg: [] },
      legs: 0,
      loadedLegs: 0,
      latest: 0,
      latestLeg: '',
      deliveredSeated: 0,
      deliveredStretcher: 0,
    };
  }

  /** A vehicle's id, type and depot, then its legs in order. */
  check(vehicle: PlanVehicle, vi: number): void {
    const { fail } = this;
    if (this.vehicleIds.has(vehicle.id)) fail(`vehicle id ${vehicle.id} appears more than once`);
    this.vehicleIds.add(vehicle.id);
    const types = this.problem.vehicleTypes;
    const type = Object.hasOwn(types, vehicle.type) ? types[vehicle.type] : undefined;
    if (!type) fail(`${vehicle.id}: unknown vehicle type ${vehicle.type}`);
    const depotPlace = this.places.get(vehicle.depot);
    if (!depotPlace || depotPlace.kind !== 'depot') fail(`${vehicle.id}: unknown depot ${vehicle.depot}`);
    else if (type) {
      const key = `${vehicle.depot}\u0000${vehicle.type}`;
      const use = this.tally.fleetUse.get(key);
      if (use) use.count++;
      else this.tally.fleetUse.set(key, { depot: vehicle.depot, type: vehicle.type, count: 1 });
    }

    let prev: Leg | undefined;
    let prevLoaded = false;
    vehicle.legs.forEach((leg, li) => {
      this.tally.legs++;
      const tag = `${vehicle.id} leg ${li}`;
      const from = this.places.get(leg.from);
      const to = this.places.get(leg.to);
      if (!from) fail(`${tag}: unknown place ${leg.from}`);
      if (!to) fail(`${tag}: unknown place ${leg.to}`);
      const timesOk = Number.isFinite(leg.departMin) && Number.isFinite(leg.arriveMin);
      if (!timesOk) fail(`${tag}: departMin and arriveMin must be finite numbers`);
      const c: LegContext = { tag, vehicle, type, vi, leg, li, prev, prevLoaded, from, to, timesOk };
      this.chain(c);
      const loaded = this.load(c);
      this.drive(c);
      if (this.roads.direct && li > 0 && !prevLoaded && !loaded)
        fail(
          `${tag}: a second empty leg in a row; with direct legs a vehicle drives empty only to the pickup it loads at`,
        );
      prev = leg;
      prevLoaded = loaded;
    });
    if (this.roads.direct && prev && !prevLoaded)
      fail(
        `${vehicle.id}: its last leg is empty; with direct legs a vehicle drives empty only to the pickup it loads at`,
      );
  }

  /** A leg starts where the one before ended (the first at the depot), once that one is done. */
  private chain({ tag, vehicle, type, leg, li, prev, prevLoaded, timesOk }: LegContext): void {
    const { fail } = this;
    if (!prev) {
      if (leg.from !== vehicle.depot)
        fail(`${tag}: starts at ${leg.from}, not at the vehicle's depot ${vehicle.depot}`);
      if (timesOk && leg.departMin < -EPS_MIN) fail(`${tag}: departs at ${fmt(leg.departMin)} min, before 0`);
    } else {
      if (leg.from !== prev.to) fail(`${tag}: starts at ${leg.from}, but leg ${li - 1} ended at ${prev.to}`);
      const unload = prevLoaded ? (type?.unloadMin ?? 0) : 0;
      const ready = prev.arriveMin + unload;
      if (timesOk && leg.departMin < ready - EPS_MIN) {
        fail(
          prevLoaded
            ? `${tag}: departs at ${fmt(leg.departMin)} min, before unloading ends at ${fmt(ready)} min (leg ${li - 1} arrives at ${fmt(prev.arriveMin)} + unloadMin ${fmt(unload)})`
            : `${tag}: departs at ${fmt(leg.departMin)} min, before leg ${li - 1} arrives at ${fmt(ready)} min`,
        );
      }
    }
    if (timesOk && leg.departMin > leg.arriveMin + EPS_MIN) {
      fail(`${tag}: arrives at ${fmt(leg.arriveMin)} min, before it departs at ${fmt(leg.departMin)} min`);
    }
  }

  /**
   * The people a leg carries: whole numbers, from a pickup to a destination, within the vehicle's
   * seats and stretchers and after loading; counted. Returns whether it carries anyone.
   */
  private load({ tag, vehicle, type, leg, prev, from, to, timesOk }: LegContext): boolean {
    const { fail } = this;
    const countsOk = isCount(leg.seated) && isCount(leg.stretcher);
    if (!countsOk) fail(`${tag}: seated and stretcher must be whole numbers >= 0`);
    const loaded = countsOk && leg.seated + leg.stretcher > 0;
    if (!loaded) return false;
    this.tally.loadedLegs++;
    if (from && from.kind !== 'pickup')
      fail(`${tag}: carries people from ${leg.from}, which is not a pickup`);
    if (to && to.kind !== 'destination')
      fail(`${tag}: carries people to ${leg.to}, which is not a destination`);
    if (type) {
      if (leg.seated > type.seats) {
        fail(`${tag}: seated ${leg.seated} exceeds the ${vehicle.type}'s ${type.seats} seats`);
      }
      if (leg.stretcher > type.stretchers) {
        fail(
          `${tag}: stretcher ${leg.stretcher} exceeds the ${vehicle.type}'s ${type.stretchers} stretchers`,
        );
      }
      if (prev && timesOk && leg.departMin < prev.arriveMin + type.loadMin - EPS_MIN) {
        fail(
          `${tag}: departs from ${leg.from} at ${fmt(leg.departMin)} min, before loading ends at ${fmt(prev.arriveMin + type.loadMin)} min (arrived at ${fmt(prev.arriveMin)} + loadMin ${fmt(type.loadMin)})`,
        );
      }
    }
    if (from?.kind === 'pickup') {
      this.tally.pickedSeated[from.index]! += leg.seated;
      this.tally.pickedStretcher[from.index]! += leg.stretcher;
    }
    if (to?.kind === 'destination') {
      this.tally.droppedSeated[to.index]! += leg.seated;
      this.tally.droppedStretcher[to.index]! += leg.stretcher;
      this.tally.deliveredSeated += leg.seated;
      this.tally.deliveredStretcher += leg.stretcher;
    }
    const end = leg.arriveMin + (type?.unloadMin ?? 0);
    if (Number.isFinite(end) && end > this.tally.latest) {
      this.tally.latest = end;
      this.tally.latestLeg = `${tag} arrives at ${fmt(leg.arriveMin)} + unloadMin ${fmt(type?.unloadMin ?? 0)}`;
    }
    return true;
  }

  /**
   * Drives a leg's path from its departure, through the hazards as they hold when each edge is entered
   * (the fastest open edge between two nodes): the path joins the leg's places, every step has an open
   * edge, and the leg arrives no earlier than driving allows. Entries into edges with a capacity are noted.
   */
  private drive({ tag, vi, leg, li, from, to }: LegContext): void {
    const { fail, roads } = this;
    const path = leg.path;
    if (!Array.isArray(path) || path.length === 0) {
      fail(`${tag}: empty path`);
      return;
    }
    if (from && from.node >= 0 && path[0] !== roads.nodeName(from.node)) {
      fail(`${tag}: path starts at ${path[0]}, but ${leg.from} is at node ${roads.nodeName(from.node)}`);
    }
    if (to && to.node >= 0 && path[path.length - 1] !== roads.nodeName(to.node)) {
      fail(
        `${tag}: path ends at ${path[path.length - 1]}, but ${leg.to} is at node ${roads.nodeName(to.node)}`,
      );
    }
    if (roads.direct && path.length > 2)
      fail(
        `${tag}: drives through ${path.length - 2} node(s) between its places; legs of a network of direct legs are one edge each`,
      );
    let u = roads.nodeIndex.get(path[0]!) ?? -1;
    if (u < 0) {
      fail(`${tag}: path node 0 (${path[0]}) is not a node of the network`);
      return;
    }
    if (!Number.isFinite(leg.departMin)) return;
    let t = leg.departMin;
    for (let k = 1; k < path.length; k++) {
      const v = roads.nodeIndex.get(path[k]!) ?? -1;
      if (v < 0) {
        fail(`${tag}: path node ${k} (${path[k]}) is not a node of the network`);
        return;
      }
      const step = roads.step(u, v, t);
      if (step.candidates === 0) {
        const oneway = roads.onewayEdge(v, u);
        const note =
          oneway < 0
            ? ''
            : `; one-way edge ${roads.edges[oneway]!.id} runs ${roads.nodeName(v)} → ${roads.nodeName(u)} only`;
        fail(`${tag}: no edge from ${roads.nodeName(u)} to ${roads.nodeName(v)} (path step ${k})${note}`);
        return;
      }
      if (step.half < 0) {
        const hazard = roads.hazards[step.closedBy]!;
        const others =
          step.candidates > 1 ? ` (and ${step.candidates - 1} parallel edge(s), all closed)` : '';
        fail(
          `${tag}: edge ${roads.edges[step.closedHalf >> 1]!.id} entered at ${fmt(t)} min while closed by ${hazard.id} ${windowText(hazard)}${others}`,
        );
        return;
      }
      if (roads.edges[step.half >> 1]!.capacityVph !== undefined) {
        this.tally.entries.half.push(step.half);
        this.tally.entries.time.push(t);
        this.tally.entries.vehicle.push(vi);
        this.tally.entries.leg.push(li);
      }
      t += step.minutes;
      u = v;
    }
    if (Number.isFinite(leg.arriveMin) && leg.arriveMin < t - EPS_MIN) {
      fail(
        `${tag}: arrives at ${fmt(leg.arriveMin)} min, earlier than driving allows (departs ${fmt(leg.departMin)}, arrives ${fmt(t)} at the earliest)`,
      );
    }
  }
}

function isCount(x: number): boolean {
  return Number.isInteger(x) && x >= 0;
}
