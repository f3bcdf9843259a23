import type { CodedTable } from './codes.js';
import { ConflictError, RuleViolatedError, said } from './errors.js';
import type { ConvoyRow } from './accountability/rows.js';
import {
  hasColumns,
  type ColumnsOf,
  type IdTable,
  type ProjectableEvent,
  type ProjectionTable,
  type RowOf,
} from './projection.js';
import type { VehicleRow } from './records/rows.js';

/** What the rules may ask of the state an event is appended to. The app implements it over the store. */
export interface OperationView {
  readonly operationId: string;
  get<T extends IdTable>(table: T, id: string): Promise<RowOf<T> | undefined>;
  codeTaken(table: CodedTable, code: string): Promise<boolean>;
  count<T extends ProjectionTable>(table: T, where: ColumnsOf<T>): Promise<number>;
  /** The rows matching every column given, as the append sees them. */
  rowsWhere<T extends IdTable>(table: T, where: ColumnsOf<T>): Promise<RowOf<T>[]>;
  /** The convoys a vehicle is on that have not arrived. */
  activeConvoysOfVehicle(vehicleId: string): Promise<ConvoyRow[]>;
  vehiclesOfConvoy(convoyId: string): Promise<VehicleRow[]>;
}

export interface CheckOptions {
  /**
   * The event is history being replayed (an import, a scenario): it is checked against the state it
   * was recorded in, not against today's clock.
   */
  replay?: boolean;
}

/** How far in the future a recorder's clock may run before we call the time impossible. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * What every capability's rules share: the state they look at, the clock (domain/ reads none), whether
 * history is being replayed, and the checks of references and new records. Each capability's rules
 * extend it (`<capability>/rules.ts`); `rules.ts` sends each event to its capability's.
 */
export class RuleBase {
  constructor(
    protected readonly view: OperationView,
    protected readonly now: Date,
    protected readonly replay: boolean,
  ) {}

  /** A record referenced from this operation: missing or of another operation is the same mistake. */
  protected async ref<T extends IdTable>(table: T, id: string, field: string): Promise<RowOf<T>> {
    const row = await this.view.get(table, id);
    if (!row || !hasColumns(row, { operation_id: this.view.operationId })) {
      throw new RuleViolatedError(
        said('{field} {id} is not a {record|record} of operation {operation}', {
          field,
          id,
          record: singular(table),
          operation: this.view.operationId,
        }),
        { field },
      );
    }
    return row;
  }

  protected async optionalRef(table: IdTable, id: string | undefined, field: string): Promise<void> {
    if (id !== undefined) await this.ref(table, id, field);
  }

  protected async fresh(table: CodedTable & IdTable, id: string, code: string): Promise<void> {
    if (await this.view.get(table, id))
      throw new ConflictError(said('{record|record} {id} exists already', { record: singular(table), id }));
    if (await this.view.codeTaken(table, code))
      throw new ConflictError(
        said('code {code} is already used in operation {operation}', {
          code,
          operation: this.view.operationId,
        }),
        { field: 'code' },
      );
  }
}

/** A status change cannot have happened before the change it follows. */
export function notBefore(
  event: ProjectableEvent,
  record: { status_changed_at: string },
  kind: 'corridor' | 'convoy' | 'hazard' | 'incident',
  code: string,
): void {
  const last = record.status_changed_at;
  if (event.occurredAt < last)
    throw new RuleViolatedError(
      said('{record|record} {code}: a change at {at} cannot come before the last one, at {last}', {
        record: kind,
        code,
        at: event.occurredAt,
        last,
      }),
      { lastChangeAt: last },
    );
}

export function singular(table: ProjectionTable): string {
  return table.replace(/_/g, ' ').replace(/ies$/, 'y').replace(/uses$/, 'us').replace(/s$/, '');
}
