import { NotFoundError, said } from '../../domain/errors.js';
import { findToken, tokensOfOperation } from '../../store/tokens.js';
import type { AppContext } from '../context.js';
import { authoriseRead, type Caller } from './permissions.js';
import { revokeToken } from './tokens.js';

/** The operation's tokens and sessions as an administrator sees them (never the secrets: only hashes are kept). */
export async function listTokens(ctx: AppContext, caller: Caller, operationId: string) {
  authoriseRead(caller, operationId);
  const now = ctx.now().toISOString();
  const items = (await tokensOfOperation(ctx.store.db, operationId)).map((t) => ({
    id: t.id,
    role: t.role,
    label: t.label,
    organisationId: t.organisation_id,
    userId: t.user_id ?? null,
    device: t.device_kind ? { kind: t.device_kind, id: t.device_id } : null,
    createdAt: t.created_at,
    expiresAt: t.expires_at,
    revokedAt: t.revoked_at,
    active: t.revoked_at === null && (t.expires_at === null || t.expires_at > now),
  }));
  return { items, total: items.length };
}

/** Revoke one of the operation's tokens or sessions: it stops working at once. */
export async function revokeOperationToken(ctx: AppContext, caller: Caller, operationId: string, id: string) {
  authoriseRead(caller, operationId);
  const token = await findToken(ctx.store.db, id);
  if (!token || token.operation_id !== operationId)
    throw new NotFoundError(said('no token {id} in operation {operation}', { id, operation: operationId }));
  // Revoking one revoked already changes nothing and says so the same way (a retry after a lost answer).
  if (token.revoked_at === null) await revokeToken(ctx, id);
  return (await listTokens(ctx, caller, operationId)).items.find((t) => t.id === id)!;
}
