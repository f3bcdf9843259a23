import { EVENT_PAYLOADS, type EventSubmission } from '../../contracts/events.js';
import { canonicalJson, sameJson } from '../../domain/canonical-json.js';
import { ConflictError, DomainError, ForbiddenError, UnavailableError, said } from '../../domain/errors.js';
import { projectEvent } from '../../domain/project-event.js';
import type { Mutation, ProjectableEvent } from '../../domain/projection.js';
import { checkEvent } from '../../domain/rules.js';
import {
  inOperationTransaction,
  type ChainableEventRow,
  type EventRow,
  type StoreTx,
} from '../../store/store-tx.js';
import type { AppContext } from '../context.js';
import {
  authoriseOwnership,
  authoriseRead,
  authoriseWrite,
  type Caller,
  type OwnedTable,
} from '../access/permissions.js';
import { problemsOf, type Problem } from '../problems.js';
import { TxView } from './tx-view.js';
import { deriveRows } from './derived-events.js';
import { differences, storedChange, usedFor } from './idempotency.js';
import { checkSealedContent } from '../protection/sealed-check.js';
import { PERSONAL_EVENT_TYPES } from '../../contracts/protection/personal-data.js';
import { storeKeysFromBelow } from '../protection/key-exchange.js';
import { runEffects, type PersonKey } from './effects.js';
import type { Conflict, Origin, RecordOptions, RecordOutcome } from './record-types.js';
import { checkCodeOfSite, conflictAlerts, FIELD_FACTS } from '../sync/conflicts.js';
import { codeTagOf } from '../context.js';
import { projectableOf } from './stored-event.js';

export type { Change, Conflict, Origin, RecordMode, RecordOptions, RecordOutcome } from './record-types.js';
import { atIndex, checkOrigin, invalid, isRecord, parseEnvelopes, type Envelope } from './envelopes.js';
import { outcomeOf } from './record-outcome.js';

/**
 * The one command that records changes, for every writer: the API, device ingest, imports, scenarios,
 * the simulator, retention and protection. It authorises (the caller's operation before anything is
 * looked up, then the role for each type), validates each payload once, allocates codes inside the
 * operation's write lock, applies the rules, appends to the hash chain, projects, runs the effects that
 * must share the transaction (a `PersonErased` deletes the person's key), and evaluates the alerts of a
 * live change. All or nothing; a change sent again is answered as the first time (see idempotency.ts).
 */
export async function recordChanges(
  ctx: AppContext,
  operationId: string,
  caller: Caller,
  input: readonly unknown[],
  options: RecordOptions,
): Promise<RecordOutcome> {
  authoriseRead(caller, operationId);
  // A node that has not yet learnt its own sequence from its upstream numbers nothing (see sync/).
  const refusal = options.mode === 'live' ? ctx.site.writeRefusal(operationId) : undefined;
  if (refusal !== undefined) throw new UnavailableError(refusal, 5);
  const envelopes = parseEnvelopes(input, options);
  for (const [index, e] of envelopes.entries()) {
    authoriseWrite(caller, operationId, e.type, e.payload);
    checkOrigin(e, index, options.mode, ctx.store.siteId, ctx.site.root);
    // What the upstream will not take from this node is refused here: its chain could not go up.
    const notGranted = options.mode === 'live' && ctx.site.grantRefusal?.(operationId, e.type);
    const refused = notGranted && said('event {index}: {reason}', { index, reason: notGranted });
    if (refused) throw new ForbiddenError(refused, { index, type: e.type });
  }
  let recording: Recording | undefined;
  const outcome = await inOperationTransaction(ctx.store, operationId, (tx) =>
    (recording = new Recording(ctx, tx, operationId, caller, options)).run(envelopes),
  ).catch((error: unknown) => {
    // The engine may have folded events that were not committed: fold the log again next time.
    if (recording?.engineUsed) ctx.accountability?.invalidate(operationId);
    throw error;
  });
  if (outcome.appended > 0) ctx.live.appended(operationId);
  // An erasure deleted a person's key: no copy of it may stay in the database's files.
  if (outcome.appended > 0 && envelopes.some((e) => e.type === 'PersonErased')) await ctx.store.shred();
  return outcome;
}

