import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, type AppContext } from '../../app/context.js';
import { recordChanges } from '../../app/log/record-changes.js';
import { purgeExpiredPersonalData } from '../../app/protection/retention.js';
import { createToken } from '../../app/access/tokens.js';
import { exportEvents } from '../../app/log/transfer.js';
import type { Role } from '../../contracts/common.js';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { shownTexts } from '../../../test/pdf-reading.js';
import { DIALECTS, demoStore, PG_ADMIN_URL, type TestStore } from '../../../test/stores.js';
import { createApi } from '../app.js';
import { checkedApi } from '../../../test/api-contract.js';

const base = `/api/v1/operations/${DEMO}`;
// Names that appear nowhere else in the product, so finding their bytes means a leak.
const NAMES = {
  father: { latin: 'Zakariyya Qudsiyyeh', arabic: 'زكريا قدسية' },
  mother: { latin: 'Raghdaa Qudsiyyeh' },
  son: { latin: 'Muhammad al-Hassan Qudsiyyeh' },
  child: { latin: 'Yasmeen Tarabishi' },
  carer: 'Wadad Tarabishi',
  requester: 'Nizar Qudsiyyeh',
};
const SECRETS = [
  NAMES.father.latin,
  NAMES.father.arabic,
  NAMES.mother.latin,
  NAMES.child.latin,
  NAMES.carer,
  NAMES.requester,
];

/** Every file of a PostgreSQL database's directory, after a checkpoint has written it out. */
/** The files of a PostgreSQL database (its tables and indexes) and of the server's write-ahead log. */
async function pgDatabaseBytes(url: string): Promise<Buffer[]> {
  const { tables, wal } = await pgFiles(url);
  return [...tables, ...wal];
}

async function pgFiles(url: string): Promise<{ tables: Buffer[]; wal: Buffer[] }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('checkpoint');
    const dir = (await client.query<{ data_directory: string }>('show data_directory')).rows[0]!
      .data_directory;
    const oid = (
      await client.query<{ oid: number }>('select oid from pg_database where datname = current_database()')
    ).rows[0]!.oid;
    const walk = (d: string, files: Buffer[] = []): Buffer[] => {
      for (const f of readdirSync(d)) {
        const path = join(d, f);
        if (statSync(path).isDirectory()) walk(path, files);
        else files.push(readFileSync(path));
      }
      return files;
    };
    return { tables: walk(join(dir, 'base', String(oid))), wal: walk(join(dir, 'pg_wal')) };
  } finally {
    await client.end();
  }
}

