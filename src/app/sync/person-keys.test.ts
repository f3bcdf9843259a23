import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO } from '../../../test/fixtures.js';
import { belowRoot } from '../../../test/nodes.js';
import { demoStore, DIALECTS } from '../../../test/stores.js';
import { startServer, type RunningServer } from '../../api/server.js';
import { findPersonKeys, setWrappedKey } from '../../store/person-keys.js';
import { openStore } from '../../store/store.js';
import { DEFAULT_SITE_GRANTS, type Caller } from '../access/permissions.js';
import { createToken } from '../access/tokens.js';
import { createContext, type AppContext } from '../context.js';
import { wrapKey } from '../protection/personal-crypto.js';
import { erasePerson, getRegistration, handOverChild, registerPerson } from '../protection/registrations.js';
import { headsOf } from './replication.js';
import { syncStatus } from './status.js';
import { LinkError, UpstreamLink } from './upstream.js';

/**
 * Person keys go up the tree with their people's events: a registration made at a command post is
 * read at headquarters (each node with a master key of its own), never at another post; a key that
 * does not open its person's data is refused with its page.
 */

const PROTECTION: Caller = {
  actor: 'token:protection',
  role: 'protection',
  organisationId: null,
  operationId: DEMO,
};
/** A post whose protection officers register people: granted that besides a post's own work. */
const PROTECTION_POST = [...DEFAULT_SITE_GRANTS, 'protection'] as const;

const PERSON = { name: { latin: 'Amina Haddad' }, sex: 'female', age: 34, legalBasis: 'consent' } as const;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Node {
  ctx: AppContext;
  link: UpstreamLink | null;
  server?: RunningServer;
}

async function serve(node: Node): Promise<string> {
  node.server = await startServer(node.ctx, { port: 0 });
  cleanups.push(() => node.server!.close());
  return node.server.url;
}

/** A post on a SQLite file of its own, below `upstream` (a node serving HTTP), with its master key. */
async function post(upstream: Node, site: string, masterKey: Buffer | null): Promise<Node> {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-keys-'));
  const store = await openStore({ sqlitePath: join(dir, 'post.db'), siteId: site });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const { token } = await createToken(upstream.ctx, {
    operationId: DEMO,
    role: 'site',
    site,
    grants: PROTECTION_POST,
  });
  const node: Node = belowRoot(store, { masterKey });
  node.link = new UpstreamLink(node.ctx, { url: upstream.server!.url, token, timeoutMs: 5000 });
  await node.link.round();
  return node;
}

const read = (node: Node, id: string) =>
  getRegistration(node.ctx, PROTECTION, DEMO, id, { purpose: 'tracing' }).then((r) => r.person);