interface Admitted {
  index: number;
  submission: EventSubmission;
  event: ProjectableEvent;
  changes: Mutation[];
  personKey?: PersonKey | undefined;
  /** Who first recorded it, for an event imported from another store (kept as it was). */
  origin?: Origin | undefined;
  /**
   * The payload as it came, for an event that comes with its place in its site's chain, when it is the
   * same JSON as the schema's reading of it: read from its site's canonical text, its keys are in
   * canonical order already, which canonicalJson writes at once (the schema's reading is in the
   * schema's order).
   */
  sent?: unknown;
}

/** One transaction's work: everything it reads and writes goes through `view` and `tx`. */
class Recording {
  private readonly view: TxView;
  private readonly now: Date;
  private readonly recordedAt: string;
  private coordinatingBody: string | null | undefined;
  private readonly conflicts: Conflict[] = [];
  private many = false; // more than one event sent: a refusal says which
  /** The accountability engine has folded this transaction's events (thrown away if it fails). */
  engineUsed = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly tx: StoreTx,
    private readonly operationId: string,
    private readonly caller: Caller,
    private readonly options: RecordOptions,
  ) {
    this.view = new TxView(tx, operationId, codeTagOf(ctx));
    this.now = ctx.now();
    this.recordedAt = this.now.toISOString();
  }

  async run(envelopes: readonly Envelope[]): Promise<RecordOutcome> {
    this.many = envelopes.length > 1;
    const stored = new Map((await this.tx.findEvents(envelopes.map((e) => e.id))).map((e) => [e.id, e]));
    const admitted = await this.admit(envelopes, stored);
    await this.prefetch(admitted);
    const rows: ChainableEventRow[] = [];
    const payloads: unknown[] = [];
    // This node's own events coming back (a restore) hold their numbers: what it derives comes after.
    let localSeq = admitted.reduce(
      (n, a) =>
        a.origin && a.submission.originSite === this.ctx.store.siteId
          ? Math.max(n, a.submission.originSeq ?? 0)
          : n,
      await this.tx.lastOriginSeq(this.operationId, this.ctx.store.siteId),
    );
    const nextSeq = () => ++localSeq;
    const engines = this.ctx.accountability;
    const live = this.options.mode === 'live';
    // Caught up under the lock: live, it observes each event and derives; else it folds them below.
    this.engineUsed = engines !== null && admitted.length > 0;
    const engine = this.engineUsed ? await engines!.caughtUp(this.tx.db, this.operationId) : null;
    const derive = { now: this.now, recordedAt: this.recordedAt, siteId: this.ctx.store.siteId, nextSeq };
    for (const a of admitted) {
      await this.check(a);
      await this.view.apply(a.changes);
      // The operation's coordinating body may have been registered just now.
      if (a.event.type === 'OrganisationRegistered') this.coordinatingBody = undefined;
      payloads.push(a.submission.payload);
      const row = this.rowOf(a, nextSeq);
      rows.push(row);
      if (!engine || !live) continue;
      // The engine folds what the log holds (read back from its text, as a fold of the log reads it:
      // the same values, and their keys in the same order, whichever way the engine came by them).
      for (const d of await deriveRows(engine.observe(projectableOf(row), this.now), this.view, derive)) {
        payloads.push(d.parsed);
        rows.push(d.row);
      }
    }
    // Decisions of two sites that cannot both stand: named where every site's decisions meet.
    if (this.conflicts.length > 0 && this.ctx.site.root) {
      const raised = await conflictAlerts(this.conflicts, this.view, this.now);
      for (const d of await deriveRows(raised, this.view, derive)) {
        payloads.push(d.parsed);
        rows.push(d.row);
      }
    }
    const chained = await this.tx.appendToChain(this.operationId, rows);
    // Events from elsewhere are folded here, from the text the log holds, not read back from the database.
    if (engine && !live) for (const row of chained) engine.apply(projectableOf(row));
    // Before the commit: a catch-up read made once the commit is visible must not fold these again.
    if (engine && chained.length > 0) engines!.advance(this.operationId, chained.at(-1)!.seq);
    await this.view.flush();
    await runEffects(this.tx, admitted, this.ctx.masterKey);
    if (this.options.personKeys)
      await storeKeysFromBelow(
        this.tx,
        this.operationId,
        this.ctx.masterKey,
        this.options.personKeys,
        this.recordedAt,
      );
    return outcomeOf(envelopes, stored, chained, payloads, this.conflicts);
  }

  /**
   * The changes the log does not hold yet, with their codes allocated and payloads validated. A change
   * it holds (or one given twice) must be the same change: otherwise the whole batch is refused.
   */
  private async admit(envelopes: readonly Envelope[], stored: Map<string, EventRow>): Promise<Admitted[]> {
    const admitted: Admitted[] = [];
    const firstOfBatch = new Map<string, Admitted>();
    const problems: Problem[] = [];
    const label = this.options.label ?? 'events';
    for (const [index, e] of envelopes.entries()) {
      const earlier = stored.get(e.id);
      // Saying which operation would tell a caller about one its token cannot read.
      if (earlier && earlier.operation_id !== this.operationId)
        throw new ConflictError(said('event {index}: the id {id} is already used', { index, id: e.id }), {
          index,
          eventId: e.id,
        });
      // An event from elsewhere that this node holds must hold the same place in its site's chain.
      if (
        earlier &&
        e.originSite !== undefined &&
        (earlier.origin_site !== e.originSite || earlier.origin_seq !== e.originSeq)
      )
        throw usedFor(index, e.id, ['originSite', 'originSeq']);
      const inBatch = firstOfBatch.get(e.id);
      const original = earlier ? storedChange(earlier) : inBatch ? admittedChange(inBatch) : undefined;
      if (original && original.type !== e.type) throw usedFor(index, e.id, ['type']);
      const payload = await this.filled(e, original);
      const parsed = EVENT_PAYLOADS[e.type].safeParse(payload);
      if (!parsed.success) {
        problems.push(...problemsOf(parsed.error, `${label}[${index}].payload`));
        continue;
      }
      if (original) {
        const sent = { type: e.type, occurredAt: e.occurredAt, payload: parsed.data };
        const differs = differences(original, sent, e.notCompared);
        if (differs.length > 0) throw usedFor(index, e.id, differs);
        continue;
      }
      const a = this.admitted(index, e, parsed.data);
      firstOfBatch.set(e.id, a);
      admitted.push(a);
    }
    if (problems.length > 0) throw invalid(problems);
    return admitted;
  }

  /** The payload with what the server fills in: a re-send gets the code the first one was given. */
  private async filled(e: Envelope, original: { payload: string } | undefined): Promise<unknown> {
    const p = e.payload;
    if (!e.allocateCode || !isRecord(p) || p.code !== undefined) return p;
    if (original) return { ...p, code: (JSON.parse(original.payload) as { code?: unknown }).code };
    return { ...p, code: await this.view.nextCode(e.allocateCode) };
  }

  private admitted(index: number, e: Envelope, payload: unknown): Admitted {
    const submission = {
      id: e.id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      occurredAt: e.occurredAt ?? this.recordedAt,
      originSite: e.originSite,
      originSeq: e.originSeq,
      payload,
    } as EventSubmission;
    const origin = this.options.mode === 'replay' ? this.options.origin?.(submission) : undefined;
    const event = {
      id: e.id,
      operationId: this.operationId,
      type: e.type,
      payload,
      occurredAt: submission.occurredAt,
      organisation: origin ? origin.organisation : this.caller.organisationId,
      actor: origin ? origin.actor : this.caller.actor,
    } as ProjectableEvent;
    // Only where the schema took it as it came: a payload it changed (a default filled in, a value
    // trimmed) is written as the schema made it, and so refused by its hash, as it always was.
    const sent = origin?.hash !== undefined && sameJson(e.payload, payload) ? e.payload : undefined;
    return { index, submission, event, changes: [], personKey: e.personKey, origin, sent };
  }

  /**
   * The rules ask whether each new record exists already: ask the database once per table instead (for
   * the events they check: a record made twice is refused by the database all the same).
   */
  private async prefetch(admitted: Admitted[]): Promise<void> {
    const newIds = new Map<Parameters<TxView['prefetch']>[0], string[]>();
    for (const a of admitted) {
      a.changes = projectEvent(a.event);
      if (!this.checked(a)) continue;
      for (const m of a.changes)
        if (m.kind === 'insert' && m.table !== 'convoy_vehicles') {
          const ids = newIds.get(m.table);
          if (ids) ids.push(m.row.id);
          else newIds.set(m.table, [m.row.id]);
        }
    }
    for (const [table, ids] of newIds) await this.view.prefetch(table, ids);
  }

  /**
   * Whether the rules check an event here. A replicated one was checked where it was recorded; only the
   * root, where every site's decisions meet, looks for the ones that cannot stand with what it holds
   * (below it, checking would only cost time), and a fact seen in the field stands whatever else is
   * recorded.
   */
  private checked(a: Admitted): boolean {
    return !this.options.replicated || (this.ctx.site.root && !FIELD_FACTS.has(a.event.type));
  }

  private async check(a: Admitted): Promise<void> {
    if (!this.checked(a)) return;
    if (this.options.replicated) {
      try {
        await checkEvent(a.event, this.view, this.now, { replay: true, replicated: true });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        this.conflicts.push({
          eventId: a.event.id,
          type: a.event.type,
          site: a.submission.originSite ?? this.ctx.store.siteId,
          occurredAt: a.submission.occurredAt,
          reason: error.message,
          payload: a.submission.payload,
        });
      }
      return;
    }
    try {
      await this.ownOrganisation(a);
      // A record of another operation is not there: the rules say so, ownership says nothing of it.
      const own = async (table: OwnedTable, id: string) => {
        const row = await this.view.get(table, id);
        return row?.operation_id === this.operationId ? row : undefined;
      };
      await authoriseOwnership(this.caller, a.event.type, a.event.payload, own, () =>
        this.findCoordinatingBody(),
      );
      if (this.options.mode === 'live') checkCodeOfSite(a.event.payload, codeTagOf(this.ctx));
      if (this.options.mode === 'live' && PERSONAL_EVENT_TYPES.has(a.event.type))
        await checkSealedContent(a.event, this.tx, this.ctx.masterKey, a.personKey);
      await checkEvent(a.event, this.view, this.now, { replay: this.options.mode === 'replay' });
    } catch (error) {
      if (error instanceof DomainError) throw atIndex(error, a, this.many);
      throw error;
    }
  }

  /**
   * A change recorded by no organisation (the CLI, a scenario, an import of records) belongs to the
   * operation's coordinating body: no owner never means "anyone". Events imported from another store
   * keep the organisation they were recorded with.
   */
  private async ownOrganisation(a: Admitted): Promise<void> {
    if (a.event.organisation !== null || a.origin) return;
    const owner = await this.findCoordinatingBody();
    if (owner === null) return;
    a.event.organisation = owner;
    a.changes = projectEvent(a.event);
  }

  private async findCoordinatingBody(): Promise<string | null> {
    if (this.coordinatingBody !== undefined) return this.coordinatingBody;
    const bodies = await this.view.rowsWhere('organisations', {
      operation_id: this.operationId,
      role: 'coordinating-body',
    });
    bodies.sort((x, y) => x.code.localeCompare(y.code));
    this.coordinatingBody = bodies[0] ? bodies[0].id : null;
    return this.coordinatingBody;
  }

  private rowOf(a: Admitted, nextSeq: () => number): ChainableEventRow {
    const s = a.submission;
    const originSite = s.originSite ?? this.ctx.store.siteId;
    // Hashes set after, not spread in: a literal with a spread is made member by member, and its rows
    // were the largest item after SQLite in a profile of a replicated page's append.
    const row: ChainableEventRow = {
      id: s.id,
      operation_id: this.operationId,
      type: s.type,
      schema_version: s.schemaVersion,
      payload: canonicalJson(a.sent ?? s.payload),
      occurred_at: s.occurredAt,
      recorded_at: this.recordedAt,
      actor: a.origin?.actor ?? this.caller.actor,
      organisation: a.event.organisation,
      origin_site: originSite,
      origin_seq: s.originSeq ?? nextSeq(),
    };
    if (a.origin?.hash !== undefined) {
      row.prev_hash = a.origin.prevHash ?? '';
      row.hash = a.origin.hash;
    }
    return row;
  }
}

function admittedChange(a: Admitted) {
  return {
    type: a.submission.type,
    occurredAt: a.submission.occurredAt,
    payload: canonicalJson(a.submission.payload),
  };
}
