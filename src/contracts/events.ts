import { z } from 'zod';
import {
  AreaGeometry,
  Code,
  Count,
  LineString,
  Name,
  OperationId,
  PeopleCounts,
  Point,
  Text,
  text,
  TimeWindow,
  Timestamp,
  Uuid,
  Uuid7,
  VEHICLE_KINDS,
} from './common.js';
import { PlanAdoptedPayload, PlanProposedPayload } from './planning.js';
import { PROTECTION_PAYLOADS } from './protection.js';

export { VEHICLE_KINDS };

export const ORGANISATION_ROLES = [
  'coordinating-body',
  'un-agency',
  'red-cross-red-crescent',
  'ngo',
  'authority',
  'party-to-conflict',
  'guarantor',
  'media',
  'other',
] as const;
/** The corridor lifecycle: notified to the parties, ready (every gate holds), open, suspended, closed. */
export const CORRIDOR_STATUSES = ['planned', 'notified', 'ready', 'open', 'suspended', 'closed'] as const;
export const CONVOY_STATUSES = ['planned', 'boarding', 'departed', 'arrived'] as const;
export const CHECKPOINT_KINDS = ['entry', 'exit', 'intermediate'] as const;
export const AREA_KINDS = ['governorate', 'district', 'subdistrict', 'neighbourhood', 'other'] as const;
export const PASSAGE_SOURCES = ['enumerator', 'camera', 'drone', 'position'] as const;
/** Whether a passage reports the whole convoy as seen, or a tally of some of its vehicles. */
export const PASSAGE_SCOPES = ['convoy', 'vehicles'] as const;
export const MATCH_METHODS = ['plates', 'vehicles', 'manual'] as const;
export const ALERT_KINDS = [
  'people-missing',
  'people-surplus',
  'convoy-overdue',
  'convoy-stopped',
  'vehicle-detached',
  'unknown-convoy',
  'out-of-order',
  'window-ending',
  'window-ended',
  'incident-near-corridor',
  'hazard-on-route',
  'family-split',
] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_RESOLUTIONS = ['explained', 'manual'] as const;
export const FIGURE_METHODS = ['counted', 'estimated', 'computed'] as const;
export const FIGURE_QUALIFIERS = ['exact', 'about', 'more-than', 'less-than'] as const;
export const HAZARD_TYPES = [
  'explosive-ordnance',
  'debris',
  'damaged-road',
  'damaged-bridge',
  'flooding',
  'other',
] as const;
/** Land release (IMAS 07.11): suspected -> confirmed -> cleared, or released or cancelled on the way. */
export const HAZARD_STATUSES = ['suspected', 'confirmed', 'cleared', 'released', 'cancelled'] as const;
export const HAZARD_EVIDENCE_KINDS = ['report', 'survey', 'imagery'] as const;
export const CLEARANCE_TASK_STATUSES = ['started', 'completed'] as const;
export const INCIDENT_TYPES = [
  'ceasefire-violation',
  'shelling',
  'shooting',
  'convoy-blocked',
  'security-search',
  'medical-emergency',
  'road-accident',
  'other',
] as const;
export const INCIDENT_SEVERITIES = ['minor', 'moderate', 'serious', 'critical'] as const;
/** Reported, then verified or not (an unverified report may be verified later), then closed. */
export const INCIDENT_STATUSES = ['reported', 'verified', 'unverified', 'closed'] as const;
export const PAUSE_WINDOW_KINDS = ['ceasefire', 'humanitarian-pause'] as const;
/** Recovery per area (see src/app/recovery/recovery.ts): the services whose status is followed over time. */
export const SERVICE_KINDS = ['power', 'water', 'health', 'bakery', 'school'] as const;
export const SERVICE_STATUSES = ['functional', 'partly', 'not-functional'] as const;
export const ACCESS_STATUSES = ['accessible', 'restricted', 'inaccessible'] as const;
/** Sectors of the "who does what where" (3W) view, as the humanitarian clusters name them. */
export const AID_SECTORS = [
  'food',
  'wash',
  'health',
  'shelter',
  'nfi',
  'protection',
  'education',
  'nutrition',
  'logistics',
  'other',
] as const;

const Minutes = z
  .number()
  .min(0)
  .max(7 * 24 * 60);

/**
 * How the accountability rules judge an operation's convoys (see src/domain/accountability/engine.ts). An
 * operation sets its own; the defaults suit buses on damaged urban roads.
 */
