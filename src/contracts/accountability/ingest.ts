import { z } from 'zod';
import { PeopleCounts, Position, Ref, Text, Timestamp, Uuid7 } from '../common.js';

/**
 * What counting devices post in bulk to `POST /api/v1/operations/{op}/ingest` with their own token.
 * The token says what the device is (camera, drone or position tracker) and its id; each observation
 * becomes one `PassageRecorded` event whose id is the observation's, so a re-sent batch adds nothing.
 * Documented in docs/ingest.md.
 */
export const Observation = z.strictObject({
  /** A UUIDv7 the device makes for the observation. */
  id: Uuid7,
  at: Timestamp,
  checkpoint: Ref.optional(),
  receptionPoint: Ref.optional(),
  location: Position.optional(),
  convoy: Ref.optional(),
  plates: z.array(z.string().min(1).max(32)).max(1000).optional(),
  vehicles: z.number().int().min(0).max(10_000).optional(),
  people: PeopleCounts.optional(),
  peopleTotal: z.number().int().min(0).max(1_000_000).optional(),
  errorPct: z.number().min(0).max(50).optional(),
  note: Text.optional(),
});
export type Observation = z.output<typeof Observation>;

export const IngestBatch = z.strictObject({ observations: z.array(z.unknown()).min(1).max(5000) });

/**
 * OpenDataCam's counter export (`GET /counter/export` JSON, or `GET /recording/{id}/counter`): every
 * object that crossed a counting line, with its class. Corridor maps one export, posted when a convoy
 * has passed, to one camera observation: `person` crossings are the people, vehicle classes the
 * vehicles. Only crossings in `direction` count when it is given.
 */
const CounterItem = z.object({
  timestamp: Timestamp,
  area: z.string().max(100),
  name: z.string().max(100),
  id: z.union([z.number(), z.string().max(100)]),
  countingDirection: z.string().max(100).optional(),
});
export const OpenDataCamBatch = z.strictObject({
  checkpoint: Ref,
  convoy: Ref.optional(),
  /** The counting line (OpenDataCam `area` id) that watches the road; all lines when left out. */
  area: z.string().max(100).optional(),
  direction: z.string().max(100).optional(),
  errorPct: z.number().min(0).max(50).optional(),
  counterHistory: z.union([z.array(z.array(CounterItem)), z.array(CounterItem)]),
});
export const OPENDATACAM_VEHICLE_CLASSES = ['bus', 'truck', 'car', 'motorbike', 'ambulance', 'van'];
