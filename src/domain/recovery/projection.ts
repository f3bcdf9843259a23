import { canonicalJson } from '../canonical-json.js';
import { opt, type ProjectableEvent, type Projectors } from '../projection.js';

const base = (event: ProjectableEvent) => ({
  operation_id: event.operationId,
  recorded_by: event.organisation,
});

/**
 * The rows of recovery per area. Each record is one observation at the event's time, never updated:
 * the status of a service "now" is the latest observation, and the history stays for the report.
 */
export const RECOVERY_PROJECTORS: Projectors<
  'ReturnsRecorded' | 'ServiceStatusRecorded' | 'AccessStatusRecorded' | 'AidDelivered'
> = {
  ReturnsRecorded: (event) => {
    const p = event.payload;
    return [
      {
        kind: 'insert',
        table: 'returns',
        row: {
          id: p.returnId,
          ...base(event),
          area_id: p.areaId,
          from_area_id: opt(p.fromAreaId),
          from_place: opt(p.fromPlace),
          people: canonicalJson(p.people),
          source_organisation_id: p.sourceOrganisationId,
          source_document: opt(p.sourceDocument),
          method: p.method,
          note: opt(p.note),
          observed_at: event.occurredAt,
        },
      },
    ];
  },
  ServiceStatusRecorded: (event) => {
    const p = event.payload;
    return [
      {
        kind: 'insert',
        table: 'service_statuses',
        row: {
          id: p.statusId,
          ...base(event),
          area_id: p.areaId,
          service: p.service,
          status: p.status,
          facilities: opt(p.facilities),
          source_organisation_id: p.sourceOrganisationId,
          source_document: opt(p.sourceDocument),
          note: opt(p.note),
          observed_at: event.occurredAt,
        },
      },
    ];
  },
  AccessStatusRecorded: (event) => {
    const p = event.payload;
    return [
      {
        kind: 'insert',
        table: 'access_statuses',
        row: {
          id: p.statusId,
          ...base(event),
          area_id: p.areaId,
          status: p.status,
          reason: opt(p.reason),
          source_organisation_id: p.sourceOrganisationId,
          source_document: opt(p.sourceDocument),
          note: opt(p.note),
          observed_at: event.occurredAt,
        },
      },
    ];
  },
  AidDelivered: (event) => {
    const p = event.payload;
    return [
      {
        kind: 'insert',
        table: 'aid_deliveries',
        row: {
          id: p.deliveryId,
          ...base(event),
          organisation_id: p.organisationId,
          sector: p.sector,
          item: p.item,
          quantity: p.quantity,
          unit: p.unit,
          area_id: p.areaId,
          beneficiaries: opt(p.beneficiaries),
          source_document: opt(p.sourceDocument),
          note: opt(p.note),
          delivered_at: event.occurredAt,
        },
      },
    ];
  },
};
