import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { tickAccountability } from '../../app/log/derived-events.js';
import { createToken } from '../../app/access/tokens.js';
import { countEvents } from '../../store/event-log.js';
import { DEMO, tokenFor } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { createApi } from '../app.js';
import { checkedApi } from '../../../test/api-contract.js';

const base = `/api/v1/operations/${DEMO}`;
const LOAD = { men: 300, women: 230, boys: 140, girls: 135, elderlyMen: 30, elderlyWomen: 35 };

describe.each(DIALECTS)('accountability over the API (%s)', (dialect) => {
  let t: TestStore;
  let api: ReturnType<typeof createApi>;
  let coordinator: string;
  let viewer: string;
  let enumerator: string;
  let camera: string;

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await api.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
  }
  const alerts = async (query = '') =>
    (await call('GET', `${base}/alerts?limit=5000${query}`, viewer)).body!.items as Record<string, any>[];

  beforeAll(async () => {
    t = await demoStore(dialect);
    api = checkedApi(createApi(t.ctx));
    coordinator = await tokenFor(t.ctx, 'coordinator');
    viewer = await tokenFor(t.ctx, 'viewer', 'ICRC');
    enumerator = await tokenFor(t.ctx, 'enumerator');
    camera = (
      await createToken(t.ctx, {
        operationId: DEMO,
        role: 'device',
        device: { kind: 'camera', id: 'CAM-CP79' },
      })
    ).token;
  });
  afterAll(() => t.cleanup());

  it('takes a camera batch on its device token, once, and refuses what a camera cannot say', async () => {
    const id = uuidv7();
    const observation = {
      id,
      at: new Date().toISOString(),
      checkpoint: 'CP-79',
      convoy: 'CVY-0002',
      peopleTotal: 868,
      vehicles: 26,
    };
    const first = await call('POST', `${base}/ingest`, camera, { observations: [observation] });
    expect(first).toMatchObject({ status: 201, body: { appended: 1, duplicates: 0 } });
    const passage = (await call('GET', `${base}/passages/${id}`, viewer)).body!;
    expect(passage).toMatchObject({
      source: 'camera',
      deviceId: 'CAM-CP79',
      peopleTotal: 868,
      scope: 'convoy',
    });
    // 868 against 870 at CP-71 is within the camera's 3%: nothing to say.
    expect(await alerts()).toEqual([]);
    const events = await countEvents(t.store.db, DEMO);
    const again = await call('POST', `${base}/ingest`, camera, { observations: [observation] });
    expect(again).toMatchObject({ status: 200, body: { appended: 0, duplicates: 1 } });
    expect(await countEvents(t.store.db, DEMO)).toBe(events);

    const bad = [
      [{ ...observation, id: uuidv7(), peopleTotal: -1 }, 400],
      [{ ...observation, id: uuidv7(), peopleTotal: 1.5 }, 400],
      [{ ...observation, id: uuidv7(), at: new Date(Date.now() + 3_600_000).toISOString() }, 400],
      [{ ...observation, id: uuidv7(), checkpoint: 'CP-999' }, 422],
      [{ ...observation, id: uuidv7(), checkpoint: 'CP-11' }, 422],
    ] as const;
    for (const [o, status] of bad) {
      expect((await call('POST', `${base}/ingest`, camera, { observations: [o] })).status).toBe(status);
    }
    expect((await call('POST', `${base}/ingest`, viewer, { observations: [observation] })).status).toBe(403);
    expect(
      (await call('POST', `${base}/ingest`, 'cor_unknown', { observations: [observation] })).status,
    ).toBe(401);
    // Through the events route a device still records only its own kind of passage.
    const asEnumerator = {
      id: uuidv7(),
      type: 'PassageRecorded',
      occurredAt: new Date().toISOString(),
      payload: {
        passageId: uuidv7(),
        checkpointId: passage.checkpointId,
        source: 'enumerator',
        people: LOAD,
      },
    };
    expect((await call('POST', `${base}/events`, camera, { events: [asEnumerator] })).status).toBe(403);
    expect(await countEvents(t.store.db, DEMO)).toBe(events);
  });

  it('maps an OpenDataCam counter export to one camera observation', async () => {
    const at = (s: number) => new Date(Date.now() - 60_000 + s * 1000).toISOString();
    const crossing = (i: number, name: string) => ({
      timestamp: at(i),
      area: 'line-1',
      name,
      id: 1000 + i,
      countingDirection: 'leftright_topbottom',
    });
    const body = {
      checkpoint: 'CP-79',
      convoy: 'CVY-0002',
      area: 'line-1',
      counterHistory: [
        [crossing(1, 'bus'), crossing(2, 'person'), crossing(3, 'person')],
        [crossing(4, 'car'), { ...crossing(5, 'person'), area: 'line-2' }],
      ],
    };
    const res = await call('POST', `${base}/ingest/opendatacam`, camera, body);
    expect(res).toMatchObject({ status: 201, body: { appended: 1 } });
    const passage = (await call('GET', `${base}/passages/${res.body!.observations[0].id}`, viewer)).body!;
    expect(passage).toMatchObject({ peopleTotal: 2, vehicles: 2, source: 'camera' });
    expect((await call('POST', `${base}/ingest/opendatacam`, camera, body)).body).toMatchObject({
      duplicates: 1,
    });
  });

  it('raises an alert with the numbers, lets it be acknowledged and resolved with a note', async () => {
    const short = { ...LOAD, men: 297 };
    const res = await call('POST', `${base}/passages`, enumerator, {
      checkpointId: 'CP-79',
      convoyId: 'CVY-0002',
      source: 'enumerator',
      people: short,
    });
    expect(res.status).toBe(201);
    const [alert] = await alerts('&status=open&kind=people-missing');
    expect(alert).toMatchObject({
      code: 'ALR-0001',
      severity: 'critical',
      numbers: { before: 870, after: 867, men: 3 },
    });
    expect(alert!.reason).toMatch(
      /^CVY-0002: 3 fewer men \(297 vs 300\) at CP-79 exit than at CP-72 intermediate|^CVY-0002: 3 fewer men \(297 vs 300\) at CP-79 exit than at CP-71 entry/,
    );
    expect((await call('POST', `${base}/alerts`, coordinator, {})).status).toBe(404);
    expect((await call('POST', `${base}/alerts/${alert!.code}/resolve`, viewer, { note: 'x' })).status).toBe(
      403,
    );
    expect(
      (await call('POST', `${base}/alerts/${alert!.code}/resolve`, coordinator, { note: ' ' })).status,
    ).toBe(400);
    const acked = await call('POST', `${base}/alerts/${alert!.code}/acknowledge`, coordinator, {
      note: 'POST-7 is calling the convoy',
    });
    expect(acked.body).toMatchObject({
      status: 'acknowledged',
      acknowledgeNote: 'POST-7 is calling the convoy',
    });
    const resolved = await call('POST', `${base}/alerts/${alert!.code}/resolve`, coordinator, {
      note: 'Three men left the bus for treatment at the field hospital by CP-79',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'manual' });
    const report = (await call('GET', `${base}/convoys/CVY-0002/reconciliation`, viewer)).body!;
    expect(report.stations.map((s: { station: string }) => s.station)[0]).toBe('manifest');
    expect(report.alerts).toHaveLength(1);
  });

  it('raises an alert for a passage of no known convoy and resolves it when matched by hand', async () => {
    const res = await call('POST', `${base}/passages`, enumerator, {
      checkpointId: 'CP-71',
      source: 'enumerator',
      plates: ['NOT-REGISTERED-1'],
      vehicles: 1,
    });
    const [alert] = await alerts('&kind=unknown-convoy');
    expect(alert).toMatchObject({ status: 'open', passageId: res.body!.id });
    expect(alert!.reason).toContain('unregistered plate NOT-REGISTERED-1');
    const matched = await call('POST', `${base}/passages/${res.body!.id}/match`, coordinator, {
      convoyId: 'CVY-0002',
    });
    expect(matched.body).toMatchObject({ convoyId: expect.any(String), matchedBy: 'manual' });
    expect((await alerts('&kind=unknown-convoy'))[0]).toMatchObject({
      status: 'resolved',
      resolution: 'explained',
    });
  });

  it('corrects and voids tallies by their own organisation, and shows every tally on the convoy page', async () => {
    const partner = (
      await createToken(t.ctx, {
        operationId: DEMO,
        role: 'enumerator',
        organisation: 'ICRC',
        label: 'ICRC phone 2 at CP-72',
      })
    ).token;
    const tally = (token: string, body: Record<string, unknown>) =>
      call('POST', `${base}/passages`, token, {
        checkpointId: 'CP-72',
        convoyId: 'CVY-0002',
        source: 'enumerator',
        ...body,
      });
    const first = await tally(enumerator, { peopleTotal: 438 });
    expect(first.status).toBe(201);
    const firstId = first.body!.id as string;
    // Another organisation's enumerator neither corrects nor voids it; a missing tally is not corrected.
    const foreign = await tally(partner, { peopleTotal: 437, corrects: firstId, reason: 'recount' });
    expect(foreign).toMatchObject({
      status: 403,
      body: { error: { message: expect.stringMatching(/belongs to another organisation/) } },
    });
    const voidBy = (token: string, id: string, reason: string) =>
      call('POST', `${base}/passages/${id}/void`, token, { reason });
    expect((await voidBy(partner, firstId, 'not ours')).status).toBe(403);
    expect((await tally(enumerator, { peopleTotal: 1, corrects: uuidv7(), reason: 'x' })).status).toBe(422);
    expect((await voidBy(enumerator, firstId, ' ')).status).toBe(400);
    // A second, differing tally by the partner stands beside the first: nothing is replaced silently.
    const second = await tally(partner, { peopleTotal: 7 });
    expect(second.status).toBe(201);
    const station = async () => {
      const page = (await call('GET', `${base}/convoys/CVY-0002/reconciliation`, viewer)).body!;
      return page.stations.find((s: { label: string }) => s.label === 'CP-72 intermediate');
    };
    let cp72 = await station();
    expect(cp72).toMatchObject({ disputed: true, best: { total: 7 } });
    expect(cp72.tallies.map((h: { status: string }) => h.status)).toEqual(['differs', 'used']);
    // The partner voids its own tally; the coordinating body corrects its first one.
    expect((await voidBy(partner, second.body!.id as string, 'counted the wrong convoy')).status).toBe(200);
    const fix = await tally(enumerator, {
      peopleTotal: 869,
      corrects: firstId,
      reason: 'one bus was missed',
    });
    expect(fix.status).toBe(201);
    cp72 = await station();
    expect(cp72).toMatchObject({ disputed: false, best: { total: 869 } });
    expect(cp72.tallies.map((h: { status: string; note: string | null }) => [h.status, h.note])).toEqual([
      ['corrected', 'one bus was missed'],
      ['void', 'counted the wrong convoy'],
      ['used', 'one bus was missed'],
    ]);
    // Who counted, and who voided: by name or label for a coordinator; the organisation only for a viewer.
    const page = (await call('GET', `${base}/convoys/CVY-0002/reconciliation`, coordinator)).body!;
    const held = page.stations.find((s: { label: string }) => s.label === 'CP-72 intermediate');
    expect(
      held.tallies.map((h: { recorder: string; voidedBy: string | null }) => [h.recorder, h.voidedBy]),
    ).toEqual([
      ['enumerator token', null],
      ['ICRC phone 2 at CP-72', 'ICRC phone 2 at CP-72'],
      ['enumerator token', null],
    ]);
    expect(cp72.tallies.map((h: { recorder: string | null }) => h.recorder)).toEqual([null, null, null]);
  });

  it('tells on the clock that a convoy still in transit outlived the window of its corridor', async () => {
    const derived = await tickAccountability(t.ctx, DEMO);
    const kinds = derived.map((e) => (e.payload as { kind: string }).kind).sort();
    // CVY-0002 has been seen at the exit above, so it is neither stopped nor overdue, but it has not arrived.
    expect(kinds).toEqual(['window-ended']);
    expect(await tickAccountability(t.ctx, DEMO)).toEqual([]);
    const reconciliation = (await call('GET', `${base}/reconciliation`, viewer)).body!;
    const cor7 = reconciliation.corridors.find((c: { corridor: string }) => c.corridor === 'COR-7');
    // The two sample convoys that entered (870 each) and the 30 convoys of stage 2's recorded history,
    // which carry the 34,000 of the brief less the three sample convoys' 870 each.
    expect(cor7.total.entered.total).toBe(2 * 870 + (34_000 - 3 * 870));
    expect(cor7.total.inTransit.total).toBe(0);
  });
});
