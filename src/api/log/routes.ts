import { type Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { eventsAfter } from '../../app/log/event-feed.js';
import { recordChanges } from '../../app/log/record-changes.js';
import { authenticate } from '../../app/access/tokens.js';
import { getOperation, parseInput } from '../../app/records/resources.js';
import { EVENT_TYPES, EventBatch } from '../../contracts/events.js';
import { type ApiEnv } from '../access/auth.js';
import { streamEvents } from '../stream.js';
import { Item, jsonBody, operationOf, type RouteSpec } from '../routes.js';

/** Where a live stream starts: after this sequence number (or the Last-Event-ID header). */
const StreamQuery = z.object({
  after: z.coerce.number().int().min(0).optional().describe('resume after this sequence number'),
});
const EventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  before: z.coerce
    .number()
    .int()
    .min(1)
    .optional()
    .describe('the last `limit` events before this position, still in log order (a log read from its end)'),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** The event log: changes recorded as events, read back in log order, and streamed live. */
/** What a batch appended: 201, or 200 when every event of it was already stored. */
const APPENDED = {
  status: 201,
  description: 'how many were appended and how many were already stored',
  also: [{ status: 200, description: 'every event of the batch was already stored: nothing appended' }],
  schema: z.object({ appended: z.number(), duplicates: z.number(), events: z.array(Item) }),
};

export function logRoutes(
  ctx: AppContext,
  options: { reauthenticateMs?: number | undefined } = {},
): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  return [
    {
      method: 'post',
      path: '/operations/{op}/events',
      tag: 'events',
      operationId: 'appendEvents',
      access: { kind: 'writes', types: EVENT_TYPES },
      summary: 'Append a batch of events of the catalogue; idempotent by event id, all or nothing',
      body: EventBatch,
      ok: APPENDED,
      handler: async (c) => {
        const op = operationOf(c);
        const batch = parseInput(EventBatch, await jsonBody(c));
        const outcome = await recordChanges(ctx, op, caller(c), batch.events, {
          mode: 'live',
          fromClient: true,
        });
        return c.json(
          {
            appended: outcome.appended,
            duplicates: outcome.duplicates,
            events: outcome.events.map((e, i) => ({
              id: e.id,
              seq: e.seq,
              recordedAt: e.recordedAt,
              hash: e.hash,
              outcome: outcome.outcomes[i],
            })),
          },
          outcome.appended > 0 ? 201 : 200,
        );
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/events',
      tag: 'events',
      access: { kind: 'read' },
      summary:
        'Events of the operation in log order, after a position (`after`, `limit`), or the last before one (`before`)',
      query: EventsQuery,
      ok: { status: 200, description: 'a page of events', schema: z.object({ items: z.array(Item) }) },
      handler: async (c) => {
        const q = parseInput(EventsQuery, c.req.query(), 'query');
        return c.json({
          items: await eventsAfter(ctx, caller(c), operationOf(c), q.after, q.limit, q.before),
        });
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/stream',
      tag: 'events',
      access: { kind: 'read' },
      summary: 'Server-sent events of everything appended; resumable with Last-Event-ID (the event seq)',
      stream: true,
      query: StreamQuery,
      ok: { status: 200, description: 'a text/event-stream; each message is one stored event as JSON' },
      handler: async (c) => {
        const op = operationOf(c);
        await getOperation(ctx, caller(c), op);
        const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')![1]!;
        return streamEvents(
          c,
          ctx,
          caller(c),
          op,
          async () => (await authenticate(ctx, token)) !== undefined,
          options.reauthenticateMs,
        );
      },
    },
  ];
}
