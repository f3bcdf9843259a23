import { nextCode, type CodedTable } from '../../domain/codes.js';
import type { ConvoyRow } from '../../domain/accountability/rows.js';
import { ConflictError, said } from '../../domain/errors.js';
import {
  columnsMatch,
  columnsSet,
  hasColumns,
  PROJECTION_TABLES,
  type AnyRow,
  type ColumnsOf,
  type IdTable,
  type Mutation,
  type ProjectionTable,
  type RowOf,
} from '../../domain/projection.js';
import type { VehicleRow } from '../../domain/records/rows.js';
import type { OperationView } from '../../domain/rule-base.js';
import { codesOf } from '../../store/queries.js';
import type { StoreTx } from '../../store/store-tx.js';

/**
 * The state one append transaction sees: the database plus the rows the batch has projected so far.
 * New rows are held back and written in bulk at the end (one multi-row insert per table), which is
 * what makes batch ingest fast; reads answer from both, so an event may refer to one earlier in the
 * same batch. Updates go to the database at once (or to the held-back row they change).
 */
export class TxView implements OperationView {
  private readonly pending = new Map<ProjectionTable, AnyRow[]>();
  private readonly pendingById = new Map<string, AnyRow>();
  private readonly cache = new Map<string, AnyRow | null>();
  private readonly codes = new Map<CodedTable, Set<string>>();

  constructor(
    private readonly tx: StoreTx,
    readonly operationId: string,
    /** The tag this node puts in the codes it gives (null at the root: see domain/codes.ts). */
    private readonly codeTag: string | null = null,
  ) {}

  async get<T extends IdTable>(table: T, id: string): Promise<RowOf<T> | undefined> {
    const key = `${table}:${id}`;
    const cached = this.cache.get(key) as RowOf<T> | null | undefined;
    if (cached !== undefined) return cached ?? undefined;
    const row = await this.tx.getRow(table, id);
    this.cache.set(key, row ?? null);
    return row;
  }

  /** Load many rows in one query, so that the rules' lookups of them (or of their absence) are free. */
  async prefetch(table: IdTable, ids: readonly string[]): Promise<void> {
    const missing = ids.filter((id) => !this.cache.has(`${table}:${id}`));
    if (missing.length === 0) return;
    const found = new Map<string, AnyRow>((await this.tx.getRows(table, missing)).map((r) => [r.id, r]));
    for (const id of missing) this.cache.set(`${table}:${id}`, found.get(id) ?? null);
  }

  async codeTaken(table: CodedTable & ProjectionTable, code: string): Promise<boolean> {
    if (this.pendingRows(table).some(columnsMatch({ operation_id: this.operationId, code }))) return true;
    return this.tx.codeExists(table, this.operationId, code);
  }

  /**
   * The next free code of a table, counting the codes this transaction gave already. Only the holder of
   * the operation's write lock allocates, so two clerks creating at once never pick the same code.
   */
  async nextCode(table: CodedTable): Promise<string> {
    let used = this.codes.get(table);
    if (!used) {
      used = new Set(await codesOf(this.tx.db, table, this.operationId));
      this.codes.set(table, used);
    }
    for (const row of this.pendingRows(table)) if ('code' in row) used.add(row.code);
    const code = nextCode(table, used, this.codeTag);
    used.add(code);
    return code;
  }

  async count<T extends ProjectionTable>(table: T, where: ColumnsOf<T>): Promise<number> {
    const held = this.pendingRows(table).filter(columnsMatch(where)).length;
    return held + (await this.tx.countRows(table, where));
  }

  async rowsWhere<T extends IdTable>(table: T, where: ColumnsOf<T>): Promise<RowOf<T>[]> {
    const ids = new Set<string>();
    for (const row of await this.tx.rowsWhere(table, where)) ids.add(row.id);
    const matches = columnsMatch(where);
    for (const row of this.pendingRows(table)) if (matches(row)) ids.add(row.id);
    // A row the batch has changed since is judged as it is now.
    const out: RowOf<T>[] = [];
    for (const id of ids) {
      const current = await this.get(table, id);
      if (current && hasColumns(current, where)) out.push(current);
    }
    return out;
  }

  async activeConvoysOfVehicle(vehicleId: string): Promise<ConvoyRow[]> {
    const ids = new Set<string>();
    for (const link of this.pendingRows('convoy_vehicles'))
      if (link.vehicle_id === vehicleId) ids.add(link.convoy_id);
    for (const row of await this.tx.activeConvoysOfVehicle(vehicleId)) ids.add(row.id);
    const convoys: ConvoyRow[] = [];
    // The database may not know yet of a status change held in this batch.
    for (const id of ids) {
      const current = await this.get('convoys', id);
      if (current && current.status !== 'arrived') convoys.push(current);
    }
    return convoys;
  }

  async vehiclesOfConvoy(convoyId: string): Promise<VehicleRow[]> {
    const ids = new Set(
      this.pendingRows('convoy_vehicles')
        .filter((l) => l.convoy_id === convoyId)
        .map((l) => l.vehicle_id),
    );
    for (const id of await this.tx.vehicleIdsOfConvoy(convoyId)) ids.add(id);
    const rows: VehicleRow[] = [];
    for (const id of ids) {
      const row = await this.get('vehicles', id);
      if (row) rows.push(row);
    }
    return rows;
  }

  async apply(mutations: readonly Mutation[]): Promise<void> {
    for (const m of mutations) {
      if (m.kind === 'insert') {
        const rows = this.pending.get(m.table) ?? [];
        rows.push(m.row);
        this.pending.set(m.table, rows);
        if ('id' in m.row) {
          this.pendingById.set(`${m.table}:${m.row.id}`, m.row);
          this.cache.set(`${m.table}:${m.row.id}`, m.row);
        }
        continue;
      }
      const key = `${m.table}:${m.id}`;
      const held = this.pendingById.get(key);
      if (held) {
        Object.assign(held, columnsSet(m, held));
        continue;
      }
      let set: object = m.set;
      if (typeof m.set === 'function') {
        const row = await this.get(m.table, m.id);
        if (!row)
          throw new ConflictError(
            said('the event changes {table} {id}, which is not recorded here', { table: m.table, id: m.id }),
          );
        set = columnsSet(m, row);
        // A change that does not stand over the one the row holds sets nothing.
        if (Object.keys(set).length === 0) continue;
      }
      await this.tx.updateRow(m.table, m.id, set);
      const cached = this.cache.get(key);
      if (cached) this.cache.set(key, { ...cached, ...set });
    }
  }

  /** Write the held-back rows, parents before children. */
  async flush(): Promise<void> {
    for (const table of [...PROJECTION_TABLES].reverse()) {
      const rows = this.pending.get(table);
      if (rows?.length) await this.tx.insertRows(table, rows);
    }
    this.pending.clear();
    this.pendingById.clear();
  }

  private pendingRows<T extends ProjectionTable>(table: T): RowOf<T>[] {
    return (this.pending.get(table) ?? []) as RowOf<T>[];
  }
}
