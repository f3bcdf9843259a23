// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `figures`. */
export interface FigureRow {
  id: string;
  operation_id: string;
  code: string;
  metric: string;
  label: string;
  hxl: string | null;
  value: number;
  value_max: number | null;
  qualifier: string;
  unit: string;
  area_id: string | null;
  as_of: string;
  source_organisation_id: string;
  source_document: string;
  source_date: string | null;
  method: string;
  note: string | null;
  recorded_by: string | null;
  query: string | null;
}
