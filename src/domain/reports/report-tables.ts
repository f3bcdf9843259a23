import type { RowOf } from '../projection.js';

/** The projection tables a situation report reads. */
export const REPORT_TABLES = [
  'operations',
  'organisations',
  'areas',
  'corridors',
  'checkpoints',
  'command_posts',
  'vehicles',
  'convoys',
  'convoy_vehicles',
  'passages',
  'alerts',
  'reception_points',
  'figures',
  'hazards',
  'incidents',
  'pause_windows',
  'gate_overrides',
  'returns',
  'service_statuses',
  'access_statuses',
  'aid_deliveries',
  'notifications',
  'acknowledgements',
] as const;
export type ReportTable = (typeof REPORT_TABLES)[number];

/**
 * The columns the report reads of its largest tables (a row of every column costs several times more);
 * of the passages only the tallies of enumerators and cameras at entries, exits and reception points.
 */
export const REPORT_COLUMNS = {
  convoys: ['id', 'code', 'corridor_id', 'status', 'status_changed_at', 'manifest'],
  convoy_vehicles: ['convoy_id', 'vehicle_id'],
  passages: [
    'id',
    'convoy_id',
    'checkpoint_id',
    'reception_point_id',
    'source',
    'scope',
    'vehicle_ids',
    'plates',
    'people',
    'people_total',
    'stretcher_cases',
    'carried',
    'error_pct',
    'observed_at',
    'recorded_by',
    'corrects',
    'correction_reason',
    'voided_at',
    'void_reason',
    'voided_by',
    'sheet_id',
  ],
} as const satisfies {
  convoys: Columns<'convoys'>;
  convoy_vehicles: Columns<'convoy_vehicles'>;
  passages: Columns<'passages'>;
};
type Columns<T extends ReportTable> = readonly (keyof RowOf<T>)[];
type Narrowed = keyof typeof REPORT_COLUMNS;

/** A row of a table as the report holds it: every column, or those it reads. */
export type ReportRow<T extends ReportTable> = T extends Narrowed
  ? Pick<RowOf<T>, Extract<(typeof REPORT_COLUMNS)[T][number], keyof RowOf<T>>>
  : RowOf<T>;

/** The report's tables, as they stood at a moment. */
export type ReportState = { [T in ReportTable]: ReportRow<T>[] };
