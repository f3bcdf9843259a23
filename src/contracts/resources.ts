import { z } from 'zod';
import { Code, Count, LineString, Ref, Text, Timestamp, Uuid, Uuid7 } from './common.js';
import {
  CONVOY_STATUSES,
  CORRIDOR_STATUSES,
  EVENT_PAYLOADS,
  MATCH_METHODS,
  ALERT_RESOLUTIONS,
  CLEARANCE_TASK_STATUSES,
  HAZARD_STATUSES,
  INCIDENT_STATUSES,
  type EventType,
} from './events.js';
import { PLAN_STATUSES } from './planning/plans.js';

/**
 * The collections under /api/v1/operations/{op}/. Each is created by one event type; a POST body is
 * that event's payload, where the record's id and code may be left out (they are assigned) and
 * references may be given by code (`COR-3`) as well as by UUID.
 */
export const RESOURCES = {
  organisations: { event: 'OrganisationRegistered', idField: 'organisationId', refs: {}, orderBy: 'code' },
  areas: { event: 'AreaRegistered', idField: 'areaId', refs: { parentAreaId: 'areas' }, orderBy: 'code' },
  'command-posts': {
    event: 'CommandPostEstablished',
    idField: 'commandPostId',
    refs: { organisationId: 'organisations' },
    orderBy: 'code',
  },
  corridors: {
    event: 'CorridorDeclared',
    idField: 'corridorId',
    refs: { fromAreaId: 'areas', toAreaId: 'areas' },
    orderBy: 'code',
  },
  checkpoints: {
    event: 'CheckpointEstablished',
    idField: 'checkpointId',
    refs: { corridorId: 'corridors', commandPostId: 'command-posts' },
    orderBy: 'code',
  },
  vehicles: {
    event: 'VehicleRegistered',
    idField: 'vehicleId',
    refs: { organisationId: 'organisations' },
    orderBy: 'code',
  },
  'reception-points': {
    event: 'ReceptionPointEstablished',
    idField: 'receptionPointId',
    refs: { areaId: 'areas' },
    orderBy: 'code',
  },
  convoys: {
    event: 'ConvoyPlanned',
    idField: 'convoyId',
    refs: {
      corridorId: 'corridors',
      receptionPointId: 'reception-points',
      vehicleIds: 'vehicles',
      planId: 'plans',
    },
    orderBy: 'code',
  },
  passages: {
    event: 'PassageRecorded',
    idField: 'passageId',
    refs: {
      checkpointId: 'checkpoints',
      receptionPointId: 'reception-points',
      convoyId: 'convoys',
      vehicleIds: 'vehicles',
    },
    orderBy: 'observed_at',
  },
  // Raised by the accountability rules only: listed and read here, acknowledged and resolved below.
  alerts: {
    event: 'AlertRaised',
    idField: 'alertId',
    refs: {},
    orderBy: 'code',
    readOnly: true,
  },
  figures: {
    event: 'FigureReported',
    idField: 'figureId',
    refs: { areaId: 'areas', sourceOrganisationId: 'organisations' },
    orderBy: 'code',
  },
  'pickup-points': {
    event: 'PickupPointDefined',
    idField: 'pickupPointId',
    refs: { areaId: 'areas' },
    orderBy: 'code',
  },
  // Made by `POST .../plans` (the planner), adopted by `POST .../plans/{ref}/adopt`: see app/planning/planning.ts.
  plans: { event: 'PlanProposed', idField: 'planId', refs: {}, orderBy: 'code', readOnly: true },
  hazards: { event: 'HazardReported', idField: 'hazardId', refs: {}, orderBy: 'code' },
  // Also under `.../hazards/{ref}/clearance-tasks`; progress and completion are record actions below.
  'clearance-tasks': {
    event: 'ClearanceTaskStarted',
    idField: 'taskId',
    refs: { hazardId: 'hazards', organisationId: 'organisations' },
    orderBy: 'started_at',
  },
  incidents: {
    event: 'IncidentReported',
    idField: 'incidentId',
    refs: {
      organisationId: 'organisations',
      corridorId: 'corridors',
      convoyId: 'convoys',
    },
    orderBy: 'code',
  },
  // Agreed ceasefires and humanitarian pauses (table pause_windows); cancelled by a record action.
  windows: {
    table: 'pause_windows',
    event: 'PauseWindowAgreed',
    idField: 'windowId',
    refs: { corridorIds: 'corridors', agreedBy: 'organisations' },
    orderBy: 'start',
  },
  // Movement notifications. Made through app/safe-passage/safe-passage.ts (its own POST route), which fills in the
  // route, parties and vehicles.
  notifications: {
    ownCreate: true,
    event: 'MovementNotified',
    idField: 'notificationId',
    refs: {
      corridorId: 'corridors',
      convoyId: 'convoys',
      organisations: 'organisations',
      parties: 'organisations',
    },
    orderBy: 'code',
  },
  // Also under `.../notifications/{ref}/acknowledgements`.
  acknowledgements: {
    event: 'MovementAcknowledged',
    idField: 'acknowledgementId',
    refs: { notificationId: 'notifications', organisationId: 'organisations' },
    orderBy: 'acknowledged_at',
  },
  // Recovery per area (src/app/recovery/recovery.ts): returns, service and access status over time, aid (3W).
  returns: {
    event: 'ReturnsRecorded',
    idField: 'returnId',
    refs: { areaId: 'areas', fromAreaId: 'areas', sourceOrganisationId: 'organisations' },
    orderBy: 'observed_at',
  },
  'service-statuses': {
    event: 'ServiceStatusRecorded',
    idField: 'statusId',
    refs: { areaId: 'areas', sourceOrganisationId: 'organisations' },
    orderBy: 'observed_at',
  },
  'access-statuses': {
    event: 'AccessStatusRecorded',
    idField: 'statusId',
    refs: { areaId: 'areas', sourceOrganisationId: 'organisations' },
    orderBy: 'observed_at',
  },
  'aid-deliveries': {
    event: 'AidDelivered',
    idField: 'deliveryId',
    refs: { organisationId: 'organisations', areaId: 'areas' },
    orderBy: 'delivered_at',
  },
} as const satisfies Record<
  string,
  {
    event: EventType;
    idField: string;
    refs: Record<string, string>;
    orderBy: string;
    readOnly?: true;
    /** Created by a use case of its own, with its own POST route, rather than the generic one. */
    ownCreate?: true;
    /** The projection table, when it is not the collection's name with underscores. */
    table?: string;
  }
