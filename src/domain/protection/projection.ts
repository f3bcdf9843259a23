import { canonicalJson } from '../canonical-json.js';
import { insert, update, type Projectors } from '../projection.js';

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
      }),
      // A registration form entered from paper: the registration is the form's entry.
      ...(p.sheetId
        ? [update('sheets', p.sheetId, { entered_at: event.occurredAt, entered_by: event.organisation })]
        : []),
    ];
  },
  PersonAssigned: (event) => {
    return [update('registrations', event.payload.registrationId, { convoy_id: event.payload.convoyId })];
  },
  ChildHandedOver: (event) => {
    const p = event.payload;
    return [
      update('registrations', p.registrationId, {
        case_status: 'handed-over',
        handed_over_at: event.occurredAt,
        handed_over_reception_point_id: p.receptionPointId,
        handed_over_sealed: canonicalJson(p.sealed),
      }),
    ];
  },
  PersonErased: (event) => {
    return [
      update('registrations', event.payload.registrationId, {
        status: 'erased',
        sealed: null,
        handed_over_sealed: null,
        erased_at: event.occurredAt,
        erase_reason: event.payload.reason,
      }),
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
      update('tracing_requests', event.payload.tracingRequestId, {
        status: 'closed',
        closed_at: event.occurredAt,
        close_reason: event.payload.reason,
      }),
    ];
  },
  PersonalDataRead: () => {
    // The read is in the log, with who read and why; nothing to keep in a table.
    return [];
  },
};