function sqliteBytes(path: string): Buffer[] {
  return [path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((p) => readFileSync(p));
}

function found(haystacks: Buffer[], needles: string[]): string[] {
  return needles.filter((n) => haystacks.some((h) => h.includes(Buffer.from(n, 'utf8'))));
}

for (const dialect of DIALECTS)
  describe(`personal data on ${dialect}`, () => {
    let t: TestStore;
    let ctx: AppContext;
    let masterKey: Buffer;
    let api: ReturnType<typeof createApi>;
    const tokens: Partial<Record<Role, string>> = {};
    const call = async (method: string, path: string, role: Role, body?: unknown) => {
      const res = await api.request(path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const json = res.headers.get('content-type')?.includes('json') && text !== '';
      return { status: res.status, text, body: json ? (JSON.parse(text) as Record<string, any>) : undefined };
    };

    beforeAll(async () => {
      t = await demoStore(dialect);
      masterKey = randomBytes(32);
      ctx = createContext(t.store, undefined, { masterKey });
      api = checkedApi(createApi(ctx));
      for (const role of ['protection', 'coordinator', 'viewer', 'reporting'] as const)
        tokens[role] = (await createToken(ctx, { operationId: DEMO, role })).token;
    });
    afterAll(() => t.cleanup());

    it('registers a family sealed, and only protection officers read it, with a purpose that is recorded', async () => {
      const family = await call('POST', `${base}/family-groups`, 'protection', {});
      expect(family.body).toMatchObject({ code: 'FAM-1', members: [] });
      for (const [who, details] of [
        ['father', { name: NAMES.father, sex: 'male', age: 41, legalBasis: 'consent' }],
        ['mother', { name: NAMES.mother, sex: 'female', birthYear: 1985, legalBasis: 'consent' }],
        ['son', { name: NAMES.son, sex: 'male', age: 12, relationship: 'son', legalBasis: 'vital-interest' }],
      ] as const) {
        const res = await call('POST', `${base}/registrations`, 'protection', {
          convoyId: 'CVY-0002',
          familyGroupId: 'FAM-1',
          child: who === 'son',
          person: details,
        });
        expect(res.status, res.text).toBe(201);
        expect(res.text).not.toContain('Qudsiyyeh');
      }
      for (const role of ['coordinator', 'viewer', 'reporting'] as const) {
        expect((await call('GET', `${base}/registrations?purpose=tracing`, role)).status).toBe(403);
        expect((await call('POST', `${base}/registrations`, role, {})).status).toBe(403);
      }
      expect((await call('GET', `${base}/registrations`, 'protection')).status).toBe(400);
      const read = await call('GET', `${base}/registrations?purpose=family-reunification`, 'protection');
      expect(read.status).toBe(200);
      expect(
        read.body!.items.map((r: { person: { name: { latin: string } } }) => r.person.name.latin),
      ).toEqual([NAMES.father.latin, NAMES.mother.latin, NAMES.son.latin]);
      const events = await call('GET', `${base}/events?after=0&limit=5000`, 'protection');
      const reads = events.body!.items.filter((e: { type: string }) => e.type === 'PersonalDataRead');
      expect(reads).toHaveLength(1);
      expect(reads[0]).toMatchObject({
        payload: { purpose: 'family-reunification' },
        actor: expect.stringMatching(/^token:/),
      });
      expect(reads[0].payload.subjectIds).toHaveLength(3);
    });

    it('raises a family-split alert in codes only when a member is put on another convoy, and resolves it when they are together', async () => {
      const other = await call('POST', `${base}/convoys`, 'coordinator', {
        corridorId: 'COR-7',
        vehicleIds: ['VEH-250'],
        receptionPointId: 'RP-1',
      });
      expect(other.status, other.text).toBe(201);
      const moved = await call('POST', `${base}/registrations/REG-3/assign`, 'protection', {
        convoyId: other.body!.code,
      });
      expect(moved.status, moved.text).toBe(200);
      const alerts = (await call('GET', `${base}/alerts?kind=family-split`, 'viewer')).body!.items;
      expect(alerts).toHaveLength(1);
      expect(alerts[0]).toMatchObject({ status: 'open', severity: 'critical' });
      expect(alerts[0].reason).toBe(
        `family group FAM-1 is split over 2 convoys: 1 on ${other.body!.code} (to RP-1), 2 on CVY-0002 (to RP-3); they will arrive at different reception points`,
      );
      await call('POST', `${base}/registrations/REG-3/assign`, 'protection', { convoyId: 'CVY-0002' });
      expect((await call('GET', `${base}/alerts?kind=family-split`, 'viewer')).body!.items[0].status).toBe(
        'resolved',
      );
    });

    it("follows an unaccompanied child to a recorded hand-over that closes the child's case", async () => {
      expect(
        (
          await call('POST', `${base}/registrations`, 'protection', {
            unaccompanied: true,
            person: { name: NAMES.child, legalBasis: 'vital-interest' },
          })
        ).status,
      ).toBe(400);
      const child = await call('POST', `${base}/registrations`, 'protection', {
        convoyId: 'CVY-0002',
        child: true,
        unaccompanied: true,
        person: { name: NAMES.child, sex: 'female', age: 9, legalBasis: 'vital-interest' },
      });
      expect(child.body).toMatchObject({ code: 'REG-4', caseStatus: 'open', unaccompanied: true });
      const open = await call(
        'GET',
        `${base}/registrations?purpose=case-management&caseStatus=open`,
        'protection',
      );
      expect(open.body!.items.map((r: { code: string }) => r.code)).toEqual(['REG-4']);
      const handOver = {
        receptionPointId: 'RP-3',
        organisationId: 'ICRC',
        carer: { name: NAMES.carer, relationship: 'aunt' },
      };
      const done = await call('POST', `${base}/registrations/REG-4/hand-over`, 'protection', handOver);
      expect(done.body).toMatchObject({
        caseStatus: 'handed-over',
        handedOverReceptionPointId: expect.any(String),
      });
      expect(
        (await call('POST', `${base}/registrations/REG-4/hand-over`, 'protection', handOver)).status,
      ).toBe(422);
      expect(
        (await call('POST', `${base}/registrations/REG-1/hand-over`, 'protection', handOver)).status,
      ).toBe(422);
    });

    it('finds the registered people a tracing request names, across spellings and scripts, for review', async () => {
      await call('POST', `${base}/registrations`, 'protection', {
        person: { name: { latin: 'Ahmad Hassan' }, legalBasis: 'consent' },
      });
      await call('POST', `${base}/registrations`, 'protection', {
        person: { name: { arabic: 'محمد حسن' }, legalBasis: 'consent' },
      });
      const request = await call('POST', `${base}/tracing-requests`, 'protection', {
        sought: [{ latin: 'Mohammed Hassan' }],
        requester: { name: NAMES.requester },
      });
      expect(request.body).toMatchObject({ code: 'TR-1', status: 'open' });
      const list = await call('GET', `${base}/tracing-requests`, 'protection');
      expect(list.body!.items.map((r: { code: string; status: string }) => `${r.code} ${r.status}`)).toEqual([
        'TR-1 open',
      ]);
      expect(list.text).not.toContain(NAMES.requester);
      const candidates = await call(
        'GET',
        `${base}/tracing-requests/TR-1/candidates?purpose=tracing`,
        'protection',
      );
      expect(
        candidates.body!.items.map((c: { registration: { code: string }; score: number }) => [
          c.registration.code,
          c.score,
        ]),
      ).toEqual([
        ['REG-3', 1],
        ['REG-6', 1],
      ]);
      const note = 'Confirmed by her brother Walid at the Jibreen shelter';
      const review = await call('POST', `${base}/tracing-requests/TR-1/reviews`, 'protection', {
        registrationId: 'REG-3',
        decision: 'confirmed',
        note,
      });
      expect(review.status).toBe(200);
      // Words recorded in the clear beside personal data are codes: free text is refused.
      for (const [path, body] of [
        ['tracing-requests/TR-1/close', { reason: 'Walid found her' }],
        ['registrations/REG-3/erase', { reason: 'Asked by Walid Qudsi' }],
      ] as const) {
        const refused = await call('POST', `${base}/${path}`, 'protection', body);
        expect(refused.status, path).toBe(400);
        expect(refused.text).not.toContain('Walid');
      }
      const freeText = await call('GET', `${base}/tracing-requests/TR-1?purpose=Walid asked`, 'protection');
      expect(freeText.status).toBe(400);
      expect(freeText.body!.error.message).toMatch(/purpose= one of tracing, family-reunification, .*audit/);
      const closed = await call('POST', `${base}/tracing-requests/TR-1/close`, 'protection', {
        reason: 'found',
      });
      expect(closed.body).toMatchObject({ status: 'closed' });
      // The note is sealed with the request's key: readable by protection officers, in the clear nowhere.
      expect(
        (await call('GET', `${base}/tracing-requests/TR-1?purpose=audit`, 'protection')).body!.reviews,
      ).toEqual([
        expect.objectContaining({ registrationId: expect.any(String), decision: 'confirmed', note }),
      ]);
      const exported: string[] = [];
      for await (const e of exportEvents(ctx, DEMO)) exported.push(JSON.stringify(e));
      const files = dialect === 'sqlite' ? sqliteBytes(t.location) : (await pgFiles(t.location)).tables;
      expect(found([Buffer.from(exported.join('\n')), ...files], ['Walid'])).toEqual([]);
    });

    it('refuses an id that another operation holds with a 409 that does not say where, and leaves no key', async () => {
      await recordChanges(
        ctx,
        'elsewhere',
        SYSTEM,
        [
          {
            id: uuidv7(),
            type: 'OperationCreated',
            occurredAt: new Date().toISOString(),
            payload: { name: 'Elsewhere', description: '', timezone: 'UTC' },
          },
          {
            id: uuidv7(),
            type: 'OrganisationRegistered',
            occurredAt: new Date().toISOString(),
            payload: { organisationId: uuidv7(), code: 'CELL', name: 'Cell', role: 'coordinating-body' },
          },
        ],
        { mode: 'replay' },
      );
      const elsewhere = (await createToken(ctx, { operationId: 'elsewhere', role: 'protection' })).token;
      const person = { name: { latin: 'Test Person' }, sex: 'female', age: 30, legalBasis: 'consent' };
      const request = { sought: [{ latin: 'Test Person' }], requester: { name: NAMES.requester } };
      const there = async (path: string, body: object) => {
        const res = await api.request(`/api/v1/operations/elsewhere/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${elsewhere}` },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(201);
        return ((await res.json()) as { id: string }).id;
      };
      const registration = await there('registrations', { person });
      const family = await there('family-groups', {});
      const tracing = await there('tracing-requests', request);
      const keys = async () =>
        Number(
          (await sql<{ n: unknown }>`select count(*) as n from person_keys`.execute(t.store.db)).rows[0]!.n,
        );
      const before = await keys();
      for (const [path, body] of [
        ['registrations', { id: registration, person }],
        ['family-groups', { id: family }],
        ['tracing-requests', { id: tracing, ...request }],
        // The id of a registration there, for a tracing request here: their keys share one table.
        ['tracing-requests', { id: registration, ...request }],
      ] as const) {
        const res = await call('POST', `${base}/${path}`, 'protection', body);
        expect(res.status, `${path}: ${res.text}`).toBe(409);
        expect(res.text).not.toMatch(/elsewhere/i);
      }
      expect(await keys()).toBe(before);
    });

    it("keeps a person's record to the organisation that registered them", async () => {
      const other = (await createToken(ctx, { operationId: DEMO, role: 'protection', organisation: 'ICRC' }))
        .token;
      const res = await api.request(`${base}/registrations/REG-2/assign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${other}` },
        body: JSON.stringify({ convoyId: 'CVY-0003' }),
      });
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /REG-2 belongs to another organisation/,
      );
      // Nor does it review or close another organisation's tracing request, or add to its family group.
      const as = async (path: string, body: unknown) => {
        const r = await api.request(`${base}/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${other}` },
          body: JSON.stringify(body),
        });
        return {
          status: r.status,
          message: ((await r.json()) as { error?: { message: string } }).error?.message,
        };
      };
      const refused = (what: string) => ({
        status: 403,
        message: expect.stringMatching(new RegExp(`${what} belongs to another organisation`)),
      });
      const opened = await call('POST', `${base}/tracing-requests`, 'protection', {
        sought: [{ latin: 'Someone Sought' }],
        requester: { name: NAMES.requester },
      });
      const tr = String(opened.body!.code);
      expect(await as(`tracing-requests/${tr}/close`, { reason: 'found' })).toEqual(refused(tr));
      expect(
        await as(`tracing-requests/${tr}/reviews`, { registrationId: 'REG-3', decision: 'rejected' }),
      ).toEqual(refused(tr));
      expect(
        await as('registrations', {
          familyGroupId: 'FAM-1',
          person: { name: { latin: 'Another Person' }, sex: 'male', age: 20, legalBasis: 'consent' },
        }),
      ).toEqual(refused('FAM-1'));
      expect(
        (await call('GET', `${base}/tracing-requests/${tr}?purpose=audit`, 'protection')).body,
      ).toMatchObject({ status: 'open' });
    });

    it('never shows a name to other roles: not in events, the live stream, alerts, reconciliation, reports, exports or errors', async () => {
      const texts: string[] = [];
      for (const role of ['viewer', 'coordinator', 'reporting'] as const)
        for (const path of [
          '/events?after=0&limit=5000',
          '/alerts?limit=5000',
          '/reconciliation',
          '/convoys/CVY-0002/reconciliation',
          '/registrations/REG-1?purpose=audit',
          '/reports/sitrep?format=json',
          '/reports/sitrep?format=md',
          ...['movements', 'returns', 'services', 'aid', 'figures', 'geojson'].map((d) => `/exports/${d}`),
        ])
          texts.push((await call('GET', `${base}${path}`, role)).text);
      // The sitrep's PDF as a reader extracts its text (an Arabic run comes back right to left: both ways).
      const pdf = await api.request(`${base}/reports/sitrep?format=pdf`, {
        headers: { authorization: `Bearer ${tokens.reporting}` },
      });
      expect(pdf.status).toBe(200);
      for (const shown of await shownTexts(new Uint8Array(await pdf.arrayBuffer())))
        texts.push(shown.text, [...shown.text].reverse().join(''));
      // The live stream, from just before the first registration, as a viewer sees it.
      const first = await t.store.db
        .selectFrom('events')
        .select('seq')
        .where('type', '=', 'PersonRegistered')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      const stop = new AbortController();
      const stream = await api.request(`${base}/stream`, {
        headers: { authorization: `Bearer ${tokens.viewer}`, 'last-event-id': String(first.seq - 1) },
        signal: stop.signal,
      });
      const reader = stream.body!.getReader();
      let streamed = '';
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && !streamed.includes('PersonRegistered')) {
        const { value, done } = await reader.read();
        if (done) break;
        streamed += new TextDecoder().decode(value);
      }
      stop.abort();
      await reader.cancel().catch(() => undefined);
      expect(streamed).toContain('PersonRegistered');
      texts.push(streamed);
      const all = Buffer.from(texts.join('\n'));
      expect(found([all], [...SECRETS, 'Qudsiyyeh', 'Tarabishi'])).toEqual([]);
      // Others see that a personal-data event happened, not what it holds.
      const events = JSON.parse(texts[0]!).items as { type: string; payload: unknown; redacted?: boolean }[];
      const registered = events.filter((e) => e.type === 'PersonRegistered');
      expect(registered.length).toBeGreaterThan(0);
      for (const e of registered) expect(e).toMatchObject({ payload: {}, redacted: true });
    });

    it('erases a person for good: unreadable by anyone, nowhere in the database or an export, counts unchanged', async () => {
      const before = await call('GET', `${base}/registrations/REG-1?purpose=erasure`, 'protection');
      expect(before.body!.person.name.latin).toBe(NAMES.father.latin);
      const total = (await call('GET', `${base}/registrations?purpose=audit`, 'protection')).body!.total;
      const wrapped = (
        await sql<{
          wrapped: string;
        }>`select wrapped from person_keys where id = ${String(before.body!.id)}`.execute(t.store.db)
      ).rows[0]!.wrapped;
      const erased = await call('POST', `${base}/registrations/REG-1/erase`, 'protection', {
        reason: 'person-asked',
      });
      expect(erased.body).toMatchObject({ status: 'erased', erasedAt: expect.any(String) });
      const after = await call('GET', `${base}/registrations/REG-1?purpose=audit`, 'protection');
      expect(after.body).toMatchObject({ code: 'REG-1', status: 'erased', person: null });
      expect((await call('GET', `${base}/registrations?purpose=audit`, 'protection')).body!.total).toBe(
        total,
      );
      expect(
        (await call('POST', `${base}/registrations/REG-1/erase`, 'protection', { reason: 'person-asked' }))
          .status,
      ).toBe(409);
      // The key is gone: the sealed data left in the log cannot be opened with the master key either.
      const keys = await sql<{
        n: number;
      }>`select count(*) as n from person_keys where id = ${String(erased.body!.id)}`.execute(t.store.db);
      expect(keys.rows[0]!.n).toBe(0);

      const exported: string[] = [];
      for await (const e of exportEvents(ctx, DEMO)) exported.push(JSON.stringify(e));
      const bytes = [
        Buffer.from(exported.join('\n')),
        ...(dialect === 'sqlite' ? sqliteBytes(t.location) : await pgDatabaseBytes(t.location)),
      ];
      expect(found(bytes, SECRETS)).toEqual([]);
      // Nor the wrapped key, which a copy of the files and the master key would open. On SQLite: not in
      // the database file, its write-ahead log or its shared memory, while the store is still open. On
      // PostgreSQL: not in the database's tables; the server's write-ahead log keeps it until its
      // segments are overwritten (the README says what the administrator does about that).
      const files = dialect === 'sqlite' ? sqliteBytes(t.location) : (await pgFiles(t.location)).tables;
      expect(found(files, [wrapped])).toEqual([]);
      expect(PG_ADMIN_URL === '' || dialect === 'sqlite' || bytes.length > 3).toBe(true);
    });

    it('erases what is left once the retention period after closing has passed, except what an open tracing request needs', async () => {
      const request = await call('POST', `${base}/tracing-requests`, 'protection', {
        sought: [{ latin: 'Raghdaa Qudsiyyeh' }],
        requester: { name: NAMES.requester },
      });
      await call('POST', `${base}/tracing-requests/${request.body!.code}/reviews`, 'protection', {
        registrationId: 'REG-2',
        decision: 'confirmed',
      });
      const close = (corridor: string) => ({
        id: uuidv7(),
        type: 'CorridorStatusChanged',
        occurredAt: new Date().toISOString(),
        payload: { corridorId: corridor, status: 'closed' },
      });
      const refused = await call('POST', `${base}/events`, 'coordinator', {
        events: [
          {
            id: uuidv7(),
            type: 'OperationClosed',
            occurredAt: new Date().toISOString(),
            payload: { reason: 'done' },
          },
        ],
      });
      expect(refused.status).toBe(422);
      expect(refused.body!.error.message).toMatch(/close every corridor first: .*COR-7 \(open\)/);
      const open = (await call('GET', `${base}/corridors?limit=100`, 'viewer')).body!.items.filter(
        (c: { status: string }) => c.status !== 'closed',
      );
      await recordChanges(
        ctx,
        DEMO,
        SYSTEM,
        open.map((c: { id: string }) => close(c.id)),
        { mode: 'replay' },
      );
      const closed = await call('POST', `${base}/events`, 'coordinator', {
        events: [
          {
            id: uuidv7(),
            type: 'OperationClosed',
            occurredAt: new Date().toISOString(),
            payload: { reason: 'evacuation completed', personalDataRetentionDays: 30 },
          },
        ],
      });
      expect(closed.status, closed.text).toBe(201);
      const later = createContext(t.store, () => new Date(Date.now() + 29 * 86_400_000), { masterKey });
      expect(await purgeExpiredPersonalData(later)).toEqual([]);
      const after = createContext(t.store, () => new Date(Date.now() + 31 * 86_400_000), { masterKey });
      const [result] = await purgeExpiredPersonalData(after);
      expect(result).toMatchObject({ operationId: DEMO, kept: ['REG-2'] });
      expect(result!.erased).toEqual(['REG-3', 'REG-4', 'REG-5', 'REG-6']);
      const people = (await call('GET', `${base}/registrations?purpose=audit`, 'protection')).body!.items;
      expect(
        people.filter((p: { person: unknown }) => p.person !== null).map((p: { code: string }) => p.code),
      ).toEqual(['REG-2']);
    });
  });