for (const dialect of DIALECTS) {
  describe(`person keys sent up, headquarters on ${dialect}`, () => {
    async function headquarters(masterKey: Buffer | null): Promise<Node> {
      const t = await demoStore(dialect);
      cleanups.push(() => t.cleanup());
      const hq: Node = { ctx: createContext(t.store, undefined, { masterKey }), link: null };
      await serve(hq);
      return hq;
    }

    it('a person registered at a post is read at headquarters and at no other post; an erasure there erases the key', async () => {
      const hq = await headquarters(randomBytes(32));
      const [p1, p2] = [await post(hq, 'POST-1', randomBytes(32)), await post(hq, 'POST-2', randomBytes(32))];
      const { id } = await registerPerson(p1.ctx, PROTECTION, DEMO, { person: PERSON });
      await p1.link!.round();
      await p2.link!.round();
      expect(await read(hq, id)).toMatchObject(PERSON);
      expect(await read(p1, id)).toMatchObject(PERSON);
      // The other post holds the registration (its codes and flags) but not the key.
      const there = await getRegistration(p2.ctx, PROTECTION, DEMO, id, { purpose: 'tracing' });
      expect(there).toMatchObject({ id, status: 'registered', person: null });
      // A hand-over there says why it cannot be recorded there.
      await expect(
        handOverChild(p2.ctx, PROTECTION, DEMO, id, {
          receptionPointId: 'RP-1',
          organisationId: 'x',
          carer: { name: 'Someone' },
        }),
      ).rejects.toThrow(/registered at another site and its data cannot be read here/);
      expect((await syncStatus(p1.ctx, DEMO)).upstream).toMatchObject({
        personKeysOut: 1,
        personKeysHeldBack: 0,
      });
      // Sent again (a round with nothing new), the key is not sent twice.
      await p1.link!.round();
      expect(p1.link!.state.personKeysOut).toBe(1);

      // Erased by a protection officer of the coordinating body, whose the record is (it was made with none).
      const { id: body } = await p1.ctx.store.db
        .selectFrom('organisations')
        .select('id')
        .where('operation_id', '=', DEMO)
        .where('role', '=', 'coordinating-body')
        .orderBy('code')
        .executeTakeFirstOrThrow();
      await erasePerson(p1.ctx, { ...PROTECTION, organisationId: body }, DEMO, id, {
        reason: 'person-asked',
      });
      await p1.link!.round();
      expect((await findPersonKeys(hq.ctx.store.db, [id])).size).toBe(0);
      expect(await getRegistration(hq.ctx, PROTECTION, DEMO, id, { purpose: 'audit' })).toMatchObject({
        status: 'erased',
        person: null,
      });
    });

    it('a relay passes the keys of the post below it on up', async () => {
      const hq = await headquarters(randomBytes(32));
      const relay = await post(hq, 'POST-3', randomBytes(32));
      await serve(relay);
      const forward = await post(relay, 'FWD-3', randomBytes(32));
      const { id } = await registerPerson(forward.ctx, PROTECTION, DEMO, { person: PERSON });
      await forward.link!.round();
      // The forward checkpoint's events went up to headquarters through the relay with the key.
      expect(await read(relay, id)).toMatchObject(PERSON);
      await relay.link!.round();
      expect(await read(hq, id)).toMatchObject(PERSON);
      expect((await headsOf(hq.ctx, DEMO))['FWD-3']).toEqual((await headsOf(forward.ctx, DEMO))['FWD-3']);
      expect((await syncStatus(relay.ctx, DEMO)).upstream).toMatchObject({ sitesHeldHere: [] });
    });

    it('an upstream without a master key takes the events and no key; the post says its keys stay there', async () => {
      const hq = await headquarters(null);
      const p1 = await post(hq, 'POST-1', randomBytes(32));
      const { id } = await registerPerson(p1.ctx, PROTECTION, DEMO, { person: PERSON });
      await p1.link!.round();
      expect((await headsOf(hq.ctx, DEMO))['POST-1']).toEqual((await headsOf(p1.ctx, DEMO))['POST-1']);
      expect((await findPersonKeys(hq.ctx.store.db, [id])).size).toBe(0);
      expect((await syncStatus(p1.ctx, DEMO)).upstream).toMatchObject({
        personKeysOut: 0,
        personKeysHeldBack: 1,
      });
    });

    it('a key that does not open its person refuses the page: no event and no key taken', async () => {
      const hq = await headquarters(randomBytes(32));
      const master = randomBytes(32);
      const p1 = await post(hq, 'POST-1', master);
      const before = await headsOf(hq.ctx, DEMO);
      const { id } = await registerPerson(p1.ctx, PROTECTION, DEMO, { person: PERSON });
      // Another key in the post's table for this person (a node planting a key for someone).
      await setWrappedKey(p1.ctx.store.db, id, wrapKey(master, randomBytes(32), id));
      await expect(p1.link!.round()).rejects.toThrow(LinkError);
      expect(p1.link!.state.lastError).toMatch(/does not open its data/);
      // A page refused is not counted as sent, however often it is tried.
      await expect(p1.link!.round()).rejects.toThrow(LinkError);
      expect(p1.link!.state.personKeysOut).toBe(0);
      expect(await headsOf(hq.ctx, DEMO)).toEqual(before);
      expect((await findPersonKeys(hq.ctx.store.db, [id])).size).toBe(0);
    });

    it('keys sealed for another node, or sent to a node without a master key, are refused (400)', async () => {
      const hq = await headquarters(randomBytes(32));
      const other = await headquarters(null);
      const { token } = await createToken(hq.ctx, { operationId: DEMO, role: 'site', site: 'POST-9' });
      const { token: otherToken } = await createToken(other.ctx, {
        operationId: DEMO,
        role: 'site',
        site: 'POST-9',
      });
      const ephemeral = generateKeyPairSync('x25519')
        .publicKey.export({ format: 'der', type: 'spki' })
        .toString('base64');
      const body = {
        now: new Date().toISOString(),
        events: [],
        personKeys: { ephemeral, keys: [{ id: 'someone', sealed: randomBytes(60).toString('base64') }] },
      };
      const push = (node: Node, t: string) =>
        fetch(`${node.server!.url}/api/v1/operations/${DEMO}/sync/push`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const refused = await push(hq, token);
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/does not open with this node's key/);
      // A point of small order gives no shared key: refused, never a 500.
      body.personKeys.ephemeral = Buffer.concat([
        Buffer.from('302a300506032b656e032100', 'hex'),
        Buffer.alloc(32),
      ]).toString('base64');
      const lowOrder = await push(hq, token);
      expect(lowOrder.status).toBe(400);
      expect(await lowOrder.text()).toMatch(/gives no shared key/);
      const noKey = await push(other, otherToken);
      expect(noKey.status).toBe(400);
      expect(await noKey.text()).toMatch(/no master key/);
      // Nothing was taken: headquarters' heads are the demo's.
      expect(Object.keys(await headsOf(hq.ctx, DEMO))).not.toContain('POST-9');
    });
  });
}