export const AccountabilityPolicy = z.strictObject({
  /** Planning speed of a convoy along its route, for the time it is expected at the next checkpoint. */
  speedKmh: z.number().min(1).max(5000).default(20),
  /** A convoy is overdue after the planned time times this factor, plus the slack. */
  overdueFactor: z.number().min(1).max(20).default(1.5),
  overdueSlackMinutes: Minutes.default(15),
  /** In transit without a passage or a position that moved at least `movedMetres`, for this long. */
  stoppedAfterMinutes: Minutes.refine((m) => m > 0, 'must be more than 0').default(20),
  movedMetres: z.number().min(0).max(100_000).default(100),
  /** The error a camera's people count may have, in percent of the count (at least one person). */
  cameraErrorPct: z.number().min(0).max(50).default(3),
  /** How long before a corridor's window ends a convoy still in transit raises an alert. */
  windowWarningMinutes: Minutes.default(60),
});

/**
 * How an operation guards its corridors (see src/domain/safe-passage/gates.ts and docs/safe-passage.md). The notice
 * periods follow humanitarian notification practice: notification informs the parties, it does not ask
 * their permission; an operation may still require their acknowledgements before a corridor is ready.
 */
export const SafePassagePolicy = z.strictObject({
  /** A critical incident this close to the route of an open corridor acts on it. */
  incidentRadiusM: z.number().min(0).max(100_000).default(2000),
  /** What a critical incident near an open corridor does: suspend it at once, or raise an alert. */
  onCriticalIncident: z.enum(['suspend', 'alert']).default('suspend'),
  /** Hours between a movement notification and the start of the movement it notifies. */
  noticeHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(48),
  emergencyNoticeHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** Every notified party must acknowledge before the corridor is ready. */
  requireAcknowledgements: z.boolean().default(false),
  /**
   * A corridor opens only inside a window: its own opening windows or an agreed ceasefire or
   * humanitarian pause that covers its route. Without this, a corridor with no window at all may open.
   */
  requireWindow: z.boolean().default(true),
});

const Stage = z
  .strictObject({ key: Code, name: Name, start: Timestamp, end: Timestamp.optional() })
  .refine((s) => s.end === undefined || s.start < s.end, {
    message: 'a stage must end after it starts',
    path: ['end'],
  });

/**
 * Age groups per operation (HXL disaggregation): children under `childUnder` years, elderly from
 * `elderlyFrom`; adults in between. Operations differ (for example 18/60, or 15/65).
 */
const AgeBands = z
  .strictObject({
    childUnder: z.number().int().min(1).max(30),
    elderlyFrom: z.number().int().min(40).max(100),
  })
  .refine((b) => b.childUnder < b.elderlyFrom, {
    message: 'children must be younger than the elderly',
    path: ['elderlyFrom'],
  });

const Plate = Name.refine((s) => s.length <= 32, 'a plate has at most 32 characters');

/** Where an event was first recorded (a device or store) and its number there. */
const OriginSite = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'a site id is letters, digits and . _ : -');
const OriginSeq = z
  .number()
  .int()
  .min(0)
  .max(2 ** 40);