>;

export type ResourceName = keyof typeof RESOURCES;
export const RESOURCE_NAMES = Object.keys(RESOURCES) as ResourceName[];

/** Query filters a collection accepts: parameter -> column (and the collection a code refers to). */
export const FILTERS: Partial<Record<ResourceName, Record<string, { column: string; ref?: ResourceName }>>> =
  {
    checkpoints: { corridor: { column: 'corridor_id', ref: 'corridors' }, kind: { column: 'kind' } },
    convoys: {
      corridor: { column: 'corridor_id', ref: 'corridors' },
      status: { column: 'status' },
      plan: { column: 'plan_id', ref: 'plans' },
    },
    passages: {
      checkpoint: { column: 'checkpoint_id', ref: 'checkpoints' },
      convoy: { column: 'convoy_id', ref: 'convoys' },
      source: { column: 'source' },
    },
    vehicles: { kind: { column: 'kind' } },
    alerts: {
      status: { column: 'status' },
      kind: { column: 'kind' },
      severity: { column: 'severity' },
      convoy: { column: 'convoy_id', ref: 'convoys' },
      corridor: { column: 'corridor_id', ref: 'corridors' },
    },
    corridors: { status: { column: 'status' } },
    areas: { kind: { column: 'kind' } },
    figures: { metric: { column: 'metric' } },
    organisations: { role: { column: 'role' } },
    'pickup-points': { area: { column: 'area_id', ref: 'areas' } },
    plans: { status: { column: 'status' } },
    hazards: { status: { column: 'status' }, type: { column: 'type' } },
    'clearance-tasks': { hazard: { column: 'hazard_id', ref: 'hazards' }, status: { column: 'status' } },
    incidents: {
      status: { column: 'status' },
      type: { column: 'type' },
      severity: { column: 'severity' },
      corridor: { column: 'corridor_id', ref: 'corridors' },
      convoy: { column: 'convoy_id', ref: 'convoys' },
    },
    windows: { status: { column: 'status' }, kind: { column: 'kind' } },
    notifications: {
      corridor: { column: 'corridor_id', ref: 'corridors' },
      convoy: { column: 'convoy_id', ref: 'convoys' },
    },
    acknowledgements: {
      notification: { column: 'notification_id', ref: 'notifications' },
      organisation: { column: 'organisation_id', ref: 'organisations' },
    },
    returns: { area: { column: 'area_id', ref: 'areas' } },
    'service-statuses': {
      area: { column: 'area_id', ref: 'areas' },
      service: { column: 'service' },
      status: { column: 'status' },
    },
    'access-statuses': { area: { column: 'area_id', ref: 'areas' }, status: { column: 'status' } },
    'aid-deliveries': {
      area: { column: 'area_id', ref: 'areas' },
      organisation: { column: 'organisation_id', ref: 'organisations' },
      sector: { column: 'sector' },
    },
  };

