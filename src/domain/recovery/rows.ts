// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `returns`. */
export interface ReturnRow {
  id: string;
  operation_id: string;
  area_id: string;
  from_area_id: string | null;
  from_place: string | null;
  people: string;
  method: string;
  source_organisation_id: string;
  source_document: string | null;
  note: string | null;
  observed_at: string;
  recorded_by: string | null;
}

/** A row of `service_statuses`. */
export interface ServiceStatusRow {
  id: string;
  operation_id: string;
  area_id: string;
  service: string;
  status: string;
  facilities: number | null;
  source_organisation_id: string;
  source_document: string | null;
  note: string | null;
  observed_at: string;
  recorded_by: string | null;
}

/** A row of `access_statuses`. */
export interface AccessStatusRow {
  id: string;
  operation_id: string;
  area_id: string;
  status: string;
  reason: string | null;
  source_organisation_id: string;
  source_document: string | null;
  note: string | null;
  observed_at: string;
  recorded_by: string | null;
}

/** A row of `aid_deliveries`. */
export interface AidDeliveryRow {
  id: string;
  operation_id: string;
  organisation_id: string;
  sector: string;
  item: string;
  quantity: number;
  unit: string;
  area_id: string;
  beneficiaries: number | null;
  source_document: string | null;
  note: string | null;
  delivered_at: string;
  recorded_by: string | null;
}
