import { allEvents, chainHeads, countEvents } from '../store/event-log.js';
import { eventHash, GENESIS_HASH, hashedFields } from '../store/event-hash.js';
import type { AppContext } from './context.js';
import type { Progress } from './rebuild.js';

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
  const total = await countEvents(db);
  const walked = new Map<string, { hash: string; events: number; seq: number; id: string }>();
  let verified = 0;
  const heads = () =>
    [...walked]
      .map(([operationId, w]) => ({ operationId, events: w.events, hash: w.hash }))
      .sort(byOperation);
  for await (const page of allEvents(db)) {
    for (const row of page) {
      const chain = walked.get(row.operation_id);
      const bad = (reason: string): AuditResult => ({
        ok: false,
        verified,
        heads: heads(),
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
  for (const head of await chainHeads(db)) {
    const chain = walked.get(head.operation_id);
    if (!chain || chain.hash !== head.hash || chain.events !== Number(head.event_count)) {
      return {
        ok: false,
        verified,
        heads: heads(),
        firstBad: {
          seq: Number(head.last_seq),
          id: chain?.id ?? '(none)',
          operationId: head.operation_id,
          reason: `the chain ends after ${chain?.events ?? 0} events but its recorded head is event ${head.last_seq} of ${head.event_count}: events were deleted`,
        },
      };
    }
    walked.delete(head.operation_id);
  }
  const headless = [...walked.keys()][0];
  if (headless !== undefined) {
    const chain = walked.get(headless)!;
    return {
      ok: false,
      verified,
      heads: heads(),
      firstBad: {
        seq: chain.seq,
        id: chain.id,
        operationId: headless,
        reason: 'the chain has no recorded head',
      },
    };
  }
  return {
    ok: true,
    verified,
    heads: (await chainHeads(db)).map((h) => ({
      operationId: h.operation_id,
      events: Number(h.event_count),
      hash: h.hash,
    })),
  };
}

function byOperation(a: ChainHead, b: ChainHead): number {
  return a.operationId < b.operationId ? -1 : 1;
}
