import type { CodedTable } from './codes.js';
import { projectEvent } from './project-event.js';
import type { Mutation, ProjectableEvent, ProjectionTable, Row } from './projection.js';
import type { OperationView } from './rule-base.js';
import { checkEvent, type CheckOptions } from './rules.js';

/**
 * An operation's state held in memory: the same rows the store's tables would hold, made by the same
 * projections. The rules run against it as they run against the store in an append, so they can be
 * tested as pure functions, in milliseconds, without a database.
 */
export class MemoryView implements OperationView {
  private readonly tables = new Map<ProjectionTable, Map<string, Row>>();
  private links = 0;

  constructor(readonly operationId: string) {}

  /** Check an event against the state so far and, when the rules let it, project it. */
  async record(event: ProjectableEvent, now: Date, options: CheckOptions = {}): Promise<void> {
    await checkEvent(event, this, now, options);
    this.apply(projectEvent(event));
  }

  apply(mutations: readonly Mutation[]): void {
    for (const m of mutations) {
      // Link rows (a convoy's vehicles) have no id of their own.
      if (m.kind === 'insert')
        this.table(m.table).set(String(m.row.id ?? `link:${++this.links}`), { ...m.row });
      else {
        const row = this.table(m.table).get(m.id);
        if (row) Object.assign(row, m.set);
      }
    }
  }

  get(table: ProjectionTable, id: string): Promise<Row | undefined> {
    return Promise.resolve(this.table(table).get(id));
  }

  codeTaken(table: CodedTable, code: string): Promise<boolean> {
    const rows = this.rows(table);
    return Promise.resolve(rows.some((r) => r.operation_id === this.operationId && r.code === code));
  }

  async count(table: ProjectionTable, where: Row): Promise<number> {
    return (await this.rowsWhere(table, where)).length;
  }

  rowsWhere(table: ProjectionTable, where: Row): Promise<Row[]> {
    const matches = (r: Row) => Object.entries(where).every(([k, v]) => r[k] === v);
    return Promise.resolve(this.rows(table).filter(matches));
  }

  async activeConvoysOfVehicle(vehicleId: string): Promise<Row[]> {
    const links = this.rows('convoy_vehicles').filter((l) => l.vehicle_id === vehicleId);
    const convoys = await Promise.all(links.map((l) => this.get('convoys', String(l.convoy_id))));
    return convoys.filter((c): c is Row => c !== undefined && c.status !== 'arrived');
  }

  async vehiclesOfConvoy(convoyId: string): Promise<Row[]> {
    const links = this.rows('convoy_vehicles').filter((l) => l.convoy_id === convoyId);
    const vehicles = await Promise.all(links.map((l) => this.get('vehicles', String(l.vehicle_id))));
    return vehicles.filter((v): v is Row => v !== undefined);
  }

  private rows(table: ProjectionTable): Row[] {
    return [...this.table(table).values()];
  }

  private table(table: ProjectionTable): Map<string, Row> {
    let rows = this.tables.get(table);
    if (!rows) {
      rows = new Map();
      this.tables.set(table, rows);
    }
    return rows;
  }
}
