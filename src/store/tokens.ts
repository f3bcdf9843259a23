import type { Kysely } from 'kysely';
import type { Database, TokensTable } from './schema.js';

export async function insertToken(db: Kysely<Database>, token: TokensTable): Promise<void> {
  await db.insertInto('tokens').values(token).execute();
}

export async function findTokenByHash(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<TokensTable | undefined> {
  return db.selectFrom('tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function revokeToken(db: Kysely<Database>, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function tokensOfOperation(db: Kysely<Database>, operationId: string): Promise<TokensTable[]> {
  return db
    .selectFrom('tokens')
    .selectAll()
    .where('operation_id', '=', operationId)
    .orderBy('created_at')
    .execute();
}

export async function findToken(db: Kysely<Database>, id: string): Promise<TokensTable | undefined> {
  return db.selectFrom('tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Revoke every session of a user that is still active (in one operation, or in all): how many. */
export async function revokeSessionsOfUser(
  db: Kysely<Database>,
  userId: string,
  at: string,
  operationId?: string,
): Promise<number> {
  let q = db
    .updateTable('tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (operationId !== undefined) q = q.where('operation_id', '=', operationId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
