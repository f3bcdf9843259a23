import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordChanges } from '../app/log/record-changes.js';
import { createToken, revokeToken } from '../app/access/tokens.js';
import { lastSeq } from '../store/event-log.js';
import { DEMO, SYSTEM, idOf, passage, tokenFor } from '../../test/fixtures.js';
import { demoStore, type TestStore } from '../../test/stores.js';
import { createApi } from './app.js';
import { checkedApi } from '../../test/api-contract.js';

interface Message {
  id?: string;
  event?: string;
  data: string;
}

/** Read server-sent messages until the server ends the stream. */
async function readAll(res: Response): Promise<Message[]> {
  return readMessages(res, () => false);
}

/** Read server-sent messages from a response until `enough` says stop. */
async function readMessages(res: Response, enough: (messages: Message[]) => boolean): Promise<Message[]> {
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  const messages: Message[] = [];
  let buffer = '';
  while (!enough(messages)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const m: Message = { data: '' };
      for (const line of block.split('\n')) {
        const [field, ...rest] = line.split(': ');
        const v = rest.join(': ');
        if (field === 'id') m.id = v;
        else if (field === 'event') m.event = v;
        else if (field === 'data') m.data += v;
      }
      if (m.data) messages.push(m);
    }
  }
  await reader.cancel();
  return messages;
}

describe('live stream', () => {
  let t: TestStore;
  let token: string;
  let api: ReturnType<typeof createApi>;
  beforeAll(async () => {
    t = await demoStore('sqlite');
    token = await tokenFor(t.ctx, 'viewer');
    api = checkedApi(createApi(t.ctx));
  });
  afterAll(() => t.cleanup());

  it('resumes after Last-Event-ID and then sends what is appended, as it is appended', async () => {
    const resumeAt = (await lastSeq(t.store.db)) - 2;
    const controller = new AbortController();
    const res = await api.request(`/api/v1/operations/${DEMO}/stream`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': String(resumeAt) },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const live = passage(cp, { girls: 4 });
    setTimeout(() => void recordChanges(t.ctx, DEMO, SYSTEM, [live], { mode: 'replay' }), 200);
    const messages = await readMessages(res, (ms) => ms.some((m) => m.data.includes(live.id)));
    controller.abort();
    const events = messages.filter((m) => m.id).map((m) => JSON.parse(m.data) as { seq: number; id: string });
    expect(events.map((e) => e.seq)).toEqual([resumeAt + 1, resumeAt + 2, resumeAt + 3]);
    expect(events.at(-1)!.id).toBe(live.id);
    expect(Number(messages.at(-1)!.id)).toBe(resumeAt + 3);
  });

  it('stops sending once its token is revoked', async () => {
    const created = await createToken(t.ctx, { operationId: DEMO, role: 'viewer' });
    const quick = createApi(t.ctx, { reauthenticateMs: 50 });
    const res = await quick.request(`/api/v1/operations/${DEMO}/stream?after=${await lastSeq(t.store.db)}`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    setTimeout(() => void revokeToken(t.ctx, created.id), 100);
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    const later = new Promise((resolve) => setTimeout(resolve, 1500)).then(() =>
      recordChanges(t.ctx, DEMO, SYSTEM, [passage(cp, { boys: 1 })], { mode: 'replay' }),
    );
    const messages = await readAll(res);
    await later; // the store stays open until the late write is done
    expect(messages.at(-1)).toMatchObject({ event: 'unauthorised' });
    expect(messages.filter((m) => m.id)).toEqual([]);
  });

  it('sends nothing appended after its token was revoked, even before its next check', async () => {
    const created = await createToken(t.ctx, { operationId: DEMO, role: 'viewer' });
    // The default check, every 10 s: the revocation comes first to the next batch read.
    const res = await createApi(t.ctx).request(
      `/api/v1/operations/${DEMO}/stream?after=${await lastSeq(t.store.db)}`,
      {
        headers: { authorization: `Bearer ${created.token}` },
      },
    );
    const cp = await idOf(t.ctx, 'checkpoints', 'CP-71');
    setTimeout(() => {
      void revokeToken(t.ctx, created.id).then(() =>
        recordChanges(t.ctx, DEMO, SYSTEM, [passage(cp, { boys: 2 })], { mode: 'replay' }),
      );
    }, 100);
    const messages = await readAll(res);
    expect(messages.at(-1)).toMatchObject({ event: 'unauthorised' });
    expect(messages.filter((m) => m.id)).toEqual([]);
  });

  it('refuses a position to resume after that is not a sequence number', async () => {
    for (const after of ['abc', '-5', '1.5', '99999999999999999999']) {
      const res = await api.request(`/api/v1/operations/${DEMO}/stream?after=${after}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status, after).toBe(400);
    }
    const header = await api.request(`/api/v1/operations/${DEMO}/stream`, {
      headers: { authorization: `Bearer ${token}`, 'last-event-id': 'abc' },
    });
    expect(header.status).toBe(400);
  });

  it('needs a token like every other call', async () => {
    const res = await api.request(`/api/v1/operations/${DEMO}/stream`);
    expect(res.status).toBe(401);
  });
});