/** What every write body may add: the event id (for safe retries) and when it happened. */
const WriteMeta = {
  eventId: Uuid7.optional(),
  occurredAt: Timestamp.optional(),
};

/** Whether a field holds a list (under any default or optional). */
function isArray(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional)
    return isArray(schema.unwrap() as z.ZodType);
  return schema instanceof z.ZodArray;
}

function createBodyFor(name: ResourceName) {
  const def = RESOURCES[name];
  const payload = EVENT_PAYLOADS[def.event] as unknown as z.ZodObject;
  const refs: Record<string, z.ZodType> = {};
  for (const [field, target] of Object.entries(def.refs)) {
    const optional = payload.shape[field] instanceof z.ZodOptional;
    const many = target !== undefined && isArray(payload.shape[field] as z.ZodType);
    refs[field] = many ? z.array(Ref).max(1000).default([]) : optional ? Ref.optional() : Ref;
  }
  const hasCode = 'code' in payload.shape;
  const fields = Object.entries(payload.shape).filter(([field]) => field !== def.idField);
  return z.strictObject({
    ...Object.fromEntries(fields),
    ...refs,
    ...(hasCode ? { code: Code.optional() } : {}),
    id: Uuid.optional(),
    ...WriteMeta,
  });
}

export const CREATE_BODIES = Object.fromEntries(
  RESOURCE_NAMES.map((n) => [n, createBodyFor(n)]),
) as unknown as Record<ResourceName, z.ZodObject>;

/**
 * A movement notification as a client sends it: the route, parties and vehicles may be left out
 * (the corridor's route, the operation's parties to the conflict and guarantors, the convoy's vehicles).
 */
export const NotificationCreateBody = z.strictObject({
  id: Uuid.optional(),
  code: Code.optional(),
  corridorId: Ref.optional(),
  convoyId: Ref.optional(),
  window: z.strictObject({ start: Timestamp, end: Timestamp }),
  route: LineString.optional(),
  vehicles: z
    .strictObject({
      buses: Count.default(0),
      ambulances: Count.default(0),
      trucks: Count.default(0),
      other: Count.default(0),
    })
    .optional(),
  organisations: z.array(Ref).max(50).default([]),
  parties: z.array(Ref).min(1).max(50).optional(),
  emergency: z.boolean().default(false),
  note: Text.optional(),
  ...WriteMeta,
});
export const AcknowledgementCreateBody = CREATE_BODIES.acknowledgements.omit({ notificationId: true });

