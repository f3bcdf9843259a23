import { InvalidInputError, said } from '../domain/errors.js';
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppContext } from '../app/context.js';
import { eventsAfter } from '../app/log/event-feed.js';
import type { Caller } from '../app/access/permissions.js';
import type { ApiEnv } from './access/auth.js';

const POLL_MS = 1000;
const HEARTBEAT_MS = 15_000;
export const REAUTHENTICATE_MS = 10_000;

/**
 * Server-sent events of an operation's log. Each message's id is the event's seq, so a client that
 * reconnects with Last-Event-ID (or `?after=`) gets exactly what it missed. The stream reads the log
 * itself: woken at once by appends in this process, and polling for appends by other processes. It
 * checks its token again every few seconds, so a revoked or expired token stops receiving.
 */
export function streamEvents(
  c: Context<ApiEnv>,
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  stillAuthorised: () => Promise<boolean>,
  reauthenticateMs = REAUTHENTICATE_MS,
): Response {
  const given = c.req.header('last-event-id') ?? c.req.query('after');
  if (given !== undefined && !/^\d{1,15}$/.test(given))
    throw new InvalidInputError(
      said('after (or Last-Event-ID) is the sequence number to resume after: a whole number'),
      { field: 'after' },
    );
  let cursor = given === undefined ? 0 : Number(given);
  return streamSSE(c, async (stream) => {
    const aborted = new AbortController();
    stream.onAbort(() => aborted.abort());
    let lastWrite = Date.now();
    let lastCheck = Date.now();
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ operationId, after: cursor }) });
    while (!aborted.signal.aborted) {
      if (Date.now() - lastCheck > reauthenticateMs) {
        lastCheck = Date.now();
        if (!(await stillAuthorised())) {
          await stream.writeSSE({
            event: 'unauthorised',
            data: JSON.stringify({ reason: 'token revoked or expired' }),
          });
          return;
        }
      }
      // Listen before reading, so an append between the read and the wait still wakes us.
      const woke = ctx.live.wait(operationId, POLL_MS, aborted.signal);
      const events = await eventsAfter(ctx, caller, operationId, cursor, 500);
      // Nothing more for a token revoked since the last check: what is new is read with it first.
      if (events.length > 0 && !(await stillAuthorised())) {
        await stream.writeSSE({
          event: 'unauthorised',
          data: JSON.stringify({ reason: 'token revoked or expired' }),
        });
        return;
      }
      for (const event of events) {
        await stream.writeSSE({ id: String(event.seq), data: JSON.stringify(event) });
        cursor = event.seq;
        lastWrite = Date.now();
      }
      if (events.length === 500) continue;
      if (Date.now() - lastWrite > HEARTBEAT_MS) {
        await stream.write(': keep-alive\n\n');
        lastWrite = Date.now();
      }
      await woke;
    }
  });
}
