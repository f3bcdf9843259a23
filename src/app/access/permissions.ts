import { GRANTABLE_ROLES, ROLES, type GrantedRole, type Role } from '../../contracts/common.js';
import type { EventType } from '../../contracts/events.js';
import { ForbiddenError, said } from '../../domain/errors.js';
import type { RowOf } from '../../domain/projection.js';

/** Who writes what, in one place. Anything not listed is denied. `system` is the CLI and scenarios. */
const WRITES: Record<Role, readonly EventType[]> = {
  coordinator: [
    'OrganisationRegistered',
    'OrganisationContactChanged',
    'AreaRegistered',
    'CommandPostEstablished',
    'CommandPostWatchAssigned',
    'CorridorDeclared',
    'CorridorStatusChanged',
    'CheckpointEstablished',
    'VehicleRegistered',
    'ReceptionPointEstablished',
    'ConvoyPlanned',
    'ManifestRecorded',
    'ConvoyStatusChanged',
    'PassageRecorded',
    'PassageMatched',
    'PassageVoided',
    'AlertAcknowledged',
    'AlertResolved',
    'FigureReported',
    'PickupPointDefined',
    'PickupPointUpdated',
    'PlanProposed',
    'PlanAdopted',
    'HazardReported',
    'HazardStatusChanged',
    'ClearanceTaskStarted',
    'ClearanceProgressRecorded',
    'ClearanceTaskCompleted',
    'IncidentReported',
    'IncidentStatusChanged',
    'PauseWindowAgreed',
    'PauseWindowCancelled',
    'MovementNotified',
    'MovementAcknowledged',
    'CorridorGateOverridden',
    'OperationClosed',
    'ReturnsRecorded',
    'ServiceStatusRecorded',
    'AccessStatusRecorded',
    'AidDelivered',
    'SheetIssued',
    'SheetEntered',
  ],
  'post-officer': [
    'PassageRecorded',
    'PassageMatched',
    'PassageVoided',
    'ConvoyStatusChanged',
    'ManifestRecorded',
    'AlertAcknowledged',
    'AlertResolved',
    'PickupPointDefined',
    'PickupPointUpdated',
    'HazardReported',
    'HazardStatusChanged',
    'ClearanceTaskStarted',
    'ClearanceProgressRecorded',
    'ClearanceTaskCompleted',
    'IncidentReported',
    'IncidentStatusChanged',
    'ReturnsRecorded',
    'ServiceStatusRecorded',
    'AccessStatusRecorded',
    'SheetIssued',
    'SheetEntered',
  ],
  // At a checkpoint: counts, and what happens there.
  enumerator: ['PassageRecorded', 'PassageVoided', 'IncidentReported', 'SheetEntered'],
  // A camera, counter, drone or vehicle tracker: passages of its own kind only (see authoriseWrite).
  device: ['PassageRecorded'],
  reporting: [
    'FigureReported',
    'ReturnsRecorded',
    'ServiceStatusRecorded',
    'AccessStatusRecorded',
    'AidDelivered',
  ],
  // Personal data: registrations, family groups, tracing, and the record of every read of them.
  protection: [
    'PersonRegistered',
    'PersonAssigned',
    'ChildHandedOver',
    'PersonErased',
    'FamilyGroupRegistered',
    'TracingRequestOpened',
    'TracingMatchReviewed',
    'TracingRequestClosed',
    'PersonalDataRead',
    // Blank registration forms only (see authoriseWrite); a filled one is entered as PersonRegistered.
    'SheetIssued',
  ],
  viewer: [],
  admin: [],
  // Replicates through its own routes (app/sync), never through the write routes.
  site: [],
};

export type CallerRole = Role | 'system';

export interface Caller {
  /** Who records: `token:<id>` for API callers, `system:<what>` for the CLI and scenarios. */
  actor: string;
  role: CallerRole;
  organisationId: string | null;
  /** The operation a token is for; the system may act on any. */
  operationId: string | null;
  /** The token the caller used (to sign a session out). */
  tokenId?: string;
  /** For a device token: the kind of source it is and its id, which its passages must carry. */
  device?: { kind: 'camera' | 'drone' | 'position'; id: string } | undefined;
  /** For a site token: the site whose node replicates through it. */
  site?: string | undefined;
  /** For a site token: the roles whose records its node may send up (siteGrants). */
  grants?: readonly GrantedRole[] | undefined;
}

/** The CLI and the scenario loader: trusted, any operation. */
export const SYSTEM_CALLER: Caller = {
  actor: 'system:cli',
  role: 'system',
  organisationId: null,
  operationId: null,
};

