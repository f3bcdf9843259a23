import { v7 as uuidv7 } from 'uuid';
import { EVENT_PAYLOADS, type EventSubmission, type StoredEvent } from '../contracts/events.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { ConflictError, DomainError, GatesUnmetError, InvalidInputError } from '../domain/errors.js';
import {
  projectEvent,
  type Mutation,
  type ProjectableEvent,
  type ProjectionTable,
} from '../domain/projection.js';
import type { DerivedEvent } from '../domain/accountability.js';
import { checkEvent } from '../domain/rules.js';
import { hashedFields } from '../store/event-hash.js';
import { inOperationTransaction, type EventRow, type UnchainedEventRow } from '../store/store-tx.js';
import type { AppContext } from './context.js';
import { authoriseOwnership, authoriseWrite, type Caller } from './permissions.js';
import { parseSubmissions } from './submissions.js';
import { TxView } from './tx-view.js';

export interface AppendOutcome {
  /** Every submitted event as the log holds it, in submission order; re-sent ones as first stored. */
  events: StoredEvent[];
  /** Per submitted event: appended now, a re-send of the same event, or an id already used otherwise. */
  outcomes: ('appended' | 'duplicate' | 'duplicate-differs')[];
  appended: number;
  duplicates: number;
  /** What the accountability rules derived from them (alerts raised or resolved, passages matched). */
  derived: StoredEvent[];
}

export interface AppendOptions {
  /** How problems name the events, e.g. `events` -> `events[3].payload.people.men`. */
  label?: string;
  /** Keep the actor and organisation of events that come from another store (import, replication). */
  preserveActor?: (submission: EventSubmission) => { actor: string; organisation: string | null } | undefined;
  /**
   * Run the accountability rules on the new events and append what they derive. On by default for
   * callers other than the system: imports and scenarios replay history whose alerts are in it.
   */
  derive?: boolean;
}

/** Who records what the rules derive. */
export const ACCOUNTABILITY_ACTOR = 'system:accountability';

/**
 * The one way anything enters the log: authorise, check each event's rules against the state so far
 * (including earlier events of the batch), append with the hash chain, and update the projections,
 * all in one transaction. A batch is all or nothing; an event whose id is already stored is a no-op
 * that returns the stored event, so retries and offline re-sends never duplicate.
 */
