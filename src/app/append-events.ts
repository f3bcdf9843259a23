import type { EventSubmission, StoredEvent } from '../contracts/events.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { ConflictError, DomainError } from '../domain/errors.js';
import { isUniqueViolation } from '../store/dialect.js';
import {
  projectEvent,
  type Mutation,
  type ProjectableEvent,
  type ProjectionTable,
} from '../domain/projection.js';
import { checkEvent } from '../domain/rules.js';
import { eventHash, GENESIS_HASH } from '../store/event-hash.js';
import { inOperationTransaction, type EventRow, type NewEventRow } from '../store/store-tx.js';
import type { AppContext } from './context.js';
import { authoriseWrite, type Caller } from './permissions.js';
import { parseSubmissions } from './submissions.js';
import { TxView } from './tx-view.js';

export interface AppendOutcome {
  /** Every submitted event as the log holds it, in submission order; re-sent ones as first stored. */
  events: StoredEvent[];
  appended: number;
  duplicates: number;
}

export interface AppendOptions {
  /** How problems name the events, e.g. `events` -> `events[3].payload.people.men`. */
  label?: string;
  /** Keep the actor and organisation of events that come from another store (import, replication). */
  preserveActor?: (submission: EventSubmission) => { actor: string; organisation: string | null } | undefined;
}

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
  for (const s of submissions) authoriseWrite(caller, operationId, s.type);
  const now = ctx.now();
  const recordedAt = now.toISOString();
  const { store } = ctx;

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
      if (earlier && earlier.operation_id !== operationId)
        throw new ConflictError(`event ${s.id} is already recorded for another operation`, {
          index,
          eventId: s.id,
        });
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

    let prevHash = (await tx.chainHead(operationId)) ?? GENESIS_HASH;
    let localSeq = await tx.lastOriginSeq(operationId, store.siteId);
    const rows: NewEventRow[] = [];
    for (const { index, submission: s, event, changes } of pending) {
      try {
        await checkEvent(event, view, now);
      } catch (error) {
        if (error instanceof DomainError) throw atIndex(error, index, s);
        throw error;
      }
      await view.apply(changes);

      const originSite = s.originSite ?? store.siteId;
      const originSeq = s.originSeq ?? (originSite === store.siteId ? ++localSeq : 0);
      const fields = {
        id: s.id,
        operationId,
        type: s.type,
        schemaVersion: s.schemaVersion,
        occurredAt: s.occurredAt,
        recordedAt,
        actor: options.preserveActor?.(s)?.actor ?? caller.actor,
        organisation: event.organisation,
        originSite,
        originSeq,
      };
      const payloadText = canonicalJson(s.payload);
      const hash = eventHash(prevHash, fields, payloadText);
      rows.push({
        id: fields.id,
        operation_id: operationId,
        type: fields.type,
        schema_version: fields.schemaVersion,
        payload: payloadText,
        occurred_at: fields.occurredAt,
        recorded_at: recordedAt,
        actor: fields.actor,
        organisation: fields.organisation,
        origin_site: originSite,
        origin_seq: originSeq,
        prev_hash: prevHash,
        hash,
      });
      prevHash = hash;
    }

    const seqs = await tx.insertEvents(rows);
    await view.flush();
    const appended = new Map<string, StoredEvent>();
    rows.forEach((r, k) => appended.set(r.id, toStoredEvent(r, seqs[k]!, pending[k]!.submission.payload)));
    return {
      events: submissions.map((s) => appended.get(s.id) ?? toStoredEvent(stored.get(s.id)!)),
      appended: rows.length,
      duplicates: submissions.length - rows.length,
    };
  }).catch((error: unknown) => {
    // Two writers on different operations raced for the same event id; the loser is told plainly.
    if (isUniqueViolation(error))
      throw new ConflictError('an event or record with the same id was recorded meanwhile');
    throw error;
  });
  if (outcome.appended > 0) ctx.live.appended(operationId);
  return outcome;
}

function atIndex(error: DomainError, index: number, s: EventSubmission): DomainError {
  const details = { ...(isRecord(error.details) ? error.details : {}), index, eventId: s.id, type: s.type };
  return new DomainError(error.code, `event ${index} (${s.type}): ${error.message}`, details);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An event row as the API shows it; `payload` saves parsing the text again when the caller has it. */
export function toStoredEvent(row: NewEventRow, seq: number, payload?: unknown): StoredEvent;
export function toStoredEvent(row: EventRow): StoredEvent;
export function toStoredEvent(
  row: NewEventRow & { seq?: number },
  seq = row.seq,
  payload?: unknown,
): StoredEvent {
  return {
    seq: seq!,
    id: row.id,
    operationId: row.operation_id,
    type: row.type as StoredEvent['type'],
    schemaVersion: row.schema_version,
    payload: payload ?? (JSON.parse(row.payload) as unknown),
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    actor: row.actor,
    organisation: row.organisation,
    originSite: row.origin_site,
    originSeq: Number(row.origin_seq),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