/**
 * What a site token grants when it is made without `--grant`: the work of a command post (counts,
 * manifests, convoys' movements, hazards, incidents, returns and services). A coordinator's decisions
 * (convoys planned, corridors opened and closed, pauses agreed) and personal data (a protection
 * officer's registrations and erasures) are granted by name only.
 */
export const DEFAULT_SITE_GRANTS: readonly GrantedRole[] = [
  'post-officer',
  'enumerator',
  'device',
  'reporting',
];

/**
 * Whether a node granted these roles may record this type of event: one of them writes it. A site
 * token made before grants were kept grants every role. (What the node's rules derive goes up whatever
 * its grants: app/sync/grants.ts.)
 */
export function grantsType(grants: readonly GrantedRole[] | null | undefined, type: EventType): boolean {
  return grants == null || grants.some((g) => WRITES[g].includes(type));
}

/** The roles that may record a type: for the message that refuses it to a node not granted them. */
export function rolesFor(type: EventType): GrantedRole[] {
  return GRANTABLE_ROLES.filter((r) => WRITES[r].includes(type));
}

/** Grants as stored (comma-separated), read back; null when not kept (a token made before grants). */
export function parseGrants(stored: string | null | undefined): GrantedRole[] | null {
  if (stored == null) return null;
  return stored
    .split(',')
    .filter((g): g is GrantedRole => (GRANTABLE_ROLES as readonly string[]).includes(g));
}

export function mayWrite(role: CallerRole, type: EventType): boolean {
  return role === 'system' || WRITES[role].includes(type);
}

export function authoriseWrite(
  caller: Caller,
  operationId: string,
  type: EventType,
  payload?: unknown,
): void {
  authoriseRead(caller, operationId);
  if (!mayWrite(caller.role, type)) {
    throw new ForbiddenError(
      said('the {role|role} role may not record {type}', { role: caller.role, type }),
      {
        role: caller.role,
        type,
      },
    );
  }
  // A protection officer prints registration forms, not manifests or tallies.
  if (caller.role === 'protection' && type === 'SheetIssued' && payload !== undefined) {
    const kind = (payload as { kind?: string }).kind;
    if (kind !== 'registration')
      throw new ForbiddenError(
        said('the protection role prints registration forms only, not {kind} sheets', { kind: String(kind) }),
        { role: caller.role, kind },
      );
  }
  // A device records passages of its own kind only: checked once the payload is known.
  if (caller.role === 'device' && payload !== undefined) {
    const p = payload as { source?: string; deviceId?: string } | undefined;
    if (!caller.device || p?.source !== caller.device.kind || p.deviceId !== caller.device.id)
      throw new ForbiddenError(
        caller.device
          ? said('this device token records {source|source} passages with deviceId {device} only', {
              source: caller.device.kind,
              device: caller.device.id,
            })
          : said('this device token records no passages with deviceId - only'),
        { source: p?.source, deviceId: p?.deviceId },
      );
  }
}

/**
 * Who may call a route, declared with the route (src/api) and decided here, deny by default:
 * - `read`: the operation's operational picture (no personal data): every role but devices;
 * - `writes`: the roles that may record at least one of these event types (the WRITES table above);
 * - `ingest`: counting devices only;
 * - `personal`: personal data (registrations, family groups, tracing): protection officers only;
 * - `admin`: the operation's tokens and sessions: administrators only;
 * - `sync`: replication with another node: site tokens only;
 * - `any`: any valid token (the API document).
 */
export type RouteAccess =
  | { kind: 'read' }
  | { kind: 'writes'; types: readonly EventType[] }
  | { kind: 'ingest' }
  | { kind: 'personal' }
  | { kind: 'admin' }
  | { kind: 'sync' }
  | { kind: 'any' };

/** Everyone who reads the operational picture: every role but the counting devices and other nodes. */
const READERS: readonly Role[] = ROLES.filter((r) => r !== 'device' && r !== 'site');

export function routeRoles(access: RouteAccess): Role[] {
  const roles = Object.keys(WRITES) as Role[];
  switch (access.kind) {
    case 'read':
      return [...READERS];
    case 'writes':
      return roles.filter((r) => access.types.some((t) => mayWrite(r, t)));
    case 'ingest':
      return ['device'];
    case 'personal':
      return ['protection'];
    case 'admin':
      return ['admin'];
    case 'sync':
      return ['site'];
    case 'any':
      return roles;
  }
}

