import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './store.js';

describe('the SQLite files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-modes-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are readable by their owner only: the database, its WAL and shared memory, and a new folder', async () => {
    const path = join(dir, 'data', 'corridor.db');
    const store = await openStore({ sqlitePath: path });
    try {
      const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
      expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)]).toEqual(['600', '600', '600']);
      expect(mode(join(dir, 'data'))).toBe('700');
    } finally {
      await store.close();
    }
  });
});
