import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import { createToken } from '../app/access/tokens.js';
import { countEvents, lastSeq } from '../store/event-log.js';
import { DEMO, SYSTEM, idOf, passage, tokenFor } from '../../test/fixtures.js';
import { demoStore, type TestStore } from '../../test/stores.js';
import { recordChanges } from '../app/log/record-changes.js';
import { RESOURCE_NAMES } from '../contracts/resources.js';
import { RECORD_SCHEMAS } from '../contracts/resource-records.js';
import { createApi } from './app.js';
import { checkedApi } from '../../test/api-contract.js';

let t: TestStore;
let api: ReturnType<typeof createApi>;
let coordinator: string;
let viewer: string;
let enumerator: string;

const base = `/api/v1/operations/${DEMO}`;

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await api.request(path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

beforeAll(async () => {
  t = await demoStore('sqlite');
  api = checkedApi(createApi(t.ctx));
  coordinator = await tokenFor(t.ctx, 'coordinator');
  viewer = await tokenFor(t.ctx, 'viewer', 'ICRC');
  enumerator = await tokenFor(t.ctx, 'enumerator');
});
afterAll(() => t.cleanup());

describe('API access', () => {
  it('answers health without a token', async () => {
    expect(await call('GET', '/api/health', undefined)).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('refuses every /api/v1 call without a valid token', async () => {
    for (const path of ['/api/v1/operations', `${base}/corridors`, '/api/v1/nowhere']) {
      const res = await call('GET', path, undefined);
      expect(res.status).toBe(401);
      expect(res.body!.error.code).toBe('unauthenticated');
    }
    expect((await call('GET', '/api/v1/operations', 'cor_not-a-real-token')).status).toBe(401);
    expect((await call('POST', `${base}/corridors`, undefined, {})).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { token } = await createToken(t.ctx, {
      operationId: DEMO,
      role: 'viewer',
      expiresAt: '2020-01-01T00:00:00.000Z',
    });
    expect((await call('GET', '/api/v1/operations', token)).status).toBe(401);
  });

  it('keeps a token to its own operation', async () => {
    await recordChanges(
      t.ctx,
      'other-op',
      SYSTEM,
      [
        {
          id: uuidv7(),
          type: 'OperationCreated',
          occurredAt: new Date().toISOString(),
          payload: { name: 'Other', description: '', timezone: 'UTC' },
        },
      ],
      { mode: 'replay' },
    );
    const ops = await call('GET', '/api/v1/operations', viewer);
    expect(ops.body!.items.map((o: { id: string }) => o.id)).toEqual([DEMO]);
    expect((await call('GET', '/api/v1/operations/other-op/corridors', viewer)).status).toBe(403);
  });

  it('lets roles write only what they may', async () => {
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const body = { checkpointId: cp, source: 'enumerator', people: { men: 1 } };
    expect((await call('POST', `${base}/passages`, enumerator, body)).status).toBe(201);
    const denied = await call('POST', `${base}/passages`, viewer, body);
    expect(denied.status).toBe(403);
    expect(denied.body!.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/viewer/) });
    expect((await call('PATCH', `${base}/corridors/COR-7`, enumerator, { status: 'closed' })).status).toBe(
      403,
    );
  });
});

describe('API reads', () => {
  it('lists the seven corridors of the demo and finds one by code or id', async () => {
    const list = await call('GET', `${base}/corridors`, viewer);
    expect(list.status).toBe(200);
    expect(list.body!.total).toBe(7);
    const byCode = await call('GET', `${base}/corridors/COR-7`, viewer);
    expect(byCode.body!.status).toBe('open');
    const byId = await call('GET', `${base}/corridors/${byCode.body!.id}`, viewer);
    expect(byId.body).toEqual(byCode.body);
    // Its name, and its checkpoints', posts', reception points' and the operation's, in Arabic too.
    expect(byCode.body).toMatchObject({
      name: 'al-Ansari Mashhad to al-Rashideen via Ramouseh',
      nameAr: 'من الأنصاري مشهد إلى الراشدين عبر الراموسة',
    });
    for (const path of ['checkpoints', 'command-posts', 'reception-points'])
      for (const item of (await call('GET', `${base}/${path}?limit=500`, viewer)).body!.items)
        expect(item.nameAr, `${path} ${item.code}`).toMatch(/[\u0600-\u06ff]/);
    expect((await call('GET', base, viewer)).body!.nameAr).toBe(
      'إجلاء شرق حلب، كانون الأول 2016 (إعادة بناء توضيحية)',
    );
  });

  it('filters and pages collections, and says which filters exist', async () => {
    const cps = await call('GET', `${base}/checkpoints?corridor=COR-7`, viewer);
    expect(cps.body!.items.map((c: { code: string }) => c.code)).toEqual(['CP-71', 'CP-72', 'CP-79']);
    const page = await call('GET', `${base}/vehicles?kind=bus&limit=10&offset=290`, viewer);
    expect(page.body).toMatchObject({ total: 300, limit: 10, offset: 290 });
    expect(page.body!.items).toHaveLength(10);
    const bad = await call('GET', `${base}/vehicles?colour=green`, viewer);
    expect(bad.status).toBe(400);
    expect(bad.body!.error.details.allowed).toContain('kind');
    expect((await call('GET', `${base}/vehicles?limit=-3`, viewer)).status).toBe(400);
  });

  it('finds passages by UUID in any case, and answers 404 for a passage asked by anything else', async () => {
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const created = await call('POST', `${base}/passages`, enumerator, {
      checkpointId: cp,
      source: 'enumerator',
      people: { men: 1 },
    });
    const id = created.body!.id as string;
    expect((await call('GET', `${base}/passages/${id.toUpperCase()}`, viewer)).body!.id).toBe(id);
    for (const ref of ['PSG-1', 'CP-71', 'nothing']) {
      const res = await call('GET', `${base}/passages/${ref}`, viewer);
      expect(res.status).toBe(404);
    }
  });

  it('answers 404 in the error shape for what does not exist', async () => {
    const res = await call('GET', `${base}/convoys/CVY-9999`, viewer);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.stringMatching(/CVY-9999/) } });
    expect((await call('GET', '/api/v1/operations/Not_An_Op', viewer)).status).toBe(404);
  });

  it('returns records exactly as the contracts (and so the OpenAPI document) describe them', async () => {
    // The demo has no plan, clearance task, incident or printed sheet: src/api/planning/planning.test.ts,
    // hazards.test.ts, safe-passage.test.ts and src/app/paper/sheets.test.ts check those against their schemas.
    const elsewhere = ['plans', 'clearance-tasks', 'incidents', 'sheets'];
    for (const name of RESOURCE_NAMES.filter((n) => !elsewhere.includes(n))) {
      const list = await call('GET', `${base}/${name}?limit=5`, viewer);
      expect(list.body!.items.length, name).toBeGreaterThan(0);
      for (const item of list.body!.items) {
        const parsed = RECORD_SCHEMAS[name].safeParse(item);
        expect(parsed.error?.issues ?? [], `${name} ${item.code ?? item.id}`).toEqual([]);
      }
      const one = await call('GET', `${base}/${name}/${list.body!.items[0].id}`, viewer);
      expect(RECORD_SCHEMAS[name].safeParse(one.body).error?.issues ?? []).toEqual([]);
    }
  });

  it('publishes an OpenAPI document of every route, made from the contracts', async () => {
    const doc = await call('GET', '/api/v1/openapi.json', viewer);
    expect(doc.body!.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.body!.paths);
    for (const name of [
      'areas',
      'organisations',
      'corridors',
      'checkpoints',
      'command-posts',
      'vehicles',
      'reception-points',
      'convoys',
      'passages',
      'figures',
      'pickup-points',
      'plans',
      'hazards',
      'clearance-tasks',
    ]) {
      expect(paths).toContain(`/api/v1/operations/{op}/${name}`);
      expect(doc.body!.paths[`/api/v1/operations/{op}/${name}`].post.requestBody).toBeDefined();
    }
    expect(
      doc.body!.paths['/api/v1/operations/{op}/events'].post.requestBody.content['application/json'].schema,
    ).toBeDefined();
    expect(doc.body!.paths['/api/v1/operations/{op}/corridors/{ref}'].patch).toBeDefined();
    expect(doc.body!.paths['/api/v1/operations/{op}/pickup-points/{ref}'].patch).toBeDefined();
    expect(doc.body!.paths['/api/v1/operations/{op}/plans/{ref}/adopt'].post.requestBody).toBeDefined();
    expect(doc.body!.paths['/api/v1/operations/{op}/plans/{ref}'].get).toBeDefined();
    for (const path of [
      '/hazards/{ref}/status',
      '/hazards/{ref}/clearance-tasks',
      '/clearance-tasks/{ref}/progress',
      '/clearance-tasks/{ref}/complete',
    ])
      expect(doc.body!.paths[`/api/v1/operations/{op}${path}`].post.requestBody, path).toBeDefined();
    expect(doc.body!.paths['/api/v1/operations/{op}/hazards/{ref}/clearance-tasks'].get).toBeDefined();
    expect(doc.body!.paths['/api/v1/operations/{op}/corridors/{ref}/blocking'].get).toBeDefined();
  });
});