/** The payload of every event type, by type. Each is strict: unknown fields are refused. */
export const EVENT_PAYLOADS = {
  OperationCreated: z.strictObject({
    name: Name,
    description: Text,
    timezone: text(64).refine((s) => s.length > 0, 'a time zone, e.g. Asia/Damascus'),
    stages: z.array(Stage).max(20).default([]),
    ageBands: AgeBands.default({ childUnder: 18, elderlyFrom: 60 }),
    accountability: AccountabilityPolicy.default(AccountabilityPolicy.parse({})),
    safePassage: SafePassagePolicy.optional(),
  }),
  OrganisationRegistered: z.strictObject({
    organisationId: Uuid,
    code: Code,
    name: Name,
    nameAr: Name.optional(),
    role: z.enum(ORGANISATION_ROLES),
  }),
  AreaRegistered: z.strictObject({
    areaId: Uuid,
    code: Code,
    pcode: text(32).optional(),
    kind: z.enum(AREA_KINDS),
    nameEn: Name,
    nameAr: Name.optional(),
    parentAreaId: Uuid.optional(),
    geometry: AreaGeometry,
  }),
  CommandPostEstablished: z.strictObject({
    commandPostId: Uuid,
    code: Code,
    name: Name,
    location: Point,
    organisationId: Uuid.optional(),
  }),
  CommandPostWatchAssigned: z.strictObject({
    commandPostId: Uuid,
    checkpointIds: z.array(Uuid).max(200).default([]),
    segments: z
      .array(z.strictObject({ corridorId: Uuid, fromCheckpointId: Uuid, toCheckpointId: Uuid }))
      .max(200)
      .default([]),
  }),
  CorridorDeclared: z.strictObject({
    corridorId: Uuid,
    code: Code,
    name: Name,
    stageKey: Code.optional(),
    route: LineString,
    routeNote: Text.optional(),
    fromAreaId: Uuid.optional(),
    toAreaId: Uuid.optional(),
    windows: z.array(TimeWindow).max(100).default([]),
  }),
  CorridorStatusChanged: z.strictObject({
    corridorId: Uuid,
    status: z.enum(CORRIDOR_STATUSES),
    reason: Text.optional(),
  }),
  CheckpointEstablished: z.strictObject({
    checkpointId: Uuid,
    code: Code,
    corridorId: Uuid,
    kind: z.enum(CHECKPOINT_KINDS),
    name: Name,
    location: Point,
    commandPostId: Uuid.optional(),
    ordinal: z.number().int().min(0).max(1000),
  }),
  VehicleRegistered: z.strictObject({
    vehicleId: Uuid,
    code: Code,
    kind: z.enum(VEHICLE_KINDS),
    seats: z.number().int().min(0).max(200),
    stretchers: z.number().int().min(0).max(20),
    organisationId: Uuid,
    plate: Plate,
  }),
  ReceptionPointEstablished: z.strictObject({
    receptionPointId: Uuid,
    code: Code,
    name: Name,
    location: Point,
    areaId: Uuid.optional(),
    capacity: z.number().int().min(0).max(10_000_000),
  }),
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
      .array(z.strictObject({ vehicleId: Uuid, people: PeopleCounts, stretcherCases: Count.default(0) }))
      .max(1000)
      .optional(),
    note: Text.optional(),
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
    /** The device's own error for people counts, in percent; the operation's policy otherwise. */
    errorPct: z.number().min(0).max(50).optional(),
    deviceId: text(64).optional(),
    note: Text.optional(),
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
  FigureReported: z.strictObject({
    figureId: Uuid,
    code: Code,
    metric: z.string().regex(/^[a-z][a-z0-9_.]{1,63}$/, 'a metric is a lower-case key, e.g. people_departed'),
    label: Name,
    hxl: z
      .string()
      .regex(/^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/, 'an HXL hashtag, e.g. #affected+f+children')
      .optional(),
    value: z.number().finite(),
    valueMax: z.number().finite().optional(),
    qualifier: z.enum(FIGURE_QUALIFIERS).default('exact'),
    unit: Name.refine((s) => s.length <= 32, 'a unit has at most 32 characters'),
    areaId: Uuid.optional(),
    asOf: Timestamp,
    sourceOrganisationId: Uuid,
    sourceDocument: Name,
    sourceDate: Timestamp.optional(),
    method: z.enum(FIGURE_METHODS),
    note: Text.optional(),
    /** For a computed figure: the query over the event log that produced it. */
    query: Text.optional(),
  }),
  // Where people wait to be collected; the number still waiting changes, and corrections are new events.
  PickupPointDefined: z.strictObject({
    pickupPointId: Uuid,
    code: Code,
    name: Name,
    location: Point,
    areaId: Uuid.optional(),
    seated: Count,
    stretcher: Count,
    note: Text.optional(),
  }),
  PickupPointUpdated: z.strictObject({
    pickupPointId: Uuid,
    seated: Count,
    stretcher: Count,
    note: Text.optional(),
  }),
  // A plan made by the planner from the operation's state (src/app/planning/planning.ts), and its adoption,
  // which plans the convoys it describes in the same append.
  PlanProposed: PlanProposedPayload,
  PlanAdopted: PlanAdoptedPayload,
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
  // Recovery per area: people returning, the status of services and access over time, aid delivered.
  // When it was so is the event's occurredAt; the source says who reported it.
  ReturnsRecorded: z.strictObject({
    returnId: Uuid,
    areaId: Uuid,
    fromAreaId: Uuid.optional(),
    /** Where they came from when it is not an area of the operation (a town, a camp). */
    fromPlace: Name.optional(),
    people: PeopleCounts,
    sourceOrganisationId: Uuid,
    sourceDocument: Name.optional(),
    method: z.enum(['counted', 'estimated']),
    note: Text.optional(),
  }),
  ServiceStatusRecorded: z.strictObject({
    statusId: Uuid,
    areaId: Uuid,
    service: z.enum(SERVICE_KINDS),
    status: z.enum(SERVICE_STATUSES),
    /** How many facilities (health centres, bakeries, schools) the status covers, when counted. */
    facilities: Count.optional(),
    sourceOrganisationId: Uuid,
    sourceDocument: Name.optional(),
    note: Text.optional(),
  }),
  AccessStatusRecorded: z.strictObject({
    statusId: Uuid,
    areaId: Uuid,
    status: z.enum(ACCESS_STATUSES),
    reason: Text.optional(),
    sourceOrganisationId: Uuid,
    sourceDocument: Name.optional(),
    note: Text.optional(),
  }),
  AidDelivered: z.strictObject({
    deliveryId: Uuid,
    organisationId: Uuid,
    sector: z.enum(AID_SECTORS),
    item: Name,
    quantity: z.number().finite().positive().max(1e12),
    unit: Name.refine((s) => s.length <= 32, 'a unit has at most 32 characters'),
    areaId: Uuid,
    beneficiaries: Count.optional(),
    sourceDocument: Name.optional(),
    note: Text.optional(),
  }),
  // The operation is over. Its personal data is erased `personalDataRetentionDays` later, except
  // what an open tracing request still needs (src/app/protection/retention.ts).
  OperationClosed: z.strictObject({
    reason: Text.refine((s) => s.trim().length > 0, 'say why the operation is closed'),
    personalDataRetentionDays: z.number().int().min(0).max(3650).default(90),
  }),
  // Personal data, sealed: see src/contracts/protection.ts.
  ...PROTECTION_PAYLOADS,
} as const;

