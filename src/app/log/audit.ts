import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json.js';
import { projectEvent } from '../../domain/project-event.js';
import {
  columnsSet,
  PROJECTION_TABLES,
  rowKey,
  type AnyRow,
  type ProjectionTable,
} from '../../domain/projection.js';
import { allEvents, countEvents, siteEvents, siteHeads } from '../../store/event-log.js';
import { dumpTable } from '../../store/queries.js';
import { eventHash, GENESIS_HASH, hashedFields } from '../../store/event-hash.js';
import type { AppContext } from '../context.js';
import type { Progress } from './rebuild.js';
import { projectableOf } from './stored-event.js';

export interface ChainHead {
  operationId: string;
  /** The origin site whose chain this is. */
  site: string;
  /** How many events it holds (its last event's origin sequence). */
  events: number;
  hash: string;
}

export interface AuditResult {
  ok: boolean;
  verified: number;
  /** Each site's chain of each operation: how many events, and the last hash (to keep outside the database). */
  heads: ChainHead[];
  /** The first event that does not fit its chain, and why. */
  firstBad?: { seq: number; id: string; operationId: string; site: string; reason: string };
}

type Bad = NonNullable<AuditResult['firstBad']>;
const PAGE = 5000;

/**
 * Walk every site's hash chain of every operation, in origin-sequence order: the sequence must run 1,
 * 2, 3... with no gap, every event must name the hash of the site's previous event, and its own hash
 * must be the SHA-256 of that, its fields and its payload as stored. Each walk must end where the
 * recorded head of the chain says, so a deleted tail is found too; a chain without a head, or a head
 * without events, is a fault. Every node holding a site's events computes the same heads.
 */
export async function verifyLog(ctx: AppContext, progress?: Progress): Promise<AuditResult> {
  const { db } = ctx.store;
  const total = await countEvents(db);
  const recorded = new Map(
    (await siteHeads(db)).map((h): [string, typeof h] => [`${h.operation_id}\n${h.origin_site}`, h]),
  );
  const chains = await db
    .selectFrom('events')
    .select(['operation_id', 'origin_site'])
    .distinct()
    .orderBy('operation_id')
    .orderBy('origin_site')
    .execute();
  const heads: ChainHead[] = [];
  let verified = 0;
  const fail = (firstBad: Bad): AuditResult => ({ ok: false, verified, heads, firstBad });
  for (const { operation_id: operationId, origin_site: site } of chains) {
    let prev = GENESIS_HASH;
    let n = 0;
    let last: { seq: number; id: string } = { seq: 0, id: '(none)' };
    for (;;) {
      const page = await siteEvents(db, operationId, site, n, PAGE);
      for (const row of page) {
        const bad = (reason: string) => fail({ seq: row.seq, id: row.id, operationId, site, reason });
        if (row.origin_seq !== n + 1)
          return bad(
            `it is number ${row.origin_seq} of site ${site}, after ${n}: events of that site are missing`,
          );
        if (row.prev_hash !== prev)
          return bad(
            `prev_hash ${row.prev_hash.slice(0, 12)}… is not the hash of site ${site}'s previous event`,
          );
        if (eventHash(prev, hashedFields(row), row.payload) !== row.hash)
          return bad('the stored event does not match its hash: it was changed after it was recorded');
        prev = row.hash;
        n = row.origin_seq;
        last = { seq: row.seq, id: row.id };
        verified++;
      }
      progress?.(verified, total);
      if (page.length < PAGE) break;
    }
    const key = `${operationId}\n${site}`;
    const head = recorded.get(key);
    recorded.delete(key);
    if (!head) return fail({ ...last, operationId, site, reason: 'the chain has no recorded head' });
    if (head.origin_seq !== n || head.hash !== prev)
      return fail({
        ...last,
        operationId,
        site,
        reason: `site ${site}'s chain ends after ${n} events but its recorded head is event ${head.origin_seq}: events were deleted`,
      });
    heads.push({ operationId, site, events: n, hash: prev });
  }
  const [orphan] = recorded.values();
  if (orphan)
    return fail({
      seq: 0,
      id: '(none)',
      operationId: orphan.operation_id,
      site: orphan.origin_site,
      reason: `the recorded head says site ${orphan.origin_site} has ${orphan.origin_seq} events, and the log holds none: events were deleted`,
    });
  return { ok: true, verified, heads };
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
        else {
          const current = rows.get(m.id);
          if (current) Object.assign(current, columnsSet(m, current));
        }
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
 * Heads copied somewhere outside the database earlier (`operation:site:events:hash`) must still be in
 * the chain: the chain may have grown since, but its event of that number must still carry that hash.
 */
export async function checkAnchors(ctx: AppContext, anchors: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const anchor of anchors) {
    const m = /^([a-z0-9-]+):([A-Za-z0-9][A-Za-z0-9._-]*):(\d+):([0-9a-f]{64})$/.exec(anchor);
    if (!m) {
      problems.push(`${anchor}: not operation:site:events:hash`);
      continue;
    }
    const [, operationId, site, count, hash] = m as unknown as [string, string, string, string, string];
    const [event] = await siteEvents(ctx.store.db, operationId, site, Number(count) - 1, 1);
    if (!event || event.origin_seq !== Number(count))
      problems.push(`${operationId} ${site}: the chain has fewer than ${count} events now`);
    else if (event.hash !== hash)
      problems.push(`${operationId} ${site}: event ${count} of the chain no longer has hash ${hash}`);
  }
  return problems;
}

/**
 * A digest of every projection table (rows in key order, as canonical JSON): two nodes that hold the
 * same events must give the same digest, whatever order the events arrived in.
 */
export async function projectionDigest(ctx: AppContext): Promise<string> {
  const h = createHash('sha256');
  for (const table of PROJECTION_TABLES) {
    h.update(`${table}\n`);
    for (const row of await dumpTable(ctx.store.db, table)) h.update(`${canonicalJson(row)}\n`);
  }
  return h.digest('hex');
}