export function authoriseRoute(
  caller: Caller,
  access: RouteAccess,
  route: { method: string; path: string },
): void {
  if (caller.role === 'system' || routeRoles(access).includes(caller.role)) return;
  throw new ForbiddenError(
    said('the {role|role} role may not call {method} {path}', {
      role: caller.role,
      method: route.method.toUpperCase(),
      path: route.path,
    }),
    { role: caller.role },
  );
}

export function authoriseRead(caller: Caller, operationId: string): void {
  if (caller.role !== 'system' && caller.operationId !== operationId) {
    throw new ForbiddenError(said('this token is not for operation {operation}', { operation: operationId }));
  }
}

/**
 * Changes to a record that only its own organisation may make (a coordinator may make any): which
 * record the event changes, and the column that says whose it is. A partner's post officer does not
 * change another organisation's hazard, incident, clearance task or pickup point, or match or void
 * another's tally; a protection officer does not hand over, move or erase a person another
 * organisation registered, add to its family group, or review or close its tracing request (a
 * clearance task is also its implementing organisation's). A record
 * with no owner recorded (made by the CLI or a scenario before owners were kept) is the coordinating
 * body's: no owner never means "anyone". Convoys, alerts and corridors are the operation's, worked by
 * every post on the route: the roles that may change them are in WRITES.
 */
export type OwnedTable =
  | 'hazards'
  | 'incidents'
  | 'registrations'
  | 'passages'
  | 'clearance_tasks'
  | 'pickup_points'
  | 'family_groups'
  | 'tracing_requests';
type OwnedRule = { table: OwnedTable; idField: string };
const OWNED_CHANGES: Partial<Record<EventType, OwnedRule>> = {
  // A tally is matched, corrected or voided by the organisation that counted it.
  PassageRecorded: { table: 'passages', idField: 'corrects' },
  PassageMatched: { table: 'passages', idField: 'passageId' },
  PassageVoided: { table: 'passages', idField: 'passageId' },
  HazardStatusChanged: { table: 'hazards', idField: 'hazardId' },
  // A clearance task holds its hazard's release until it is completed: started by the hazard's own.
  ClearanceTaskStarted: { table: 'hazards', idField: 'hazardId' },
  ClearanceProgressRecorded: { table: 'clearance_tasks', idField: 'taskId' },
  ClearanceTaskCompleted: { table: 'clearance_tasks', idField: 'taskId' },
  IncidentStatusChanged: { table: 'incidents', idField: 'incidentId' },
  PickupPointUpdated: { table: 'pickup_points', idField: 'pickupPointId' },
  // Registering a person into a family group adds to that group.
  PersonRegistered: { table: 'family_groups', idField: 'familyGroupId' },
  PersonAssigned: { table: 'registrations', idField: 'registrationId' },
  ChildHandedOver: { table: 'registrations', idField: 'registrationId' },
  PersonErased: { table: 'registrations', idField: 'registrationId' },
  TracingMatchReviewed: { table: 'tracing_requests', idField: 'tracingRequestId' },
  TracingRequestClosed: { table: 'tracing_requests', idField: 'tracingRequestId' },
};

/** The events whose record only its own organisation (or a coordinator) may change. */
export const OWNED_EVENT_TYPES = Object.keys(OWNED_CHANGES) as EventType[];

/** Whose a record is: its recorder's, and a clearance task also its implementing organisation's. */
function ownersOf(table: OwnedTable, record: RowOf<OwnedTable>): (string | null)[] {
  return table === 'clearance_tasks' && 'organisation_id' in record
    ? [record.recorded_by, record.organisation_id]
    : [record.recorded_by];
}

export async function authoriseOwnership(
  caller: Caller,
  type: EventType,
  payload: unknown,
  get: (table: OwnedTable, id: string) => Promise<RowOf<OwnedTable> | undefined>,
  coordinatingBody: () => Promise<string | null>,
): Promise<void> {
  const rule = OWNED_CHANGES[type];
  if (!rule || caller.role === 'system' || caller.role === 'coordinator') return;
  const id = (payload as Record<string, unknown>)[rule.idField];
  const record = typeof id === 'string' ? await get(rule.table, id) : undefined;
  if (!record) return;
  const recorded = ownersOf(rule.table, record).filter((o) => o !== null);
  const owners = recorded.length > 0 ? recorded : [await coordinatingBody()];
  if (caller.organisationId === null || !owners.includes(caller.organisationId))
    throw new ForbiddenError(
      said('{record} belongs to another organisation: only it, or a coordinator, may change it', {
        record:
          'code' in record
            ? record.code
            : rule.table === 'passages'
              ? said('tally {id}', { id: record.id })
              : said('clearance task {id}', { id: record.id }),
      }),
      { type },
    );
}