export type EventType = keyof typeof EVENT_PAYLOADS;
export const EVENT_TYPES = Object.keys(EVENT_PAYLOADS) as EventType[];
export type EventPayload<T extends EventType> = z.output<(typeof EVENT_PAYLOADS)[T]>;
/** What a sender may write: fields with defaults can be left out. */
export type EventPayloadInput<T extends EventType> = z.input<(typeof EVENT_PAYLOADS)[T]>;
export type AnyEventPayload = { [T in EventType]: EventPayload<T> }[EventType];

/** The envelope of an event as a client submits it: it chooses the id (UUIDv7) and when the thing
 * happened. The payload is checked against `EVENT_PAYLOADS[type]` next. */
export const EventEnvelope = z.strictObject({
  id: Uuid7,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  schemaVersion: z.literal(1).default(1),
  occurredAt: Timestamp,
  originSite: OriginSite.optional(),
  originSeq: OriginSeq.optional(),
  payload: z.unknown(),
});

export type EventSubmission = {
  [T in EventType]: {
    id: string;
    type: T;
    schemaVersion: number;
    occurredAt: string;
    originSite?: string | undefined;
    originSeq?: number | undefined;
    payload: EventPayload<T>;
  };
}[EventType];

export const EventBatch = z.strictObject({ events: z.array(z.unknown()).min(1).max(5000) });

/** An event as the log holds it. */
export interface StoredEvent {
  seq: number;
  id: string;
  operationId: string;
  type: EventType;
  schemaVersion: number;
  payload: unknown;
  occurredAt: string;
  recordedAt: string;
  actor: string;
  organisation: string | null;
  originSite: string;
  originSeq: number;
  prevHash: string;
  hash: string;
}

export const StoredEventSchema = z.strictObject({
  seq: z.number().int().optional(),
  id: Uuid,
  operationId: OperationId,
  type: z.enum(EVENT_TYPES as [EventType, ...EventType[]]),
  schemaVersion: z.number().int(),
  payload: z.unknown(),
  occurredAt: Timestamp,
  recordedAt: Timestamp.optional(),
  actor: Name,
  organisation: Uuid.nullable(),
  originSite: OriginSite,
  originSeq: OriginSeq,
  prevHash: z.string().optional(),
  hash: z.string().optional(),
});
