import { z } from 'zod';
import { Polygon } from '../common.js';

/**
 * The planning format (issue 4): metres, km/h, minutes from the plan's start. Read by `corridor plan`,
 * `corridor plan validate` and `POST .../plans`. docs/planning.md explains every field.
 */

const PlaceId = z.string().min(1).max(64);
const Minutes = z.number().min(0).max(1_000_000);
const NonNegInt = z.number().int().min(0).max(10_000_000);

export const PlanNode = z.strictObject({
  id: PlaceId,
  lon: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
});

export const PlanEdge = z.strictObject({
  id: PlaceId,
  from: PlaceId,
  to: PlaceId,
  /** 0 only where two places are at one spot (imported travel-time matrices have such legs). */
  lengthM: z.number().min(0).max(10_000_000),
  speedKph: z.number().positive().max(500),
  /** Vehicles per hour that may enter the edge, per direction of a two-way edge. Absent: no limit. */
  capacityVph: z.number().positive().max(1_000_000).optional(),
  oneway: z.boolean().default(false),
  /** OSM road class when imported (`residential`, `primary`, ...); informative only. */
  class: z.string().max(40).optional(),
  name: z.string().max(200).optional(),
});

export const InlineNetwork = z.strictObject({
  /** Whose map data it is, under what licence (OpenStreetMap's ODbL asks for it with the data). */
  attribution: z.string().max(1000).optional(),
  /**
   * Vehicles drive only the edge that joins two places, never through other nodes: the network is a
   * travel-time matrix between places (as in the bus evacuation problem's instances, `corridor plan
   * import-bep`), whose times need not obey the triangle inequality; a vehicle drives empty only to the
   * pickup it loads at. Absent: roads, shortest paths.
   */
  directLegs: z.boolean().optional(),
  nodes: z.array(PlanNode).max(5_000_000),
  edges: z.array(PlanEdge).max(10_000_000),
});
export const OsmNetworkRef = z.strictObject({ osm: z.string().min(1).max(1000) });
export const Network = z.union([InlineNetwork, OsmNetworkRef]);

export const HazardEffect = z.enum(['closed', 'slow']);
export const PlanHazard = z
  .strictObject({
    id: PlaceId,
    edges: z.array(PlaceId).min(1).optional(),
    area: Polygon.optional(),
    effect: HazardEffect,
    speedFactor: z.number().gt(0).lt(1).optional(),
    fromMin: Minutes.optional(),
    untilMin: Minutes.optional(),
  })
  .refine((h) => (h.edges === undefined) !== (h.area === undefined), 'a hazard names either edges or an area')
  .refine((h) => h.effect !== 'slow' || h.speedFactor !== undefined, 'a slow hazard needs its speedFactor')
  .refine(
    (h) => h.fromMin === undefined || h.untilMin === undefined || h.fromMin < h.untilMin,
    'a hazard must end (untilMin) after it starts (fromMin)',
  );

export const VehicleType = z.strictObject({
  seats: NonNegInt,
  stretchers: NonNegInt,
  loadMin: Minutes,
  unloadMin: Minutes,
});

/** A place is at a road node or at lon/lat (snapped to the nearest node that has an edge). */
const placeAt = {
  node: PlaceId.optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
};
const located = <T extends { node?: string; lon?: number; lat?: number }>(p: T) =>
  p.node !== undefined
    ? p.lon === undefined && p.lat === undefined
    : p.lon !== undefined && p.lat !== undefined;
const LOCATED = 'a place gives either its node or both lon and lat';

export const Depot = z
  .strictObject({ id: PlaceId, ...placeAt, vehicles: z.record(z.string().min(1).max(64), NonNegInt) })
  .refine(located, LOCATED);
export const Pickup = z
  .strictObject({ id: PlaceId, ...placeAt, seated: NonNegInt, stretcher: NonNegInt.default(0) })
  .refine(located, LOCATED);
export const Destination = z
  .strictObject({
    id: PlaceId,
    ...placeAt,
    seatedCapacity: NonNegInt,
    stretcherCapacity: NonNegInt.default(0),
  })
  .refine(located, LOCATED);

export const Problem = z.strictObject({
  network: Network,
  hazards: z.array(PlanHazard).max(100_000).default([]),
  vehicleTypes: z.record(z.string().min(1).max(64), VehicleType),
  depots: z.array(Depot).min(1).max(10_000),
  pickups: z.array(Pickup).max(100_000),
  destinations: z.array(Destination).min(1).max(10_000),
});
export type Problem = z.output<typeof Problem>;
export type ProblemInput = z.input<typeof Problem>;
export type InlineNetwork = z.output<typeof InlineNetwork>;
export type PlanHazard = z.output<typeof PlanHazard>;
/** A problem whose network is inline (an `osm` reference resolved by the caller). */
export type ResolvedProblem = Omit<Problem, 'network'> & { network: InlineNetwork };

export const Leg = z.strictObject({
  from: PlaceId,
  to: PlaceId,
  departMin: Minutes,
  arriveMin: Minutes,
  path: z.array(PlaceId).min(1),
  seated: NonNegInt,
  stretcher: NonNegInt,
});
export type Leg = z.output<typeof Leg>;

export const PlanVehicle = z.strictObject({
  id: PlaceId,
  type: z.string().min(1).max(64),
  depot: PlaceId,
  legs: z.array(Leg),
});
export type PlanVehicle = z.output<typeof PlanVehicle>;

export const LowerBounds = z.strictObject({
  singleTripMin: z.number(),
  fleetWorkloadMin: z.number(),
  cutCapacityMin: z.number(),
  lpMin: z.number().nullable(),
  /** A re-plan's bound from the plan before, when the change only closed or slowed roads. */
  carriedMin: z.number().optional(),
});
export type LowerBounds = z.output<typeof LowerBounds>;

export const Plan = z.strictObject({
  makespanMin: Minutes,
  lowerBoundMin: Minutes,
  vehicles: z.array(PlanVehicle),
  /** Each bound on its own (optional in files written by others); `lowerBoundMin` is the best. */
  bounds: LowerBounds.optional(),
  /** How the plan was made: `baseline` (construction only) or `improved`, the time spent, and so on. */
  stats: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
});
export type Plan = z.output<typeof Plan>;
