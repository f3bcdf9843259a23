import type { StoredEvent } from '../../contracts/events.js';
import { PERSONAL_EVENT_TYPES } from '../../contracts/protection/personal-data.js';
import { readEvents } from '../../store/event-log.js';
import { toStoredEvent } from './stored-event.js';
import type { AppContext } from '../context.js';
import { authoriseRead, type Caller } from '../access/permissions.js';

/** An operation's events in log order after a position (the seq of the last one the reader has). */
export async function eventsAfter(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  after: number,
  limit: number,
  before?: number,
): Promise<StoredEvent[]> {
  authoriseRead(caller, operationId);
  const rows = await readEvents(ctx.store.db, {
    operationId,
    afterSeq: after,
    limit,
    ...(before === undefined ? {} : { beforeSeq: before }),
  });
  const sees = caller.role === 'protection' || caller.role === 'system';
  return rows.map((row) =>
    sees || !PERSONAL_EVENT_TYPES.has(row.type) ? toStoredEvent(row) : redacted(toStoredEvent(row, {})),
  );
}

/**
 * A personal-data event as others see it: that it happened, in its place in the log, without its
 * payload (which holds sealed data and the codes of the people concerned).
 */
function redacted(event: StoredEvent): StoredEvent {
  return { ...event, payload: {}, redacted: true } as StoredEvent;
}
