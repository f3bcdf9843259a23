import { z } from 'zod';
import { Carried, Code, Count, PeopleCounts, Point, Text, text, Timestamp, Uuid } from '../common.js';
import {
  CONVOY_STATUSES,
  PASSAGE_SOURCES,
  PASSAGE_SCOPES,
  MATCH_METHODS,
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_RESOLUTIONS,
  Plate,
} from '../vocabulary.js';

/** The payloads of the accountability events. Each is strict: unknown fields are refused. */
export const ACCOUNTABILITY_PAYLOADS = {
  ConvoyPlanned: z.strictObject({
    convoyId: Uuid,
    code: Code,
    corridorId: Uuid,
    vehicleIds: z.array(Uuid).max(1000).default([]),
    receptionPointId: Uuid.optional(),
    plannedDeparture: Timestamp.optional(),
    /** Made from this adopted plan: its vehicles may be on several of the plan's convoys, in turn. */
    planId: Uuid.optional(),
  }),
  // `people` counts everyone on board by sex and age group; the other counts say how many of them are
  // stretcher cases, wounded, living with a disability, or children without their usual carers.
  ManifestRecorded: z.strictObject({
    convoyId: Uuid,
    people: PeopleCounts,
    stretcherCases: Count.default(0),
    wounded: Count.default(0),
    disabled: Count.default(0),
    unaccompaniedChildren: Count.default(0),
    separatedChildren: Count.default(0),
    byVehicle: z
      .array(
        z.strictObject({
          vehicleId: Uuid,
          people: PeopleCounts,
          stretcherCases: Count.default(0),
          carried: Carried.optional(),
        }),
      )
      .max(1000)
      .optional(),
    /** What the people on board carry, by kind; with byVehicle, the vehicles' items add up to it. */
    carried: Carried.optional(),
    note: Text.optional(),
    /** Written on this printed sheet (paper), entered later: its time is the time written on it. */
    sheetId: Uuid.optional(),
  }),
  ConvoyStatusChanged: z.strictObject({
    convoyId: Uuid,
    status: z.enum(CONVOY_STATUSES),
    reason: Text.optional(),
  }),
  // What one observer saw: at a checkpoint, at a reception point, or (drones and GPS) at a location.
  // The convoy may be named, or found from the vehicles or plates seen, or matched later.
  PassageRecorded: z.strictObject({
    passageId: Uuid,
    checkpointId: Uuid.optional(),
    receptionPointId: Uuid.optional(),
    location: Point.optional(),
    convoyId: Uuid.optional(),
    source: z.enum(PASSAGE_SOURCES),
    scope: z.enum(PASSAGE_SCOPES).default('convoy'),
    vehicleIds: z.array(Uuid).max(1000).optional(),
    plates: z.array(Plate).max(1000).optional(),
    people: PeopleCounts.optional(),
    /** A headcount without sex and age, for sources that cannot tell (most cameras). */
    peopleTotal: Count.optional(),
    stretcherCases: Count.optional(),
    vehicles: Count.optional(),
    /** Items carried, by kind, counted with the people. */
    carried: Carried.optional(),
    /** The device's own error for people counts, in percent; the operation's policy otherwise. */
    errorPct: z.number().min(0).max(50).optional(),
    deviceId: text(64).optional(),
    note: Text.optional(),
    /** This tally replaces an earlier one (a recount, or a mistake put right): its passage id. */
    corrects: Uuid.optional(),
    /** Why the earlier tally is corrected; required with `corrects`. */
    reason: Text.optional(),
    /** Written on this printed tally sheet (paper), entered later: its time is the time written on it. */
    sheetId: Uuid.optional(),
  }),
  // A tally withdrawn: it no longer counts, and stays in the history with who withdrew it and why.
  PassageVoided: z.strictObject({
    passageId: Uuid,
    reason: Text.refine((s) => s.trim().length > 0, 'say why the tally is void'),
  }),
  PassageMatched: z.strictObject({
    passageId: Uuid,
    convoyId: Uuid,
    method: z.enum(MATCH_METHODS),
    note: Text.optional(),
  }),
  // Raised by the accountability rules, never by hand; people acknowledge and resolve them.
  AlertRaised: z.strictObject({
    alertId: Uuid,
    code: Code,
    kind: z.enum(ALERT_KINDS),
    severity: z.enum(ALERT_SEVERITIES),
    key: text(300),
    reason: Text,
    numbers: z.record(z.string().max(64), z.number().finite()).default({}),
    since: Timestamp,
    convoyId: Uuid.optional(),
    corridorId: Uuid.optional(),
    checkpointId: Uuid.optional(),
    passageId: Uuid.optional(),
    vehicleId: Uuid.optional(),
  }),
  AlertAcknowledged: z.strictObject({ alertId: Uuid, note: Text.optional() }),
  AlertResolved: z.strictObject({
    alertId: Uuid,
    resolution: z.enum(ALERT_RESOLUTIONS).default('manual'),
    note: Text.refine((s) => s.trim().length > 0, 'say how it was resolved'),
  }),
} as const;
