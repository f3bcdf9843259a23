import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO, tokenFor } from '../../test/fixtures.js';
import { demoStore, type TestStore } from '../../test/stores.js';
import { MESSAGES } from '../contracts/words/messages.js';
import { createApi } from './app.js';

let t: TestStore;
let api: ReturnType<typeof createApi>;
let coordinator: string;

beforeAll(async () => {
  t = await demoStore('sqlite');
  api = createApi(t.ctx);
  coordinator = await tokenFor(t.ctx, 'coordinator');
});
afterAll(() => t.cleanup());

/** A refused change (a corridor cannot go back to planned), asked in a language. */
async function refused(acceptLanguage?: string) {
  const res = await api.request(`/api/v1/operations/${DEMO}/corridors/COR-7`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${coordinator}`,
      'content-type': 'application/json',
      ...(acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage }),
    },
    body: JSON.stringify({ status: 'planned' }),
  });
  const body = (await res.json()) as { error: { code: string; message: string; details?: unknown } };
  return { status: res.status, language: res.headers.get('content-language'), error: body.error };
}

describe('a refusal in the language the caller asks for', () => {
  it('is English by default and for an English reader', async () => {
    const plain = await refused();
    expect(plain.status).toBe(422);
    expect(plain.language).toBeNull();
    expect(plain.error.message).toMatch(/^corridor COR-7 cannot go from \w+ to planned$/);
    // A q that is not a number from 0 to 1 counts for nothing.
    for (const asked of [
      'en',
      'en-GB,en;q=0.9',
      'ar;q=0.4, en;q=0.8',
      'fr, en;q=0.5, ar;q=0.3',
      'en;q=0.9, ar;q=abc',
      'ar;q=',
      'en;q=0.9, ar;q=1.5',
      '*',
    ]) {
      const again = await refused(asked);
      expect(again.language).toBeNull();
      expect(again.error.message).toBe(plain.error.message);
    }
  });

  it('is Arabic for an Arabic reader: the same refusal, codes isolated, statuses in its words', async () => {
    const plain = await refused();
    for (const asked of ['ar', 'ar-SY', 'en;q=0.5, ar', 'fr, ar;q=0.9, en;q=0.8']) {
      const ar = await refused(asked);
      expect(ar.status, asked).toBe(plain.status);
      expect(ar.language, asked).toBe('ar');
      expect(ar.error.code).toBe(plain.error.code);
      // The same facts beside it (the event's id is new with each request).
      expect({ ...(ar.error.details as object), eventId: null }).toEqual({
        ...(plain.error.details as object),
        eventId: null,
      });
      expect(ar.error.message).toMatch(/[\u0600-\u06ff]/);
      expect(ar.error.message).toContain('\u2068COR-7\u2069');
      expect(ar.error.message).toContain(MESSAGES.ar['status.planned' as keyof typeof MESSAGES.ar]);
      expect(ar.error.message).not.toMatch(/cannot|planned|CorridorStatusChanged/);
    }
  });

  it("frames a schema's refusal in Arabic and keeps the schema's own words, isolated, beside it", async () => {
    const res = await api.request(`/api/v1/operations/${DEMO}/corridors/COR-7`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${coordinator}`,
        'content-type': 'application/json',
        'accept-language': 'ar',
      },
      body: JSON.stringify({ status: 'sideways' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-language')).toBe('ar');
    const { message } = ((await res.json()) as { error: { message: string } }).error;
    expect(message).toMatch(/^[\u0600-\u06ff]/);
    expect(message).toMatch(/\u2068body\.status: [^\u2069]+\u2069$/);
  });

  it("names a corridor's unmet gates in Arabic, each from its kind and numbers", async () => {
    const patch = (status: string, lang?: string) =>
      api.request(`/api/v1/operations/${DEMO}/corridors/COR-6`, {
        method: 'PATCH',
        headers: {
          authorization: `Bearer ${coordinator}`,
          'content-type': 'application/json',
          ...(lang ? { 'accept-language': lang } : {}),
        },
        body: JSON.stringify({ status }),
      });
    expect((await patch('notified')).status).toBe(200);
    const en = await patch('ready');
    expect(en.status).toBe(409);
    const english = ((await en.json()) as { error: { message: string; details: { unmet: string[] } } }).error;
    expect(english.message).toContain('segment 1 crosses HAZ-1');
    const ar = await patch('ready', 'ar');
    expect(ar.status).toBe(409);
    expect(ar.headers.get('content-language')).toBe('ar');
    const arabic = ((await ar.json()) as { error: { message: string; details: { unmet: string[] } } }).error;
    expect(arabic.details.unmet).toEqual(english.details.unmet);
    expect(arabic.message).toContain('يعبر المقطع 1 من المسار HAZ-1');
    expect(arabic.message).not.toMatch(/crosses|acknowledgement|cleared/);
  });

  it('says what the API refuses itself in Arabic too: no route, no token', async () => {
    const noRoute = await api.request('/api/v1/nowhere', {
      headers: { authorization: `Bearer ${coordinator}`, 'accept-language': 'ar' },
    });
    expect(noRoute.status).toBe(404);
    expect(noRoute.headers.get('content-language')).toBe('ar');
    expect(((await noRoute.json()) as { error: { message: string } }).error.message).toBe(
      'لا يوجد مسار \u2068GET\u2069 \u2068/api/v1/nowhere\u2069',
    );
    const unknown = await api.request(`/api/v1/operations/${DEMO}/corridors`, {
      headers: { authorization: 'Bearer cor_not-a-token', 'accept-language': 'ar' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('Bearer');
    expect(((await unknown.json()) as { error: { code: string; message: string } }).error).toEqual({
      code: 'unauthenticated',
      message: 'رمز الدخول غير معروف أو أُلغي أو انتهت صلاحيته',
    });
  });
});
