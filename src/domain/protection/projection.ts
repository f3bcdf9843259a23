import { canonicalJson } from '../canonical-json.js';
import { sheetEntered } from '../paper/projection.js';
import { change, insert, update, type Projectors } from '../projection.js';

/** Row changes of the personal-data events (sealed data stays sealed in the tables too). */
export const PROTECTION_PROJECTORS: Projectors<
  | 'PersonRegistered'
  | 'PersonAssigned'
  | 'ChildHandedOver'
  | 'PersonErased'
  | 'FamilyGroupRegistered'
  | 'TracingRequestOpened'
  | 'TracingMatchReviewed'
  | 'TracingRequestClosed'
  | 'PersonalDataRead'
> = {
  PersonRegistered: (event) => {
    const op = event.operationId;
    const p = event.payload;
    const child = p.child || p.unaccompanied || p.separated;
    return [
      insert('registrations', {
        id: p.registrationId,
        operation_id: op,
        code: p.code,
        convoy_id: p.convoyId ?? null,
        family_group_id: p.familyGroupId ?? null,
        child: p.child ? 1 : 0,
        unaccompanied: p.unaccompanied ? 1 : 0,
        separated: p.separated ? 1 : 0,
        sealed: canonicalJson(p.sealed),
        status: 'registered',
        case_status: child && (p.unaccompanied || p.separated) ? 'open' : null,
        handed_over_at: null,
        handed_over_reception_point_id: null,
        handed_over_sealed: null,
        registered_at: event.occurredAt,
        erased_at: null,
        erase_reason: null,
        recorded_by: event.organisation,
        status_version: null,
        convoy_version: null,
        handover_version: null,
      }),
      // A registration form entered from paper: the registration is the form's entry.
      ...(p.sheetId ? [sheetEntered(p.sheetId, event)] : []),
    ];
  },
  PersonAssigned: (event) => {
    const p = event.payload;
    return [change('registrations', p.registrationId, 'convoy_version', event, { convoy_id: p.convoyId })];
  },
  ChildHandedOver: (event) => {
    const p = event.payload;
    return [
      // The person's data is never kept again once erased, whichever of the two arrived first.
      change('registrations', p.registrationId, 'handover_version', event, (row) => ({
        case_status: 'handed-over',
        handed_over_at: event.occurredAt,
        handed_over_reception_point_id: p.receptionPointId,
        handed_over_sealed: row.status === 'erased' ? null : canonicalJson(p.sealed),
      })),
    ];
  },
  PersonErased: (event) => {
    return [
      // Erased at two sites apart: the first erasure stands (the data is gone either way).
      update('registrations', event.payload.registrationId, { sealed: null, handed_over_sealed: null }),
      change(
        'registrations',
        event.payload.registrationId,
        'status_version',
        event,
        { status: 'erased', erased_at: event.occurredAt, erase_reason: event.payload.reason },
        'earliest',
      ),
    ];
  },
  FamilyGroupRegistered: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('family_groups', {
        id: p.familyGroupId,
        operation_id: op,
        code: p.code,
        sealed: p.sealed === undefined ? null : canonicalJson(p.sealed),
        registered_at: event.occurredAt,
        recorded_by: event.organisation,
      }),
    ];
  },
  TracingRequestOpened: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('tracing_requests', {
        id: p.tracingRequestId,
        operation_id: op,
        code: p.code,
        sealed: canonicalJson(p.sealed),
        status: 'open',
        opened_at: event.occurredAt,
        closed_at: null,
        close_reason: null,
        recorded_by: event.organisation,
        status_version: null,
      }),
    ];
  },
  TracingMatchReviewed: (event) => {
    const op = event.operationId;
    const p = event.payload;
    return [
      insert('tracing_reviews', {
        id: event.id,
        operation_id: op,
        tracing_request_id: p.tracingRequestId,
        registration_id: p.registrationId,
        decision: p.decision,
        note: p.sealedNote === undefined ? null : canonicalJson(p.sealedNote),
        reviewed_at: event.occurredAt,
      }),
    ];
  },
  TracingRequestClosed: (event) => {
    return [
      // Closed at two sites apart: the first closing stands.
      change(
        'tracing_requests',
        event.payload.tracingRequestId,
        'status_version',
        event,
        { status: 'closed', closed_at: event.occurredAt, close_reason: event.payload.reason },
        'earliest',
      ),
    ];
  },
  PersonalDataRead: () => {
    // The read is in the log, with who read and why; nothing to keep in a table.
    return [];
  },
};
