import type { Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { listTokens, revokeOperationToken } from '../../app/access/token-admin.js';
import type { ApiEnv } from './auth.js';
import type { RouteSpec } from '../routes.js';

const Item = z.record(z.string(), z.unknown());

/** Administration of an operation's access: its tokens and sessions (administrators only). */
export function adminRoutes(ctx: AppContext, operationOf: (c: Context<ApiEnv>) => string): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/operations/{op}/tokens',
      tag: 'admin',
      access: { kind: 'admin' },
      summary: "The operation's tokens and sessions: role, organisation, user or device, expiry, revocation",
      ok: {
        status: 200,
        description: 'the tokens',
        schema: z.object({ items: z.array(Item), total: z.number() }),
      },
      handler: async (c) => c.json(await listTokens(ctx, c.get('caller'), operationOf(c))),
    },
    {
      method: 'post',
      path: '/operations/{op}/tokens/{ref}/revoke',
      tag: 'admin',
      access: { kind: 'admin' },
      summary: 'Revoke a token or session of the operation: it stops working at once',
      ok: { status: 200, description: 'the token', schema: Item },
      handler: async (c) =>
        c.json(await revokeOperationToken(ctx, c.get('caller'), operationOf(c), c.req.param('ref')!)),
    },
  ];
}
