import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { toStoredEvent } from '../app/append-events.js';
import type { AppContext } from '../app/context.js';
import { readEvents } from '../store/event-log.js';
import type { ApiEnv } from './auth.js';

const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events of an operation's log. Each message's id is the event's seq, so a client that
 * reconnects with Last-Event-ID (or `?after=`) gets exactly what it missed. The stream reads the log
 * itself: woken at once by appends in this process, and polling for appends by other processes.
 */
export function streamEvents(c: Context<ApiEnv>, ctx: AppContext, operationId: string): Response {
  const resumeFrom = Number(c.req.header('last-event-id') ?? c.req.query('after') ?? 0);
  let cursor = Number.isSafeInteger(resumeFrom) && resumeFrom > 0 ? resumeFrom : 0;
  return streamSSE(c, async (stream) => {
    const aborted = new AbortController();
    stream.onAbort(() => aborted.abort());
    let lastWrite = Date.now();
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ operationId, after: cursor }) });
    while (!aborted.signal.aborted) {
      // Listen before reading, so an append between the read and the wait still wakes us.
      const woke = ctx.live.wait(operationId, POLL_MS, aborted.signal);
      const rows = await readEvents(ctx.store.db, { operationId, afterSeq: cursor, limit: 500 });
      for (const row of rows) {
        await stream.writeSSE({ id: String(row.seq), data: JSON.stringify(toStoredEvent(row)) });
        cursor = row.seq;
        lastWrite = Date.now();
      }
      if (rows.length === 500) continue;
      if (Date.now() - lastWrite > HEARTBEAT_MS) {
        await stream.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await woke;
    }
  });
}
