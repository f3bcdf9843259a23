import type { CodedTable } from './codes.js';
import { projectEvent } from './project-event.js';
import type { ConvoyRow } from './accountability/rows.js';
import {
  columnsSet,
  hasColumns,
  rowKey,
  type AnyRow,
  type ColumnsOf,
  type IdTable,
  type Mutation,
  type ProjectableEvent,
  type ProjectionTable,
  type RowOf,
} from './projection.js';
import type { VehicleRow } from './records/rows.js';
import type { OperationView } from './rule-base.js';
import { checkEvent, type CheckOptions } from './rules.js';

/**
 * An operation's state held in memory: the same rows the store's tables would hold, made by the same
 * projections. The rules run against it as they run against the store in an append, so they can be
 * tested as pure functions, in milliseconds, without a database.
 */
export class MemoryView implements OperationView {
  private readonly tables = new Map<ProjectionTable, Map<string, AnyRow>>();

  constructor(readonly operationId: string) {}

  /** Check an event against the state so far and, when the rules let it, project it. */
  async record(event: ProjectableEvent, now: Date, options: CheckOptions = {}): Promise<void> {
    await checkEvent(event, this, now, options);
    this.apply(projectEvent(event));
  }

  apply(mutations: readonly Mutation[]): void {
    for (const m of mutations) {
      if (m.kind === 'insert') this.table(m.table).set(rowKey(m.row), { ...m.row });
      else {
        const row = this.table(m.table).get(m.id);
        if (row) Object.assign(row, columnsSet(m, row));
      }
    }
  }

  get<T extends IdTable>(table: T, id: string): Promise<RowOf<T> | undefined> {
    return Promise.resolve(this.table(table).get(id) as RowOf<T> | undefined);
  }

  codeTaken(table: CodedTable, code: string): Promise<boolean> {
    const rows = this.rows(table);
    return Promise.resolve(rows.some((r) => hasColumns(r, { operation_id: this.operationId, code })));
  }

  count<T extends ProjectionTable>(table: T, where: ColumnsOf<T>): Promise<number> {
    return Promise.resolve(this.rows(table).filter((r) => hasColumns(r, where)).length);
  }

  rowsWhere<T extends IdTable>(table: T, where: ColumnsOf<T>): Promise<RowOf<T>[]> {
    return Promise.resolve(this.rows(table).filter((r) => hasColumns(r, where)));
  }

  async activeConvoysOfVehicle(vehicleId: string): Promise<ConvoyRow[]> {
    const links = this.rows('convoy_vehicles').filter((l) => l.vehicle_id === vehicleId);
    const convoys = await Promise.all(links.map((l) => this.get('convoys', l.convoy_id)));
    return convoys.filter((c): c is ConvoyRow => c !== undefined && c.status !== 'arrived');
  }

  async vehiclesOfConvoy(convoyId: string): Promise<VehicleRow[]> {
    const links = this.rows('convoy_vehicles').filter((l) => l.convoy_id === convoyId);
    const vehicles = await Promise.all(links.map((l) => this.get('vehicles', l.vehicle_id)));
    return vehicles.filter((v): v is VehicleRow => v !== undefined);
  }

  private rows<T extends ProjectionTable>(table: T): RowOf<T>[] {
    return [...this.table(table).values()] as RowOf<T>[];
  }

  private table(table: ProjectionTable): Map<string, AnyRow> {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = new Map();
      this.tables.set(table, rows);
    }
    return rows;
  }
}
