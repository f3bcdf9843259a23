import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api/app.js';
import { DEMO, loadDemo, tokenFor } from '../../test/fixtures.js';
import { freshStore, type TestStore } from '../../test/stores.js';

/**
 * The demo's planned corridor, COR-6, taken through its gates as a coordinator would, on a clock set
 * inside its stage 1 window (10 December 2016): refused while HAZ-1 is suspected and one party has
 * not acknowledged; ready once the hazard is cleared (QA signed) and the acknowledgement recorded;
 * open inside its window; suspended by a critical incident next to it.
 */
describe('safe passage on the Aleppo 2016 demo', () => {
  let t: TestStore;
  let api: ReturnType<typeof createApi>;
  let coordinator: string;
  // The demo loads on today's clock; then the clock goes back to inside COR-6's window.
  let clock: number | undefined;
  const base = `/api/v1/operations/${DEMO}`;
  const call = async (method: string, path: string, body?: unknown) => {
    clock = (clock ?? Date.parse('2016-12-10T06:00:00.000Z')) + 60_000;
    const res = await api.request(base + path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinator}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : text,
    };
  };

  beforeAll(async () => {
    t = await freshStore('sqlite', () => new Date(clock ?? Date.now()));
    await loadDemo(t.ctx);
    api = createApi(t.ctx);
    coordinator = await tokenFor(t.ctx, 'coordinator');
  });
  afterAll(() => t.cleanup());

  it('has COR-6 planned, its route across the suspected HAZ-1, and the other corridors past their gates', async () => {
    const corridors = (await call('GET', '/corridors')).body as Record<string, any>;
    expect(corridors.items.map((c: { code: string; status: string }) => `${c.code} ${c.status}`)).toEqual([
      'COR-1 closed',
      'COR-2 closed',
      'COR-3 closed',
      'COR-4 closed',
      'COR-5 closed',
      'COR-6 planned',
      'COR-7 open',
    ]);
    const blocking = (await call('GET', '/corridors/COR-6/blocking')).body as Record<string, any>;
    expect(blocking.items.map((b: { code: string }) => b.code)).toEqual(['HAZ-1']);
    for (const code of ['COR-1', 'COR-2', 'COR-3', 'COR-4', 'COR-5', 'COR-7'])
      expect(((await call('GET', `/corridors/${code}/blocking`)).body as Record<string, any>).items).toEqual(
        [],
      );
  });

  it('refuses COR-6 with the hazard and the missing acknowledgement named, then lets it through once both are done', async () => {
    expect((await call('POST', '/corridors/COR-6/transitions', { to: 'notified' })).status).toBe(200);
    const refused = await call('POST', '/corridors/COR-6/transitions', { to: 'ready' });
    expect(refused.status).toBe(409);
    const unmet = (refused.body as Record<string, any>).error.details.unmet as string[];
    expect(unmet).toHaveLength(2);
    expect(unmet[0]).toMatch(/^segment \d+ crosses HAZ-1 \(suspected, not cleared\)$/);
    expect(unmet[1]).toBe('no acknowledgement from Armed opposition groups in east Aleppo (NTF-6)');

    // Land release: the suspected area is confirmed by survey, cleared by a team, QA signs it off.
    expect(
      (await call('POST', '/hazards/HAZ-1/status', { status: 'confirmed', reason: 'technical survey' }))
        .status,
    ).toBe(200);
    const task = await call('POST', '/hazards/HAZ-1/clearance-tasks', {
      team: 'EOD team 2',
      organisationId: 'ICRC',
    });
    expect(task.status).toBe(201);
    const taskId = (task.body as Record<string, any>).id as string;
    expect(
      (await call('POST', `/clearance-tasks/${taskId}/complete`, { qaSignedOffBy: 'QA officer' })).status,
    ).toBe(200);
    expect((await call('POST', '/hazards/HAZ-1/status', { status: 'cleared' })).status).toBe(200);
    const stillOne = await call('POST', '/corridors/COR-6/transitions', { to: 'ready' });
    expect((stillOne.body as Record<string, any>).error.details.unmet).toEqual([unmet[1]]);

    const ack = await call('POST', '/notifications/NTF-6/acknowledgements', {
      organisationId: 'AOG-EA',
      acknowledgedBy: 'Liaison officer',
    });
    expect(ack.status).toBe(201);
    expect((await call('POST', '/corridors/COR-6/transitions', { to: 'ready' })).status).toBe(200);
    const open = await call('POST', '/corridors/COR-6/transitions', { to: 'open', reason: 'route cleared' });
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({ status: 'open' });
  });

  it('suspends COR-6 when a critical incident is reported next to it', async () => {
    const route = ((await call('GET', '/corridors/COR-6')).body as Record<string, any>).route
      .coordinates as number[][];
    const [lon, lat] = route[0]!;
    const incident = await call('POST', '/incidents', {
      type: 'shelling',
      severity: 'critical',
      location: { type: 'Point', coordinates: [lon, lat! + 0.002] },
      description: 'Illustrative test incident near the entry checkpoint',
      reporter: 'Command post 6',
    });
    expect(incident.status).toBe(201);
    const corridor = (await call('GET', '/corridors/COR-6')).body as Record<string, any>;
    expect(corridor.status).toBe('suspended');
    const gates = (await call('GET', '/corridors/COR-6/gates')).body as Record<string, any>;
    expect(gates.next.find((n: { to: string }) => n.to === 'open').unmet).toEqual([
      expect.stringMatching(
        /^critical incident INC-1 \(shelling\) 2\d\d m from the route is reported, not closed$/,
      ),
    ]);
  });

  it('renders the notification of COR-6 as HTML and PDF with its four parties acknowledged', async () => {
    const html = await call('GET', '/notifications/NTF-6/document.html');
    expect(html.status).toBe(200);
    const text = html.body as string;
    expect(text).toContain('NTF-6');
    expect(text).toContain('Asia/Damascus');
    expect(text).not.toContain('Not acknowledged');
    const pdf = await call('GET', '/notifications/NTF-6/document.pdf');
    expect(pdf.status).toBe(200);
    expect(typeof pdf.body === 'string' && pdf.body.startsWith('%PDF-')).toBe(true);
  });
});
