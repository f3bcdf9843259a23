// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `convoys`. */
export interface ConvoyRow {
  id: string;
  operation_id: string;
  code: string;
  corridor_id: string;
  reception_point_id: string | null;
  planned_departure: string | null;
  status: string;
  status_changed_at: string;
  manifest: string | null;
  manifest_recorded_at: string | null;
  plan_id: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  manifest_version: string | null;
}

/** A row of `convoy_vehicles`. */
export interface ConvoyVehicleRow {
  convoy_id: string;
  vehicle_id: string;
  operation_id: string;
}

/** A row of `passages`. */
export interface PassageRow {
  id: string;
  operation_id: string;
  checkpoint_id: string | null;
  reception_point_id: string | null;
  location: string | null;
  convoy_id: string | null;
  source: string;
  scope: string;
  vehicle_ids: string | null;
  plates: string | null;
  observed_at: string;
  people: string | null;
  people_total: number | null;
  stretcher_cases: number | null;
  vehicles: number | null;
  error_pct: number | null;
  device_id: string | null;
  note: string | null;
  recorded_by: string | null;
  matched_by: string | null;
  /** The passage this tally corrects, and why. */
  corrects: string | null;
  correction_reason: string | null;
  voided_at: string | null;
  void_reason: string | null;
  /** The organisation that voided it. */
  voided_by: string | null;
  /** The printed tally sheet it was written on (null: recorded directly). */
  sheet_id: string | null;
  /** Items carried, by kind (JSON), when the tally counted them. */
  carried: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  void_version: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  match_version: string | null;
}

/** A row of `alerts`. */
export interface AlertRow {
  id: string;
  operation_id: string;
  code: string;
  kind: string;
  severity: string;
  key: string;
  reason: string;
  numbers: string;
  since: string;
  convoy_id: string | null;
  corridor_id: string | null;
  checkpoint_id: string | null;
  passage_id: string | null;
  vehicle_id: string | null;
  status: string;
  raised_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledge_note: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
  resolve_note: string | null;
}
