import { z } from 'zod';
import { Code, Count, LineString, Ref, Text, Timestamp, Uuid, Uuid7 } from './common.js';
import {
  CONVOY_STATUSES,
  CORRIDOR_STATUSES,
  EVENT_PAYLOADS,
  HAZARD_STATUSES,
  INCIDENT_STATUSES,
  type EventType,
} from './events.js';

import { RESOURCES, RESOURCE_NAMES, type ResourceName } from './resources.js';

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

/** Suspending or closing a corridor stops people moving on it: whoever does it says why. */
const STOPPING: ReadonlySet<string> = new Set(['suspended', 'closed']);
const saysWhy = (to: string, reason: string | undefined) =>
  !STOPPING.has(to) || (reason ?? '').replace(/[\s\u200b-\u200d\u2060\ufeff]/g, '').length > 0;
const WHY = { message: 'say why the corridor is suspended or closed (reason)', path: ['reason'] };

export const CorridorStatusBody = z
  .strictObject({
    status: z.enum(CORRIDOR_STATUSES),
    reason: Text.optional(),
    ...WriteMeta,
  })
  .refine((b) => saysWhy(b.status, b.reason), WHY);

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
export const PassageVoidBody = z.strictObject({
  reason: Text.refine((s) => s.trim().length > 0, 'say why the tally is void'),
  ...WriteMeta,
});
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
  })
  .refine((b) => saysWhy(b.to, b.reason), WHY);

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
  'passage-void': {
    resource: 'passages',
    method: 'post',
    suffix: '/void',
    event: 'PassageVoided',
    idField: 'passageId',
    body: PassageVoidBody,
    status: 200,
    summary:
      'Void a tally with the reason: it no longer counts and stays in the history (its own organisation, or a coordinator)',
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
