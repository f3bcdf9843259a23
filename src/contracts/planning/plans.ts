import { z } from 'zod';
import { Code, LineString, Point, Text, Timestamp, Uuid, VEHICLE_KINDS } from '../common.js';
import { InlineNetwork, LowerBounds, PlanHazard } from './plan.js';

/**
 * Plans in the product: the events that record a plan and its adoption, and the bodies of
 * `POST .../plans` and `POST .../plans/{ref}/adopt`. The planning format itself is in plan.ts.
 */

export const PLAN_STATUSES = ['proposed', 'adopted', 'superseded'] as const;
const VEHICLE_KIND = z.enum(VEHICLE_KINDS);

const PlaceKey = z.string().min(1).max(64);
const Minutes = z.number().min(0).max(1_000_000);
const People = z.number().int().min(0).max(10_000_000);

/** A place of the plan: pickup points and reception points by their code, depots by their own id. */
export const PlanPlace = z.strictObject({
  key: PlaceKey,
  kind: z.enum(['pickup-point', 'reception-point', 'depot']),
  /** The pickup point's or reception point's UUID; depots are not records. */
  id: Uuid.optional(),
  location: Point,
});

export const PlanLegRecord = z.strictObject({
  from: PlaceKey,
  to: PlaceKey,
  departMin: Minutes,
  arriveMin: Minutes,
  seated: People,
  stretcher: People,
  /** The road nodes the leg drives through, as a line. */
  path: LineString,
  /** Loaded legs: the corridor whose route the path follows most (a convoy on adoption). */
  corridorId: Uuid.optional(),
});

export const PlanVehicleRecord = z.strictObject({
  vehicleId: Uuid,
  kind: VEHICLE_KIND,
  depot: PlaceKey,
  legs: z.array(PlanLegRecord).max(100_000),
});

export const PlanSummary = z.strictObject({
  /** Pickup points with people waiting when the plan was made. */
  pickups: z.number().int().min(0),
  seated: People,
  stretcher: People,
  /** Vehicles the plan uses, and all their legs (empty ones included). */
  vehicles: z.number().int().min(0),
  legs: z.number().int().min(0),
});

export const PlanProposedPayload = z.strictObject({
  planId: Uuid,
  code: Code,
  /** Minute 0 of the plan. */
  start: Timestamp,
  timeLimitSec: z.number().min(1).max(30),
  baseline: z.boolean(),
  /** Where the roads came from: the operation's corridor routes, or a network given with the request. */
  network: z.enum(['corridors', 'inline']),
  // The request's hazards and the operation's suspected or confirmed ones (one per polygon).
  hazards: z.array(PlanHazard).max(100_000).default([]),
  makespanMin: Minutes,
  lowerBoundMin: Minutes,
  bounds: LowerBounds,
  summary: PlanSummary,
  places: z.array(PlanPlace).max(100_000),
  vehicles: z.array(PlanVehicleRecord).max(100_000),
  corridorsUsed: z
    .array(z.strictObject({ corridorId: Uuid, legs: z.number().int().min(0), people: People }))
    .max(1000)
    .optional(),
});
export type PlanProposedPayload = z.output<typeof PlanProposedPayload>;

export const PlanAdoptedPayload = z.strictObject({
  planId: Uuid,
  note: Text.optional(),
  /** Other plans still proposed when this one was adopted: they are superseded. */
  supersedes: z.array(Uuid).max(10_000).default([]),
});

const LoadTimes = z.strictObject({ loadMin: Minutes.optional(), unloadMin: Minutes.optional() });

/** The body of `POST .../plans`: everything but the operation's own state is optional. */
export const PlanRequest = z.strictObject({
  start: Timestamp.optional(),
  network: InlineNetwork.optional(),
  depots: z
    .array(
      z.strictObject({
        id: PlaceKey,
        lon: z.number().min(-180).max(180),
        lat: z.number().min(-90).max(90),
        vehicles: z.partialRecord(VEHICLE_KIND, z.number().int().min(0).max(100_000)),
      }),
    )
    .min(1)
    .max(1000)
    .optional(),
  hazards: z.array(PlanHazard).max(1000).default([]),
  vehicleTypes: z.partialRecord(VEHICLE_KIND, LoadTimes).default({}),
  timeLimitSec: z.number().min(1).max(30).default(5),
  baseline: z.boolean().default(false),
});
export type PlanRequest = z.output<typeof PlanRequest>;

export const PlanAdoptBody = z.strictObject({ note: Text.optional() });
