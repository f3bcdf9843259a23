import type { EventPayload } from '../../contracts/events.js';
import { projectEvent } from '../../domain/project-event.js';
import {
  columnsSet,
  rowKey,
  type AnyRow,
  type Mutation,
  type ProjectableEvent,
} from '../../domain/projection.js';
import {
  REPORT_COLUMNS,
  REPORT_TABLES,
  type ReportRow,
  type ReportState,
  type ReportTable,
} from '../../domain/reports/report-tables.js';
import {
  countedPassages,
  eventsUpTo,
  headSeq,
  operationColumns,
  operationRows,
  type LoggedEvent,
} from '../../store/report-queries.js';
import type { Store } from '../../store/store.js';

const WANTED = new Set<string>(REPORT_TABLES);
type Passage = EventPayload<'PassageRecorded'>;
/** Event types that change none of the report's tables: not even parsed. */
const IGNORED = new Set<string>([
  'PlanProposed',
  'PlanAdopted',
  'PickupPointDefined',
  'PickupPointUpdated',
  'ClearanceTaskStarted',
  'ClearanceProgressRecorded',
  'ClearanceTaskCompleted',
]);

/**
 * The report's tables in memory, changed by the same mutations as the live tables (projectEvent).
 * Every mutation sets values rather than adding to them, so replaying a stretch of the log over
 * tables that already hold some of it gives the same tables as replaying it over the older ones.
 */
export class ReportTables {
  private readonly tables = new Map<string, Map<string, ReportRow<ReportTable> | AnyRow>>();
  seq = 0;
  events = 0;

  constructor() {
    for (const t of REPORT_TABLES) this.tables.set(t, new Map());
  }

  load<T extends ReportTable>(table: T, rows: readonly ReportRow<T>[]): void {
    const t = this.table(table);
    for (const row of rows) t.set(rowKey(row as AnyRow), row);
  }

  private table<T extends ReportTable>(table: T): Map<string, ReportRow<T>> {
    return this.tables.get(table)! as Map<string, ReportRow<T>>;
  }

  apply(mutations: readonly Mutation[]): void {
    for (const m of mutations) {
      if (!WANTED.has(m.table)) continue;
      const rows = this.tables.get(m.table)!;
      // The mutation's row is made afresh for each event: it can be kept as it is. A changed row is a
      // new object, never changed in place, so what readers derived from a row (movements.ts keeps
      // each passage's tally and each convoy's counts by row) holds as long as the row does.
      if (m.kind === 'insert') rows.set(rowKey(m.row), m.row);
      else {
        const current = rows.get(m.id);
        if (current) rows.set(m.id, { ...current, ...columnsSet(m, current as AnyRow) });
      }
    }
  }

  /** An event of the log, as `replayable` made it, applied to the tables. */
  applyLogged(e: Replayable): void {
    this.events++;
    this.seq = e.seq;
    if (e.mutations) this.apply(e.mutations);
    else if (e.passage) this.passage(e.passage);
  }

  /**
   * The report counts the tallies of enumerators and cameras at entries, exits and reception points
   * (see movements.ts): only those are kept, whether the checkpoint is one is read as they stood then.
   */
  private passage(p: NonNullable<Replayable['passage']>): void {
    const kind = this.table('checkpoints').get(p.checkpointId ?? '')?.kind;
    if (kind === 'entry' || kind === 'exit' || p.atReception) this.table('passages').set(p.row.id, p.row);
  }

  state(): ReportState {
    const state = {} as ReportState;
    for (const t of REPORT_TABLES) (state[t] as ReportRow<typeof t>[]) = [...this.table(t).values()];
    return state;
  }
}

/**
 * An event of the log as the report replays it, worked out once: the mutations of its tables, or for
 * a passage the row the report keeps of it (written here rather than by projectEvent because a long
 * log is mostly passages, with only the columns the report reads); nothing for the other events.
 */
export interface Replayable {
  seq: number;
  occurred_at: string;
  recorded_at: string;
  mutations?: readonly Mutation[];
  passage?: { checkpointId: string | undefined; atReception: boolean; row: ReportRow<'passages'> };
}

export function replayable(operationId: string, row: LoggedEvent): Replayable {
  const at = { seq: row.seq, occurred_at: row.occurred_at, recorded_at: row.recorded_at };
  if (IGNORED.has(row.type)) return at;
  const payload = JSON.parse(row.payload) as unknown;
  if (row.type === 'PassageRecorded') {
    const p = payload as Passage;
    if (p.source !== 'enumerator' && p.source !== 'camera') return at;
    const atReception = p.receptionPointId !== undefined;
    return { ...at, passage: { checkpointId: p.checkpointId, atReception, row: passageRow(row, p) } };
  }
  const event = {
    id: row.id,
    operationId,
    type: row.type,
    payload,
    occurredAt: row.occurred_at,
    organisation: row.organisation,
  } as ProjectableEvent;
  return { ...at, mutations: projectEvent(event) };
}

