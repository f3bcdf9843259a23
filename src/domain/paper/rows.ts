// The rows of this capability's projection tables, as the store returns them (see records/rows.ts).

/** A row of `sheets`: a printed sheet, and whether what was written on it has been entered. */
export interface SheetRow {
  id: string;
  operation_id: string;
  code: string;
  kind: string;
  convoy_id: string | null;
  checkpoint_id: string | null;
  day: string | null;
  lang: string;
  paper: string;
  issued_at: string;
  issued_by: string | null;
  /** When what was written on it was entered (null: not yet), and by whom. */
  entered_at: string | null;
  entered_by: string | null;
}
