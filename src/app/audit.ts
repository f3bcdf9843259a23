import { allEvents, countEvents } from '../store/event-log.js';
import { eventHash, GENESIS_HASH } from '../store/event-hash.js';
import type { AppContext } from './context.js';
import type { Progress } from './rebuild.js';

export interface AuditResult {
  ok: boolean;
  verified: number;
  /** The first event that does not fit its chain, and why. */
  firstBad?: { seq: number; id: string; operationId: string; reason: string };
}

/**
 * Walk each operation's hash chain in log order. Every event must name the hash of the operation's
 * previous event, and its own hash must be the SHA-256 of that, its fields and its payload as stored.
 */
export async function verifyLog(ctx: AppContext, progress?: Progress): Promise<AuditResult> {
  const { db } = ctx.store;
  const total = await countEvents(db);
  const heads = new Map<string, string>();
  let verified = 0;
  for await (const page of allEvents(db)) {
    for (const row of page) {
      const expectedPrev = heads.get(row.operation_id) ?? GENESIS_HASH;
      const bad = (reason: string): AuditResult => ({
        ok: false,
        verified,
        firstBad: { seq: row.seq, id: row.id, operationId: row.operation_id, reason },
      });
      if (row.prev_hash !== expectedPrev)
        return bad(
          `prev_hash ${row.prev_hash.slice(0, 12)}… is not the hash of the operation's previous event`,
        );
      const hash = eventHash(
        row.prev_hash,
        {
          id: row.id,
          operationId: row.operation_id,
          type: row.type,
          schemaVersion: row.schema_version,
          occurredAt: row.occurred_at,
          recordedAt: row.recorded_at,
          actor: row.actor,
          organisation: row.organisation,
          originSite: row.origin_site,
          originSeq: Number(row.origin_seq),
        },
        row.payload,
      );
      if (hash !== row.hash)
        return bad('the stored event does not match its hash: it was changed after it was recorded');
      heads.set(row.operation_id, row.hash);
      verified++;
    }
    progress?.(verified, total);
  }
  return { ok: true, verified };
}
