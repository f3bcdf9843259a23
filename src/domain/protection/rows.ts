// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `family_groups`. */
export interface FamilyGroupRow {
  id: string;
  operation_id: string;
  code: string;
  sealed: string | null;
  registered_at: string;
  recorded_by: string | null;
}

/** A row of `registrations`. */
export interface RegistrationRow {
  id: string;
  operation_id: string;
  code: string;
  convoy_id: string | null;
  family_group_id: string | null;
  child: number;
  unaccompanied: number;
  separated: number;
  sealed: string | null;
  status: string;
  case_status: string | null;
  handed_over_at: string | null;
  handed_over_reception_point_id: string | null;
  handed_over_sealed: string | null;
  registered_at: string;
  erased_at: string | null;
  erase_reason: string | null;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  convoy_version: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  handover_version: string | null;
}

/** A row of `tracing_requests`. */
export interface TracingRequestRow {
  id: string;
  operation_id: string;
  code: string;
  sealed: string;
  status: string;
  opened_at: string;
  closed_at: string | null;
  close_reason: string | null;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
}

/** A row of `tracing_reviews`. */
export interface TracingReviewRow {
  id: string;
  operation_id: string;
  tracing_request_id: string;
  registration_id: string;
  decision: string;
  note: string | null;
  reviewed_at: string;
}
