import type { EventPayload, EventType } from '../contracts/events.js';
import { canonicalJson } from './canonical-json.js';
import { projectProtection } from './protection/projection.js';
import { projectRecovery } from './recovery/projection.js';

/**
 * Projections are folds over the event log. `projectEvent` turns one event into the row changes it
 * causes; the store applies them in the append's transaction, the rebuild replays them from the log,
 * and the simulator applies them in memory. It reads nothing, so the same event always has the same
 * effect, which is what makes a rebuild identical to the live tables.
 */

/** Every projection table, in the order a rebuild clears them (children first). */
export const PROJECTION_TABLES = [
  'tracing_reviews',
  'tracing_requests',
  'registrations',
  'family_groups',
  'aid_deliveries',
  'access_statuses',
  'service_statuses',
  'returns',
  'gate_overrides',
  'acknowledgements',
  'notifications',
  'pause_windows',
  'incidents',
  'clearance_tasks',
  'hazards',
  'alerts',
  'plans',
  'pickup_points',
  'passages',
  'convoy_vehicles',
  'convoys',
  'figures',
  'reception_points',
  'vehicles',
  'checkpoints',
  'corridors',
  'command_posts',
  'areas',
  'organisations',
  'operations',
] as const;
export type ProjectionTable = (typeof PROJECTION_TABLES)[number];

export type ColumnValue = string | number | null;
export type Row = Record<string, ColumnValue>;

export type Mutation =
  | { kind: 'insert'; table: ProjectionTable; row: Row }
  | { kind: 'update'; table: ProjectionTable; id: string; set: Row };

export type ProjectableEvent = {
  [T in EventType]: {
    id: string;
    operationId: string;
    type: T;
    payload: EventPayload<T>;
    occurredAt: string;
    organisation: string | null;
  };
}[EventType];

const json = (v: unknown): string | null => (v === undefined ? null : canonicalJson(v));
const opt = <T extends ColumnValue>(v: T | undefined): T | null => (v === undefined ? null : v);

