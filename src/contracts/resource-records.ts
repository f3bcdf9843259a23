import { z } from 'zod';
import {
  CONVOY_STATUSES,
  CORRIDOR_STATUSES,
  EVENT_PAYLOADS,
  MATCH_METHODS,
  ALERT_RESOLUTIONS,
  CLEARANCE_TASK_STATUSES,
  HAZARD_STATUSES,
  INCIDENT_STATUSES,
} from './events.js';
import { PLAN_STATUSES } from './planning/plans.js';

import { RESOURCES, RESOURCE_NAMES, type ResourceName } from './resources.js';

/** JSON columns of projection rows, parsed back into values when a record is shown. */
export const JSON_COLUMNS = new Set([
  'age_bands',
  'accountability',
  'stages',
  'geometry',
  'location',
  'segments',
  'route',
  'windows',
  'manifest',
  'people',
  'vehicle_ids',
  'plates',
  'carried',
  'room',
  'numbers',
  // Plans. `vehicles` is also an integer column of passages, which is never text and so never parsed.
  'baseline',
  'hazards',
  'bounds',
  'summary',
  'places',
  'vehicles',
  'corridors_used',
  // Hazards.
  'area',
  'evidence',
]);

/** JSON columns of one table only: their names mean plain text in other tables. */
export const TABLE_JSON_COLUMNS: Partial<Record<string, ReadonlySet<string>>> = {
  hazards: new Set(['source']),
  incidents: new Set(['source']),
  pause_windows: new Set(['corridor_ids', 'agreed_by']),
  notifications: new Set(['window', 'organisations', 'parties', 'emergency']),
  organisations: new Set(['contact']),
};

/** Columns a record has beyond its creating event's payload (state that later events change). */
const RECORD_EXTRAS: Record<ResourceName, Record<string, z.ZodType>> = {
  organisations: {},
  areas: {},
  'command-posts': {
    segments: z.array(
      z.object({ corridorId: z.string(), fromCheckpointId: z.string(), toCheckpointId: z.string() }),
    ),
  },
  corridors: {
    status: z.enum(CORRIDOR_STATUSES),
    statusReason: z.string().nullable(),
    statusChangedAt: z.string(),
    /** The status a recorded gate override lets the corridor move to next (see .../gates). */
    overrideTo: z.enum(CORRIDOR_STATUSES).nullable(),
    /** When it last became open (null: never opened). */
    lastOpenedAt: z.string().nullable(),
  },
  checkpoints: {},
  sheets: {
    issuedAt: z.string(),
    issuedBy: z.string().nullable(),
    enteredAt: z.string().nullable(),
    enteredBy: z.string().nullable(),
  },
  vehicles: {},
  'reception-points': {},
  convoys: {
    status: z.enum(CONVOY_STATUSES),
    statusChangedAt: z.string(),
    manifest: EVENT_PAYLOADS.ManifestRecorded.omit({ convoyId: true }).nullable(),
    manifestRecordedAt: z.string().nullable(),
    vehicleIds: z.array(z.string()).optional(),
  },
  passages: {
    observedAt: z.string(),
    recordedBy: z.string().nullable(),
    matchedBy: z.enum(MATCH_METHODS).nullable(),
    /** Why it corrects the tally in `corrects` (the event's `reason`). */
    correctionReason: z.string().nullable(),
    voidedAt: z.string().nullable(),
    voidReason: z.string().nullable(),
    voidedBy: z.string().nullable(),
  },
  alerts: {
    status: z.enum(['open', 'acknowledged', 'resolved']),
    raisedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    acknowledgeNote: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    resolution: z.enum(ALERT_RESOLUTIONS).nullable(),
    resolveNote: z.string().nullable(),
  },
  figures: { recordedBy: z.string().nullable() },
  'pickup-points': { updatedAt: z.string().nullable(), recordedBy: z.string().nullable() },
  plans: {
    status: z.enum(PLAN_STATUSES),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    adoptedAt: z.string().nullable(),
    adoptNote: z.string().nullable(),
    supersededAt: z.string().nullable(),
    supersededBy: z.string().nullable(),
  },
  hazards: {
    status: z.enum(HAZARD_STATUSES),
    statusReason: z.string().nullable(),
    statusChangedAt: z.string(),
    reportedAt: z.string(),
    recordedBy: z.string().nullable(),
  },
  'clearance-tasks': {
    status: z.enum(CLEARANCE_TASK_STATUSES),
    clearedAreaM2: z.number().nullable(),
    clearedLengthM: z.number().nullable(),
    progressNote: z.string().nullable(),
    progressAt: z.string().nullable(),
    qaSignedOffBy: z.string().nullable(),
    qaOrganisationId: z.string().nullable(),
    completedAt: z.string().nullable(),
    recordedBy: z.string().nullable(),
  },
  incidents: {
    status: z.enum(INCIDENT_STATUSES),
    statusReason: z.string().nullable(),
    statusChangedAt: z.string(),
    occurredAt: z.string(),
    recordedBy: z.string().nullable(),
  },
  windows: {
    status: z.enum(['agreed', 'cancelled']),
    agreedAt: z.string(),
    cancelReason: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    recordedBy: z.string().nullable(),
  },
  notifications: { sentAt: z.string(), recordedBy: z.string().nullable() },
  acknowledgements: { acknowledgedAt: z.string(), recordedBy: z.string().nullable() },
  returns: { observedAt: z.string(), recordedBy: z.string().nullable() },
  'service-statuses': { observedAt: z.string(), recordedBy: z.string().nullable() },
  'access-statuses': { observedAt: z.string(), recordedBy: z.string().nullable() },
  'aid-deliveries': { deliveredAt: z.string(), recordedBy: z.string().nullable() },
};

/** Fields that the creating event carries but the record does not keep as such. */
const NOT_KEPT: Partial<Record<ResourceName, string[]>> = {
  convoys: ['vehicleIds'],
  passages: ['reason'],
};

function recordSchemaFor(name: ResourceName) {
  const def = RESOURCES[name];
  const payload = EVENT_PAYLOADS[def.event] as unknown as z.ZodObject;
  const fields: Record<string, z.ZodType> = {};
  for (const [field, schema] of Object.entries(payload.shape) as [string, z.ZodType][]) {
    if (field === def.idField || NOT_KEPT[name]?.includes(field)) continue;
    // A record keeps every field: what the event left out is null.
    fields[field] = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType).nullable() : schema;
  }
  return z.strictObject({ id: z.string(), operationId: z.string(), ...fields, ...RECORD_EXTRAS[name] });
}

/** Each collection's records as the API returns them; the OpenAPI document and a test use these. */
export const RECORD_SCHEMAS = Object.fromEntries(
  RESOURCE_NAMES.map((n) => [n, recordSchemaFor(n)]),
) as unknown as Record<ResourceName, z.ZodObject>;
