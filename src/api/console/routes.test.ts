import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { DEMO, tokenFor } from '../../../test/fixtures.js';
import { DIALECTS, demoStore, type TestStore } from '../../../test/stores.js';
import { createApi } from '../app.js';
import { checkedApi } from '../../../test/api-contract.js';

const base = `/api/v1/operations/${DEMO}`;

describe.each(DIALECTS)("the console's snapshot over the API (%s)", (dialect) => {
  let t: TestStore;
  let api: ReturnType<typeof createApi>;
  let viewer: string;
  let coordinator: string;

  async function call(method: string, path: string, token: string, body?: unknown) {
    const res = await api.request(path, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }

  beforeAll(async () => {
    t = await demoStore(dialect);
    api = checkedApi(createApi(t.ctx));
    viewer = await tokenFor(t.ctx, 'viewer', 'ICRC');
    coordinator = await tokenFor(t.ctx, 'coordinator');
  });
  afterAll(() => t.cleanup());

  it('says where each convoy on the road was last seen, the log head and the caller role', async () => {
    const { status, body } = await call('GET', `${base}/console/snapshot`, viewer);
    expect(status).toBe(200);
    expect(body.role).toBe('viewer');
    const events = (await call('GET', `${base}/events?after=0&limit=5000`, viewer)).body.items as {
      seq: number;
    }[];
    expect(body.headSeq).toBe(events.at(-1)!.seq);
    // CVY-0001 has arrived; CVY-0002 is on the road, counted at its entry checkpoint; CVY-0003 boards.
    expect(body.convoys.map((c: any) => [c.code, c.status])).toEqual([
      ['CVY-0002', 'departed'],
      ['CVY-0003', 'boarding'],
    ]);
    const cp71 = (await call('GET', `${base}/checkpoints/CP-71`, viewer)).body.id as string;
    expect(body.convoys[0].last.checkpointId).toBe(cp71);
    expect(body.convoys[0].lastCheckpoint.checkpointId).toBe(cp71);
    expect(body.convoys[1].last).toBeNull();
  });

  it("says when the operation's record begins and ends: by when things happened, not when they were entered", async () => {
    const events = (await call('GET', `${base}/events?after=0&limit=5000`, viewer)).body.items as {
      occurredAt: string;
    }[];
    const latest = events
      .map((e) => e.occurredAt)
      .sort()
      .at(-1)!;
    const { body } = await call('GET', `${base}/console/snapshot`, viewer);
    expect(body.span.lastOccurredAt).toBe(latest);
    expect(body.span.began <= latest).toBe(true);
    // The demo happened in 2016 and early 2017, though it was entered today.
    expect(latest < '2018').toBe(true);
  });

  it('follows a later passage, and a GPS fix without a checkpoint leaves the last checkpoint as it was', async () => {
    const cp72 = (await call('GET', `${base}/checkpoints/CP-72`, viewer)).body.id as string;
    const people = { men: 300, women: 230, boys: 140, girls: 135, elderlyMen: 30, elderlyWomen: 35 };
    const at = await call('POST', `${base}/passages`, coordinator, {
      checkpointId: 'CP-72',
      convoyId: 'CVY-0002',
      source: 'enumerator',
      people,
      eventId: uuidv7(),
      occurredAt: '2016-12-15T11:30:00.000Z',
    });
    expect(at.status).toBe(201);
    const fix = await call('POST', `${base}/passages`, coordinator, {
      location: { type: 'Point', coordinates: [37.17, 36.17] },
      convoyId: 'CVY-0002',
      source: 'position',
      eventId: uuidv7(),
      occurredAt: '2016-12-15T11:40:00.000Z',
    });
    expect(fix.status).toBe(201);
    const { body } = await call('GET', `${base}/console/snapshot`, viewer);
    const cvy2 = body.convoys.find((c: any) => c.code === 'CVY-0002');
    expect(cvy2.last.location.coordinates).toEqual([37.17, 36.17]);
    expect(cvy2.lastCheckpoint.checkpointId).toBe(cp72);
  });

  it('refuses another operation (403), a malformed operation id (404) and a caller without a token (401)', async () => {
    expect((await call('GET', '/api/v1/operations/elsewhere/console/snapshot', viewer)).status).toBe(403);
    expect((await call('GET', '/api/v1/operations/NOT_AN_ID!/console/snapshot', viewer)).status).toBe(404);
    expect((await api.request(`${base}/console/snapshot`)).status).toBe(401);
  });
});
