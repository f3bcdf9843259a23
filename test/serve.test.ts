import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeConfig } from '../src/cli/main.js';
import { corridor } from './cli-in-process.js';
import { startServerProcess } from './processes.js';

describe('corridor serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-serve-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the demo into an empty database on first start and serves its seven corridors', async () => {
    const db = join(dir, 'first.db');
    const server = await startServerProcess(['--db', db]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const health = await fetch(`${server.url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const token = (await corridor(['token', 'create', '--role', 'viewer'], { CORRIDOR_DB: db })).stdout
        .trim()
        .split('\n')
        .at(-1)!;
      const res = await fetch(`${server.url}/api/v1/operations/aleppo-2016/corridors`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { total: number; items: { code: string }[] };
      expect(body.total).toBe(7);
    } finally {
      await server.stop();
    }
  });
});

describe('where the CLI keeps its data', () => {
  it('prefers --pg, then --db, then DATABASE_URL, then CORRIDOR_DB, then ./data/corridor.db', () => {
    const env = { DATABASE_URL: 'postgres://env', CORRIDOR_DB: '/env.db' };
    expect(storeConfig({ pg: 'postgres://flag', db: '/flag.db' }, env)).toEqual({ pgUrl: 'postgres://flag' });
    expect(storeConfig({ db: '/flag.db' }, env)).toEqual({ sqlitePath: '/flag.db' });
    expect(storeConfig({}, env)).toEqual({ pgUrl: 'postgres://env' });
    expect(storeConfig({}, { CORRIDOR_DB: '/env.db' })).toEqual({ sqlitePath: '/env.db' });
    expect(storeConfig({}, {})).toEqual({ sqlitePath: 'data/corridor.db' });
  });
});
