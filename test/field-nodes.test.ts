import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/app/context.js';
import { projectionDigest, verifyLog } from '../src/app/log/audit.js';
import { openStore } from '../src/store/store.js';
import { corridor } from './cli-in-process.js';
import { DEMO } from './fixtures.js';
import { startServerProcess, type ServerProcess } from './processes.js';
import { seedDemoFile } from './seed-demo.js';
import { loadDemo } from './fixtures.js';
import { PG_ADMIN_URL, pgDatabase } from './stores.js';

/**
 * Headquarters and seven command posts as real `corridor serve` processes on loopback, each post
 * behind a TCP proxy the test can cut. The posts take their operation from headquarters, then work
 * with the links cut (tallies through their own APIs), headquarters is killed with SIGKILL while they
 * push and a post is killed while it pulls; after healing, every node must hold the same events (the
 * same heads of every site's chain), the same projections, every acknowledged tally, nothing twice,
 * and one conflict alert for the vehicle two posts put on two convoys.
 */

/** A TCP proxy in front of headquarters, for one post: cut, healed, pointed at a restarted server. */
class Link {
  private server: Server;
  private readonly sockets = new Set<Socket>();
  cut = false;
  port = 0;

  constructor(public target: number) {
    this.server = createServer((client) => {
      if (this.cut) return client.destroy();
      const upstream = new Socket();
      upstream.connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }

  sever(): void {
    this.cut = true;
    for (const s of this.sockets) s.destroy();
  }

  heal(): void {
    this.cut = false;
  }

  close(): Promise<void> {
    this.sever();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const SITES = ['POST-1', 'POST-2', 'POST-3', 'POST-4', 'POST-5', 'POST-6', 'POST-7'];

interface Node {
  site: string;
  /** A SQLite file, or (headquarters in one variant) a PostgreSQL URL. */
  db: string;
  keyFile: string;
  process?: ServerProcess;
  link?: Link;
  siteToken?: string;
  token?: string;
}

/** Every site's head of the demo operation at a node, as `seq:hash`. */
async function heads(db: string): Promise<Record<string, string>> {
  let rows: { origin_site: string; origin_seq: number | string; hash: string }[];
  const q = 'select origin_site, origin_seq, hash from site_heads where operation_id = ';
  if (db.startsWith('postgres')) {
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      rows = (await client.query(`${q}$1`, [DEMO])).rows as typeof rows;
    } finally {
      await client.end();
    }
  } else {
    const sqlite = new Database(db, { readonly: true, fileMustExist: true });
    try {
      rows = sqlite.prepare(`${q}?`).all(DEMO) as typeof rows;
    } finally {
      sqlite.close();
    }
  }
  // In site order, so that two nodes' heads compare as text whatever order their database gave.
  return Object.fromEntries(
    rows
      .map((r) => [r.origin_site, `${r.origin_seq}:${r.hash}`] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

const dbArgs = (db: string) => (db.startsWith('postgres') ? ['--pg', db] : ['--db', db]);
const storeOf = (db: string) => openStore(db.startsWith('postgres') ? { pgUrl: db } : { sqlitePath: db });

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  ms = 60_000,
  explain: () => Promise<string> = () => Promise.resolve(''),
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}\n${await explain()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function lastLine(args: string[]): Promise<string> {
  const out = await corridor(args);
  if (out.code !== 0) throw new Error(`corridor ${args.join(' ')}: ${out.stderr}`);
  return out.stdout.trim().split('\n').at(-1)!;
}

const VARIANTS = [
  { hq: 'sqlite', posts: 7, kills: true },
  // Headquarters on PostgreSQL: two posts, links cut and healed.
  ...(PG_ADMIN_URL ? [{ hq: 'postgres', posts: 2, kills: false }] : []),
] as const;

for (const variant of VARIANTS)
  describe(`headquarters on ${variant.hq} and ${variant.posts} command posts as processes, links cut and healed`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-field-'));
    const hq: Node = { site: 'HQ', db: join(dir, 'hq.db'), keyFile: join(dir, 'hq.key') };
    const posts: Node[] = SITES.slice(0, variant.posts).map((site) => ({
      site,
      db: join(dir, `${site}.db`),
      keyFile: join(dir, `${site}.key`),
    }));
    afterAll(async () => {
      for (const n of [hq, ...posts]) {
        await n.process?.stop();
        await n.link?.close();
      }
      rmSync(dir, { recursive: true, force: true, maxRetries: 10 });
      await dropHq?.();
    }, 60_000);
    let dropHq: (() => Promise<void>) | undefined;

    // The servers' own words, for a failure's message.
    const startHq = () =>
      startServerProcess(dbArgs(hq.db), ['--site', 'HQ', '--key-file', hq.keyFile]).then(
        (p) => (hq.process = p),
      );
    const startPost = (n: Node) =>
      startServerProcess(
        ['--db', n.db],
        [
          '--site',
          n.site,
          '--key-file',
          n.keyFile,
          '--upstream',
          `http://127.0.0.1:${n.link!.port}`,
          '--upstream-token',
          n.siteToken!,
          '--sync-interval-ms',
          '300',
          '--sync-retry-max-ms',
          '2000',
        ],
      ).then((p) => (n.process = p));
    const port = (p: ServerProcess) => Number(new URL(p.url).port);

    /** Tallies at a post through its own API, in batches as its phones would send them; the ids it acknowledged. */
    async function tallies(n: Node, checkpoint: string, count: number): Promise<string[]> {
      const acknowledged: string[] = [];
      for (let i = 0; i < count; i += 5) {
        const events = Array.from({ length: Math.min(5, count - i) }, (_, k) => ({
          id: uuidv7(),
          type: 'PassageRecorded',
          occurredAt: new Date().toISOString(),
          payload: {
            passageId: uuidv7(),
            checkpointId: checkpoint,
            source: 'enumerator',
            scope: 'convoy',
            people: { men: i + k, women: 1, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 },
          },
        }));
        const res = await fetch(`${n.process!.url}/api/v1/operations/${DEMO}/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${n.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
        acknowledged.push(...events.map((e) => e.id));
      }
      return acknowledged;
    }

    it('converge: the same events, heads and projections everywhere, nothing lost or twice, conflicts alerted', async () => {
      // Headquarters holds the demo as it stood in the middle of the evacuation (corridors open).
      if (variant.hq === 'postgres') {
        const made = await seededPostgres();
        hq.db = made.url;
        dropHq = made.drop;
      } else await seedDemoFile(hq.db, 'in-progress', 'HQ');
      await startHq();
      for (const n of posts) {
        n.siteToken = await lastLine([
          ...dbArgs(hq.db),
          'token',
          'create',
          '--role',
          'site',
          '--site',
          n.site,
          // Its coordinator plans convoys there (the conflict below): granted besides a post's own work.
          '--grant',
          'coordinator,post-officer,enumerator,device,reporting',
        ]);
        n.link = new Link(port(hq.process!));
        await n.link.listen();
      }
      await Promise.all(posts.map(startPost));
      // Each post starts empty and takes its operation from headquarters.
      await until('every post holds the operation', async () => {
        const at = (await heads(hq.db)).HQ;
        for (const n of posts) if ((await heads(n.db)).HQ !== at) return false;
        return true;
      });
      for (const n of posts)
        n.token = await lastLine([
          '--db',
          n.db,
          'token',
          'create',
          '--role',
          'coordinator',
          '--operation',
          DEMO,
        ]);
      // The records the posts use, as the first post holds them (the same as headquarters').
      const sqlite = new Database(posts[0]!.db, { readonly: true });
      const one = (q: string) => sqlite.prepare(q).get(DEMO) as { id: string; code: string };
      // A vehicle on no convoy still on its way, and an open corridor: two posts will both use them.
      const vehicle = one(`select id, code from vehicles v where operation_id = ? and not exists (
      select 1 from convoy_vehicles cv join convoys c on c.id = cv.convoy_id
      where cv.vehicle_id = v.id and c.status <> 'arrived') order by code limit 1`);
      const corridor7 = one(
        `select id, code from corridors where operation_id = ? and status = 'open' order by code limit 1`,
      ).id;
      const checkpoints = (
        sqlite
          .prepare('select id from checkpoints where operation_id = ? order by code limit 3')
          .all(DEMO) as {
          id: string;
        }[]
      ).map((r) => r.id);
      sqlite.close();

      // Every link cut: each post works on its own.
      for (const n of posts) n.link!.sever();
      const acknowledged: string[] = [];
      for (const [i, n] of posts.entries())
        acknowledged.push(...(await tallies(n, checkpoints[i % checkpoints.length]!, 15)));
      // Two posts put the same vehicle on a convoy each.
      for (const [i, n] of posts.slice(0, 2).entries()) {
        const res = await fetch(`${n.process!.url}/api/v1/operations/${DEMO}/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${n.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            events: [
              {
                id: uuidv7(),
                type: 'ConvoyPlanned',
                occurredAt: new Date().toISOString(),
                payload: {
                  convoyId: uuidv7(),
                  corridorId: corridor7,
                  vehicleIds: [vehicle.id],
                  code: `CVY-POST${i + 1}-0900`,
                },
              },
            ],
          }),
        });
        expect(res.status, await res.clone().text()).toBe(201);
      }

      for (const n of posts) n.link!.heal();
      if (variant.kills) {
        // Healed; headquarters is killed while the posts push, and started again on another port.
        await new Promise((r) => setTimeout(r, 400));
        hq.process!.child.kill('SIGKILL');
        await hq.process!.stop();
        await startHq();
        for (const n of posts) n.link!.target = port(hq.process!);
        // A post killed while it pulls, and started again.
        const victim = posts[3]!;
        await new Promise((r) => setTimeout(r, 300));
        victim.process!.child.kill('SIGKILL');
        await victim.process!.stop();
        await startPost(victim);
      }

      // Converged: every node holds every site's chain to the same head, twice in a row.
      let last = '';
      await until(
        'every node holds the same heads',
        async () => {
          const all: string[] = [];
          for (const n of [hq, ...posts]) all.push(JSON.stringify(await heads(n.db)));
          const same =
            all.every((h) => h === all[0]) &&
            Object.keys(JSON.parse(all[0]!) as object).length === 1 + posts.length;
          const agreed = same && all[0] === last;
          last = same ? all[0]! : '';
          return agreed;
        },
        150_000,
        async () => {
          // What each node holds, and what each post's link last said.
          const lines: string[] = [];
          for (const n of [hq, ...posts]) {
            const status = n.token
              ? await fetch(`${n.process!.url}/api/v1/sync/status`, {
                  headers: { authorization: `Bearer ${n.token}` },
                })
                  .then((r) => r.json() as Promise<{ upstream: unknown; sites: unknown }>)
                  .catch((e: unknown) => ({ upstream: String(e), sites: null }))
              : null;
            lines.push(`${n.site}: ${JSON.stringify(await heads(n.db))} ${JSON.stringify(status)}`);
          }
          return lines.join('\n');
        },
      );

      const digests: string[] = [];
      for (const n of [hq, ...posts]) {
        const store = await storeOf(n.db);
        try {
          const ctx = createContext(store);
          expect((await verifyLog(ctx)).ok, n.site).toBe(true);
          digests.push(await projectionDigest(ctx));
          const ids = new Set(
            (await store.db.selectFrom('events').select('id').where('operation_id', '=', DEMO).execute()).map(
              (r) => r.id,
            ),
          );
          expect(
            acknowledged.filter((id) => !ids.has(id)),
            `${n.site} lost acknowledged tallies`,
          ).toEqual([]);
          const conflicts = await store.db
            .selectFrom('alerts')
            .select('reason')
            .where('kind', '=', 'conflict')
            .execute();
          expect(conflicts, n.site).toHaveLength(1);
          expect(conflicts[0]!.reason).toMatch(
            new RegExp(`${vehicle.code} is already on convoy CVY-POST\\d-0900`),
          );
        } finally {
          await store.close();
        }
      }
      expect(new Set(digests).size).toBe(1);
    }, 300_000);
  });

/** A new PostgreSQL database holding the demo in the middle of the evacuation, as site HQ. */
async function seededPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const made = await pgDatabase();
  const store = await openStore({ pgUrl: made.url, siteId: 'HQ' });
  try {
    await loadDemo(createContext(store), 'in-progress');
  } finally {
    await store.close();
  }
  return made;
}
