import { projectEvent } from '../../domain/project-event.js';
import { PROJECTION_TABLES } from '../../domain/projection.js';
import { allEvents, countEvents } from '../../store/event-log.js';
import { inLogTransaction } from '../../store/store-tx.js';
import type { AppContext } from '../context.js';
import { projectableOf } from './stored-event.js';
import { TxView } from './tx-view.js';

export type Progress = (done: number, total: number) => void;

/**
 * Throw the projection tables away and fold the whole log into them again, in one transaction, so
 * readers see either the old tables or the rebuilt ones. Returns the number of events replayed.
 */
export async function rebuildProjections(ctx: AppContext, progress?: Progress): Promise<number> {
  return inLogTransaction(ctx.store, async (tx) => {
    const total = await countEvents(tx.db);
    await tx.clearProjections(PROJECTION_TABLES);
    const view = new TxView(tx, '');
    let done = 0;
    for await (const page of allEvents(tx.db)) {
      for (const row of page) {
        await view.apply(projectEvent(projectableOf(row)));
      }
      await view.flush();
      done += page.length;
      progress?.(done, total);
    }
    return done;
  });
}

/** The meta key a migration sets when the projection tables must be folded again from the log. */
const REBUILD_DUE = 'projections_rebuild_due';

/**
 * After an upgrade whose migration changed what the projections hold (0020: which change each part of
 * a record holds), fold the tables again from the log, once, before anything reads them. Returns the
 * events replayed, or null when nothing was due. The mark is removed only after the rebuild
 * committed: one cut short runs again at the next start.
 */
export async function rebuildIfDue(ctx: AppContext, progress?: Progress): Promise<number | null> {
  const due = await ctx.store.db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', REBUILD_DUE)
    .executeTakeFirst();
  if (!due) return null;
  const n = await rebuildProjections(ctx, progress);
  await ctx.store.db.deleteFrom('meta').where('key', '=', REBUILD_DUE).execute();
  return n;
}
