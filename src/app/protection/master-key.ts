import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Kysely } from 'kysely';
import { ConflictError, RuleViolatedError, said } from '../../domain/errors.js';
import type { Database } from '../../store/schema.js';
import { isBusy } from '../../store/dialect.js';
import {
  allPersonKeys,
  holdPersonKeys,
  readKeyCheck,
  setWrappedKey,
  somePersonKey,
  writeKeyCheck,
} from '../../store/person-keys.js';
import type { Store } from '../../store/store.js';
import { loadMasterKey, unwrapKey, wrapKey } from './personal-crypto.js';

/**
 * Which master key a database's person keys are wrapped with: a check value (random bytes wrapped by
 * the master key) in `meta`, written on first use. A server started with another key is refused before
 * it serves anything, and a running server whose key was rotated under it (by `corridor protection
 * rotate-key` in another process) refuses to wrap or unwrap rather than mix keys.
 *
 * Rotation re-wraps every person key with a new master key in one transaction, then replaces the key
 * file. Once the old key is gone, a backup taken before the rotation cannot be read for personal data
 * at all, so a person erased since that backup is erased from it too. The new key is written next to
 * the key file (`.next`) before the database changes and renamed over it after the commit: a rotation
 * cut short is finished (or started again) by running it again, and the server will not start while
 * one is pending.
 */
const CHECK_ID = 'master-key-check';

/** The key in hand is not the database's (409: the state changed under the caller, or a wrong key). */
export class MasterKeyMismatchError extends ConflictError {}

/** Whether `master` unwraps `wrapped` (the check, or a person's key). */
function opens(master: Uint8Array, wrapped: string, id: string): boolean {
  try {
    unwrapKey(master, wrapped, id);
    return true;
  } catch {
    return false;
  }
}

const MISMATCH = said(
  "the master key is not the one this database's personal data is wrapped with: it was rotated (restart the server with the key file as it is now) or the wrong key file or CORRIDOR_MASTER_KEY is given",
);

/**
 * Throws unless `master` is the key the database's personal data is wrapped with. A database without
 * a check yet (made before there was one) is checked against one of its person keys, and the check is
 * recorded only for a key that opens it (or when there is no personal data to open).
 */
export async function checkMasterKey(db: Kysely<Database>, master: Uint8Array): Promise<void> {
  let check = await readKeyCheck(db);
  if (check === undefined) {
    const some = await somePersonKey(db);
    if (some && !opens(master, some.wrapped, some.id)) throw new MasterKeyMismatchError(MISMATCH);
    await writeKeyCheck(db, wrapKey(master, randomBytes(32), CHECK_ID), false);
    check = (await readKeyCheck(db))!;
  }
  if (!opens(master, check, CHECK_ID)) throw new MasterKeyMismatchError(MISMATCH);
}

/** Re-wraps every person key (and the check) from `oldKey` to `newKey` in one transaction. */
export async function rewrapPersonKeys(
  store: Store,
  oldKey: Uint8Array,
  newKey: Uint8Array,
): Promise<{ rewrapped: number; alreadyDone: boolean }> {
  try {
    const result = await store.db.transaction().execute(async (trx) => {
      // A server inserting a person key meanwhile waits, then finds the check changed and gives up its
      // insert, the key and its event together (see log/effects.ts).
      await holdPersonKeys(trx, store.dialect);
      const check = await readKeyCheck(trx);
      if (check !== undefined && opens(newKey, check, CHECK_ID)) return { rewrapped: 0, alreadyDone: true };
      if (check !== undefined && !opens(oldKey, check, CHECK_ID))
        throw new MasterKeyMismatchError(
          said(
            "the key file does not hold the key this database's personal data is wrapped with: nothing was changed",
          ),
        );
      const rows = await allPersonKeys(trx);
      for (const row of rows) {
        if (!opens(oldKey, row.wrapped, row.id))
          throw new MasterKeyMismatchError(
            said('the key file does not open the key of {id}: nothing was changed', { id: row.id }),
          );
        await setWrappedKey(trx, row.id, wrapKey(newKey, unwrapKey(oldKey, row.wrapped, row.id), row.id));
      }
      await writeKeyCheck(trx, wrapKey(newKey, randomBytes(32), CHECK_ID), true);
      return { rewrapped: rows.length, alreadyDone: false };
    });
    // The keys as the old master key wrapped them stay in no file of the database.
    if (!result.alreadyDone) await store.shred();
    return result;
  } catch (error) {
    if (isBusy(error))
      throw new ConflictError(
        said(
          'the database is busy with another process (a running server?): stop the server and run the rotation again',
        ),
      );
    throw error;
  }
}

export const pendingKeyFile = (keyFile: string) => `${keyFile}.next`;

/** Refuses to start while a rotation of this key file is pending. */
export function assertNoPendingRotation(keyFile: string | undefined): void {
  if (keyFile && existsSync(pendingKeyFile(keyFile)))
    throw new MasterKeyMismatchError(
      said(
        'a master key rotation did not finish ({file} exists): run corridor protection rotate-key to finish it',
        { file: pendingKeyFile(keyFile) },
      ),
    );
}

function writeDurably(path: string, text: string): void {
  const fd = openSync(path, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDirectory(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * `corridor protection rotate-key`: a new master key in the key file, every person key re-wrapped with
 * it. Resumes a rotation that was cut short (the pending key is kept and used).
 */
export async function rotateKeyFile(
  store: Store,
  keyFile: string,
): Promise<{ rewrapped: number; resumed: boolean }> {
  const oldKey = loadMasterKey({ keyFile });
  if (!oldKey)
    throw new RuleViolatedError(
      said('no key file at {file}: there is no master key to rotate', { file: keyFile }),
    );
  const next = pendingKeyFile(keyFile);
  const resumed = existsSync(next);
  if (!resumed) {
    // A key file that is not this database's key changes nothing, and leaves nothing pending. The new
    // key appears under its pending name whole or not at all.
    await checkMasterKey(store.db, oldKey);
    writeDurably(`${next}.tmp`, `${randomBytes(32).toString('base64')}\n`);
    renameSync(`${next}.tmp`, next);
    syncDirectory(next);
  }
  const newKey = Buffer.from(readFileSync(next, 'utf8').trim(), 'base64');
  if (newKey.length !== 32)
    throw new RuleViolatedError(said('{where} must hold a 32-byte key in base64', { where: next }));
  const { rewrapped } = await rewrapPersonKeys(store, oldKey, newKey);
  renameSync(next, keyFile);
  syncDirectory(keyFile);
  return { rewrapped, resumed };
}
