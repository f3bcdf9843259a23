import { z } from 'zod';
import { AreaGeometry, Code, Count, LineString, Name, Point, Text, Timestamp, Uuid } from '../common.js';
import {
  CORRIDOR_STATUSES,
  HAZARD_TYPES,
  HAZARD_STATUSES,
  HAZARD_EVIDENCE_KINDS,
  INCIDENT_TYPES,
  INCIDENT_SEVERITIES,
  INCIDENT_STATUSES,
  PAUSE_WINDOW_KINDS,
} from '../vocabulary.js';

/** The payloads of the safe passage events. Each is strict: unknown fields are refused. */
export const SAFE_PASSAGE_PAYLOADS = {
  // A coordinator let a corridor change status although gates were unmet: with the reason, on record.
  CorridorGateOverridden: z.strictObject({
    corridorId: Uuid,
    to: z.enum(CORRIDOR_STATUSES),
    unmet: z.array(Text).min(1).max(100),
    reason: Text.refine(
      (s) => s.trim().length >= 10,
      'write the reason for overriding (10 characters or more)',
    ),
  }),
  // An area that is not safe to drive through (see src/domain/safe-passage/hazards.ts). Suspected or confirmed, it
  // blocks the corridor segments that cross it and closes the roads in it for the planner.
  HazardReported: z.strictObject({
    hazardId: Uuid,
    code: Code,
    type: z.enum(HAZARD_TYPES),
    area: AreaGeometry,
    status: z.enum(['suspected', 'confirmed']).default('suspected'),
    evidence: z
      .strictObject({
        kind: z.enum(HAZARD_EVIDENCE_KINDS),
        reference: Text.refine((s) => s.trim().length > 0, 'say where the evidence is'),
        organisationId: Uuid.optional(),
      })
      .optional(),
    source: z.strictObject({ organisationId: Uuid.optional(), document: Text.optional() }).optional(),
    note: Text.optional(),
  }),
  HazardStatusChanged: z.strictObject({
    hazardId: Uuid,
    status: z.enum(HAZARD_STATUSES),
    reason: Text.optional(),
  }),
  // Clearance of a hazard by a team; `cleared...` are the totals cleared so far, not increments.
  ClearanceTaskStarted: z.strictObject({
    taskId: Uuid,
    hazardId: Uuid,
    team: Name,
    organisationId: Uuid,
    startedAt: Timestamp.optional(),
  }),
  ClearanceProgressRecorded: z.strictObject({
    taskId: Uuid,
    clearedAreaM2: z.number().min(0).max(1e12).optional(),
    clearedLengthM: z.number().min(0).max(1e9).optional(),
    note: Text.optional(),
  }),
  ClearanceTaskCompleted: z.strictObject({
    taskId: Uuid,
    qaSignedOffBy: Name,
    qaOrganisationId: Uuid.optional(),
  }),
  // Something that happened on or near a route (see src/domain/safe-passage/incidents.ts). When it happened is the
  // event's occurredAt; a critical one near an open corridor suspends it or raises an alert, by policy.
  IncidentReported: z.strictObject({
    incidentId: Uuid,
    code: Code,
    type: z.enum(INCIDENT_TYPES),
    severity: z.enum(INCIDENT_SEVERITIES),
    location: Point,
    description: Text.refine((s) => s.trim().length > 0, 'say what happened'),
    reporter: Name,
    organisationId: Uuid.optional(),
    corridorId: Uuid.optional(),
    convoyId: Uuid.optional(),
    source: z.strictObject({ organisationId: Uuid.optional(), document: Text.optional() }).optional(),
  }),
  IncidentStatusChanged: z.strictObject({
    incidentId: Uuid,
    status: z.enum(INCIDENT_STATUSES),
    reason: Text.optional(),
  }),
  // A time window during which movement is agreed, over an area or for named corridors (or both).
  PauseWindowAgreed: z.strictObject({
    windowId: Uuid,
    code: Code,
    kind: z.enum(PAUSE_WINDOW_KINDS),
    start: Timestamp,
    end: Timestamp,
    area: AreaGeometry.optional(),
    corridorIds: z.array(Uuid).max(100).default([]),
    agreedBy: z.array(Uuid).max(50).default([]),
    note: Text.optional(),
  }),
  PauseWindowCancelled: z.strictObject({
    windowId: Uuid,
    reason: Text.refine((s) => s.trim().length > 0, 'say why the window no longer holds'),
  }),
  // A movement notified to the parties (humanitarian notification): sent when it occurred.
  MovementNotified: z.strictObject({
    notificationId: Uuid,
    code: Code,
    corridorId: Uuid.optional(),
    convoyId: Uuid.optional(),
    window: z.strictObject({ start: Timestamp, end: Timestamp }),
    route: LineString,
    vehicles: z.strictObject({
      buses: Count.default(0),
      ambulances: Count.default(0),
      trucks: Count.default(0),
      other: Count.default(0),
    }),
    organisations: z.array(Uuid).max(50).default([]),
    parties: z.array(Uuid).min(1).max(50),
    emergency: z.boolean().default(false),
    note: Text.optional(),
  }),
  MovementAcknowledged: z.strictObject({
    acknowledgementId: Uuid,
    notificationId: Uuid,
    organisationId: Uuid,
    acknowledgedBy: Name,
    note: Text.optional(),
  }),
} as const;