const HOUR = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * HOUR).toISOString();
const route = {
  type: 'LineString',
  coordinates: [
    [37.15, 36.2],
    [37.16, 36.21],
  ],
};

/**
 * Notify a corridor's movement (sent 30 hours ago, more than the demo's notice period) to the
 * operation's parties, and record each party's acknowledgement: what the gates of ready need.
 */
async function notifyParties(code: string): Promise<void> {
  const sent = await call('POST', `${base}/notifications`, coordinator, {
    corridorId: code,
    window: { start: inHours(-1), end: inHours(5) },
    occurredAt: inHours(-30),
  });
  expect(sent.status, JSON.stringify(sent.body)).toBe(201);
  for (const party of sent.body!.parties as string[])
    expect(
      (
        await call('POST', `${base}/notifications/${sent.body!.code}/acknowledgements`, coordinator, {
          organisationId: party,
          acknowledgedBy: 'Liaison officer',
        })
      ).status,
    ).toBe(201);
}

async function addCheckpoints(code: string): Promise<void> {
  for (const [kind, ordinal] of [
    ['entry', 0],
    ['exit', 9],
  ] as const) {
    const cp = await call('POST', `${base}/checkpoints`, coordinator, {
      corridorId: code,
      kind,
      name: kind,
      location: { type: 'Point', coordinates: [37.15, 36.2] },
      ordinal,
    });
    expect(cp.status).toBe(201);
  }
}