export const CorridorStatusBody = z.strictObject({
  status: z.enum(CORRIDOR_STATUSES),
  reason: Text.optional(),
  ...WriteMeta,
});

export const ConvoyStatusBody = z.strictObject({
  status: z.enum(CONVOY_STATUSES),
  reason: Text.optional(),
  ...WriteMeta,
});

export const ManifestBody = (EVENT_PAYLOADS.ManifestRecorded as unknown as z.ZodObject)
  .omit({ convoyId: true })
  .extend(WriteMeta)
  .strict();

export const AlertAcknowledgeBody = z.strictObject({ note: Text.optional(), ...WriteMeta });
export const AlertResolveBody = z.strictObject({
  note: Text.refine((s) => s.trim().length > 0, 'say how it was resolved'),
  ...WriteMeta,
});
export const PassageMatchBody = z.strictObject({ convoyId: Ref, note: Text.optional(), ...WriteMeta });
export const PickupPointUpdateBody = z.strictObject({
  seated: Count,
  stretcher: Count,
  note: Text.optional(),
  ...WriteMeta,
});

export const IncidentStatusBody = z.strictObject({
  status: z.enum(INCIDENT_STATUSES),
  reason: Text.optional(),
  ...WriteMeta,
});
export const WindowCancelBody = z.strictObject({
  reason: Text.refine((s) => s.trim().length > 0, 'say why the window no longer holds'),
  ...WriteMeta,
});

/** `POST .../corridors/{ref}/transitions`; `override` (coordinator) needs a written reason. */
export const CorridorTransitionBody = z
  .strictObject({
    to: z.enum(CORRIDOR_STATUSES),
    reason: Text.optional(),
    override: z.boolean().default(false),
    ...WriteMeta,
  })
  .refine((b) => !b.override || (b.reason?.trim().length ?? 0) >= 10, {
    message: 'an override needs a written reason (10 characters or more)',
    path: ['reason'],
  });

export const HazardStatusBody = z.strictObject({
  status: z.enum(HAZARD_STATUSES),
  reason: Text.optional(),
  ...WriteMeta,
});
export const ClearanceProgressBody = (EVENT_PAYLOADS.ClearanceProgressRecorded as unknown as z.ZodObject)
  .omit({ taskId: true })
  .extend(WriteMeta)
  .strict();
export const ClearanceCompleteBody = (EVENT_PAYLOADS.ClearanceTaskCompleted as unknown as z.ZodObject)
  .omit({ taskId: true })
  .extend(WriteMeta)
  .strict();

/**
 * Changes to one record, each recorded as one event about it: the body is the event's payload without
 * the record's id, which the path names (by code or UUID).
 */
