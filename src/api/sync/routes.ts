import { gunzipSync, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { parseInput } from '../../app/records/resources.js';
import { acceptPush, hello, pullAnswerJson, pullPage, recordSiteError } from '../../app/sync/replication.js';
import { syncStatus } from '../../app/sync/status.js';
import { PullBody, PushBody } from '../../contracts/sync/sync.js';
import { ForbiddenError, InvalidInputError, said } from '../../domain/errors.js';
import type { ApiEnv } from '../access/auth.js';
import { Item, operationOf, type RouteSpec } from '../routes.js';

/** A gzip body unpacks to at most this. */
const MAX_UNPACKED = 64 * 1024 * 1024;

/** The body of a replication request: JSON, gzip-compressed when it says so. */
async function syncBody(c: Context<ApiEnv>): Promise<unknown> {
  const raw = Buffer.from(await c.req.arrayBuffer());
  let text: string;
  if ((c.req.header('content-encoding') ?? '').toLowerCase() === 'gzip') {
    try {
      text = gunzipSync(raw, { maxOutputLength: MAX_UNPACKED }).toString('utf8');
    } catch {
      throw new InvalidInputError(said('the body is not gzip, or unpacks to more than 64 MiB'));
    }
  } else text = raw.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(
      said('the body is not valid JSON: {reason}', { reason: (error as Error).message }),
    );
  }
}

/** JSON, gzip-compressed for a caller that takes it (the link's pages are mostly repeated keys). */
function syncAnswer(c: Context<ApiEnv>, body: unknown): Response {
  return syncAnswerJson(c, JSON.stringify(body));
}

function syncAnswerJson(c: Context<ApiEnv>, json: string | Buffer<ArrayBuffer>): Response {
  if (!/\bgzip\b/.test(c.req.header('accept-encoding') ?? ''))
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  // The most memory zlib may use for its state: about a seventh less CPU on pull pages, and the same
  // size within a few hundred bytes a page (either way).
  const packed = gzipSync(json, { memLevel: 9 });
  return c.body(packed, 200, {
    'Content-Type': 'application/json',
    'Content-Encoding': 'gzip',
    'Content-Length': String(packed.length),
  });
}

/** What went wrong with a site's request is on the Sites board here too. */
async function noted<T>(ctx: AppContext, c: Context<ApiEnv>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const site = c.get('caller').site;
    if (site && error instanceof Error) await recordSiteError(ctx, site, error.message);
    throw error;
  }
}

/** Replication between a command post's node and its upstream, and the state of it. */
export function syncRoutes(ctx: AppContext): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  return [
    {
      method: 'get',
      path: '/sync/hello',
      operationId: 'syncHello',
      tag: 'sync',
      access: { kind: 'sync' },
      summary:
        "A site token's node starts each round here: this node's site, clock and heads, and the sites whose events the token may push",
      ok: { status: 200, description: 'who and what is here', schema: Item },
      handler: async (c) => syncAnswer(c, await hello(ctx, caller(c))),
    },
    {
      method: 'post',
      path: '/operations/{op}/sync/push',
      operationId: 'syncPush',
      tag: 'sync',
      access: { kind: 'sync' },
      summary:
        "Events of the pushing site's chain (and of the sites below it), each continuing its site's chain here; idempotent by event id (gzip body welcome)",
      body: PushBody,
      ok: { status: 200, description: 'how many were new, and the heads now', schema: Item },
      handler: (c) =>
        noted(ctx, c, async () => {
          const body = parseInput(PushBody, await syncBody(c));
          return syncAnswer(c, await acceptPush(ctx, caller(c), operationOf(c), body));
        }),
    },
    {
      method: 'post',
      path: '/operations/{op}/sync/pull',
      operationId: 'syncPull',
      tag: 'sync',
      access: { kind: 'sync' },
      summary:
        "A page of the operation's events beyond the caller's heads, in this node's log order (gzip answer for a caller that accepts it)",
      body: PullBody,
      ok: { status: 200, description: 'a page of events and where it ended', schema: Item },
      handler: (c) =>
        noted(ctx, c, async () => {
          const body = parseInput(PullBody, await syncBody(c));
          return syncAnswerJson(c, pullAnswerJson(await pullPage(ctx, caller(c), operationOf(c), body)));
        }),
    },
    {
      method: 'get',
      path: '/sync/status',
      operationId: 'getSyncStatus',
      tag: 'sync',
      access: { kind: 'read' },
      summary:
        "This node's replication for the caller's operation: its site, its link to its upstream, every site's head here, the sites below it, open conflicts",
      ok: {
        status: 200,
        description: 'the state of replication',
        schema: z.object({ site: z.string(), heads: z.record(z.string(), z.unknown()) }),
      },
      handler: async (c) => {
        const op = caller(c).operationId;
        if (op === null) throw new ForbiddenError(said('the status is of one operation: use a token for it'));
        return c.json(await syncStatus(ctx, op));
      },
    },
  ];
}
