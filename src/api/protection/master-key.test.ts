import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { createApi } from '../app.js';
import { createContext } from '../../app/context.js';
import {
  assertNoPendingRotation,
  checkMasterKey,
  MasterKeyMismatchError,
  pendingKeyFile,
  rewrapPersonKeys,
  rotateKeyFile,
} from '../../app/protection/master-key.js';
import { loadMasterKey, unwrapKey, wrapKey } from '../../app/protection/personal-crypto.js';
import { createToken } from '../../app/access/tokens.js';

const NAME = 'Zakariyya Qudsiyyeh';

for (const dialect of DIALECTS)
  describe(`master key rotation on ${dialect}`, () => {
    let t: TestStore;
    let dir: string;
    let keyFile: string;

    /** The API as a server started with `master` would serve it, as a protection officer. */
    const server = async (master: Buffer) => {
      const ctx = createContext(t.store, undefined, { masterKey: master });
      const token = (await createToken(ctx, { operationId: DEMO, role: 'protection' })).token;
      const api = createApi(ctx);
      return async (method: string, path: string, body?: unknown) => {
        const res = await api.request(`/api/v1/operations/${DEMO}${path}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, text: await res.text() };
      };
    };
    const wrappedKeys = async () =>
      new Map(
        (await t.store.db.selectFrom('person_keys').select(['id', 'wrapped']).execute()).map((r) => [
          r.id,
          r.wrapped,
        ]),
      );

    beforeAll(async () => {
      t = await demoStore(dialect);
      dir = mkdtempSync(join(tmpdir(), 'corridor-key-'));
      keyFile = join(dir, 'master.key');
    });
    afterAll(async () => {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('re-wraps every person key with a new key in the key file; the old key then opens nothing', async () => {
      const oldKey = loadMasterKey({ keyFile, create: true })!;
      const before = await server(oldKey);
      for (const name of [NAME, 'Raghdaa Qudsiyyeh']) {
        const res = await before('POST', '/registrations', {
          convoyId: 'CVY-0002',
          person: { name: { latin: name }, sex: 'female', age: 30, legalBasis: 'consent' },
        });
        expect(res.status, res.text).toBe(201);
      }
      const wrappedBefore = await wrappedKeys();
      expect(wrappedBefore.size).toBe(2);

      const r = await rotateKeyFile(t.store, keyFile);
      expect(r).toEqual({ rewrapped: 2, resumed: false });
      expect(existsSync(pendingKeyFile(keyFile))).toBe(false);
      const newKey = loadMasterKey({ keyFile })!;
      expect(newKey.equals(oldKey)).toBe(false);

      // Same people, every key wrapped anew: a copy of the table taken before (a backup) is wrapped by
      // a key that no longer exists anywhere.
      const wrappedAfter = await wrappedKeys();
      expect([...wrappedAfter.keys()].sort()).toEqual([...wrappedBefore.keys()].sort());
      for (const [id, wrapped] of wrappedBefore) {
        expect(wrappedAfter.get(id)).not.toBe(wrapped);
        expect(() => unwrapKey(newKey, wrapped, id)).toThrow();
        expect(unwrapKey(newKey, wrappedAfter.get(id)!, id).equals(unwrapKey(oldKey, wrapped, id))).toBe(
          true,
        );
      }

      // A server still holding the old key refuses, in words, to read or to register; the new key reads.
      for (const res of [
        await before('GET', '/registrations?purpose=audit'),
        await before('POST', '/registrations', {
          convoyId: 'CVY-0002',
          person: { name: { latin: 'Someone Else' }, legalBasis: 'consent' },
        }),
      ]) {
        expect(res.status).toBe(409);
        expect(res.text).toMatch(/master key is not the one .* rotated/);
      }
      expect((await wrappedKeys()).size).toBe(2);
      const after = await server(newKey);
      const read = await after('GET', '/registrations?purpose=audit');
      expect(read.status).toBe(200);
      expect(read.text).toContain(NAME);
    });

    it('refuses a key file that does not open the personal data, changing nothing and leaving nothing pending', async () => {
      const other = join(dir, 'other.key');
      loadMasterKey({ keyFile: other, create: true });
      const wrapped = await wrappedKeys();
      await expect(rotateKeyFile(t.store, other)).rejects.toThrow(MasterKeyMismatchError);
      expect(existsSync(pendingKeyFile(other))).toBe(false);
      expect(await wrappedKeys()).toEqual(wrapped);
      await expect(checkMasterKey(t.store.db, loadMasterKey({ keyFile: other })!)).rejects.toThrow(
        /not the one this database's personal data is wrapped with/,
      );
    });

    it('finishes a rotation cut short after its commit, and the server will not start meanwhile', async () => {
      const current = loadMasterKey({ keyFile })!;
      const next = Buffer.alloc(32, 7);
      writeFileSync(pendingKeyFile(keyFile), `${next.toString('base64')}\n`);
      // The database was re-wrapped; the process died before the key file was replaced.
      expect(await rewrapPersonKeys(t.store, current, next)).toEqual({ rewrapped: 2, alreadyDone: false });
      expect(() => assertNoPendingRotation(keyFile)).toThrow(/rotation did not finish/);
      expect(await rotateKeyFile(t.store, keyFile)).toEqual({ rewrapped: 0, resumed: true });
      expect(readFileSync(keyFile, 'utf8').trim()).toBe(next.toString('base64'));
      expect(() => assertNoPendingRotation(keyFile)).not.toThrow();
      const read = await (await server(next))('GET', '/registrations?purpose=audit');
      expect(read.status).toBe(200);
      expect(read.text).toContain(NAME);
    });

    it('keeps no person key wrapped by the old key when people are registered during a rotation', async () => {
      const current = loadMasterKey({ keyFile })!;
      // Enough keys that the rotation takes a while (wrapped by the current key, as registrations are).
      const rows = Array.from({ length: 3000 }, (_, i) => ({
        id: `bulk-${i}`,
        operation_id: DEMO,
        wrapped: wrapKey(current, randomBytes(32), `bulk-${i}`),
        created_at: '2016-12-15T00:00:00.000Z',
      }));
      for (let i = 0; i < rows.length; i += 500)
        await t.store.db
          .insertInto('person_keys')
          .values(rows.slice(i, i + 500))
          .execute();
      const running = await server(current);
      const statuses: number[] = [];
      let rotating = true;
      const registering = (async () => {
        while (rotating) {
          const res = await running('POST', '/registrations', {
            convoyId: 'CVY-0002',
            person: { name: { latin: `During ${statuses.length}` }, legalBasis: 'consent' },
          });
          statuses.push(res.status);
          await new Promise((r) => setTimeout(r, 5));
        }
      })();
      await new Promise((r) => setTimeout(r, 20));
      await rotateKeyFile(t.store, keyFile).finally(() => (rotating = false));
      await registering;
      // Each registration was stored before the rotation (and re-wrapped) or refused after it.
      expect(statuses.length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
      const newKey = loadMasterKey({ keyFile })!;
      for (const [id, wrapped] of await wrappedKeys())
        expect(() => unwrapKey(newKey, wrapped, id), id).not.toThrow();
    });

    it('binds a database that has personal data but no check yet only to a key that opens it', async () => {
      await t.store.db.deleteFrom('meta').where('key', '=', 'master_key_check').execute();
      const wrong = join(dir, 'wrong.key');
      loadMasterKey({ keyFile: wrong, create: true });
      await expect(rotateKeyFile(t.store, wrong)).rejects.toThrow(MasterKeyMismatchError);
      expect(existsSync(pendingKeyFile(wrong))).toBe(false);
      const check = () =>
        t.store.db
          .selectFrom('meta')
          .select('value')
          .where('key', '=', 'master_key_check')
          .executeTakeFirst();
      expect(await check()).toBeUndefined();
      await checkMasterKey(t.store.db, loadMasterKey({ keyFile })!);
      expect(await check()).toBeDefined();
    });
  });
