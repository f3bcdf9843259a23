import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import type { ColumnValue } from '../domain/projection.js';

/**
 * Bulk inserts on SQLite through cached prepared statements on the store's one connection.
 *
 * Why: through Kysely, a multi-row insert is compiled and then prepared afresh by better-sqlite3 for
 * every batch, and preparing a statement of thousands of parameters cost more than executing it (a
 * profile of batch ingest showed prepare and compile as the largest items). A prepared single-row
 * statement run once per row inside the open transaction is SQLite's fastest insert path. It runs on
 * the same connection Kysely holds the transaction on, so it is part of that transaction. PostgreSQL
 * keeps Kysely's multi-row inserts, which cost it no such thing.
 */
export class SqliteBulk {
  private readonly statements = new Map<string, Statement>();
  constructor(private readonly handle: SqliteHandle) {}

  /** Insert rows that all have the same columns; returns each row's rowid (the events' seq). */
  insert(table: string, typed: readonly object[]): number[] {
    if (typed.length === 0) return [];
    const rows = typed as readonly Record<string, ColumnValue>[];
    const columns = Object.keys(rows[0]!);
    const sql = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`;
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.handle.prepare(sql);
      this.statements.set(sql, statement);
    }
    const ids: number[] = [];
    const values: ColumnValue[] = new Array<ColumnValue>(columns.length);
    for (const row of rows) {
      for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!] ?? null;
      ids.push(Number(statement.run(values).lastInsertRowid));
    }
    return ids;
  }
}

/**
 * The better-sqlite3 handle as Kysely sees it, with prepared statements cached by their SQL text.
 * Kysely prepares every query afresh; most of ours repeat with other parameters, and preparing cost
 * more than running them. Bounded, oldest first out, since IN lists of other lengths are other texts.
 */
export function withStatementCache(handle: SqliteHandle, size = 500): SqliteHandle {
  const cache = new Map<string, Statement>();
  return new Proxy(handle, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver) as unknown;
      return (sql: string) => {
        let statement = cache.get(sql);
        if (statement) {
          cache.delete(sql);
        } else {
          statement = target.prepare(sql);
          if (cache.size >= size) cache.delete(cache.keys().next().value!);
        }
        cache.set(sql, statement);
        return statement;
      };
    },
  });
}
