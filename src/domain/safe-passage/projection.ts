import {
  change,
  changeVersion,
  versionTime,
  insert,
  json,
  opt,
  update,
  type ColumnsOf,
  type Projectors,
} from '../projection.js';

/** The row changes of safe passage events. */
export const SAFE_PASSAGE_PROJECTORS: Projectors<
  | 'CorridorGateOverridden'
  | 'HazardReported'
  | 'HazardStatusChanged'
  | 'ClearanceTaskStarted'
  | 'ClearanceProgressRecorded'
  | 'ClearanceTaskCompleted'
  | 'IncidentReported'
  | 'IncidentStatusChanged'
  | 'PauseWindowAgreed'
  | 'PauseWindowCancelled'
  | 'MovementNotified'
  | 'MovementAcknowledged'
> = {
  CorridorGateOverridden: (event) => {
    const op = event.operationId;
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
      // Holds until the next status change: not when one made after it has arrived already.
      update('corridors', p.corridorId, (row) => {
        const version = changeVersion(event);
        // Spent already when a status change made at its instant or later is here, or when the
        // corridor is closed (whenever the close was made: closing ends it).
        const spent =
          row.status === 'closed' ||
          (row.status_version !== null && versionTime(row.status_version) >= event.occurredAt);
        return {
          ...(spent ? {} : { override_to: p.to }),
          ...(row.override_version === null || row.override_version < version
            ? { override_version: version }
            : {}),
        };
      }),
    ];
  },
  HazardReported: (event) => {
    const op = event.operationId;
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
        status_version: null,
        reported_at: event.occurredAt,
        recorded_by: event.organisation,
      }),
    ];
  },
  HazardStatusChanged: (event) => {
    const p = event.payload;
    return [
      change('hazards', p.hazardId, 'status_version', event, {
        status: p.status,
        status_reason: opt(p.reason),
        status_changed_at: event.occurredAt,
      }),
    ];
  },
  ClearanceTaskStarted: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('clearance_tasks', {
        id: p.taskId,
        operation_id: op,
        hazard_id: p.hazardId,
        team: p.team,
        organisation_id: p.organisationId,
        recorded_by: event.organisation,
        started_at: p.startedAt ?? event.occurredAt,
        status: 'started',
        cleared_area_m2: null,
        cleared_length_m: null,
        progress_note: null,
        progress_at: null,
        qa_signed_off_by: null,
        qa_organisation_id: null,
        completed_at: null,
        status_version: null,
        progress_version: null,
        area_version: null,
        length_version: null,
      }),
    ];
  },
  ClearanceProgressRecorded: (event) => {
    const p = event.payload;
    // Recorded at two sites apart: the latest stands, for the record and for each total it gives (one
    // may give the area and a later one only the length).
    const set: ColumnsOf<'clearance_tasks'> = { progress_at: event.occurredAt, progress_note: opt(p.note) };
    return [
      change('clearance_tasks', p.taskId, 'progress_version', event, set),
      ...(p.clearedAreaM2 !== undefined
        ? [change('clearance_tasks', p.taskId, 'area_version', event, { cleared_area_m2: p.clearedAreaM2 })]
        : []),
      ...(p.clearedLengthM !== undefined
        ? [
            change('clearance_tasks', p.taskId, 'length_version', event, {
              cleared_length_m: p.clearedLengthM,
            }),
          ]
        : []),
    ];
  },
  ClearanceTaskCompleted: (event) => {
    const p = event.payload;
    return [
      // Completed at two sites apart: the first completion stands.
      change(
        'clearance_tasks',
        p.taskId,
        'status_version',
        event,
        {
          status: 'completed',
          qa_signed_off_by: p.qaSignedOffBy,
          qa_organisation_id: opt(p.qaOrganisationId),
          completed_at: event.occurredAt,
        },
        'earliest',
      ),
    ];
  },
  IncidentReported: (event) => {
    const op = event.operationId;
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
        status_version: null,
        occurred_at: event.occurredAt,
        recorded_by: event.organisation,
      }),
    ];
  },
  IncidentStatusChanged: (event) => {
    const p = event.payload;
    return [
      change('incidents', p.incidentId, 'status_version', event, {
        status: p.status,
        status_reason: opt(p.reason),
        status_changed_at: event.occurredAt,
      }),
    ];
  },
  PauseWindowAgreed: (event) => {
    const op = event.operationId;
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
        status_version: null,
      }),
    ];
  },
  PauseWindowCancelled: (event) => {
    const p = event.payload;
    return [
      // Cancelled at two sites apart: the first cancellation stands.
      change(
        'pause_windows',
        p.windowId,
        'status_version',
        event,
        { status: 'cancelled', cancel_reason: p.reason, cancelled_at: event.occurredAt },
        'earliest',
      ),
    ];
  },
  MovementNotified: (event) => {
    const op = event.operationId;
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
  },
  MovementAcknowledged: (event) => {
    const op = event.operationId;
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
  },
};