export async function appendEvents(
  ctx: AppContext,
  operationId: string,
  caller: Caller,
  input: readonly unknown[],
  options: AppendOptions = {},
): Promise<AppendOutcome> {
  const submissions = parseSubmissions(input, options.label);
  const { store } = ctx;
  for (const [index, s] of submissions.entries()) {
    authoriseWrite(caller, operationId, s.type, s.payload);
    // Only the store itself (and imports of its own exports) numbers events as this site.
    if (caller.role !== 'system' && s.originSite === store.siteId)
      throw new InvalidInputError(`event ${index}: originSite ${s.originSite} is this store's own`, {
        index,
        field: 'originSite',
      });
    if (caller.role !== 'system' && s.originSeq !== undefined && s.originSite === undefined)
      throw new InvalidInputError(`event ${index}: originSeq needs the originSite it counts on`, {
        index,
        field: 'originSeq',
      });
  }
  const now = ctx.now();
  const recordedAt = now.toISOString();
  // The CLI's imports and scenarios replay history: their events were checked against their own time.
  const replay = caller.role === 'system';
  const engines = ctx.accountability;
  const derive = engines !== null && (options.derive ?? !replay);

  const outcome = await inOperationTransaction(store, operationId, async (tx) => {
    const stored = new Map((await tx.findEvents(submissions.map((s) => s.id))).map((e) => [e.id, e]));
    const pending: {
      index: number;
      submission: EventSubmission;
      event: ProjectableEvent;
      changes: Mutation[];
    }[] = [];
    const seen = new Set<string>();
    for (const [index, s] of submissions.entries()) {
      const earlier = stored.get(s.id);
      // Saying which operation would tell a caller about one its token cannot read.
      if (earlier && earlier.operation_id !== operationId)
        throw new ConflictError(`event ${index}: the id ${s.id} is already used`, { index, eventId: s.id });
      if (earlier || seen.has(s.id)) continue;
      seen.add(s.id);
      const origin = options.preserveActor?.(s);
      const event = {
        id: s.id,
        operationId,
        type: s.type,
        payload: s.payload,
        occurredAt: s.occurredAt,
        organisation: origin ? origin.organisation : caller.organisationId,
      } as ProjectableEvent;
      pending.push({ index, submission: s, event, changes: projectEvent(event) });
    }

    // The rules ask whether each new record exists already: ask the database once per table instead.
    const view = new TxView(tx, operationId);
    const newIds = new Map<ProjectionTable, string[]>();
    for (const p of pending)
      for (const m of p.changes)
        if (m.kind === 'insert' && typeof m.row.id === 'string')
          newIds.set(m.table, [...(newIds.get(m.table) ?? []), m.row.id]);
    for (const [table, ids] of newIds) await view.prefetch(table, ids);

    let localSeq = await tx.lastOriginSeq(operationId, store.siteId);
    const rows: UnchainedEventRow[] = [];
    const payloads: unknown[] = [];
    const engine = derive && pending.length > 0 ? await engines.caughtUp(tx.db, operationId) : undefined;
    for (const { index, submission: s, event, changes } of pending) {
      try {
        await authoriseOwnership(caller, event.type, event.payload, (table, id) => view.get(table, id));
        await checkEvent(event, view, now, { replay });
      } catch (error) {
        if (error instanceof DomainError) throw atIndex(error, index, s);
        throw error;
      }
      await view.apply(changes);
      const originSite = s.originSite ?? store.siteId;
      payloads.push(s.payload);
      rows.push({
        id: s.id,
        operation_id: operationId,
        type: s.type,
        schema_version: s.schemaVersion,
        payload: canonicalJson(s.payload),
        occurred_at: s.occurredAt,
        recorded_at: recordedAt,
        actor: options.preserveActor?.(s)?.actor ?? caller.actor,
        organisation: event.organisation,
        origin_site: originSite,
        origin_seq: s.originSeq ?? (originSite === store.siteId ? ++localSeq : 0),
      });
      const derived = engine?.observe(event, now) ?? [];
      for (const row of await deriveRows(
        derived,
        view,
        operationId,
        now,
        recordedAt,
        () => ++localSeq,
        store.siteId,
      )) {
        payloads.push(row.parsed);
        rows.push(row.row);
      }
    }

    const chained = await tx.appendToChain(operationId, rows);
    // Now, before the commit: a catch-up read made once the commit is visible must not fold these again.
    if (engine && chained.length > 0) engines?.advance(operationId, chained.at(-1)!.seq);
    await view.flush();
    const appended = new Map<string, StoredEvent>();
    const derivedEvents: StoredEvent[] = [];
    chained.forEach((r, k) => {
      const stored = toStoredEvent(r, payloads[k]);
      appended.set(r.id, stored);
      if (r.actor === ACCOUNTABILITY_ACTOR && !seen.has(r.id)) derivedEvents.push(stored);
    });
    const fresh = new Set(appended.keys());
    const chainedById = new Map(chained.map((r) => [r.id, r]));
    const firstIndex = new Map<string, number>();
    submissions.forEach((s, i) => firstIndex.set(s.id, firstIndex.get(s.id) ?? i));
    return {
      events: submissions.map((s) => appended.get(s.id) ?? toStoredEvent(stored.get(s.id)!)),
      outcomes: submissions.map((s, i) => {
        if (fresh.has(s.id) && firstIndex.get(s.id) === i) return 'appended' as const;
        const original = stored.get(s.id) ?? chainedById.get(s.id)!;
        const same =
          original.type === s.type &&
          original.occurred_at === s.occurredAt &&
          original.payload === canonicalJson(s.payload);
        return same ? ('duplicate' as const) : ('duplicate-differs' as const);
      }),
      appended: rows.length - derivedEvents.length,
      duplicates: submissions.length - (rows.length - derivedEvents.length),
      derived: derivedEvents,
    };
  }).catch((error: unknown) => {
    // The engine may have folded events that were not committed: fold the log again next time.
    if (derive) engines.invalidate(operationId);
    throw error;
  });
  if (outcome.appended > 0) ctx.live.appended(operationId);
  return outcome;
}

