import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import type { ApiEnv } from '../access/auth.js';
import { onError } from '../errors.js';
import { serveConsole, takesGzip } from './static.js';

describe('the console files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-static-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(dir, 'tally.html'), '<!doctype html><title>tally</title>');
  // A built chunk with the gzip the build writes beside it, and one too small to have one.
  const chunk = `export const words = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `word ${i}`))};`;
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'assets', 'chunk-abc.js'), chunk);
  writeFileSync(join(dir, 'assets', 'chunk-abc.js.gz'), gzipSync(chunk));
  writeFileSync(join(dir, 'assets', 'small-abc.js'), 'export {};');
  const app = new Hono<ApiEnv>();
  app.onError(onError);
  const demoTokens = [{ operationId: 'aleppo-2016', role: 'coordinator', token: 'cor_demo' }];
  serveConsole(app, { dir, demoTokens });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answer a path with malformed percent-encoding 400, not 500', async () => {
    for (const path of ['/%E0%A4%A', '/tally/%E0%A4%A', '/assets/%zz.js', '/convoys/%']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(400);
      expect(await res.json()).toEqual({
        error: { code: 'invalid_input', message: 'the path has malformed percent-encoding' },
      });
    }
  });

  it('serve the console for its routes and the tally under /tally, and no file outside', async () => {
    expect(await (await app.request('/convoys/CVY-0002')).text()).toContain('<title>console');
    expect(await (await app.request('/tally')).text()).toContain('<title>tally');
    // A path that climbs out of the folder gets the console's page, never the file it names.
    const climb = await (await app.request('/%2e%2e/%2e%2e/%2e%2e/etc/passwd')).text();
    expect(climb).not.toContain('root:');
    expect(climb).toContain('<title>console');
  });

  it('give the demo tokens only to this machine: a loopback peer and host, nothing forwarded', async () => {
    const config = async (headers: Record<string, string>, peer: string) => {
      const env = { incoming: { socket: { remoteAddress: peer } } };
      const res = await app.request('/console-config.json', { headers }, env);
      return ((await res.json()) as { demoTokens: unknown[] }).demoTokens.length;
    };
    expect(await config({ host: '127.0.0.1:8080' }, '127.0.0.1')).toBe(1);
    expect(await config({ host: 'localhost:8080' }, '::1')).toBe(1);
    expect(await config({ host: 'corridor.example.org' }, '127.0.0.1')).toBe(0);
    expect(await config({ host: '127.0.0.1:8080', 'x-forwarded-for': '203.0.113.9' }, '127.0.0.1')).toBe(0);
    expect(await config({ host: '127.0.0.1:8080' }, '192.168.1.20')).toBe(0);
  });

  it("send a chunk's gzip to a browser that takes it, and the chunk itself to one that does not", async () => {
    const zipped = await app.request('/assets/chunk-abc.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(chunk);
    for (const encoding of [undefined, 'deflate', 'gzip;q=0', 'identity, *;q=0']) {
      const plain = await app.request(
        '/assets/chunk-abc.js',
        encoding ? { headers: { 'accept-encoding': encoding } } : {},
      );
      expect(plain.headers.get('content-encoding'), encoding).toBeNull();
      expect(await plain.text()).toBe(chunk);
    }
    const small = await app.request('/assets/small-abc.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.text()).toBe('export {};');
  });

  it('read Accept-Encoding with its weights', () => {
    expect(takesGzip('gzip')).toBe(true);
    expect(takesGzip('GZip;q=0.5, br')).toBe(true);
    expect(takesGzip('*')).toBe(true);
    expect(takesGzip('br, *;q=0.1')).toBe(true);
    expect(takesGzip('gzip;q=0, *')).toBe(false);
    expect(takesGzip('gzip; Q=0')).toBe(false);
    expect(takesGzip('br, deflate')).toBe(false);
    expect(takesGzip('')).toBe(false);
    expect(takesGzip(undefined)).toBe(false);
  });
});
