import { v7 as uuidv7 } from 'uuid';
import { EVENT_PAYLOADS, type StoredEvent } from '../../contracts/events.js';
import type { DerivedEvent } from '../../domain/accountability/engine.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { projectEvent } from '../../domain/project-event.js';
import type { ProjectableEvent } from '../../domain/projection.js';
import { checkEvent } from '../../domain/rules.js';
import { inOperationTransaction, type UnchainedEventRow } from '../../store/store-tx.js';
import { codeTagOf, type AppContext } from '../context.js';
import { TxView } from './tx-view.js';
import { toStoredEvent } from './stored-event.js';

/** Who records what the rules derive. */
export const ACCOUNTABILITY_ACTOR = 'system:accountability';

export interface DerivedRow {
  row: UnchainedEventRow;
  parsed: unknown;
}

/** Check, project and number the events the accountability rules derived, as system events. */
export async function deriveRows(
  derived: readonly DerivedEvent[],
  view: TxView,
  at: { now: Date; recordedAt: string; siteId: string; nextSeq: () => number },
): Promise<DerivedRow[]> {
  const out: DerivedRow[] = [];
  for (const d of derived) {
    const payload = EVENT_PAYLOADS[d.type].parse(d.payload);
    const event = {
      id: uuidv7({ msecs: at.now.getTime() }),
      operationId: view.operationId,
      type: d.type,
      payload,
      occurredAt: d.occurredAt,
      organisation: null,
    } as ProjectableEvent;
    await checkEvent(event, view, at.now, { replay: true });
    await view.apply(projectEvent(event));
    out.push({
      parsed: payload,
      row: {
        id: event.id,
        operation_id: view.operationId,
        type: d.type,
        schema_version: 1,
        payload: canonicalJson(payload),
        occurred_at: d.occurredAt,
        recorded_at: at.recordedAt,
        actor: ACCOUNTABILITY_ACTOR,
        organisation: null,
        origin_site: at.siteId,
        origin_seq: at.nextSeq(),
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
  // A node waiting to confirm its own sequence with its upstream numbers nothing (app/sync).
  if (!engines || ctx.site.writeRefusal(operationId) !== undefined) return [];
  if (!ctx.site.root && ctx.site.raisesTimeAlerts?.(operationId) === false) return [];
  const now = ctx.now();
  const preview = await engines.caughtUp(ctx.store.db, operationId);
  if (!preview.wouldDerive(now)) return [];
  const { store } = ctx;
  const stored = await inOperationTransaction(store, operationId, async (tx) => {
    const engine = await engines.caughtUp(tx.db, operationId);
    const view = new TxView(tx, operationId, codeTagOf(ctx));
    let localSeq = await tx.lastOriginSeq(operationId, store.siteId);
    const rows = await deriveRows(engine.tick(now), view, {
      now,
      recordedAt: now.toISOString(),
      siteId: store.siteId,
      nextSeq: () => ++localSeq,
    });
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
