// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `operations`. */
export interface OperationRow {
  id: string;
  name: string;
  name_ar: string | null;
  description: string;
  timezone: string;
  stages: string;
  age_bands: string;
  created_at: string;
  accountability: string | null;
  safe_passage: string | null;
  closed_at: string | null;
  personal_data_retention_days: number | null;
}

/** A row of `organisations`. */
export interface OrganisationRow {
  id: string;
  operation_id: string;
  code: string;
  name: string;
  name_ar: string | null;
  role: string;
  /** Whom to contact there (records Contact), as JSON; null when nobody is named. */
  contact: string | null;
}

/** A row of `areas`. */
export interface AreaRow {
  id: string;
  operation_id: string;
  code: string;
  pcode: string | null;
  kind: string;
  name_en: string;
  name_ar: string | null;
  parent_area_id: string | null;
  geometry: string;
}

/** A row of `command_posts`. */
export interface CommandPostRow {
  id: string;
  operation_id: string;
  code: string;
  name: string;
  name_ar: string | null;
  location: string;
  organisation_id: string | null;
  segments: string;
}

/** A row of `corridors`. */
export interface CorridorRow {
  id: string;
  operation_id: string;
  code: string;
  name: string;
  name_ar: string | null;
  stage_key: string | null;
  route: string;
  route_note: string | null;
  from_area_id: string | null;
  to_area_id: string | null;
  windows: string;
  status: string;
  status_reason: string | null;
  status_changed_at: string;
  override_to: string | null;
  last_opened_at: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
  /** Which gate override it holds (`changeVersion`): a status change after it clears it. */
  override_version: string | null;
}

/** A row of `checkpoints`. */
export interface CheckpointRow {
  id: string;
  operation_id: string;
  code: string;
  corridor_id: string;
  kind: string;
  name: string;
  name_ar: string | null;
  location: string;
  command_post_id: string | null;
  ordinal: number;
}

/** A row of `vehicles`. */
export interface VehicleRow {
  id: string;
  operation_id: string;
  code: string;
  kind: string;
  seats: number;
  stretchers: number;
  organisation_id: string;
  plate: string;
}

/** A row of `reception_points`. */
export interface ReceptionPointRow {
  id: string;
  operation_id: string;
  code: string;
  name: string;
  name_ar: string | null;
  location: string;
  area_id: string | null;
  capacity: number;
  /** Its room for what people bring, by kind (JSON), when recorded. */
  room: string | null;
}