export const RECORD_ACTIONS = {
  'corridor-status': {
    resource: 'corridors',
    method: 'patch',
    suffix: '',
    event: 'CorridorStatusChanged',
    idField: 'corridorId',
    body: CorridorStatusBody,
    status: 200,
    summary: 'Change a corridor status (planned -> open -> suspended -> open -> closed)',
  },
  'convoy-status': {
    resource: 'convoys',
    method: 'patch',
    suffix: '',
    event: 'ConvoyStatusChanged',
    idField: 'convoyId',
    body: ConvoyStatusBody,
    status: 200,
    summary: 'Change a convoy status (planned -> boarding -> departed -> arrived)',
  },
  manifest: {
    resource: 'convoys',
    method: 'post',
    suffix: '/manifest',
    event: 'ManifestRecorded',
    idField: 'convoyId',
    body: ManifestBody,
    status: 201,
    summary: "Record a convoy's manifest (a correction is a new manifest)",
  },
  'alert-acknowledge': {
    resource: 'alerts',
    method: 'post',
    suffix: '/acknowledge',
    event: 'AlertAcknowledged',
    idField: 'alertId',
    body: AlertAcknowledgeBody,
    status: 200,
    summary: 'Acknowledge an open alert (someone is on it)',
  },
  'alert-resolve': {
    resource: 'alerts',
    method: 'post',
    suffix: '/resolve',
    event: 'AlertResolved',
    idField: 'alertId',
    body: AlertResolveBody,
    status: 200,
    summary: 'Resolve an alert with a note saying how; it is not raised again unless its numbers change',
  },
  'passage-match': {
    resource: 'passages',
    method: 'post',
    suffix: '/match',
    event: 'PassageMatched',
    idField: 'passageId',
    body: PassageMatchBody,
    status: 200,
    summary: 'Match a passage of no known convoy to its convoy (by code or UUID)',
  },
  'pickup-point-update': {
    resource: 'pickup-points',
    method: 'patch',
    suffix: '',
    event: 'PickupPointUpdated',
    idField: 'pickupPointId',
    body: PickupPointUpdateBody,
    status: 200,
    summary: 'Say how many people are still waiting at a pickup point (seated and stretcher cases)',
  },
  'hazard-status': {
    resource: 'hazards',
    method: 'post',
    suffix: '/status',
    event: 'HazardStatusChanged',
    idField: 'hazardId',
    body: HazardStatusBody,
    status: 200,
    summary:
      'Change a hazard status (land release: suspected -> confirmed | released | cancelled; confirmed -> cleared | released | cancelled); cleared needs every clearance task completed with a QA sign-off',
  },
  'clearance-progress': {
    resource: 'clearance-tasks',
    method: 'post',
    suffix: '/progress',
    event: 'ClearanceProgressRecorded',
    idField: 'taskId',
    body: ClearanceProgressBody,
    status: 200,
    summary: 'Record the progress of a clearance task (totals cleared so far, square metres or metres)',
  },
  'clearance-complete': {
    resource: 'clearance-tasks',
    method: 'post',
    suffix: '/complete',
    event: 'ClearanceTaskCompleted',
    idField: 'taskId',
    body: ClearanceCompleteBody,
    status: 200,
    summary: 'Complete a clearance task with the name of who signed off its quality assurance',
  },
  'incident-status': {
    resource: 'incidents',
    method: 'post',
    suffix: '/status',
    event: 'IncidentStatusChanged',
    idField: 'incidentId',
    body: IncidentStatusBody,
    status: 200,
    summary:
      'Change an incident status (reported -> verified | unverified -> closed; an unverified one may be verified later)',
  },
  'window-cancel': {
    resource: 'windows',
    method: 'post',
    suffix: '/cancel',
    event: 'PauseWindowCancelled',
    idField: 'windowId',
    body: WindowCancelBody,
    status: 200,
    summary: 'Record that an agreed ceasefire or pause window no longer holds, and why',
  },
} as const satisfies Record<
  string,
  {
    resource: ResourceName;
    method: 'patch' | 'post';
    suffix: string;
    event: EventType;
    idField: string;
    body: z.ZodObject;
    status: 200 | 201;
    summary: string;
  }
>;
export type RecordAction = keyof typeof RECORD_ACTIONS;

export const ListParams = z.strictObject({
  limit: z.coerce.number().int().min(1).max(5000).default(500),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
});

export const ErrorBody = z.object({
  error: z.object({
    code: z.enum([
      'not_found',
      'conflict',
      'rule_violated',
      'forbidden',
      'invalid_input',
      'unauthenticated',
      'rate_limited',
      'unavailable',
      'internal',
    ]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

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
  'pickup-points': { updatedAt: z.string().nullable() },
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
const NOT_KEPT: Partial<Record<ResourceName, string[]>> = { convoys: ['vehicleIds'] };

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
