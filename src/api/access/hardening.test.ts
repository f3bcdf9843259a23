import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../app/access/tokens.js';
import { DEMO } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { createApi } from '../app.js';
import { RateLimiter } from './rate-limit.js';

describe('hardening of the API', () => {
  let t: TestStore;
  let api: ReturnType<typeof createApi>;
  const tokens: string[] = [];
  let coordinator: string;
  const get = (token: string, path = `/api/v1/operations/${DEMO}/corridors?limit=1`) =>
    api.request(path, { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    t = await demoStore('sqlite');
    api = createApi(t.ctx, {
      rateLimits: { perToken: { perSecond: 1, burst: 5 }, perAddress: { perSecond: 10, burst: 30 } },
    });
    coordinator = (await createToken(t.ctx, { operationId: DEMO, role: 'coordinator' })).token;
    for (let i = 0; i < 2; i++)
      tokens.push((await createToken(t.ctx, { operationId: DEMO, role: 'viewer' })).token);
  });
  afterAll(() => t.cleanup());

  it('answers a burst beyond the limit of one token with 429 and Retry-After, and keeps serving the others', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) statuses.push((await get(tokens[0]!)).status);
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    const limited = await get(tokens[0]!);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await get(tokens[1]!)).status).toBe(200);
  });

  it('limits guessing from one address before any token is checked', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await get('not-a-token')).status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThan(15);
    expect(statuses.at(-1)).toBe(429);
  });

  it('sends security headers and no CORS headers', async () => {
    const res = await api.request('/api/health', { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers broken input without stack traces or SQL', async () => {
    const res = await createApi(t.ctx).request(`/api/v1/operations/${DEMO}/corridors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'invalid_input' } });
    expect(text).not.toMatch(/\bat .*\.ts:\d+|select |insert into/i);
  });
});

describe('the rate limiter', () => {
  it('refills continuously up to the burst', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBeCloseTo(0.5);
    now = 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('b')).toBe(0);
    now = 60_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([
      0, 0, 0, 0.5,
    ]);
  });
});
