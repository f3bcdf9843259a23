import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../api/app.js';
import type { Role } from '../../contracts/common.js';
import { countEvents } from '../../store/event-log.js';
import { findPersonKeys } from '../../store/person-keys.js';
import { allRows, findRow } from '../../store/queries.js';
import { DEMO, SYSTEM } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { createContext, type AppContext } from '../context.js';
import { recordHazards } from '../safe-passage/hazards.js';
import { importEvents } from './transfer.js';
import type { Caller } from '../access/permissions.js';
import { createToken } from '../access/tokens.js';
import { recordChanges } from './record-changes.js';
import { checkedApi } from '../../../test/api-contract.js';

const base = `/api/v1/operations/${DEMO}`;
const OTHER = 'write-path-other';

/** A square of about 200 m across the first leg of COR-7, the demo's open corridor. */
const ACROSS_COR7 = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [37.128, 36.173],
      [37.132, 36.173],
      [37.132, 36.176],
      [37.128, 36.176],
      [37.128, 36.173],
    ] as [number, number][],
  ],
};

/** How `corridor hazards import` calls it: the CLI, on behalf of no organisation. */
const IMPORTER: Caller = { ...SYSTEM, actor: 'system:cli:hazards-import', operationId: DEMO };

function lines(events: readonly unknown[]): AsyncIterable<string> {
  return (async function* () {
    await Promise.resolve();
    yield* events.map((e) => JSON.stringify(e));
  })();
}

