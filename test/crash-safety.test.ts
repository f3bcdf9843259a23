import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyLog } from '../src/app/log/audit.js';
import { createContext } from '../src/app/context.js';
import { readEvents } from '../src/store/event-log.js';
import { openStore } from '../src/store/store.js';
import { DEMO, idOf, loadDemo, passage, tokenFor } from './fixtures.js';
import { startServerProcess } from './processes.js';

describe('a crash of the server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-crash-'));
  const db = join(dir, 'corridor.db');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loses no event it acknowledged', async () => {
    const store = await openStore({ sqlitePath: db });
    const ctx = createContext(store);
    await loadDemo(ctx);
    const token = await tokenFor(ctx, 'enumerator');
    const checkpoint = await idOf(ctx, 'checkpoints', 'CP-71');
    await store.close();

    const server = await startServerProcess(['--db', db]);
    const acknowledged: string[] = [];
    const post = async (events: ReturnType<typeof passage>[]) => {
      const res = await fetch(`${server.url}/api/v1/operations/${DEMO}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      if (res.status === 201) acknowledged.push(...events.map((e) => e.id));
      return res.status;
    };
    // Acknowledged writes first, then a burst still in flight when the process is killed.
    for (let i = 0; i < 20; i++)
      expect(
        await post(
          i % 2
            ? [passage(checkpoint, { men: i })]
            : Array.from({ length: 50 }, () => passage(checkpoint, { women: 1 })),
        ),
      ).toBe(201);
    const inFlight = Array.from({ length: 10 }, () =>
      post([passage(checkpoint, { boys: 1 })]).catch(() => 0),
    );
    const last = await post([passage(checkpoint, { girls: 9 })]);
    expect(last).toBe(201);
    server.child.kill('SIGKILL');
    await Promise.all(inFlight);
    await server.stop();

    const restarted = await startServerProcess(['--db', db]);
    const stored = new Set<string>();
    for (let after = 0; ;) {
      const res = await fetch(`${restarted.url}/api/v1/operations/${DEMO}/events?after=${after}&limit=5000`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const page = (await res.json()) as { items: { id: string; seq: number }[] };
      if (page.items.length === 0) break;
      for (const e of page.items) stored.add(e.id);
      after = page.items.at(-1)!.seq;
    }
    await restarted.stop();
    expect(acknowledged.length).toBeGreaterThanOrEqual(511);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);

    const reopened = await openStore({ sqlitePath: db });
    expect((await verifyLog(createContext(reopened))).ok).toBe(true);
    expect((await readEvents(reopened.db, { operationId: DEMO, limit: 1 }))[0]!.type).toBe(
      'OperationCreated',
    );
    await reopened.close();
  });
});
