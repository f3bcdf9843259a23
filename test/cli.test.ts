import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/app/context.js';
import { login, LoginThrottle } from '../src/app/access/accounts.js';
import { authenticate } from '../src/app/access/tokens.js';
import { PROJECTION_TABLES } from '../src/domain/projection.js';
import { dumpTable } from '../src/store/queries.js';
import { openStore } from '../src/store/store.js';
import { corridor } from './cli-in-process.js';
import { corridor as corridorProcess } from './processes.js';
import { DIALECTS, freshStore } from './stores.js';

const dir = mkdtempSync(join(tmpdir(), 'corridor-cli-'));
const db = join(dir, 'corridor.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function projections(path: string) {
  const store = await openStore({ sqlitePath: path });
  const out: Record<string, unknown[]> = {};
  for (const table of PROJECTION_TABLES) out[table] = await dumpTable(store.db, table);
  await store.close();
  return out;
}

describe('corridor command', () => {
  beforeAll(async () => {
    const loaded = await corridor(['--db', db, 'scenario', 'load', 'aleppo-2016']);
    expect(loaded.code).toBe(0);
    expect(loaded.stderr).toMatch(/loaded aleppo-2016: \d+ events appended/);
  });

  it('loads the demo once, however often it is asked', async () => {
    const again = await corridor(['--db', db, 'scenario', 'load', 'aleppo-2016']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already loaded .*nothing added/);
  });

  // The tests run the command in this process (cli-in-process.ts); here the real one, bin/corridor.js
  // in processes of their own: standard input through a pipe, and a success, a domain error and a usage
  // error that print and exit exactly as in this process.
  it('runs as a process: reads a pipe, and exits and prints as it does in-process', async () => {
    const file = join(dir, 'piped.ndjson');
    expect((await corridor(['--db', db, 'events', 'export', '--out', file])).code).toBe(0);
    const events = readFileSync(file, 'utf8');
    const piped = join(dir, 'piped.db');
    const cases = [
      ['--db', db, 'token', 'revoke', 'no-such-token'],
      ['--db', db, 'token', 'create', '--role', 'emperor'],
    ];
    const [imported, ...processes] = await Promise.all([
      corridorProcess(['--db', piped, 'events', 'import', '-'], {}, events),
      ...cases.map((args) => corridorProcess(args)),
    ]);
    const n = events.trim().split('\n').length;
    expect(imported.stderr).toBe(`read ${n} events: ${n} appended, 0 already here\n`);
    expect(imported.code).toBe(0);
    expect(await projections(piped)).toEqual(await projections(db));
    expect(processes.map((r) => r.code)).toEqual([2, 1]);
    expect(processes[0]!.stderr).toBe('corridor: no active token no-such-token\n');
    expect(processes[1]!.stderr).toMatch(/^error: option '--role <role>' argument 'emperor' is invalid/);
    for (const [i, args] of cases.entries()) expect(await corridor(args)).toEqual(processes[i]);
  });

  it('prints a new token alone on its last line, for the coordinating body by default', async () => {
    const created = await corridor(['--db', db, 'token', 'create', '--role', 'post-officer']);
    expect(created.code).toBe(0);
    const token = created.stdout.trim().split('\n').at(-1)!;
    expect(token).toMatch(/^cor_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/organisation CELL/);
    const store = await openStore({ sqlitePath: db });
    expect(await authenticate(createContext(store), token)).toMatchObject({
      role: 'post-officer',
      operationId: 'aleppo-2016',
    });
    await store.close();
  });

  it('revokes a token so it stops working at once', async () => {
    const created = await corridor(['--db', db, 'token', 'create', '--role', 'viewer']);
    const token = created.stdout.trim().split('\n').at(-1)!;
    const id = /token (\S+):/.exec(created.stderr)![1]!;
    expect((await corridor(['--db', db, 'token', 'revoke', id])).code).toBe(0);
    const store = await openStore({ sqlitePath: db });
    expect(await authenticate(createContext(store), token)).toBeUndefined();
    await store.close();
    expect((await corridor(['--db', db, 'token', 'revoke', id])).code).toBe(2);
  });

  it('refuses an unknown role or organisation with a clear message', async () => {
    const role = await corridor(['--db', db, 'token', 'create', '--role', 'emperor']);
    expect(role.code).not.toBe(0);
    expect(role.stderr).toMatch(/emperor/);
    const org = await corridor(['--db', db, 'token', 'create', '--role', 'viewer', '--org', 'NOPE']);
    expect(org.code).toBe(2);
    expect(org.stderr).toMatch(/organisation NOPE is not part of operation aleppo-2016/);
  });

  it('moves a site under another only if it replicates through this node', async () => {
    const out = await corridor(['--db', db, 'site', 'move', 'FWD-3', '--under', 'POST-3']);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/no site FWD-3 replicates through this node/);
  });

  it('exports the log and imports it elsewhere, adding nothing the second time', async () => {
    const file = join(dir, 'export.ndjson');
    const exported = await corridor(['--db', db, 'events', 'export', '--out', file]);
    expect(exported.code).toBe(0);
    const copy = join(dir, 'copy.db');
    const first = await corridor(['--db', copy, 'events', 'import', file]);
    expect(first.stderr).toMatch(/: (\d+) appended, 0 already here/);
    const second = await corridor(['--db', copy, 'events', 'import', file]);
    expect(second.stderr).toMatch(/: 0 appended, \d+ already here/);
    expect(await projections(copy)).toEqual(await projections(db));
    const toStdout = await corridor(['--db', db, 'events', 'export', '--operation', 'aleppo-2016']);
    expect(toStdout.stdout.trim().split('\n').length).toBeGreaterThan(900);
  });

  it('rebuilds the projections to the same rows', async () => {
    const before = await projections(db);
    const rebuilt = await corridor(['--db', db, 'admin', 'rebuild']);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stderr).toMatch(/rebuilt the projections from \d+ events/);
    expect(await projections(db)).toEqual(before);
  });

  it('verifies the hash chain, and names the first event whose stored payload changed by one byte', async () => {
    const ok = await corridor(['--db', db, 'audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok: \d+ events, hash chains intact, projections match the log/);
    const head = /^head (aleppo-2016:[A-Za-z0-9._-]+:\d+:[0-9a-f]{64})$/m.exec(ok.stdout)![1]!;
    expect((await corridor(['--db', db, 'audit', 'verify', '--expect', head])).code).toBe(0);
    const wrong = `${head.slice(0, -4)}0000`;
    const refused = await corridor(['--db', db, 'audit', 'verify', '--expect', wrong]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /FAILED anchor aleppo-2016 \S+: event \d+ of the chain no longer has hash/,
    );

    const tampered = join(dir, 'tampered.db');
    const sqlite = new Database(db, { readonly: true });
    await sqlite.backup(tampered);
    sqlite.close();
    const raw = new Database(tampered);
    const victim = raw
      .prepare('select seq, id, payload from events where type = ? limit 1')
      .get('FigureReported') as {
      seq: number;
      id: string;
      payload: string;
    };
    // 82000 -> 82001: one byte of one stored payload.
    const changed = victim.payload.replace(
      /"value":(\d+)/,
      (_, v: string) => `"value":${v.slice(0, -1)}${(Number(v.at(-1)) + 1) % 10}`,
    );
    expect(changed).not.toBe(victim.payload);
    expect(changed.length).toBe(victim.payload.length);
    raw.prepare('update events set payload = ? where id = ?').run(changed, victim.id);
    raw.close();
    const bad = await corridor(['--db', tampered, 'audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`FAILED at event seq ${victim.seq} id ${victim.id}`);
  });

  it("rotates the master key in its key file, and serve refuses a key that is not the database's", async () => {
    const keyFile = join(dir, 'master.key');
    const missing = await corridor(['--db', db, 'protection', 'rotate-key', '--key-file', keyFile]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no key file at .*master\.key/);
    writeFileSync(keyFile, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    const before = readFileSync(keyFile, 'utf8');
    const rotated = await corridor(['--db', db, 'protection', 'rotate-key', '--key-file', keyFile]);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toMatch(/0 person keys re-wrapped; .* holds the new master key/);
    expect(readFileSync(keyFile, 'utf8')).not.toBe(before);
    // The old key is what a backup of the key file would hold: a server started with it is refused.
    const oldKeyFile = join(dir, 'old.key');
    writeFileSync(oldKeyFile, before, { mode: 0o600 });
    const refused = await corridor([
      '--db',
      db,
      'serve',
      '--no-demo',
      '--port',
      '0',
      '--key-file',
      oldKeyFile,
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/master key is not the one this database's personal data is wrapped with/);
    const env = await corridor(['--db', db, 'protection', 'rotate-key'], {
      CORRIDOR_MASTER_KEY: randomBytes(32).toString('base64'),
    });
    expect(env.code).toBe(2);
    expect(env.stderr).toMatch(/unset CORRIDOR_MASTER_KEY/);
  });

  it('takes a password from the first line of standard input', async () => {
    const user = ['--db', db, 'user', 'create', '--email', 'amal@example.org', '--name', 'Amal'];
    const created = await corridor(user, {}, 'a long passphrase\nnot this line\n');
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toMatch(/^user amal@example.org created/);
    const grant = ['user', 'grant', '--email', 'amal@example.org', '--operation', 'aleppo-2016'];
    expect((await corridor(['--db', db, ...grant, '--role', 'viewer'])).code).toBe(0);
    const store = await openStore({ sqlitePath: db });
    const signIn = { email: 'amal@example.org', password: 'a long passphrase' };
    expect(await login(createContext(store), new LoginThrottle(), signIn, '127.0.0.1')).toMatchObject({
      operationId: 'aleppo-2016',
      role: 'viewer',
    });
    await store.close();
    // Taking the membership away, then disabling the account, say what they ended.
    const revoke = ['user', 'revoke', '--email', 'amal@example.org', '--operation', 'aleppo-2016'];
    expect((await corridor(['--db', db, ...revoke])).stderr).toBe(
      'amal@example.org is no longer a member of aleppo-2016; 1 session(s) ended\n',
    );
    const disabled = await corridor(['--db', db, 'user', 'disable', '--email', 'amal@example.org']);
    expect(disabled.stderr).toMatch(/^amal@example.org disabled at .*; 0 session\(s\) ended\n$/);
    expect((await corridor(['--db', db, 'user', 'disable', '--email', 'amal@example.org'])).code).not.toBe(0);
    // Each change is in the account log, newest first, with who made it at the command line.
    const log = await corridor(['--db', db, 'user', 'log', '--email', 'Amal@example.org']);
    expect(log.code, log.stderr).toBe(0);
    expect(
      log.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(1)),
    ).toEqual([
      [expect.stringMatching(/^cli:/), 'user-disabled', 'amal@example.org'],
      [expect.stringMatching(/^cli:/), 'membership-removed', 'amal@example.org', 'aleppo-2016'],
      [
        expect.stringMatching(/^cli:/),
        'membership-granted',
        'amal@example.org',
        'aleppo-2016',
        'viewer of CELL',
      ],
      [expect.stringMatching(/^cli:/), 'user-created', 'amal@example.org'],
    ]);
  });

  it.runIf(DIALECTS.includes('postgres'))('works the same on PostgreSQL with --pg', async () => {
    const pg = await freshStore('postgres');
    await pg.store.close();
    try {
      expect((await corridor(['--pg', pg.location, 'scenario', 'load', 'aleppo-2016'])).code).toBe(0);
      const token = await corridor(['token', 'create', '--role', 'viewer', '--org', 'ICRC'], {
        DATABASE_URL: pg.location,
      });
      expect(token.stdout.trim().split('\n').at(-1)).toMatch(/^cor_/);
      const verify = await corridor(['--pg', pg.location, 'audit', 'verify']);
      expect(verify.code).toBe(0);
    } finally {
      await pg.cleanup().catch(() => undefined);
    }
  });
});

describe('the command’s start-up', () => {
  it('loads only the command asked for, and each such program has that command, as the full one does', async () => {
    const { buildProgram, Cli, processIo } = await import('../src/cli/main.js');
    const cli = new Cli(processIo());
    const names = (await buildProgram(cli)).commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['serve', 'plan', 'network', 'export', 'print', 'audit']));
    for (const name of names) {
      const alone = (await buildProgram(cli, [process.execPath, 'corridor', '--db', 'x.db', name])).commands;
      expect(
        alone.map((c) => c.name()),
        name,
      ).toContain(name);
      expect(alone.length, name).toBeLessThan(names.length);
    }
    // Help asked for before a command is the whole program's.
    for (const help of ['--help', '-h'])
      expect((await buildProgram(cli, [process.execPath, 'corridor', help, 'plan'])).commands.length).toBe(
        names.length,
      );
  });

  it('says in the plan command’s help that its time limit is the whole command’s wall time', async () => {
    const help = await corridor(['plan', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toMatch(
      /the whole command’s wall time, from its start to the plan written and checked/,
    );
  });
});
