import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { createContext, type AppContext } from '../src/app/context.js';
import type { SqlDialect } from '../src/store/dialect.js';
import { openStore, type Store } from '../src/store/store.js';
import { loadDemo, type DemoVersion } from './fixtures.js';

export const PG_ADMIN_URL = inject('pgAdminUrl');

/** Every store test runs on each dialect this machine has; PostgreSQL only when its server started. */
export const DIALECTS: SqlDialect[] = PG_ADMIN_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestStore {
  store: Store;
  ctx: AppContext;
  /** Where the store lives: a SQLite file path or a PostgreSQL URL. */
  location: string;
  cleanup(): Promise<void>;
}

/** A fresh, empty store: a new SQLite file, or a new database on the throwaway PostgreSQL server. */
export async function freshStore(
  dialect: SqlDialect,
  now?: () => Date,
  template?: string,
): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'corridor-test-'));
    const path = join(dir, 'corridor.db');
    if (template) copyFileSync(template, path);
    const store = await openStore({ sqlitePath: path });
    return {
      store,
      ctx: createContext(store, now),
      location: path,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await pgDatabase(template);
  const store = await openStore({ pgUrl: url });
  return {
    store,
    ctx: createContext(store, now),
    location: url,
    cleanup: async () => {
      await store.close();
      await drop();
    },
  };
}

/** A new, empty database on the throwaway PostgreSQL server (or a copy of a template), and its drop. */
export async function pgDatabase(template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  return { url: PG_ADMIN_URL.replace(/\/postgres$/, `/${name}`), drop: () => dropDatabase(name) };
}

/**
 * Drop a test database once its sessions have gone. A closed pool's backends can still be exiting;
 * forcing the drop then kills them and their clients report an error nobody listens to any more.
 */
async function dropDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await admin.query(`drop database if exists ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** The demo operation loaded once per test process and dialect, kept closed as a template to copy. */
const demoTemplates = new Map<string, Promise<string>>();

async function demoTemplate(dialect: SqlDialect, version: DemoVersion): Promise<string> {
  const t = await freshStore(dialect);
  await loadDemo(t.ctx, version);
  await t.store.close();
  if (dialect === 'sqlite') {
    // Closing checkpoints the write-ahead log into the file: the file alone is the whole database.
    if (existsSync(`${t.location}-wal`)) throw new Error('the demo template kept a write-ahead log');
    process.once('exit', () => rmSync(dirname(t.location), { recursive: true, force: true }));
    return t.location;
  }
  return new URL(t.location).pathname.slice(1);
}

/**
 * A fresh store holding the demo operation, as `freshStore` and `loadDemo` would make it, copied from
 * a template (a file copy, or PostgreSQL's `create database ... template`) instead of recording the
 * demo's events again: the same tables and log in a fraction of the time.
 */
export async function demoStore(
  dialect: SqlDialect,
  now?: () => Date,
  version: DemoVersion = 'in-progress',
): Promise<TestStore> {
  let template = demoTemplates.get(`${dialect}:${version}`);
  if (!template) {
    template = demoTemplate(dialect, version);
    demoTemplates.set(`${dialect}:${version}`, template);
  }
  return freshStore(dialect, now, await template);
}