export function projectEvent(event: ProjectableEvent): Mutation[] {
  const op = event.operationId;
  const insert = (table: ProjectionTable, row: Row): Mutation => ({ kind: 'insert', table, row });
  const update = (table: ProjectionTable, id: string, set: Row): Mutation => ({
    kind: 'update',
    table,
    id,
    set,
  });
  switch (event.type) {
    case 'OperationCreated': {
      const p = event.payload;
      return [
        insert('operations', {
          id: op,
          name: p.name,
          description: p.description,
          timezone: p.timezone,
          stages: json(p.stages),
          age_bands: json(p.ageBands),
          accountability: json(p.accountability),
          safe_passage: json(p.safePassage),
          closed_at: null,
          personal_data_retention_days: null,
          created_at: event.occurredAt,
        }),
      ];
    }
    case 'OrganisationRegistered': {
      const p = event.payload;
      return [
        insert('organisations', {
          id: p.organisationId,
          operation_id: op,
          code: p.code,
          name: p.name,
          name_ar: opt(p.nameAr),
          role: p.role,
        }),
      ];
    }
    case 'AreaRegistered': {
      const p = event.payload;
      return [
        insert('areas', {
          id: p.areaId,
          operation_id: op,
          code: p.code,
          pcode: opt(p.pcode),
          kind: p.kind,
          name_en: p.nameEn,
          name_ar: opt(p.nameAr),
          parent_area_id: opt(p.parentAreaId),
          geometry: json(p.geometry),
        }),
      ];
    }
    case 'CommandPostEstablished': {
      const p = event.payload;
      return [
        insert('command_posts', {
          id: p.commandPostId,
          operation_id: op,
          code: p.code,
          name: p.name,
          location: json(p.location),
          organisation_id: opt(p.organisationId),
          segments: '[]',
        }),
      ];
    }
    case 'CommandPostWatchAssigned': {
      const p = event.payload;
      return [
        { kind: 'update', table: 'command_posts', id: p.commandPostId, set: { segments: json(p.segments) } },
        ...p.checkpointIds.map((id): Mutation => ({
          kind: 'update',
          table: 'checkpoints',
          id,
          set: { command_post_id: p.commandPostId },
        })),
      ];
    }
    case 'CorridorDeclared': {
      const p = event.payload;
      return [
        insert('corridors', {
          id: p.corridorId,
          operation_id: op,
          code: p.code,
          name: p.name,
          stage_key: opt(p.stageKey),
          route: json(p.route),
          route_note: opt(p.routeNote),
          from_area_id: opt(p.fromAreaId),
          to_area_id: opt(p.toAreaId),
          windows: json(p.windows),
          status: 'planned',
          status_reason: null,
          status_changed_at: event.occurredAt,
          override_to: null,
          last_opened_at: null,
        }),
      ];
    }
    case 'CorridorStatusChanged': {
      const p = event.payload;
      return [
        {
          kind: 'update',
          table: 'corridors',
          id: p.corridorId,
          set: {
            status: p.status,
            status_reason: opt(p.reason),
            status_changed_at: event.occurredAt,
            override_to: null,
            ...(p.status === 'open' ? { last_opened_at: event.occurredAt } : {}),
          },
        },
      ];
    }
    case 'CorridorGateOverridden': {
      const p = event.payload;
      return [
        insert('gate_overrides', {
          id: event.id,
          operation_id: op,
          corridor_id: p.corridorId,
          to: p.to,
          unmet: json(p.unmet),
          reason: p.reason,
          overridden_at: event.occurredAt,
          recorded_by: event.organisation,
        }),
        update('corridors', p.corridorId, { override_to: p.to }),
      ];
    }
    case 'CheckpointEstablished': {
      const p = event.payload;
      return [
        insert('checkpoints', {
          id: p.checkpointId,
          operation_id: op,
          code: p.code,
          corridor_id: p.corridorId,
          kind: p.kind,
          name: p.name,
          location: json(p.location),
          command_post_id: opt(p.commandPostId),
          ordinal: p.ordinal,
        }),
      ];
    }
    case 'VehicleRegistered': {
      const p = event.payload;
      return [
        insert('vehicles', {
          id: p.vehicleId,
          operation_id: op,
          code: p.code,
          kind: p.kind,
          seats: p.seats,
          stretchers: p.stretchers,
          organisation_id: p.organisationId,
          plate: p.plate,
        }),
      ];
    }
    case 'ReceptionPointEstablished': {
      const p = event.payload;
      return [
        insert('reception_points', {
          id: p.receptionPointId,
          operation_id: op,
          code: p.code,
          name: p.name,
          location: json(p.location),
          area_id: opt(p.areaId),
          capacity: p.capacity,
        }),
      ];
    }
    case 'ConvoyPlanned': {
      const p = event.payload;
      return [
        insert('convoys', {
          id: p.convoyId,
          operation_id: op,
          code: p.code,
          corridor_id: p.corridorId,
          reception_point_id: opt(p.receptionPointId),
          planned_departure: opt(p.plannedDeparture),
          plan_id: opt(p.planId),
          status: 'planned',
          status_changed_at: event.occurredAt,
          manifest: null,
          manifest_recorded_at: null,
        }),
        ...p.vehicleIds.map((vehicleId) =>
          insert('convoy_vehicles', { convoy_id: p.convoyId, vehicle_id: vehicleId, operation_id: op }),
        ),
      ];
    }
    case 'ManifestRecorded': {
      const p = event.payload;
      return [
        {
          kind: 'update',
          table: 'convoys',
          id: p.convoyId,
          set: {
            manifest: json({
              people: p.people,
              stretcherCases: p.stretcherCases,
              wounded: p.wounded,
              disabled: p.disabled,
              unaccompaniedChildren: p.unaccompaniedChildren,
              separatedChildren: p.separatedChildren,
              byVehicle: p.byVehicle,
              note: p.note,
            }),
            manifest_recorded_at: event.occurredAt,
          },
        },
      ];
    }
    case 'ConvoyStatusChanged': {
      const p = event.payload;
      return [
        {
          kind: 'update',
          table: 'convoys',
          id: p.convoyId,
          set: { status: p.status, status_changed_at: event.occurredAt },
        },
      ];
    }
    case 'PassageRecorded': {
      const p = event.payload;
      return [
        insert('passages', {
          id: p.passageId,
          operation_id: op,
          checkpoint_id: opt(p.checkpointId),
          reception_point_id: opt(p.receptionPointId),
          location: json(p.location),
          convoy_id: opt(p.convoyId),
          source: p.source,
          scope: p.scope,
          vehicle_ids: json(p.vehicleIds),
          plates: json(p.plates),
          observed_at: event.occurredAt,
          people: json(p.people),
          people_total: opt(p.peopleTotal),
          stretcher_cases: opt(p.stretcherCases),
          vehicles: opt(p.vehicles),
          error_pct: opt(p.errorPct),
          device_id: opt(p.deviceId),
          note: opt(p.note),
          recorded_by: event.organisation,
          matched_by: null,
        }),
      ];
    }
    case 'PassageMatched': {
      const p = event.payload;
      return [update('passages', p.passageId, { convoy_id: p.convoyId, matched_by: p.method })];
    }
    case 'AlertRaised': {
      const p = event.payload;
      return [
        insert('alerts', {
          id: p.alertId,
          operation_id: op,
          code: p.code,
          kind: p.kind,
          severity: p.severity,
          key: p.key,
          reason: p.reason,
          numbers: json(p.numbers),
          since: p.since,
          convoy_id: opt(p.convoyId),
          corridor_id: opt(p.corridorId),
          checkpoint_id: opt(p.checkpointId),
          passage_id: opt(p.passageId),
          vehicle_id: opt(p.vehicleId),
          status: 'open',
          raised_at: event.occurredAt,
          acknowledged_at: null,
          acknowledged_by: null,
          acknowledge_note: null,
          resolved_at: null,
          resolved_by: null,
          resolution: null,
          resolve_note: null,
        }),
      ];
    }
    case 'AlertAcknowledged': {
      const p = event.payload;
      return [
        update('alerts', p.alertId, {
          status: 'acknowledged',
          acknowledged_at: event.occurredAt,
          acknowledged_by: event.organisation,
          acknowledge_note: opt(p.note),
        }),
      ];
    }
    case 'AlertResolved': {
      const p = event.payload;
      return [
        update('alerts', p.alertId, {
          status: 'resolved',
          resolved_at: event.occurredAt,
          resolved_by: event.organisation,
          resolution: p.resolution,
          resolve_note: p.note,
        }),
      ];
    }
    case 'FigureReported': {
      const p = event.payload;
      return [
        insert('figures', {
          id: p.figureId,
          operation_id: op,
          code: p.code,
          metric: p.metric,
          label: p.label,
          hxl: opt(p.hxl),
          value: p.value,
          value_max: opt(p.valueMax),
          qualifier: p.qualifier,
          unit: p.unit,
          area_id: opt(p.areaId),
          as_of: p.asOf,
          source_organisation_id: p.sourceOrganisationId,
          source_document: p.sourceDocument,
          source_date: opt(p.sourceDate),
          method: p.method,
          note: opt(p.note),
          query: opt(p.query),
          recorded_by: event.organisation,
        }),
      ];
    }
    case 'PickupPointDefined': {
      const p = event.payload;
      return [
        insert('pickup_points', {
          id: p.pickupPointId,
          operation_id: op,
          code: p.code,
          name: p.name,
          location: json(p.location),
          area_id: opt(p.areaId),
          seated: p.seated,
          stretcher: p.stretcher,
          note: opt(p.note),
          updated_at: null,
        }),
      ];
    }
    case 'PickupPointUpdated': {
      const p = event.payload;
      return [
        update('pickup_points', p.pickupPointId, {
          seated: p.seated,
          stretcher: p.stretcher,
          note: opt(p.note),
          updated_at: event.occurredAt,
        }),
      ];
    }
    case 'PlanProposed': {
      const p = event.payload;
      return [
        insert('plans', {
          id: p.planId,
          operation_id: op,
          code: p.code,
          start: p.start,
          time_limit_sec: p.timeLimitSec,
          baseline: json(p.baseline),
          network: p.network,
          hazards: json(p.hazards),
          makespan_min: p.makespanMin,
          lower_bound_min: p.lowerBoundMin,
          bounds: json(p.bounds),
          summary: json(p.summary),
          places: json(p.places),
          vehicles: json(p.vehicles),
          corridors_used: json(p.corridorsUsed),
          status: 'proposed',
          created_at: event.occurredAt,
          created_by: event.organisation,
          adopted_at: null,
          adopt_note: null,
          superseded_at: null,
          superseded_by: null,
        }),
      ];
    }
    case 'PlanAdopted': {
      const p = event.payload;
      return [
        update('plans', p.planId, {
          status: 'adopted',
          adopted_at: event.occurredAt,
          adopt_note: opt(p.note),
        }),
        ...p.supersedes.map((id) =>
          update('plans', id, {
            status: 'superseded',
            superseded_at: event.occurredAt,
            superseded_by: p.planId,
          }),
        ),
      ];
    }
    case 'HazardReported': {
      const p = event.payload;
      return [
        insert('hazards', {
          id: p.hazardId,
          operation_id: op,
          code: p.code,
          type: p.type,
          area: json(p.area),
          status: p.status,
          evidence: json(p.evidence),
          source: json(p.source),
          note: opt(p.note),
          status_reason: null,
          status_changed_at: event.occurredAt,
          reported_at: event.occurredAt,
          recorded_by: event.organisation,
        }),
      ];
    }
    case 'HazardStatusChanged': {
      const p = event.payload;
      return [
        update('hazards', p.hazardId, {
          status: p.status,
          status_reason: opt(p.reason),
          status_changed_at: event.occurredAt,
        }),
      ];
    }
    case 'ClearanceTaskStarted': {
      const p = event.payload;
      return [
        insert('clearance_tasks', {
          id: p.taskId,
          operation_id: op,
          hazard_id: p.hazardId,
          team: p.team,
          organisation_id: p.organisationId,
          started_at: p.startedAt ?? event.occurredAt,
          status: 'started',
          cleared_area_m2: null,
          cleared_length_m: null,
          progress_note: null,
          progress_at: null,
          qa_signed_off_by: null,
          qa_organisation_id: null,
          completed_at: null,
        }),
      ];
    }
    case 'ClearanceProgressRecorded': {
      const p = event.payload;
      const set: Row = { progress_at: event.occurredAt, progress_note: opt(p.note) };
      if (p.clearedAreaM2 !== undefined) set.cleared_area_m2 = p.clearedAreaM2;
      if (p.clearedLengthM !== undefined) set.cleared_length_m = p.clearedLengthM;
      return [update('clearance_tasks', p.taskId, set)];
    }
    case 'ClearanceTaskCompleted': {
      const p = event.payload;
      return [
        update('clearance_tasks', p.taskId, {
          status: 'completed',
          qa_signed_off_by: p.qaSignedOffBy,
          qa_organisation_id: opt(p.qaOrganisationId),
          completed_at: event.occurredAt,
        }),
      ];
    }
    case 'IncidentReported': {
      const p = event.payload;
      return [
        insert('incidents', {
          id: p.incidentId,
          operation_id: op,
          code: p.code,
          type: p.type,
          severity: p.severity,
          location: json(p.location),
          description: p.description,
          reporter: p.reporter,
          organisation_id: opt(p.organisationId),
          corridor_id: opt(p.corridorId),
          convoy_id: opt(p.convoyId),
          source: json(p.source),
          status: 'reported',
          status_reason: null,
          status_changed_at: event.occurredAt,
          occurred_at: event.occurredAt,
          recorded_by: event.organisation,
        }),
      ];
    }
    case 'IncidentStatusChanged': {
      const p = event.payload;
      return [
        update('incidents', p.incidentId, {
          status: p.status,
          status_reason: opt(p.reason),
          status_changed_at: event.occurredAt,
        }),
      ];
    }
    case 'PauseWindowAgreed': {
      const p = event.payload;
      return [
        insert('pause_windows', {
          id: p.windowId,
          operation_id: op,
          code: p.code,
          kind: p.kind,
          start: p.start,
          end: p.end,
          area: json(p.area),
          corridor_ids: json(p.corridorIds),
          agreed_by: json(p.agreedBy),
          note: opt(p.note),
          status: 'agreed',
          agreed_at: event.occurredAt,
          cancel_reason: null,
          cancelled_at: null,
          recorded_by: event.organisation,
        }),
      ];
    }
    case 'PauseWindowCancelled': {
      const p = event.payload;
      return [
        update('pause_windows', p.windowId, {
          status: 'cancelled',
          cancel_reason: p.reason,
          cancelled_at: event.occurredAt,
        }),
      ];
    }
    case 'MovementNotified': {
      const p = event.payload;
      return [
        insert('notifications', {
          id: p.notificationId,
          operation_id: op,
          code: p.code,
          corridor_id: opt(p.corridorId),
          convoy_id: opt(p.convoyId),
          window: json(p.window),
          route: json(p.route),
          vehicles: json(p.vehicles),
          organisations: json(p.organisations),
          parties: json(p.parties),
          emergency: json(p.emergency),
          note: opt(p.note),
          sent_at: event.occurredAt,
          recorded_by: event.organisation,
        }),
      ];
    }
    case 'MovementAcknowledged': {
      const p = event.payload;
      return [
        insert('acknowledgements', {
          id: p.acknowledgementId,
          operation_id: op,
          notification_id: p.notificationId,
          organisation_id: p.organisationId,
          acknowledged_by: p.acknowledgedBy,
          note: opt(p.note),
          acknowledged_at: event.occurredAt,
          recorded_by: event.organisation,
        }),
      ];
    }
    case 'ReturnsRecorded':
    case 'ServiceStatusRecorded':
    case 'AccessStatusRecorded':
    case 'AidDelivered':
      return projectRecovery(event);
    case 'OperationClosed':
      return [
        update('operations', op, {
          closed_at: event.occurredAt,
          personal_data_retention_days: event.payload.personalDataRetentionDays,
        }),
      ];
    case 'PersonRegistered':
    case 'PersonAssigned':
    case 'ChildHandedOver':
    case 'PersonErased':
    case 'FamilyGroupRegistered':
    case 'TracingRequestOpened':
    case 'TracingMatchReviewed':
    case 'TracingRequestClosed':
    case 'PersonalDataRead':
      return projectProtection(event);
  }
}
