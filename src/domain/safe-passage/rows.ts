// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `hazards`. */
export interface HazardRow {
  id: string;
  operation_id: string;
  code: string;
  type: string;
  area: string;
  status: string;
  evidence: string | null;
  source: string | null;
  note: string | null;
  status_reason: string | null;
  status_changed_at: string;
  reported_at: string;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
}

/** A row of `clearance_tasks`. */
export interface ClearanceTaskRow {
  id: string;
  operation_id: string;
  hazard_id: string;
  team: string;
  organisation_id: string;
  started_at: string;
  status: string;
  cleared_area_m2: number | null;
  cleared_length_m: number | null;
  progress_note: string | null;
  progress_at: string | null;
  qa_signed_off_by: string | null;
  qa_organisation_id: string | null;
  completed_at: string | null;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  progress_version: string | null;
  /** Which progress record each total holds: a record may give one total and not the other. */
  area_version: string | null;
  length_version: string | null;
}

/** A row of `incidents`. */
export interface IncidentRow {
  id: string;
  operation_id: string;
  code: string;
  type: string;
  severity: string;
  location: string;
  description: string;
  reporter: string;
  organisation_id: string | null;
  corridor_id: string | null;
  convoy_id: string | null;
  source: string | null;
  status: string;
  status_reason: string | null;
  status_changed_at: string;
  occurred_at: string;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
}

/** A row of `pause_windows`. */
export interface PauseWindowRow {
  id: string;
  operation_id: string;
  code: string;
  kind: string;
  start: string;
  end: string;
  area: string | null;
  corridor_ids: string;
  agreed_by: string;
  note: string | null;
  status: string;
  agreed_at: string;
  cancel_reason: string | null;
  cancelled_at: string | null;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
}

/** A row of `notifications`. */
export interface NotificationRow {
  id: string;
  operation_id: string;
  code: string;
  corridor_id: string | null;
  convoy_id: string | null;
  window: string;
  route: string;
  vehicles: string;
  organisations: string;
  parties: string;
  emergency: string;
  note: string | null;
  sent_at: string;
  recorded_by: string | null;
}

/** A row of `acknowledgements`. */
export interface AcknowledgementRow {
  id: string;
  operation_id: string;
  notification_id: string;
  organisation_id: string;
  acknowledged_by: string;
  note: string | null;
  acknowledged_at: string;
  recorded_by: string | null;
}

/** A row of `gate_overrides`. */
export interface GateOverrideRow {
  id: string;
  operation_id: string;
  corridor_id: string;
  to: string;
  unmet: string;
  reason: string;
  overridden_at: string;
  recorded_by: string | null;
}
