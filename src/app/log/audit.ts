import { canonicalJson } from '../../domain/canonical-json.js';
import { projectEvent } from '../../domain/project-event.js';
import { PROJECTION_TABLES, rowKey, type AnyRow, type ProjectionTable } from '../../domain/projection.js';
import { allEvents, chainHeads, countEvents } from '../../store/event-log.js';
import { dumpTable } from '../../store/queries.js';
import { eventHash, GENESIS_HASH, hashedFields } from '../../store/event-hash.js';
import type { AppContext } from '../context.js';
import type { Progress } from './rebuild.js';
import { projectableOf } from './stored-event.js';

export interface ChainHead {
  operationId: string;
  events: number;
  hash: string;
}

export interface AuditResult {
  ok: boolean;
  verified: number;
  /** Each operation's chain as walked: how many events, and the last hash (to keep outside the database). */
  heads: ChainHead[];
  /** The first event that does not fit its chain, and why. */
  firstBad?: { seq: number; id: string; operationId: string; reason: string };
}

/**
 * Walk each operation's hash chain in log order. Every event must name the hash of the operation's
 * previous event, and its own hash must be the SHA-256 of that, its fields and its payload as stored.
 * The walk must end where the recorded head of the chain says, so a deleted tail is found too.
 */
export async function verifyLog(ctx: AppContext, progress?: Progress): Promise<AuditResult> {
  const { db } = ctx.store;
  const walk = await walkChains(ctx, progress);
  const firstBad = walk.firstBad ?? headMismatch(walk.walked, await chainHeads(db));
  if (firstBad) return { ok: false, verified: walk.verified, heads: headsOf(walk.walked), firstBad };
  return {
    ok: true,
    verified: walk.verified,
    heads: (await chainHeads(db)).map((h) => ({
      operationId: h.operation_id,
      events: h.event_count,
      hash: h.hash,
    })),
  };
}

/** Each operation's chain as walked so far: its last hash, how many events, and the last one. */
type Walked = Map<string, { hash: string; events: number; seq: number; id: string }>;
type Bad = NonNullable<AuditResult['firstBad']>;

function headsOf(walked: Walked): ChainHead[] {
  return [...walked]
    .map(([operationId, w]) => ({ operationId, events: w.events, hash: w.hash }))
    .sort(byOperation);
}

/** Walk the log in order, checking that each event follows its chain and matches its hash. */
async function walkChains(
  ctx: AppContext,
  progress?: Progress,
): Promise<{ walked: Walked; verified: number; firstBad?: Bad }> {
  const { db } = ctx.store;
  const total = await countEvents(db);
  const walked: Walked = new Map();
  let verified = 0;
  for await (const page of allEvents(db)) {
    for (const row of page) {
      const chain = walked.get(row.operation_id);
      const bad = (reason: string) => ({
        walked,
        verified,
        firstBad: { seq: row.seq, id: row.id, operationId: row.operation_id, reason },
      });
      if (row.prev_hash !== (chain?.hash ?? GENESIS_HASH))
        return bad(
          `prev_hash ${row.prev_hash.slice(0, 12)}… is not the hash of the operation's previous event`,
        );
      if (eventHash(row.prev_hash, hashedFields(row), row.payload) !== row.hash)
        return bad('the stored event does not match its hash: it was changed after it was recorded');
      walked.set(row.operation_id, {
        hash: row.hash,
        events: (chain?.events ?? 0) + 1,
        seq: row.seq,
        id: row.id,
      });
      verified++;
    }
    progress?.(verified, total);
  }
  return { walked, verified };
}

/** Every chain walked must end at its recorded head, and every chain must have one. */
function headMismatch(walked: Walked, recorded: Awaited<ReturnType<typeof chainHeads>>): Bad | undefined {
  const unmatched = new Map(walked);
  for (const head of recorded) {
    const chain = unmatched.get(head.operation_id);
    if (
      !chain ||
      chain.hash !== head.hash ||
      chain.events !== head.event_count ||
      chain.seq !== head.last_seq
    )
      return {
        seq: head.last_seq,
        id: chain?.id ?? '(none)',
        operationId: head.operation_id,
        reason: `the chain ends after ${chain?.events ?? 0} events but its recorded head is event ${head.last_seq} of ${head.event_count}: events were deleted`,
      };
    unmatched.delete(head.operation_id);
  }
  const [headless] = unmatched;
  if (headless === undefined) return undefined;
  const [operationId, chain] = headless;
  return { seq: chain.seq, id: chain.id, operationId, reason: 'the chain has no recorded head' };
}

function byOperation(a: ChainHead, b: ChainHead): number {
  return a.operationId < b.operationId ? -1 : 1;
}

export interface ProjectionAudit {
  ok: boolean;
  /** The first row that the log does not account for, or that the log has and the table lacks. */
  firstDifference?: { table: ProjectionTable; row: string; reason: string };
}

/**
 * Fold the whole log in memory with the same projector and compare with every projection table, so a
 * table edited behind the log's back (a corridor reopened, a manifest rewritten) is found too.
 */
export async function verifyProjections(ctx: AppContext): Promise<ProjectionAudit> {
  const folded = new Map<ProjectionTable, Map<string, AnyRow>>(PROJECTION_TABLES.map((t) => [t, new Map()]));
  for await (const page of allEvents(ctx.store.db)) {
    for (const row of page) {
      const event = projectableOf(row);
      for (const m of projectEvent(event)) {
        const rows = folded.get(m.table)!;
        if (m.kind === 'insert') rows.set(rowKey(m.row), { ...m.row });
        else Object.assign(rows.get(m.id) ?? {}, m.set);
      }
    }
  }
  for (const table of PROJECTION_TABLES) {
    const expected = folded.get(table)!;
    const seen = new Set<string>();
    for (const row of await dumpTable(ctx.store.db, table)) {
      const key = rowKey(row);
      seen.add(key);
      const want = expected.get(key);
      if (!want)
        return { ok: false, firstDifference: { table, row: key, reason: 'the log never created this row' } };
      if (canonicalJson(want) !== canonicalJson(row))
        return {
          ok: false,
          firstDifference: { table, row: key, reason: 'the row differs from what the log says' },
        };
    }
    const missing = [...expected.keys()].find((k) => !seen.has(k));
    if (missing)
      return {
        ok: false,
        firstDifference: { table, row: missing, reason: 'the log has this row, the table not' },
      };
  }
  return { ok: true };
}

/**
 * Heads copied somewhere outside the database earlier (`operation:events:hash`) must still be in the
 * chain: the chain may have grown since, but the event at that count must still carry that hash.
 */
export async function checkAnchors(ctx: AppContext, anchors: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const anchor of anchors) {
    const m = /^([a-z0-9-]+):(\d+):([0-9a-f]{64})$/.exec(anchor);
    if (!m) {
      problems.push(`${anchor}: not operation:events:hash`);
      continue;
    }
    const [, operationId, count, hash] = m as unknown as [string, string, string, string];
    const events = await nthEvent(ctx, operationId, Number(count));
    if (!events) problems.push(`${operationId}: the chain has fewer than ${count} events now`);
    else if (events.hash !== hash)
      problems.push(`${operationId}: event ${count} of the chain no longer has hash ${hash}`);
  }
  return problems;
}

async function nthEvent(ctx: AppContext, operationId: string, n: number) {
  if (n < 1) return undefined;
  let seen = 0;
  for await (const page of allEvents(ctx.store.db, operationId)) {
    if (seen + page.length >= n) return page[n - seen - 1];
    seen += page.length;
  }
  return undefined;
}
