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
