import type { StoredEvent } from '../contracts/events.js';
import { readEvents } from '../store/event-log.js';
import { toStoredEvent } from './append-events.js';
import type { AppContext } from './context.js';
import { authoriseRead, type Caller } from './permissions.js';

/** An operation's events in log order after a position (the seq of the last one the reader has). */
export async function eventsAfter(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  after: number,
  limit: number,
): Promise<StoredEvent[]> {
  authoriseRead(caller, operationId);
  const rows = await readEvents(ctx.store.db, { operationId, afterSeq: after, limit });
  return rows.map((row) => toStoredEvent(row));
}
