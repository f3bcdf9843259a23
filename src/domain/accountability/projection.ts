import { change, earlier, insert, json, opt, update, type Projectors } from '../projection.js';

/** The row changes of accountability events. */
export const ACCOUNTABILITY_PROJECTORS: Projectors<
  | 'ConvoyPlanned'
  | 'ManifestRecorded'
  | 'ConvoyStatusChanged'
  | 'PassageRecorded'
  | 'PassageMatched'
  | 'PassageVoided'
  | 'AlertRaised'
  | 'AlertAcknowledged'
  | 'AlertResolved'
> = {
  ConvoyPlanned: (event) => {
    const op = event.operationId;
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
        status_version: null,
        manifest_version: null,
      }),
      ...p.vehicleIds.map((vehicleId) =>
        insert('convoy_vehicles', { convoy_id: p.convoyId, vehicle_id: vehicleId, operation_id: op }),
      ),
    ];
  },
  ManifestRecorded: (event) => {
    const p = event.payload;
    // Recorded again (at two posts apart, or corrected): the latest stands.
    return [
      change('convoys', p.convoyId, 'manifest_version', event, {
        manifest: json({
          people: p.people,
          stretcherCases: p.stretcherCases,
          wounded: p.wounded,
          disabled: p.disabled,
          unaccompaniedChildren: p.unaccompaniedChildren,
          separatedChildren: p.separatedChildren,
          byVehicle: p.byVehicle,
          carried: p.carried,
          note: p.note,
          sheetId: p.sheetId,
        }),
        manifest_recorded_at: event.occurredAt,
      }),
    ];
  },
  ConvoyStatusChanged: (event) => {
    const p = event.payload;
    return [
      change('convoys', p.convoyId, 'status_version', event, {
        status: p.status,
        status_changed_at: event.occurredAt,
      }),
    ];
  },
  PassageRecorded: (event) => {
    const op = event.operationId;
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
        corrects: opt(p.corrects),
        correction_reason: opt(p.reason),
        voided_at: null,
        void_reason: null,
        voided_by: null,
        sheet_id: opt(p.sheetId),
        carried: json(p.carried),
        void_version: null,
        match_version: null,
      }),
    ];
  },
  PassageVoided: (event) => {
    const p = event.payload;
    return [
      // Voided at two posts apart: the first voiding stands.
      change(
        'passages',
        p.passageId,
        'void_version',
        event,
        { voided_at: event.occurredAt, void_reason: p.reason, voided_by: event.organisation },
        'earliest',
      ),
    ];
  },
  PassageMatched: (event) => {
    const p = event.payload;
    return [
      change('passages', p.passageId, 'match_version', event, {
        convoy_id: p.convoyId,
        matched_by: p.method,
      }),
    ];
  },
  AlertRaised: (event) => {
    const op = event.operationId;
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
  },
  AlertAcknowledged: (event) => {
    const p = event.payload;
    return [
      // Two sites may acknowledge one alert apart, or one resolve it before the other's acknowledgement
      // arrives: the earliest acknowledgement stands, and a resolved alert stays resolved.
      update('alerts', p.alertId, (row) => ({
        status: row.status === 'open' ? 'acknowledged' : row.status,
        ...(earlier(
          event.occurredAt,
          tieKey(event.organisation, p.note),
          row.acknowledged_at,
          tieKey(row.acknowledged_by, row.acknowledge_note),
        )
          ? {
              acknowledged_at: event.occurredAt,
              acknowledged_by: event.organisation,
              acknowledge_note: opt(p.note),
            }
          : {}),
      })),
    ];
  },
  AlertResolved: (event) => {
    const p = event.payload;
    return [
      // Resolved at two sites apart: the earliest resolution stands.
      update('alerts', p.alertId, (row) => ({
        status: 'resolved',
        ...(earlier(
          event.occurredAt,
          tieKey(event.organisation, p.note),
          row.resolved_at,
          tieKey(row.resolved_by, row.resolve_note),
        )
          ? {
              resolved_at: event.occurredAt,
              resolved_by: event.organisation,
              resolution: p.resolution,
              resolve_note: p.note,
            }
          : {}),
      })),
    ];
  },
};

/** Who and what, to order two changes recorded at the same instant the same way on every node. */
function tieKey(organisation: string | null, note: string | null | undefined): string {
  return `${organisation ?? ''}\u0000${note ?? ''}`;
}