function atIndex(error: DomainError, index: number, s: EventSubmission): DomainError {
  const details = { ...(isRecord(error.details) ? error.details : {}), index, eventId: s.id, type: s.type };
  const message = `event ${index} (${s.type}): ${error.message}`;
  if (error instanceof GatesUnmetError) return new GatesUnmetError(message, error.unmet, details);
  return new DomainError(error.code, message, details);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An event row as the API shows it; `payload` saves parsing the text again when the caller has it. */
export function toStoredEvent(row: EventRow, payload?: unknown): StoredEvent {
  return {
    seq: row.seq,
    ...hashedFields(row),
    type: row.type as StoredEvent['type'],
    payload: payload ?? (JSON.parse(row.payload) as unknown),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Check, project and number the events the accountability rules derived, as system events. */
async function deriveRows(
  derived: readonly DerivedEvent[],
  view: TxView,
  operationId: string,
  now: Date,
  recordedAt: string,
  nextSeq: () => number,
  siteId: string,
): Promise<{ row: UnchainedEventRow; parsed: unknown }[]> {
  const out: { row: UnchainedEventRow; parsed: unknown }[] = [];
  for (const d of derived) {
    const payload = EVENT_PAYLOADS[d.type].parse(d.payload);
    const event = {
      id: uuidv7({ msecs: now.getTime() }),
      operationId,
      type: d.type,
      payload,
      occurredAt: d.occurredAt,
      organisation: null,
    } as ProjectableEvent;
    await checkEvent(event, view, now, { replay: true });
    await view.apply(projectEvent(event));
    out.push({
      parsed: payload,
      row: {
        id: event.id,
        operation_id: operationId,
        type: d.type,
        schema_version: 1,
        payload: canonicalJson(payload),
        occurred_at: d.occurredAt,
        recorded_at: recordedAt,
        actor: ACCOUNTABILITY_ACTOR,
        organisation: null,
        origin_site: siteId,
        origin_seq: nextSeq(),
      },
    });
  }
  return out;
}

/**
 * Evaluate the time-based accountability rules (overdue, stopped, windows) of an operation at the
 * context's `now`, and append what they derive. Nothing is written when nothing changes.
 */
export async function tickAccountability(ctx: AppContext, operationId: string): Promise<StoredEvent[]> {
  const engines = ctx.accountability;
  if (!engines) return [];
  const now = ctx.now();
  const preview = await engines.caughtUp(ctx.store.db, operationId);
  if (!preview.wouldDerive(now)) return [];
  const recordedAt = now.toISOString();
  const { store } = ctx;
  const stored = await inOperationTransaction(store, operationId, async (tx) => {
    const engine = await engines.caughtUp(tx.db, operationId);
    const view = new TxView(tx, operationId);
    let localSeq = await tx.lastOriginSeq(operationId, store.siteId);
    const rows = await deriveRows(
      engine.tick(now),
      view,
      operationId,
      now,
      recordedAt,
      () => ++localSeq,
      store.siteId,
    );
    const chained = await tx.appendToChain(
      operationId,
      rows.map((r) => r.row),
    );
    if (chained.length > 0) engines.advance(operationId, chained.at(-1)!.seq);
    await view.flush();
    return chained.map((r, k) => toStoredEvent(r, rows[k]!.parsed));
  }).catch((error: unknown) => {
    engines.invalidate(operationId);
    throw error;
  });
  if (stored.length > 0) ctx.live.appended(operationId);
  return stored;
}