/** A new corridor with entry and exit checkpoints, taken through its gates and opened now. */
async function openCorridor(name: string): Promise<string> {
  const created = await call('POST', `${base}/corridors`, coordinator, {
    name,
    route,
    windows: [{ start: inHours(-1), end: inHours(5) }],
  });
  const code = created.body!.code as string;
  await addCheckpoints(code);
  await notifyParties(code);
  for (const status of ['notified', 'ready', 'open'])
    expect((await call('PATCH', `${base}/corridors/${code}`, coordinator, { status })).status).toBe(200);
  return code;
}

describe('API writes', () => {
  it('creates a corridor with the next free code, then its checkpoints by corridor code, then opens it through its gates', async () => {
    const created = await call('POST', `${base}/corridors`, coordinator, {
      name: 'Test corridor',
      nameAr: 'ممر التجربة',
      route,
      fromAreaId: 'NBH-065',
      windows: [{ start: inHours(-1), end: inHours(5) }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'COR-8',
      nameAr: 'ممر التجربة',
      status: 'planned',
      fromAreaId: expect.any(String),
    });
    const skipped = await call('PATCH', `${base}/corridors/COR-8`, coordinator, { status: 'open' });
    expect(skipped.status).toBe(422);
    expect(skipped.body!.error.details).toMatchObject({ from: 'planned', to: 'open' });
    await notifyParties('COR-8');
    expect((await call('PATCH', `${base}/corridors/COR-8`, coordinator, { status: 'notified' })).status).toBe(
      200,
    );
    const refused = await call('PATCH', `${base}/corridors/COR-8`, coordinator, { status: 'ready' });
    expect(refused.status).toBe(409);
    expect(refused.body!.error.details.unmet).toEqual([
      'COR-8 has no entry checkpoint',
      'COR-8 has no exit checkpoint',
    ]);
    await addCheckpoints('COR-8');
    expect(
      (await call('GET', `${base}/checkpoints?corridor=COR-8`, coordinator)).body!.items[0].corridorId,
    ).toBe(created.body!.id);
    expect((await call('PATCH', `${base}/corridors/COR-8`, coordinator, { status: 'ready' })).status).toBe(
      200,
    );
    const opened = await call('PATCH', `${base}/corridors/COR-8`, coordinator, {
      status: 'open',
      reason: 'cleared',
    });
    expect(opened.body).toMatchObject({ status: 'open', statusReason: 'cleared' });
    const again = await call('PATCH', `${base}/corridors/COR-8`, coordinator, { status: 'open' });
    expect(again.status).toBe(422);
    expect(again.body!.error.details).toMatchObject({ from: 'open', to: 'open' });
  });

  it('moves a convoy through boarding to departure with a manifest', async () => {
    const corridor = await openCorridor('Convoy test corridor');
    const convoy = await call('POST', `${base}/convoys`, coordinator, {
      corridorId: corridor,
      vehicleIds: ['VEH-200', 'VEH-201', 'VEH-400'],
      receptionPointId: 'RP-3',
    });
    expect(convoy.status).toBe(201);
    const code = convoy.body!.code as string;
    expect(code).toMatch(/^CVY-\d{4}$/);
    expect(convoy.body!.vehicleIds).toHaveLength(3);
    expect((await call('PATCH', `${base}/convoys/${code}`, coordinator, { status: 'boarding' })).status).toBe(
      200,
    );
    expect((await call('PATCH', `${base}/convoys/${code}`, coordinator, { status: 'departed' })).status).toBe(
      422,
    );
    const [bus1, bus2, ambulance] = await Promise.all(
      ['VEH-200', 'VEH-201', 'VEH-400'].map((c) => idOf(t.ctx, 'vehicles', c)),
    );
    const uneven = await call('POST', `${base}/convoys/${code}/manifest`, coordinator, {
      people: { men: 20, women: 25, girls: 10 },
      stretcherCases: 1,
      byVehicle: [{ vehicleId: bus1, people: { men: 20 } }],
    });
    expect(uneven.status).toBe(400);
    expect(uneven.body!.error.message).toMatch(/do not add up/);
    const manifest = await call('POST', `${base}/convoys/${code}/manifest`, coordinator, {
      people: { men: 20, women: 25, girls: 10 },
      stretcherCases: 1,
      wounded: 2,
      unaccompaniedChildren: 1,
      byVehicle: [
        { vehicleId: bus1, people: { men: 20 } },
        { vehicleId: bus2, people: { women: 24, girls: 10 } },
        { vehicleId: ambulance, people: { women: 1 }, stretcherCases: 1 },
      ],
    });
    expect(manifest.status).toBe(201);
    expect(manifest.body!.manifest).toMatchObject({
      people: { men: 20, women: 25, girls: 10, boys: 0 },
      wounded: 2,
      unaccompaniedChildren: 1,
      separatedChildren: 0,
    });
    expect(manifest.body!.manifest.byVehicle).toHaveLength(3);
    expect(
      (await call('PATCH', `${base}/convoys/${code}`, coordinator, { status: 'departed' })).body!.status,
    ).toBe('departed');
    const early = await call('PATCH', `${base}/convoys/${code}`, coordinator, {
      status: 'arrived',
      occurredAt: '2001-01-01T00:00:00Z',
    });
    expect(early.status).toBe(422);
    expect(early.body!.error.message).toMatch(/cannot come before the last one/);
  });

  it("refuses a departure outside the corridor's opening window", async () => {
    const convoy = await call('POST', `${base}/convoys`, coordinator, {
      corridorId: 'COR-7',
      vehicleIds: ['VEH-210'],
    });
    const code = convoy.body!.code as string;
    await call('PATCH', `${base}/convoys/${code}`, coordinator, { status: 'boarding' });
    await call('POST', `${base}/convoys/${code}/manifest`, coordinator, { people: { men: 3 } });
    const res = await call('PATCH', `${base}/convoys/${code}`, coordinator, { status: 'departed' });
    expect(res.status).toBe(422);
    expect(res.body!.error.message).toMatch(/outside the opening windows of corridor COR-7/);
  });

  it('refuses an event id already used for another change, but accepts a retry of the same one', async () => {
    const eventId = uuidv7();
    const body = { people: { men: 5 }, eventId };
    expect((await call('POST', `${base}/convoys/CVY-0003/manifest`, coordinator, body)).status).toBe(201);
    expect((await call('POST', `${base}/convoys/CVY-0003/manifest`, coordinator, body)).status).toBe(201);
    const other = await call('PATCH', `${base}/corridors/COR-7`, coordinator, {
      status: 'suspended',
      reason: 'shelling near the route',
      eventId,
    });
    expect(other.status).toBe(409);
    expect((await call('GET', `${base}/corridors/COR-7`, viewer)).body!.status).toBe('open');
    const changed = { people: { men: 6 }, eventId };
    expect((await call('POST', `${base}/convoys/CVY-0003/manifest`, coordinator, changed)).status).toBe(409);
  });

  it('treats a query parameter named like an object property as unknown', async () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect((await call('GET', `${base}/vehicles?${name}=x`, viewer)).status).toBe(400);
    }
  });

  it('says what is wrong with bad bodies and appends nothing', async () => {
    const before = await countEvents(t.store.db);
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const cases: [unknown, number, RegExp][] = [
      ['{"checkpointId": ', 400, /not valid JSON/],
      ['', 400, /no body/],
      [{ checkpointId: cp, source: 'enumerator', people: { men: -2 } }, 400, /people\.men/],
      [{ checkpointId: cp, source: 'enumerator', people: { men: 1.5 } }, 400, /people\.men/],
      [{ checkpointId: cp, source: 'enumerator', people: { men: 1 }, colour: 'red' }, 400, /colour/],
      [{ checkpointId: cp, source: 'telepathy', people: { men: 1 } }, 400, /source/],
      [{ checkpointId: 'CP-999', source: 'enumerator', people: { men: 1 } }, 422, /CP-999/],
      [{ checkpointId: cp, source: 'drone', people: { men: 1 } }, 400, /drone/],
      [
        { checkpointId: cp, source: 'enumerator', people: { men: 1 }, occurredAt: '2099-01-01T00:00:00Z' },
        400,
        /future/,
      ],
      [[1, 2, 3], 400, /body/],
      [{ checkpointId: cp, source: 'enumerator', people: { men: 1 }, note: 'a\u0000b' }, 400, /NUL/],
      [{ checkpointId: cp, source: 'enumerator', people: { men: 1 }, note: 'x\ud800y' }, 400, /well-formed/],
      [
        {
          checkpointId: cp,
          source: 'enumerator',
          people: { men: 1 },
          occurredAt: '0000-01-01T00:00:00+01:00',
        },
        400,
        /years 0001 to 9999/,
      ],
      [
        { checkpointId: cp, source: 'enumerator', people: { men: 1 }, occurredAt: '2016-02-30T00:00:00Z' },
        400,
        /occurredAt/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await call('POST', `${base}/passages`, coordinator, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(res.body!.error.message).toMatch(message);
    }
    expect(await countEvents(t.store.db)).toBe(before);
  });

  it('says what is wrong with a polygon ring that is empty, short or has bad positions (found by the fuzz test)', async () => {
    const before = await countEvents(t.store.db);
    const ring = [
      [37.1, 36.2],
      [37.2, 36.2],
      [37.2, 36.3],
      [37.1, 36.2],
    ];
    for (const [coordinates, message] of [
      [[[]], /coordinates\[0\]: Too small/],
      [[ring.slice(0, 2)], /coordinates\[0\]: Too small/],
      [[[null, ...ring.slice(1)]], /coordinates\[0\]\[0\]/],
      [[[...ring.slice(0, 3), [37.3, 36.4]]], /closed/],
    ] as const) {
      const body = { kind: 'other', nameEn: 'Test area', geometry: { type: 'Polygon', coordinates } };
      const res = await call('POST', `${base}/areas`, coordinator, body);
      expect(res.status, JSON.stringify(coordinates)).toBe(400);
      expect(res.body!.error.message).toMatch(message);
    }
    expect(await countEvents(t.store.db)).toBe(before);
  });

  it('registers an area with a p-code once: a second area of the same p-code is refused', async () => {
    const ring = [
      [37.1, 36.2],
      [37.2, 36.2],
      [37.2, 36.3],
      [37.1, 36.2],
    ];
    const body = (nameEn: string) => ({
      kind: 'neighbourhood',
      nameEn,
      pcode: 'SY020000T1',
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
    const first = await call('POST', `${base}/areas`, coordinator, body('Test quarter'));
    expect(first.status).toBe(201);
    const before = await countEvents(t.store.db);
    const second = await call('POST', `${base}/areas`, coordinator, body('Test quarter, again'));
    expect(second.status).toBe(409);
    expect(second.body!.error.message).toContain(`p-code SY020000T1 is already area ${first.body!.code}`);
    // However the source wrote it: the same p-code, in lower case, spaced, full-width or with an invisible space.
    for (const spelling of ['sy020000t1', ' SY020000T1 ', 'ＳＹ020000T1', 'SY020000T1\u200b']) {
      const again = await call('POST', `${base}/areas`, coordinator, { ...body('Again'), pcode: spelling });
      expect(again.status, spelling).toBe(409);
    }
    // An empty p-code is none at all: refused, as is one that is not letters and digits.
    for (const pcode of ['', '   ', 'SY 02/x'])
      expect(
        (await call('POST', `${base}/areas`, coordinator, { ...body('Bad'), pcode })).status,
        pcode,
      ).toBe(400);
    expect(await countEvents(t.store.db)).toBe(before);
  });

  it('appends a batch of events once, however often it is sent', async () => {
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-79');
    const convoyId = await idOf(t.ctx, 'convoys', 'CVY-0002');
    const events = Array.from({ length: 25 }, (_, i) => passage(cp, { women: i }, { convoyId }));
    const first = await call('POST', `${base}/events`, enumerator, { events });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ appended: 25, duplicates: 0 });
    const seq = await lastSeq(t.store.db);
    const second = await call('POST', `${base}/events`, enumerator, { events });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ appended: 0, duplicates: 25 });
    expect(first.body!.events.every((e: { outcome: string }) => e.outcome === 'appended')).toBe(true);
    expect(second.body!.events).toEqual(
      first.body!.events.map((e: Record<string, unknown>) => ({ ...e, outcome: 'duplicate' })),
    );
    expect(await lastSeq(t.store.db)).toBe(seq);
  });

  it('refuses the whole batch when one event breaks a rule, naming it', async () => {
    const before = await countEvents(t.store.db);
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const res = await call('POST', `${base}/events`, coordinator, {
      events: [passage(cp, { men: 1 }), passage(uuidv7(), { men: 1 })],
    });
    expect(res.status).toBe(422);
    expect(res.body!.error.details).toMatchObject({ index: 1, type: 'PassageRecorded' });
    expect(await countEvents(t.store.db)).toBe(before);
  });
});

