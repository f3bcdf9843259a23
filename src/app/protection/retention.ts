import { v7 as uuidv7 } from 'uuid';
import { deletePersonKey, findPersonKeys } from '../../store/person-keys.js';
import { allRows, listOperations } from '../../store/queries.js';
import { StoreTx } from '../../store/store-tx.js';
import type { AppContext } from '../context.js';
import { recordChanges } from '../log/record-changes.js';
import type { Caller } from '../access/permissions.js';

const RETENTION: Caller = {
  actor: 'system:retention',
  role: 'system',
  organisationId: null,
  operationId: null,
};
const DAY_MS = 86_400_000;

export interface PurgeResult {
  operationId: string;
  erased: string[];
  /** Kept because an open tracing request still needs them. */
  kept: string[];
}

/**
 * Erase the personal data of operations closed longer ago than their retention period: every
 * registration (recorded as `PersonErased` with the reason, its key deleted in the same transaction), and the keys of
 * closed tracing requests and of family groups. Kept: open tracing requests, and the people matched
 * to one (a confirmed review). Run by `serve` every hour and by `corridor protection purge`.
 */
export async function purgeExpiredPersonalData(ctx: AppContext, options: { dryRun?: boolean } = {}) {
  const now = ctx.now();
  const results: PurgeResult[] = [];
  for (const op of await listOperations(ctx.store.db)) {
    if (typeof op.closed_at !== 'string') continue;
    const days = op.personal_data_retention_days ?? 90;
    if (Date.parse(op.closed_at) + days * DAY_MS > now.getTime()) continue;
    const operationId = op.id;
    // A node not granted personal data by its upstream erases nothing itself: the erasures recorded
    // where it is granted reach it by replication.
    if (ctx.site.grantRefusal?.(operationId, 'PersonErased') !== undefined) continue;
    const rows = <T extends 'registrations' | 'tracing_requests' | 'family_groups'>(table: T) =>
      allRows(ctx.store.db, ctx.store.dialect, table, operationId);
    const openRequests = (await rows('tracing_requests')).filter((r) => r.status === 'open');
    const reviews = await new StoreTx(ctx.store.db, ctx.store.dialect).rowsWhere('tracing_reviews', {
      operation_id: operationId,
      decision: 'confirmed',
    });
    const needed = new Set(
      reviews
        .filter((r) => openRequests.some((t) => t.id === r.tracing_request_id))
        .map((r) => r.registration_id),
    );
    const people = (await rows('registrations')).filter((r) => r.status !== 'erased');
    const result: PurgeResult = { operationId, erased: [], kept: [] };
    for (const person of people) (needed.has(person.id) ? result.kept : result.erased).push(person.code);
    results.push(result);
    if (options.dryRun) continue;
    for (const person of people.filter((p) => !needed.has(p.id))) {
      // The key goes in the same transaction as the event (log/effects.ts).
      await recordChanges(
        ctx,
        operationId,
        RETENTION,
        [
          {
            id: uuidv7(),
            type: 'PersonErased',
            occurredAt: now.toISOString(),
            payload: {
              registrationId: person.id,
              reason: 'retention-ended',
            },
          },
        ],
        { mode: 'live' },
      );
    }
    const others = [
      ...(await rows('tracing_requests')).filter((r) => r.status !== 'open'),
      ...(await rows('family_groups')),
    ].map((r) => r.id);
    const keys = [...(await findPersonKeys(ctx.store.db, others)).keys()];
    for (const id of keys) await deletePersonKey(ctx.store.db, id);
    if (keys.length > 0) await ctx.store.shred();
  }
  return results;
}