for (const dialect of DIALECTS)
  describe(`the write path on ${dialect}`, () => {
    let t: TestStore;
    let ctx: AppContext;
    let api: ReturnType<typeof createApi>;
    const tokens: Record<string, string> = {};
    const call = async (method: string, path: string, who: string, body?: unknown) => {
      const res = await api.request(path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[who]}` },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
    };
    const token = async (who: string, operationId: string, role: Role, organisation?: string) => {
      tokens[who] = (
        await createToken(ctx, { operationId, role, ...(organisation ? { organisation } : {}) })
      ).token;
    };
    const register = async () => {
      const res = await call('POST', `${base}/registrations`, 'protection', {
        person: { name: { latin: 'Test Person' }, sex: 'female', age: 30, legalBasis: 'consent' },
      });
      expect(res.status).toBe(201);
      return res.body as { id: string; code: string };
    };
    const keyOf = async (id: string) => (await findPersonKeys(t.store.db, [id])).get(id);

    beforeAll(async () => {
      t = await demoStore(dialect);
      ctx = createContext(t.store, undefined, { masterKey: randomBytes(32) });
      api = checkedApi(createApi(ctx));
      const at = new Date().toISOString();
      await recordChanges(
        ctx,
        OTHER,
        SYSTEM,
        [
          {
            id: uuidv7(),
            type: 'OperationCreated',
            occurredAt: at,
            payload: { name: 'Other', description: '', timezone: 'UTC' },
          },
          {
            id: uuidv7(),
            type: 'OrganisationRegistered',
            occurredAt: at,
            payload: { organisationId: uuidv7(), code: 'CELL', name: 'Cell', role: 'coordinating-body' },
          },
        ],
        { mode: 'replay' },
      );
      await token('coordinator', DEMO, 'coordinator');
      await token('protection', DEMO, 'protection');
      await token('cell-officer', DEMO, 'post-officer');
      await token('icrc-officer', DEMO, 'post-officer', 'ICRC');
      await token('enumerator', DEMO, 'enumerator');
      await token('other-protection', OTHER, 'protection');
      await token('other-officer', OTHER, 'post-officer');
    });
    afterAll(() => t.cleanup());

    it('raises the hazard-on-route alert for an imported hazard across an open corridor, and imports it once', async () => {
      const draft = {
        type: 'damaged-road' as const,
        area: ACROSS_COR7,
        evidence: { kind: 'imagery' as const, reference: 'assessment.geojson#1' },
      };
      const first = await recordHazards(ctx, IMPORTER, DEMO, [draft]);
      expect(first).toMatchObject({ appended: 1, duplicates: 0, codes: ['HAZ-2'] });
      const alerts = (await allRows(t.store.db, t.store.dialect, 'alerts', DEMO)).filter(
        (a) => a.kind === 'hazard-on-route' && a.status === 'open',
      );
      expect(alerts.map((a) => a.reason)).toEqual([
        expect.stringMatching(/^HAZ-2 \(damaged road, suspected\) blocks segment 1 of COR-7 \(open\)/),
      ]);
      // The hazard belongs to the operation's coordinating body, not to nobody.
      const cell = await findRow(t.store.db, 'organisations', DEMO, 'CELL', false);
      const hazard = await findRow(t.store.db, 'hazards', DEMO, 'HAZ-2', false);
      expect(hazard!.recorded_by).toBe(cell!.id);

      const before = await countEvents(t.store.db);
      const again = await recordHazards(ctx, IMPORTER, DEMO, [draft]);
      expect(again).toEqual({ appended: 0, duplicates: 1, codes: [] });
      expect(await countEvents(t.store.db)).toBe(before);
      expect(await allRows(t.store.db, t.store.dialect, 'hazards', DEMO)).toHaveLength(2);
    });

    it('answers a REST re-send as the first time, and refuses another change under the same event id', async () => {
      const eventId = uuidv7();
      const body = { eventId, type: 'damaged-road', area: ACROSS_COR7, note: 'crater' };
      const first = await call('POST', `${base}/hazards`, 'cell-officer', body);
      expect(first.status).toBe(201);
      const again = await call('POST', `${base}/hazards`, 'cell-officer', body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      const other = await call('POST', `${base}/hazards`, 'cell-officer', { ...body, note: 'a bridge' });
      expect(other.status).toBe(409);
      expect(other.body!.error.message).toMatch(/already used for another change .*payload\.note/);
      expect(other.body!.error.details.differs).toEqual(['payload.note']);
      const codes = (await allRows(t.store.db, t.store.dialect, 'hazards', DEMO)).map((h) => h.code);
      expect(codes.filter((c) => c === first.body!.code)).toHaveLength(1);
    });

    it("keeps a partner's post officer from changing a hazard the scenario recorded", async () => {
      const cancel = { status: 'cancelled', reason: 'not a hazard' };
      const partner = await call('POST', `${base}/hazards/HAZ-1/status`, 'icrc-officer', cancel);
      expect(partner.status).toBe(403);
      expect(partner.body!.error.message).toMatch(/HAZ-1 belongs to another organisation/);
      const hazard = await findRow(t.store.db, 'hazards', DEMO, 'HAZ-1', false);
      expect(hazard!.status).toBe('suspected');
      // The coordinating body's own officer may.
      expect((await call('POST', `${base}/hazards/HAZ-1/status`, 'cell-officer', cancel)).status).toBe(200);
    });

    it("keeps a partner's post officer from another organisation's clearance task, pickup point and tally", async () => {
      const task = await call('POST', `${base}/clearance-tasks`, 'cell-officer', {
        hazardId: 'HAZ-2',
        team: 'Survey team 1',
        organisationId: 'CELL',
      });
      expect(task.status, JSON.stringify(task.body)).toBe(201);
      const progress = { clearedAreaM2: 1200 };
      const refused = async (method: string, path: string, body: unknown, what: string) => {
        const res = await call(method, `${base}/${path}`, 'icrc-officer', body);
        expect(res.status, path).toBe(403);
        expect(res.body!.error.message).toMatch(new RegExp(`${what} belongs to another organisation`));
      };
      // Nor does a partner start a task on another organisation's hazard (it would hold its release).
      await refused(
        'POST',
        'clearance-tasks',
        { hazardId: 'HAZ-2', team: 'Team B', organisationId: 'ICRC' },
        'HAZ-2',
      );
      const taskId = String(task.body!.id);
      await refused('POST', `clearance-tasks/${taskId}/progress`, progress, `clearance task ${taskId}`);
      expect(
        (await call('POST', `${base}/clearance-tasks/${taskId}/progress`, 'cell-officer', progress)).status,
      ).toBe(200);
      // The demo's pickup points were recorded by the scenario: the coordinating body's.
      await refused('PATCH', 'pickup-points/PICK-1', { seated: 10, stretcher: 1 }, 'PICK-1');
      const tally = await call('POST', `${base}/passages`, 'cell-officer', {
        checkpointId: 'CP-71',
        source: 'enumerator',
        people: { men: 3 },
      });
      expect(tally.status).toBe(201);
      await refused(
        'POST',
        `passages/${tally.body!.id}/match`,
        { convoyId: 'CVY-0002' },
        `tally ${String(tally.body!.id)}`,
      );
    });

    it('says 403 to a caller of another operation or role before looking the record up', async () => {
      const person = await register();
      const erase = { reason: 'person-asked' };
      for (const ref of [person.code, 'REG-999']) {
        const res = await call('POST', `${base}/registrations/${ref}/erase`, 'other-protection', erase);
        expect(res.status, ref).toBe(403);
      }
      for (const ref of ['HAZ-1', 'HAZ-999']) {
        const status = { status: 'confirmed' };
        expect((await call('POST', `${base}/hazards/${ref}/status`, 'other-officer', status)).status).toBe(
          403,
        );
        expect((await call('POST', `${base}/hazards/${ref}/status`, 'enumerator', status)).status).toBe(403);
      }
      expect(await keyOf(person.id)).toBeDefined();
    });

    it('refuses personal data in the clear through POST /events: a name for a code, text called sealed', async () => {
      const plain = Buffer.from('{"name":"Ahmad Khalil","phone":"+963 944 123 456"}').toString('base64');
      const fake = { alg: 'A256GCM', iv: 'AAAAAAAAAAAAAAAA', data: plain };
      const person = await register();
      const request = await call('POST', `${base}/tracing-requests`, 'protection', {
        sought: [{ latin: 'Someone' }],
        requester: { name: 'Someone Else' },
      });
      expect(request.status, JSON.stringify(request.body)).toBe(201);
      const raw = (type: string, payload: Record<string, unknown>) =>
        call('POST', `${base}/events`, 'protection', {
          events: [{ id: uuidv7(), type, occurredAt: new Date().toISOString(), payload }],
        });
      const before = await countEvents(t.store.db);
      for (const [type, payload, field] of [
        ['PersonRegistered', { registrationId: uuidv7(), code: 'AHMAD-KHALIL-1990', sealed: fake }, 'code'],
        ['PersonRegistered', { registrationId: uuidv7(), code: 'REG-999', sealed: fake }, 'sealed'],
        ['FamilyGroupRegistered', { familyGroupId: uuidv7(), code: 'FAM-999', sealed: fake }, 'sealed'],
        [
          'TracingMatchReviewed',
          {
            tracingRequestId: request.body!.id,
            registrationId: person.id,
            decision: 'confirmed',
            sealedNote: fake,
          },
          'sealedNote',
        ],
      ] as const) {
        const res = await raw(type, payload);
        expect(res.status, `${type} ${field}`).toBe(400);
        expect(res.body!.error.details.field, JSON.stringify(res.body)).toBe(field);
      }
      expect(await countEvents(t.store.db)).toBe(before);
    });

    it('deletes the key of a person erased through POST /events, in the same transaction as the event', async () => {
      const person = await register();
      expect(await keyOf(person.id)).toBeDefined();
      const erased = {
        id: uuidv7(),
        type: 'PersonErased',
        occurredAt: new Date().toISOString(),
        payload: { registrationId: person.id, reason: 'person-asked' },
      };
      // In a batch that is refused, the erasure and the key's deletion are rolled back together.
      const broken = {
        ...erased,
        id: uuidv7(),
        payload: { registrationId: uuidv7(), reason: 'person-asked' },
      };
      const refused = await call('POST', `${base}/events`, 'protection', { events: [erased, broken] });
      expect(refused.status).toBe(422);
      expect(await keyOf(person.id)).toBeDefined();
      const res = await call('POST', `${base}/events`, 'protection', { events: [erased] });
      expect(res.status).toBe(201);
      expect(await keyOf(person.id)).toBeUndefined();
      const row = await findRow(t.store.db, 'registrations', DEMO, person.id, true);
      expect(row!.status).toBe('erased');
    });

    it('names only the type when an id is reused for an event of another type, never the fields of one the sender may not read', async () => {
      const person = await register();
      const feed = await call('GET', `${base}/events?after=0&limit=5000`, 'enumerator');
      const registered = feed.body!.items.find(
        (e: { type: string; payload: { registrationId?: string } }) =>
          e.type === 'PersonRegistered' && e.payload?.registrationId === undefined,
      );
      expect(registered).toBeDefined();
      const cp = await findRow(t.store.db, 'checkpoints', DEMO, 'CP-71', false);
      const res = await call('POST', `${base}/events`, 'enumerator', {
        events: [
          {
            id: registered.id,
            type: 'PassageRecorded',
            occurredAt: new Date().toISOString(),
            payload: {
              passageId: uuidv7(),
              checkpointId: cp!.id,
              source: 'enumerator',
              scope: 'convoy',
              people: { men: 1 },
            },
          },
        ],
      });
      expect(res.status).toBe(409);
      expect(res.body!.error.details.differs).toEqual(['type']);
      expect(JSON.stringify(res.body)).not.toContain('sealed');
      expect(await keyOf(person.id)).toBeDefined();
      // The same through a REST route: 409 naming the type, not a 400 about a code it was never sent.
      const status = await call('POST', `${base}/hazards`, 'cell-officer', {
        eventId: registered.id,
        type: 'debris',
        area: ACROSS_COR7,
      });
      expect(status.status).toBe(409);
    });

    it('reads the log from its end: the last events before a position, still in log order', async () => {
      const seqs = (page: { body?: Record<string, unknown> | undefined }) =>
        (page.body!.items as { seq: number }[]).map((e) => e.seq);
      const all = seqs(await call('GET', `${base}/events?after=0&limit=5000`, 'coordinator'));
      const last = seqs(await call('GET', `${base}/events?before=${all.at(-1)! + 1}&limit=3`, 'coordinator'));
      expect(last).toEqual(all.slice(-3));
      expect(seqs(await call('GET', `${base}/events?before=${last[0]}&limit=2`, 'coordinator'))).toEqual(
        all.slice(-5, -3),
      );
      expect(seqs(await call('GET', `${base}/events?before=${all[0]}`, 'coordinator'))).toEqual([]);
      expect((await call('GET', `${base}/events?before=0`, 'coordinator')).status).toBe(400);
    });

    it('refuses a registration sent again under the same id with a 409, and keeps no key for a registration refused', async () => {
      const id = uuidv7();
      const person = { name: { latin: 'Test Person' }, sex: 'female', age: 30, legalBasis: 'consent' };
      expect((await call('POST', `${base}/registrations`, 'protection', { id, person })).status).toBe(201);
      const again = await call('POST', `${base}/registrations`, 'protection', { id, person });
      expect(again.status).toBe(409);
      const other = uuidv7();
      const refused = await call('POST', `${base}/registrations`, 'protection', {
        id: other,
        person,
        unaccompanied: true,
      });
      expect(refused.status).toBe(400);
      expect(await keyOf(other)).toBeUndefined();
      const erase = await call('POST', `${base}/registrations/${id}/erase`, 'protection', {
        reason: 'person-asked',
      });
      expect(erase.status).toBe(200);
      const back = await call('POST', `${base}/registrations`, 'protection', { id, person });
      expect(back.status).toBe(409);
      expect(await keyOf(id)).toBeUndefined();
    });

    it('answers a notification sent again as the first time, though the parties it was given have changed', async () => {
      const body = {
        eventId: uuidv7(),
        corridorId: 'COR-7',
        window: {
          start: new Date(Date.now() + 86_400_000).toISOString(),
          end: new Date(Date.now() + 90_000_000).toISOString(),
        },
      };
      const first = await call('POST', `${base}/notifications`, 'coordinator', body);
      expect(first.status).toBe(201);
      const party = await call('POST', `${base}/organisations`, 'coordinator', {
        code: 'NEW-PARTY',
        name: 'A new party',
        role: 'party-to-conflict',
      });
      expect(party.status).toBe(201);
      const again = await call('POST', `${base}/notifications`, 'coordinator', body);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
    });

    it('imports a hazard once, whatever file or line it came from', async () => {
      const area = {
        type: 'Polygon' as const,
        coordinates: [
          [
            [37.2, 36.3],
            [37.201, 36.3],
            [37.201, 36.301],
            [37.2, 36.3],
          ] as [number, number][],
        ],
      };
      const from = (reference: string) => ({
        type: 'debris' as const,
        area,
        evidence: { kind: 'imagery' as const, reference },
      });
      const first = await recordHazards(ctx, IMPORTER, DEMO, [from('a.geojson#1'), from('a.geojson#7')]);
      expect(first).toMatchObject({ appended: 1, duplicates: 1 });
      const renamed = await recordHazards(ctx, IMPORTER, DEMO, [from('b.geojson#2')]);
      expect(renamed).toMatchObject({ appended: 0, duplicates: 1 });
    });

    it('says a record of another operation is not there, rather than whose it is', async () => {
      const person = await register();
      const res = await call('POST', `/api/v1/operations/${OTHER}/events`, 'other-protection', {
        events: [
          {
            id: uuidv7(),
            type: 'PersonErased',
            occurredAt: new Date().toISOString(),
            payload: { registrationId: person.id, reason: 'person-asked' },
          },
        ],
      });
      expect(res.status).toBe(422);
      expect(res.body!.error.message).not.toContain(person.code);
      expect(await keyOf(person.id)).toBeDefined();
    });

    it('deletes the key of a person whose erasure arrives in an import of events', async () => {
      const person = await register();
      const erased = {
        id: uuidv7(),
        operationId: DEMO,
        type: 'PersonErased',
        schemaVersion: 1,
        occurredAt: new Date().toISOString(),
        actor: 'token:elsewhere',
        organisation: null,
        originSite: 'post-2',
        originSeq: 1,
        payload: { registrationId: person.id, reason: 'person-asked' },
      };
      expect(await importEvents(ctx, lines([erased]))).toMatchObject({ appended: 1 });
      expect(await keyOf(person.id)).toBeUndefined();
    });
  });