describe('API bodies', () => {
  /** A body of `bytes` sent in chunks with no Content-Length, counting how much of it was read. */
  function chunked(bytes: number): { body: ReadableStream<Uint8Array>; read: () => number } {
    let sent = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= bytes) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    return { body, read: () => sent };
  }

  it('are bounded before a password or a token is read: by Content-Length, and a chunked one at the limit', async () => {
    const big = 'x'.repeat(20 * 1024);
    const login = await api.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    });
    expect(login.status).toBe(413);
    expect(await login.json()).toEqual({
      error: { code: 'invalid_input', message: 'the body is larger than 16 KiB' },
    });
    // 300 MiB announced without a token: refused by its length, never read, never authenticated.
    const announced = await api.request(`${base}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(300 * 1024 * 1024) },
      body: chunked(64 * 1024).body,
      duplex: 'half',
    });
    expect(announced.status).toBe(413);
    // A chunked body with no length stops being read soon after the limit.
    const stream = chunked(300 * 1024 * 1024);
    const res = await api.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream.body,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(stream.read()).toBeLessThan(1024 * 1024);
  });
});

describe('API paths', () => {
  it('answer a malformed percent-encoding 400, wherever it is in the path', async () => {
    for (const path of [`${base}/convoys/%E0%A4%A`, `/api/v1/operations/%zz/convoys`, '/api/auth/%E0']) {
      const res = await call('GET', path, coordinator);
      expect(res, path).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_input', message: 'the path has malformed percent-encoding' } },
      });
    }
    expect((await call('GET', `${base}/convoys/CVY-0002`, coordinator)).status).toBe(200);
  });
});

describe('API compression', () => {
  const get = (path: string, encoding?: string) =>
    api.request(path, {
      headers: {
        authorization: `Bearer ${coordinator}`,
        ...(encoding ? { 'accept-encoding': encoding } : {}),
      },
    });

  it('sends what is read gzipped to a client that takes it, and the same JSON as uncompressed', async () => {
    const plain = await get(`${base}/checkpoints?limit=500`);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    const zipped = await get(`${base}/checkpoints?limit=500`, 'gzip, deflate');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    expect(bytes.length).toBeLessThan(text.length / 3);
    // The API's document, zipped once: the same bytes as sent plain.
    const document = await (await api.request('/api/v1/openapi.json')).text();
    const zippedDocument = await api.request('/api/v1/openapi.json', {
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(zippedDocument.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await zippedDocument.arrayBuffer())).toString('utf8')).toBe(document);
    // Refused by weight: sent as it is.
    expect(
      (await get(`${base}/checkpoints?limit=500`, 'gzip;q=0')).headers.get('content-encoding'),
    ).toBeNull();
  });

  it('never compresses the live stream or the answer to a write', async () => {
    const controller = new AbortController();
    const stream = await api.request(`${base}/stream?after=0`, {
      headers: { authorization: `Bearer ${coordinator}`, 'accept-encoding': 'gzip' },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.headers.get('content-encoding')).toBeNull();
    controller.abort();
    await stream.body?.cancel().catch(() => undefined);
    // A batch's answer names every event (well over a KiB): sent as it is.
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-79');
    const events = Array.from({ length: 25 }, (_, i) => passage(cp, { men: i }));
    const created = await api.request(`${base}/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${enumerator}`,
        'content-type': 'application/json',
        'accept-encoding': 'gzip',
      },
      body: JSON.stringify({ events }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-encoding')).toBeNull();
  });
});
