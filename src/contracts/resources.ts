import { z } from 'zod';
import type { EventType } from './events.js';

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
      corrects: 'passages',
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
  // Printed sheets (app/paper): a POST issues one (its id and code); its PDF is at .../sheets/{ref}/document.pdf.
  sheets: {
    event: 'SheetIssued',
    idField: 'sheetId',
    refs: { convoyId: 'convoys', checkpointId: 'checkpoints' },
    orderBy: 'code',
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
    sheets: {
      kind: { column: 'kind' },
      convoy: { column: 'convoy_id', ref: 'convoys' },
      checkpoint: { column: 'checkpoint_id', ref: 'checkpoints' },
    },
  };

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
