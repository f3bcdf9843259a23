import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, disableUser, grantMembership, removeMembership } from '../../app/access/accounts.js';
import { v7 as uuidv7 } from 'uuid';
import { recordChanges } from '../../app/log/record-changes.js';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { createApi } from '../app.js';
import { checkedApi } from '../../../test/api-contract.js';

for (const dialect of DIALECTS)
  describe(`accounts and sessions on ${dialect}`, () => {
    let t: TestStore;
    let api: ReturnType<typeof createApi>;
    const post = (path: string, body: unknown, token?: string) =>
      api.request(path, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });

    beforeAll(async () => {
      t = await demoStore(dialect);
      api = checkedApi(createApi(t.ctx));
      await createUser(t.ctx, { email: 'Amal@Example.org', name: 'Amal', password: 'correct horse battery' });
      await grantMembership(t.ctx, {
        email: 'amal@example.org',
        operationId: DEMO,
        role: 'post-officer',
        organisation: 'ICRC',
      });
    });
    afterAll(() => t.cleanup());

    it('refuses weak passwords and a second account with the same email', async () => {
      await expect(
        createUser(t.ctx, { email: 'b@example.org', name: 'B', password: 'short' }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
      });
      // Long enough, but among the commonest passwords (alone, in another case or padded with digits and
      // symbols), or a few characters repeated.
      for (const [password, why] of [
        ['qwerty123456', /commonest passwords/],
        ['1QAZ2WSX3EDC', /commonest passwords/],
        ['Password2016!', /commonest passwords/],
        ['!!sunshine1234', /commonest passwords/],
        ['aaaaaaaaaaaaaaaa', /a few characters repeated/],
        ['abcabcabcabc', /a few characters repeated/],
        ['121212121212', /a few characters repeated/],
        ['Aaaaaaaaaaa1!', /a few characters repeated/],
        ['qwertyqwerty', /a few characters repeated/],
        ['corridor2016', /the name of this product/],
        ['b.person@example.org', /your email/],
        ['b.person2024!', /its name part/],
      ] as const)
        await expect(
          createUser(t.ctx, { email: 'b.person@example.org', name: 'B', password }),
          password,
        ).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(why) });
      expect(
        await t.store.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'b.person@example.org')
          .execute(),
      ).toEqual([]);
      // A passphrase of common words is not a common password.
      await createUser(t.ctx, { email: 'b@example.org', name: 'B', password: 'sunshine over the river' });
      await expect(
        createUser(t.ctx, { email: 'amal@example.org', name: 'A', password: 'another long one' }),
      ).rejects.toMatchObject({ code: 'conflict' });
      const stored = await t.store.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', 'amal@example.org')
        .executeTakeFirstOrThrow();
      expect(stored.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(stored.password_hash).not.toContain('correct horse');
    });

    it('signs a member in with a session that acts in their role and name, and signs them out', async () => {
      const res = await post('/api/auth/login', {
        email: 'amal@example.org',
        password: 'correct horse battery',
      });
      expect(res.status).toBe(201);
      const session = (await res.json()) as Record<string, any>;
      expect(session).toMatchObject({
        operationId: DEMO,
        role: 'post-officer',
        organisation: 'ICRC',
        user: { email: 'amal@example.org' },
      });
      const headers = { authorization: `Bearer ${session.token}` };
      expect((await api.request(`/api/v1/operations/${DEMO}/corridors`, { headers })).status).toBe(200);
      expect((await post(`/api/v1/operations/${DEMO}/corridors`, { name: 'x' }, session.token)).status).toBe(
        403,
      );
      const cp = await api.request(`/api/v1/operations/${DEMO}/passages`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ checkpointId: 'CP-71', source: 'enumerator', people: { men: 1 } }),
      });
      expect(cp.status).toBe(201);
      const events = (await (
        await api.request(`/api/v1/operations/${DEMO}/events?after=0&limit=5000`, { headers })
      ).json()) as {
        items: { type: string; actor: string }[];
      };
      expect(events.items.filter((e) => e.type === 'PassageRecorded').at(-1)!.actor).toBe(
        `user:${session.user.id}`,
      );
      expect((await post('/api/auth/logout', {}, session.token)).status).toBe(204);
      expect((await api.request(`/api/v1/operations/${DEMO}/corridors`, { headers })).status).toBe(401);
    });

    it('asks a member of several operations which one, after the password, and signs them into it', async () => {
      await recordChanges(
        t.ctx,
        'training-2026',
        { ...SYSTEM, operationId: 'training-2026' },
        [
          {
            id: uuidv7(),
            type: 'OperationCreated',
            schemaVersion: 1,
            payload: { name: 'A training exercise', description: 'drills', timezone: 'Asia/Damascus' },
          },
          {
            id: uuidv7(),
            type: 'OrganisationRegistered',
            schemaVersion: 1,
            payload: {
              organisationId: uuidv7(),
              code: 'CELL',
              name: 'Training cell',
              role: 'coordinating-body',
            },
          },
        ],
        { mode: 'live' },
      );
      await createUser(t.ctx, {
        email: 'samir@example.org',
        name: 'Samir',
        password: 'a training passphrase',
      });
      for (const [operationId, role] of [
        [DEMO, 'coordinator'],
        ['training-2026', 'viewer'],
      ] as const)
        await grantMembership(t.ctx, { email: 'samir@example.org', operationId, role });
      // A wrong password learns nothing of the operations.
      const wrong = await post('/api/auth/login', { email: 'samir@example.org', password: 'not the one!!' });
      expect(wrong.status).toBe(401);
      expect(JSON.stringify(await wrong.json())).not.toContain('training');
      const ask = await post('/api/auth/login', {
        email: 'samir@example.org',
        password: 'a training passphrase',
      });
      expect(ask.status).toBe(400);
      const { error } = (await ask.json()) as { error: { details: { operations: unknown[] } } };
      expect(error.details.operations).toEqual([
        { id: 'training-2026', name: 'A training exercise', role: 'viewer' },
        { id: DEMO, name: expect.stringContaining('East Aleppo') as unknown, role: 'coordinator' },
      ]);
      const chosen = await post('/api/auth/login', {
        email: 'samir@example.org',
        password: 'a training passphrase',
        operationId: 'training-2026',
      });
      expect(chosen.status).toBe(201);
      expect(await chosen.json()).toMatchObject({ operationId: 'training-2026', role: 'viewer' });
    });

    it('lets an administrator list the sessions and tokens, without secrets, and revoke one', async () => {
      const { createToken } = await import('../../app/access/tokens.js');
      const admin = (await createToken(t.ctx, { operationId: DEMO, role: 'admin' })).token;
      const session = (await (
        await post('/api/auth/login', { email: 'amal@example.org', password: 'correct horse battery' })
      ).json()) as Record<string, any>;
      const list = (await (
        await api.request(`/api/v1/operations/${DEMO}/tokens`, {
          headers: { authorization: `Bearer ${admin}` },
        })
      ).json()) as { items: Record<string, any>[] };
      const mine = list.items.find((i) => i.userId === session.user.id && i.active);
      expect(mine).toMatchObject({ role: 'post-officer', label: 'session of amal@example.org' });
      expect(JSON.stringify(list)).not.toContain(session.token);
      const revoked = await post(`/api/v1/operations/${DEMO}/tokens/${mine!.id}/revoke`, {}, admin);
      const first = (await revoked.json()) as Record<string, any>;
      expect(first.active).toBe(false);
      // Again (an answer lost on the way): the same answer, nothing changed.
      const again = await post(`/api/v1/operations/${DEMO}/tokens/${mine!.id}/revoke`, {}, admin);
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(first);
      const refused = await api.request(`/api/v1/operations/${DEMO}/corridors`, {
        headers: { authorization: `Bearer ${session.token}` },
      });
      expect(refused.status).toBe(401);
    });

    it('answers a NUL or a lone surrogate in the sign-in 400, never 500', async () => {
      for (const body of [
        { email: 'amal\u0000@example.org', password: 'correct horse battery' },
        { email: 'amal@example.org', password: 'correct horse\u0000battery' },
        { email: 'amal@example.org', password: 'x', operationId: 'aleppo\ud800' },
      ]) {
        const res = await post('/api/auth/login', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
      }
    });

    it('checks at most five guesses of an account however many arrive at once, the right one among them', async () => {
      await createUser(t.ctx, { email: 'rami@example.org', name: 'Rami', password: 'a long right password' });
      await grantMembership(t.ctx, { email: 'rami@example.org', operationId: DEMO, role: 'viewer' });
      const guesses = Array.from({ length: 200 }, (_, i) =>
        i === 150 ? 'a long right password' : `wrong guess number ${i}`,
      );
      const answers = await Promise.all(
        guesses.map(async (password) => post('/api/auth/login', { email: 'rami@example.org', password })),
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(195);
      expect(statuses[150]).toBe(429);
    });

    it('never lets a success forgive an address, nor one account lock everyone behind a shared address', async () => {
      const { LoginThrottle } = await import('../../app/access/accounts.js');
      const throttle = new LoginThrottle({ account: 5, address: 8 }, 60_000);
      const attempt = (account: string, ok: boolean, at: number) => {
        const a = throttle.begin(account, 'proxy', at);
        if ('settle' in a) a.settle(ok);
        return 'wait' in a ? 'wait' : 'checked';
      };
      // One person's five failures lock their account, not the address everyone shares.
      for (let i = 0; i < 5; i++) attempt('a@x.org', false, i);
      expect(attempt('a@x.org', true, 10)).toBe('wait');
      expect(attempt('b@x.org', true, 11)).toBe('checked');
      // A sprayer's successes do not reset the address's failures: after eight, it waits.
      for (let i = 0; i < 3; i++) attempt(`c${i}@x.org`, false, 20 + i);
      expect(attempt('d@x.org', true, 30)).toBe('wait');
    });

    it('ends a session at once when its role changes, its membership goes or its account is disabled', async () => {
      await createUser(t.ctx, { email: 'nour@example.org', name: 'Nour', password: 'another long password' });
      const signIn = async () => {
        const res = await post('/api/auth/login', {
          email: 'nour@example.org',
          password: 'another long password',
        });
        expect(res.status).toBe(201);
        return ((await res.json()) as { token: string }).token;
      };
      const reads = async (token: string) =>
        (
          await api.request(`/api/v1/operations/${DEMO}/convoys?limit=1`, {
            headers: { authorization: `Bearer ${token}` },
          })
        ).status;
      await grantMembership(t.ctx, { email: 'nour@example.org', operationId: DEMO, role: 'protection' });
      const asProtection = await signIn();
      expect(await reads(asProtection)).toBe(200);
      // Demoted to viewer: the protection session no longer works; a new one is a viewer's.
      const demoted = await grantMembership(t.ctx, {
        email: 'nour@example.org',
        operationId: DEMO,
        role: 'viewer',
      });
      expect(demoted.sessionsEnded).toBe(1);
      expect(await reads(asProtection)).toBe(401);
      const asViewer = await signIn();
      expect(await reads(asViewer)).toBe(200);
      expect(
        (await removeMembership(t.ctx, { email: 'nour@example.org', operationId: DEMO })).sessionsEnded,
      ).toBe(1);
      expect(await reads(asViewer)).toBe(401);
      expect(
        (await post('/api/auth/login', { email: 'nour@example.org', password: 'another long password' }))
          .status,
      ).toBe(401);
      await grantMembership(t.ctx, { email: 'nour@example.org', operationId: DEMO, role: 'viewer' });
      const again = await signIn();
      expect((await disableUser(t.ctx, { email: 'nour@example.org' })).sessionsEnded).toBe(1);
      expect(await reads(again)).toBe(401);
      expect(
        (await post('/api/auth/login', { email: 'nour@example.org', password: 'another long password' }))
          .status,
      ).toBe(401);
      await expect(disableUser(t.ctx, { email: 'nour@example.org' })).rejects.toMatchObject({
        code: 'conflict',
      });
    });

    // One database is enough: the proxy is read before the store is.
    if (dialect === 'sqlite')
      it("counts sign-ins behind a trusted proxy by the client's forwarded address, and ignores the header from anyone else", async () => {
        await createUser(t.ctx, {
          email: 'huda@example.org',
          name: 'Huda',
          password: 'a fine long passphrase',
        });
        await grantMembership(t.ctx, { email: 'huda@example.org', operationId: DEMO, role: 'viewer' });
        const behindProxy = createApi(t.ctx, {
          trustedProxies: ['10.0.0.1'],
          loginLimits: { account: 5, address: 10 },
        });
        const signIn = (peer: string, forwarded: string | null, email: string, password: string) =>
          behindProxy.request(
            '/api/auth/login',
            {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                ...(forwarded ? { 'x-forwarded-for': forwarded } : {}),
              },
              body: JSON.stringify({ email, password }),
            },
            { incoming: { socket: { remoteAddress: peer } } },
          );
        const huda = (peer: string, forwarded: string | null) =>
          signIn(peer, forwarded, 'huda@example.org', 'a fine long passphrase');
        // One client sprays accounts through the proxy: at ten failures its address is held off.
        const sprayed = await Promise.all(
          Array.from({ length: 10 }, async (_, i) =>
            signIn('10.0.0.1', '198.51.100.7', `sprayed${i % 2}@example.org`, 'a wrong password'),
          ),
        );
        expect(new Set(sprayed.map((r) => r.status))).toEqual(new Set([401]));
        expect((await huda('::ffff:10.0.0.1', '198.51.100.7')).status).toBe(429);
        // A header the client wrote itself comes before the proxy's: the address the proxy saw counts.
        expect((await huda('10.0.0.1', '203.0.113.9, 198.51.100.7')).status).toBe(429);
        // Everyone else behind the same proxy still signs in.
        expect((await huda('10.0.0.1', '203.0.113.9')).status).toBe(201);
        // From a peer that is not the proxy the header is ignored: the sprayer is still held off.
        expect((await huda('198.51.100.7', '203.0.113.9')).status).toBe(429);
      });

    it('counts every guess that is not the right password, and refuses a blank one without a check', async () => {
      await createUser(t.ctx, { email: 'rana@example.org', name: 'Rana', password: 'the right passphrase' });
      await grantMembership(t.ctx, { email: 'rana@example.org', operationId: DEMO, role: 'viewer' });
      const guess = async (password: string) =>
        (await post('/api/auth/login', { email: 'rana@example.org', password })).status;
      // A blank password once answered 500 and, counted as a success, forgave the failures before it.
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 2; i++) expect(await guess(`wrong guess ${round}${i}`)).toBe(401);
        expect(await guess('')).toBe(400);
      }
      expect(await guess('wrong guess 5')).toBe(401);
      expect(await guess('the right passphrase')).toBe(429);
    });

    it('says the same for a wrong password and an unknown account, and holds a guesser off after five tries', async () => {
      const wrong = await post('/api/auth/login', { email: 'amal@example.org', password: 'wrong password!' });
      const unknown = await post('/api/auth/login', {
        email: 'nobody@example.org',
        password: 'wrong password!',
      });
      expect([wrong.status, unknown.status]).toEqual([401, 401]);
      expect(await wrong.json()).toEqual(await unknown.json());
      for (let i = 0; i < 4; i++)
        await post('/api/auth/login', { email: 'amal@example.org', password: 'still wrong!!' });
      const held = await post('/api/auth/login', {
        email: 'amal@example.org',
        password: 'correct horse battery',
      });
      expect(held.status).toBe(429);
      expect(Number(held.headers.get('retry-after'))).toBeGreaterThan(800);
    });
  });
