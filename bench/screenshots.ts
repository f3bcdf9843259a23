/**
 * The README's screenshots of the console (docs/console/*.jpg): each page of the Aleppo demo as a
 * coordinator sees it at 1280x800 in English, the protection page as a protection officer, the access
 * page as an administrator, and the overview on a phone in Arabic. Planning is shot on the demo as it stood on 16 December (COR-7 open,
 * people still waiting), with a plan made: the demo that ships has no open corridor left to plan on.
 * Run with `npm run screenshots` after a change that shows.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConsole } from '../bin/build-console.js';
import { corridor, ROOT, startServerProcess, type ServerProcess } from '../test/processes.js';
import { seedDemoFile } from '../test/seed-demo.js';
import { launchChromium } from '../test/web/browser.js';

const OUT = join(ROOT, 'docs', 'console');
const PAGES: [string, string][] = [
  ['/', 'overview'],
  ['/corridors', 'corridors'],
  ['/convoys/CVY-0150', 'convoy'],
  ['/alerts', 'alerts'],
  ['/fleet', 'fleet'],
  ['/incidents', 'incidents'],
  ['/hazards', 'hazards'],
  ['/windows', 'pauses'],
  ['/recovery', 'recovery'],
  ['/report', 'report'],
  ['/replay', 'replay'],
  ['/figures', 'figures'],
  ['/chart', 'people-over-time'],
  ['/areas', 'areas'],
  ['/registry', 'registry'],
  ['/sites', 'sites'],
  ['/paper', 'paper'],
  ['/log', 'log'],
  ['/tally', 'tally'],
];

await buildConsole({ quiet: true });
mkdirSync(OUT, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'corridor-screenshots-'));
const db = join(dir, 'demo.db');
const server = await startServerProcess(['--db', db]);
const browser = await launchChromium();
let planning: { server: ServerProcess; token: string } | null = null;
try {
  const config = (await (await fetch(`${server.url}/console-config.json`)).json()) as {
    demoTokens: { operationId: string; token: string }[];
  };
  const coordinator = config.demoTokens.find((d) => d.operationId === 'aleppo-2016')!.token;
  const made = await corridor(['token', 'create', '--role', 'protection', '--operation', 'aleppo-2016'], {
    CORRIDOR_DB: db,
  });
  const protection = made.stdout.trim().split('\n').at(-1)!;
  const madeAdmin = await corridor(['token', 'create', '--role', 'admin', '--operation', 'aleppo-2016'], {
    CORRIDOR_DB: db,
  });
  const admin = madeAdmin.stdout.trim().split('\n').at(-1)!;
  const shoot = async (
    token: string,
    pages: [string, string][],
    viewport: { width: number; height: number },
    lang: 'en' | 'ar',
    url = server.url,
  ) => {
    const context = await browser.newContext({ viewport });
    // A string, as bench/web.ts does: this project's Node code has no DOM types.
    await context.addInitScript(
      `localStorage.setItem('corridor.session', ${JSON.stringify(JSON.stringify({ token, operationId: 'aleppo-2016' }))});` +
        `localStorage.setItem('corridor.lang', '${lang}');`,
    );
    const page = await context.newPage();
    for (const [path, name] of pages) {
      await page.goto(`${url}${path}`);
      await page.waitForSelector('.live-live, .tally', { timeout: 30_000 });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(OUT, `${name}.jpg`), type: 'jpeg', quality: 70 });
      console.log(`docs/console/${name}.jpg`);
    }
    await context.close();
  };
  await shoot(coordinator, PAGES, { width: 1280, height: 800 }, 'en');
  await shoot(protection, [['/protection', 'protection']], { width: 1280, height: 800 }, 'en');
  await shoot(admin, [['/access', 'access']], { width: 1280, height: 800 }, 'en');
  await shoot(coordinator, [['/', 'phone-arabic']], { width: 390, height: 844 }, 'ar');
  planning = await planningServer(join(dir, 'in-progress.db'));
  await shoot(
    planning.token,
    [['/planning', 'planning']],
    { width: 1280, height: 800 },
    'en',
    planning.server.url,
  );
} finally {
  await browser.close();
  await server.stop();
  await planning?.server.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The demo of 16 December served with one plan made (a second server, on its own file). */
async function planningServer(file: string): Promise<{ server: ServerProcess; token: string }> {
  await seedDemoFile(file, 'in-progress');
  const started = await startServerProcess(['--db', file]);
  const config = (await (await fetch(`${started.url}/console-config.json`)).json()) as {
    demoTokens: { operationId: string; token: string }[];
  };
  const token = config.demoTokens.find((d) => d.operationId === 'aleppo-2016')!.token;
  const res = await fetch(`${started.url}/api/v1/operations/aleppo-2016/plans`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ timeLimitSec: 2 }),
  });
  if (!res.ok) throw new Error(`no plan for the screenshot: ${await res.text()}`);
  return { server: started, token };
}