/** The columns of the passages table the report reads. */
function passageRow(row: LoggedEvent, p: Passage): ReportRow<'passages'> {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  return {
    id: p.passageId,
    convoy_id: p.convoyId ?? null,
    checkpoint_id: p.checkpointId ?? null,
    reception_point_id: p.receptionPointId ?? null,
    source: p.source,
    scope: p.scope,
    vehicle_ids: json(p.vehicleIds),
    plates: json(p.plates),
    // The stored payload is canonical JSON, so its people object comes back in canonical order.
    people: json(p.people),
    people_total: p.peopleTotal ?? null,
    stretcher_cases: p.stretcherCases ?? null,
    carried: json(p.carried),
    error_pct: p.errorPct ?? null,
    observed_at: row.occurred_at,
    recorded_by: row.organisation,
    corrects: p.corrects ?? null,
    correction_reason: p.reason ?? null,
    voided_at: null,
    void_reason: null,
    voided_by: null,
    sheet_id: p.sheetId ?? null,
  };
}

/**
 * The longest log kept worked out in memory for replays: a tally is about 0.9 KB of it, the demo's
 * mix of events (areas' outlines, routes) about 3.2 KB an event. A longer log is read for each replay.
 */
const KEPT_AT_MOST = 50_000;

/**
 * Per store, the log of the operation last replayed, worked out for replays (the time slider asks for
 * one report after another, each of the whole log up to its time), extended by what was appended
 * since (the log is append-only, and an operation's appends commit in the order of their seq). One
 * operation at a time, so that the memory it takes stays bounded however many operations are
 * replayed; and the operations whose log is longer than KEPT_AT_MOST, never kept (a log only grows).
 */
const replays = new WeakMap<
  Store,
  { kept?: { operationId: string; log: Promise<Replayable[]> }; tooLong: Set<string> }
>();

async function replayableLog(store: Store, operationId: string): Promise<Replayable[] | null> {
  let perStore = replays.get(store);
  if (!perStore) replays.set(store, (perStore = { tooLong: new Set() }));
  if (perStore.tooLong.has(operationId)) return null;
  const previous = perStore.kept?.operationId === operationId ? perStore.kept.log : undefined;
  const next = (async () => {
    const log = [...(previous ? await previous.catch(() => []) : [])];
    const after = log.at(-1)?.seq;
    for await (const page of eventsUpTo(store.db, operationId, 'occurred', undefined, 20_000, after)) {
      if (log.length + page.length > KEPT_AT_MOST) throw new TooLong();
      for (const row of page) log.push(replayable(operationId, row));
    }
    return log;
  })();
  const kept = { operationId, log: next };
  perStore.kept = kept;
  try {
    return await next;
  } catch (error) {
    if (perStore.kept === kept) delete perStore.kept;
    if (!(error instanceof TooLong)) throw error;
    perStore.tooLong.add(operationId);
    return null;
  }
}

class TooLong extends Error {}

/**
 * The report's tables as they stood at `until`: the operation's events up to then (by when they
 * occurred or when they were recorded), replayed in log order into memory.
 */
export async function stateAsOf(
  store: Store,
  operationId: string,
  basis: 'occurred' | 'recorded',
  until: string,
): Promise<{ state: ReportState; events: number }> {
  const tables = new ReportTables();
  const time = basis === 'occurred' ? 'occurred_at' : 'recorded_at';
  const log = await replayableLog(store, operationId);
  if (log) {
    for (const e of log) if (e[time] <= until) tables.applyLogged(e);
  } else
    for await (const page of eventsUpTo(store.db, operationId, basis, until))
      for (const row of page) tables.applyLogged(replayable(operationId, row));
  return { state: tables.state(), events: tables.events };
}

// Per store and operation: the report's tables kept current, like the accountability engine's state.
const live = new WeakMap<Store, Map<string, Promise<ReportTables>>>();

/**
 * The report's tables now. The first call reads the projection tables (the position of the log is
 * read first, and everything after it replayed, so appends during the read are not lost); later calls
 * replay only the events appended since. Reads pass through one promise per operation at a time.
 */
export async function liveState(store: Store, operationId: string): Promise<ReportState> {
  let perStore = live.get(store);
  if (!perStore) live.set(store, (perStore = new Map<string, Promise<ReportTables>>()));
  const previous = perStore.get(operationId);
  const next = (async () => {
    let tables: ReportTables;
    try {
      tables = previous ? await previous : await coldLoad(store, operationId);
    } catch {
      tables = await coldLoad(store, operationId);
    }
    for await (const page of eventsUpTo(store.db, operationId, 'occurred', undefined, 20_000, tables.seq))
      for (const row of page) tables.applyLogged(replayable(operationId, row));
    return tables;
  })();
  perStore.set(operationId, next);
  try {
    return (await next).state();
  } catch (error) {
    perStore.delete(operationId);
    throw error;
  }
}

async function coldLoad(store: Store, operationId: string): Promise<ReportTables> {
  const tables = new ReportTables();
  tables.seq = await headSeq(store.db, operationId);
  const { db } = store;
  tables.load('passages', await countedPassages(db, operationId));
  tables.load('convoys', await operationColumns(db, 'convoys', operationId, REPORT_COLUMNS.convoys));
  tables.load(
    'convoy_vehicles',
    await operationColumns(db, 'convoy_vehicles', operationId, REPORT_COLUMNS.convoy_vehicles),
  );
  for (const table of REPORT_TABLES)
    if (!(table in REPORT_COLUMNS)) tables.load(table, await operationRows(db, table, operationId));
  return tables;
}
