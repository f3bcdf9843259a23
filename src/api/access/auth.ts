import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../../app/context.js';
import type { Caller } from '../../app/access/permissions.js';
import { authenticate } from '../../app/access/tokens.js';
import { said } from '../../domain/errors.js';
import { unauthenticated } from '../errors.js';

export type ApiEnv = { Variables: { caller: Caller } };

/** Every /api/v1 call carries `Authorization: Bearer <token>`; nothing there is open by accident. */
export function requireToken(ctx: AppContext): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw unauthenticated(c, said('send Authorization: Bearer <token> (see `corridor token create`)'));
    const caller = await authenticate(ctx, match[1]!);
    if (!caller) throw unauthenticated(c, said('the token is unknown, revoked or expired'));
    c.set('caller', caller);
    await next();
  };
}
