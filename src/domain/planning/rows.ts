// The rows of this capability's projection tables, as the store returns them. Columns named in the
// migrations; JSON columns hold canonical JSON text, flags are 0 or 1. A renamed column is a compile error
// wherever it is read or written.

/** A row of `pickup_points`. */
export interface PickupPointRow {
  id: string;
  operation_id: string;
  code: string;
  name: string;
  location: string;
  area_id: string | null;
  seated: number;
  stretcher: number;
  note: string | null;
  updated_at: string | null;
  recorded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  update_version: string | null;
}

/** A row of `plans`. */
export interface PlanRow {
  id: string;
  operation_id: string;
  code: string;
  start: string;
  time_limit_sec: number;
  baseline: string;
  network: string;
  hazards: string;
  makespan_min: number;
  lower_bound_min: number;
  bounds: string;
  summary: string;
  places: string;
  vehicles: string;
  corridors_used: string | null;
  status: string;
  created_at: string;
  created_by: string | null;
  adopted_at: string | null;
  adopt_note: string | null;
  superseded_at: string | null;
  superseded_by: string | null;
  /** Which change this holds (`changeVersion`): null until the first. */
  status_version: string | null;
}
