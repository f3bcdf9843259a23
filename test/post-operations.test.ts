import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { corridor } from './cli-in-process.js';
import { DEMO } from './fixtures.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { addOperation, seedDemoFile } from './seed-demo.js';

/**
 * A command post that works for two operations of headquarters, as real `corridor serve` processes:
 * started with only its upstream and a site token of each operation, it pulls both, and a change made
 * at the post in either operation reaches headquarters.
 */

const RETURNS = 'aleppo-returns';

async function lastLine(args: string[]): Promise<string> {
  const out = await corridor(args);
  if (out.code !== 0) throw new Error(`corridor ${args.join(' ')}: ${out.stderr}`);
  return out.stdout.trim().split('\n').at(-1)!;
}

/** Each site's head of an operation, read from a node's SQLite file (the process keeps it open). */
function heads(path: string, operationId: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT origin_site AS site, MAX(origin_seq) AS seq FROM events WHERE operation_id = ? GROUP BY origin_site',
      )
      .all(operationId) as { site: string; seq: number }[];
    return Object.fromEntries(rows.map((r) => [r.site, r.seq]));
  } finally {
    db.close();
  }
}

describe('a command post with a site token for each of two operations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-post-ops-'));
  const hqDb = join(dir, 'hq.db');
  const postDb = join(dir, 'post.db');
  const processes: ServerProcess[] = [];
  afterAll(async () => {
    for (const p of processes) await p.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
  });

  it('pulls both operations, and sends up what it records in each', async () => {
    await seedDemoFile(hqDb, 'in-progress', 'HQ');
    await addOperation(hqDb, RETURNS, 'Returns to east Aleppo');
    const tokens: string[] = [];
    for (const operation of [DEMO, RETURNS])
      tokens.push(
        await lastLine([
          '--db',
          hqDb,
          'token',
          'create',
          '--role',
          'site',
          '--site',
          'POST-1',
          '--operation',
          operation,
        ]),
      );
    const hq = await startServerProcess(['--db', hqDb], ['--site', 'HQ']);
    processes.push(hq);
    const post = await startServerProcess(
      ['--db', postDb],
      [
        '--site',
        'POST-1',
        '--upstream',
        hq.url,
        '--upstream-token',
        tokens[0]!,
        '--upstream-token',
        tokens[1]!,
        '--sync-interval-ms',
        '200',
      ],
    );
    processes.push(post);
    // Both read at each look: headquarters' clock may raise an alert (a new event) meanwhile.
    for (const op of [DEMO, RETURNS])
      await expect
        .poll(
          () => {
            const [here, there] = [heads(postDb, op), heads(hqDb, op)];
            return JSON.stringify(here) === JSON.stringify(there) ? 'the same' : { here, there };
          },
          { timeout: 30_000 },
        )
        .toBe('the same');
    expect(Object.keys(heads(postDb, RETURNS))).toEqual(['HQ']);

    // A coordinator at the post, of each operation, reports an incident there.
    for (const op of [DEMO, RETURNS]) {
      const token = await lastLine([
        '--db',
        postDb,
        'token',
        'create',
        '--role',
        'coordinator',
        '--operation',
        op,
      ]);
      const res = await fetch(`${post.url}/api/v1/operations/${op}/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'road-accident',
          severity: 'minor',
          location: { type: 'Point', coordinates: [37.2, 36.19] },
          description: `reported at POST-1 in ${op}`,
          reporter: 'POST-1 duty officer',
        }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      const status = (await (
        await fetch(`${post.url}/api/v1/sync/status`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { operationId: string; upstream: { url: string; confirmed: boolean } | null };
      expect(status).toMatchObject({ operationId: op, upstream: { url: hq.url, confirmed: true } });
    }
    for (const op of [DEMO, RETURNS])
      await expect.poll(() => heads(hqDb, op)['POST-1'], { timeout: 30_000 }).toBe(1);
  });
});
