import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../../bin/build-console.js';
import {
  ROOT,
  startServerProcess,
  type corridor as corridorProcess,
  type ServerProcess,
} from '../processes.js';
import { chromiumAvailable, launchChromium } from './browser.js';

/** Screenshots of the main views, for a person to look at (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots');
const OP = 'aleppo-2016';

/**
 * The `corridor` command run in this process, as most tests of the CLI run it: starting the real one
 * costs Node and tsx seconds of CPU each time. Named, not written in the import, so that
 * `tsc -p test/web` does not check the whole of src/ a second time (the root project checks it); the
 * command's contract is the process helper's.
 */
const CLI_IN_PROCESS = '../cli-in-process.js';
/** Likewise: writes the demo into a SQLite file in this process. */
const SEED_IN_PROCESS = '../seed-demo.js';

/** Waits for every promise, then fails with the first failure, if any (Promise.all would not wait). */
async function allOrFirstError(promises: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(promises)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

describe.runIf(chromiumAvailable())('the console and the checkpoint tally in Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-web-'));
  let server: ServerProcess;
  let browser: Browser;
  let context: BrowserContext;
  let console: Page;
  let token: string;
  const elsewhere: string[] = [];
  const blocked: string[] = [];
  let corridor: typeof corridorProcess;

  async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(`${server.url}/api/v1/operations/${OP}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    expect(res.status, `${init.method ?? 'GET'} ${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: name.startsWith('tally') });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    // The server reads dist/web on each request and no page is asked for before beforeAll ends, so the
    // build, the server and Chromium start together, and the in-process CLI loads meanwhile (seconds of
    // compiling src/). Each is kept as it comes, so that afterAll stops what started if another failed.
    await allOrFirstError([
      // The demo as it stood on 16 December (COR-7 open, CVY-0002 on the road, CVY-0003 boarding): the
      // console's live work is tried on it. The demo that ships ends with every convoy arrived.
      (import(SEED_IN_PROCESS) as Promise<{ seedDemoFile: (path: string, version: string) => Promise<void> }>)
        .then((seed) => seed.seedDemoFile(join(dir, 'web.db'), 'in-progress'))
        .then(() => startServerProcess(['--db', join(dir, 'web.db')]))
        .then((started) => (server = started)),
      launchChromium().then((launched) => (browser = launched)),
      buildConsole({ quiet: true }),
      (import(CLI_IN_PROCESS) as Promise<{ corridor: typeof corridorProcess }>).then(
        (cli) => (corridor = cli.corridor),
      ),
    ]);
    const config = (await (await fetch(`${server.url}/console-config.json`)).json()) as {
      demoTokens: { operationId: string; token: string }[];
    };
    token = config.demoTokens.find((d) => d.operationId === OP)!.token;
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Fully offline: nothing but the server itself is ever asked for (no tiles, fonts, glyphs, sprites).
    context.on('request', (r) => {
      if (!/^(data|blob):/.test(r.url()) && !r.url().startsWith(server.url)) elsewhere.push(r.url());
    });
    // The pages run under a strict Content-Security-Policy: anything it blocks is reported here.
    context.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    console = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with the demo token the server offers', async () => {
    await console.goto(server.url);
    await shot(console, 'sign-in');
    await console.getByRole('button', { name: `Use the demo token for ${OP}` }).click();
    await expect.poll(() => console.locator('header h1').textContent()).toContain('East Aleppo evacuation');
    await expect.poll(() => console.getByTestId('stream-state').textContent()).toBe('Live');
  });

  it('draws the neighbourhood polygons and the corridors on the map canvas', async () => {
    await console.waitForSelector('html[data-corridors-drawn="true"]');
    // The areas come once the corridors are drawn (they wait, so as not to hold the first map back).
    await console.waitForFunction(
      () => (window.corridorMap?.querySourceFeatures('areas').length ?? 0) > 0,
      null,
      { timeout: 10_000 },
    );
    await console.evaluate(
      () =>
        new Promise<void>((done) =>
          window.corridorMap!.loaded() ? done() : window.corridorMap!.once('idle', () => done()),
        ),
    );
    // Read the WebGL canvas back and count the pixels of the areas' fill (#c9d6e8 at 55% over land).
    const pixels = await console.evaluate(() => {
      const source = window.corridorMap!.getCanvas();
      const canvas = document.createElement('canvas');
      canvas.width = source.width;
      canvas.height = source.height;
      const g = canvas.getContext('2d')!;
      g.drawImage(source, 0, 0);
      const data = g.getImageData(0, 0, canvas.width, canvas.height).data;
      let area = 0;
      let corridor = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, gr, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (Math.abs(r - 219) < 8 && Math.abs(gr - 225) < 8 && Math.abs(b - 231) < 8) area++;
        // Closed corridors are drawn #8c959f, the open one #1a7f37.
        if (
          (Math.abs(r - 140) < 8 && Math.abs(gr - 149) < 8 && Math.abs(b - 159) < 8) ||
          (Math.abs(r - 26) < 10 && Math.abs(gr - 127) < 10 && Math.abs(b - 55) < 10)
        )
          corridor++;
      }
      return { area, corridor, total: data.length / 4 };
    });
    expect(pixels.area / pixels.total).toBeGreaterThan(0.05);
    expect(pixels.corridor).toBeGreaterThan(500);
    await shot(console, 'overview-map');
    // The canvas was hidden until the corridors were drawn (it costs frames in a browser without a
    // GPU); it is shown now, and while hidden the map still takes a drag.
    const canvasShown = () =>
      console.evaluate(() => getComputedStyle(window.corridorMap!.getCanvas()).visibility);
    expect(await canvasShown()).toBe('visible');
    await console.evaluate(() => (window.corridorMap!.getCanvas().style.visibility = 'hidden'));
    const centre = () => console.evaluate(() => window.corridorMap!.getCenter().toArray());
    const before = await centre();
    const map = (await console.locator('.map-wrap .map').boundingBox())!;
    await console.mouse.move(map.x + 200, map.y + 300);
    await console.mouse.down();
    await console.mouse.move(map.x + 260, map.y + 340, { steps: 5 });
    await console.mouse.up();
    await expect.poll(centre).not.toEqual(before);
    await console.evaluate(() => (window.corridorMap!.getCanvas().style.visibility = ''));
    await console.evaluate((at) => window.corridorMap!.setCenter(at), before);
  });

  it('warns on every page when no count or position has arrived while convoys are on the road', async () => {
    // The seeded demo stops on 16 December 2016 with CVY-0002 on the road: nothing heard of it since.
    const warning = console.getByTestId('no-data');
    await expect.poll(() => warning.textContent()).toMatch(/since .*2016.*on the road then: CVY-0002/);
    await console.getByRole('link', { name: 'Fleet' }).click();
    expect(await warning.count()).toBe(1);
    await console.getByRole('link', { name: 'Overview' }).click();
  });

  it("lists the demo's seven corridors on the board, as many as the API has", async () => {
    const { total } = await api<{ total: number }>('/corridors');
    expect(total).toBe(7);
    await console.getByRole('link', { name: 'Corridors', exact: true }).click();
    await expect.poll(() => console.getByTestId('corridor-row').count()).toBe(total);
    // COR-6 is left planned: nobody was counted on it, which reads "not recorded", never 0, and
    // whether everyone is accounted for is unknown. COR-7 has an open alert: not accounted for.
    const cor6 = console.locator('[data-code="COR-6"]');
    await expect.poll(() => cor6.getByTestId('entered-total').textContent()).toBe('not recorded');
    expect(await cor6.getByTestId('accounted').getAttribute('data-state')).toBe('unknown');
    const cor7 = console.locator('[data-code="COR-7"]');
    // (once the server's first clock tick has raised the window-ended alert: it ticks every 5 s)
    await expect
      .poll(() => cor7.getByTestId('accounted').getAttribute('data-state'), { timeout: 30_000 })
      .toBe('no');
    await shot(console, 'corridor-board');
  });

  it('shows a tally submitted on /tally on the corridor board from the live stream, without a reload', async () => {
    const tally = await context.newPage();
    await tally.setViewportSize({ width: 360, height: 780 });
    await tally.goto(`${server.url}/tally`);
    // CVY-0002 is on the road on COR-7: its count at the exit checkpoint moves it from in transit to exited.
    await tally.getByLabel('Checkpoint', { exact: true }).selectOption({ label: 'CP-79 al-Rashideen exit' });
    await tally.getByLabel('Convoy', { exact: true }).selectOption({ label: 'CVY-0002 (Departed)' });
    const counts = { Men: 300, Women: 230, Boys: 140, Girls: 134, 'Elderly men': 30, 'Elderly women': 35 };
    for (const [category, n] of Object.entries(counts))
      await tally.getByRole('textbox', { name: category, exact: true }).fill(String(n));
    await tally.getByRole('button', { name: 'Add one Girls' }).click();
    await expect.poll(() => tally.getByText('Total people: 870').count()).toBe(1);
    await shot(tally, 'tally-360');
    const exited = '[data-code="COR-7"] [data-testid="exited-total"]';
    const before = Number((await console.locator(exited).textContent())!.replace(/\D/g, ''));
    const accepted = tally.waitForResponse(
      (r) => r.url().endsWith('/passages') && r.request().method() === 'POST',
    );
    await tally.getByRole('button', { name: 'Submit tally' }).click();
    expect((await accepted).status()).toBe(201);
    // The board follows the live stream: the passage arrives without a reload. How soon is a figure for a
    // benchmark (about a second on a quiet machine), not a test: a busy machine must not fail it.
    await console.waitForFunction(
      ([selector, expected]) =>
        document.querySelector(selector)?.textContent?.replace(/\D/g, '') === expected,
      [exited, String(before + 870)] as const,
      { timeout: 15_000 },
    );
    await shot(console, 'corridor-board-after-tally');
    await tally.close();
  });

  it('shows an alert raised by the accountability rules in the feed', async () => {
    // Ten men fewer at the intermediate checkpoint than the manifest and the entry count of CVY-0002.
    await api('/passages', {
      method: 'POST',
      body: {
        checkpointId: 'CP-72',
        convoyId: 'CVY-0002',
        source: 'enumerator',
        people: { men: 290, women: 230, boys: 140, girls: 135, elderlyMen: 30, elderlyWomen: 35 },
        eventId: uuidv7(),
        occurredAt: '2016-12-15T12:00:00.000Z',
      },
    });
    await console.getByRole('link', { name: /^Alerts/ }).click();
    const alert = console.getByTestId('alerts-feed').locator('li', { hasText: 'CVY-0002: 10 fewer men' });
    await expect.poll(() => alert.count()).toBe(1);
    // In words, with its numbers and places, linked to its convoy and corridor; the server's text kept.
    expect(await alert.getByTestId('alert-headline').textContent()).toMatch(
      /^CVY-0002: 10 men fewer at CP-72 .+ \(\d+ people counted, \d+ before\)$/,
    );
    expect(await alert.locator('strong').first().textContent()).toBe('People missing');
    expect(await alert.getByRole('link', { name: 'Convoy CVY-0002' }).getAttribute('href')).toBe(
      '/convoys/CVY-0002',
    );
    await shot(console, 'alerts-feed');
    await console.getByRole('button', { name: 'Language' }).click();
    await expect
      .poll(() => alert.getByTestId('alert-headline').textContent())
      .toMatch(/^CVY-0002: نقص 10 رجال في CP-72 /);
    expect(await alert.locator('strong').first().textContent()).toBe('أشخاص مفقودون');
    await shot(console, 'alerts-feed-arabic');
    await console.getByRole('button', { name: 'اللغة' }).click();
    await alert.getByRole('button', { name: 'Show on the map' }).click();
    const onMap = console.getByRole('complementary', { name: /10 men fewer at CP-72/ });
    await expect.poll(() => onMap.textContent()).toContain('CP-72');
    await onMap.getByRole('button', { name: 'Close' }).click();
    // Grouped by kind: one kind's alerts alone, then all again.
    const kinds = console.getByTestId('alert-kinds');
    await kinds.getByRole('button', { name: /^People missing \(\d+\)$/ }).click();
    const shownKinds = await console
      .getByTestId('alerts-feed')
      .locator(':scope > li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')));
    expect(shownKinds.length).toBeGreaterThan(0);
    expect(new Set(shownKinds)).toEqual(new Set(['people-missing']));
    await kinds.getByRole('button', { name: /^All kinds/ }).click();
    // A camera's count of no known convoy, matched to its convoy from the feed: the alert resolves.
    const counted = await api<{ id: string }>('/passages', {
      method: 'POST',
      body: {
        checkpointId: 'CP-72',
        source: 'camera',
        peopleTotal: 40,
        eventId: uuidv7(),
        occurredAt: '2016-12-15T12:05:00.000Z',
      },
    });
    const unknown = console
      .getByTestId('alerts-feed')
      .locator('li[data-kind="unknown-convoy"]', { has: console.getByTestId('match-passage') });
    await expect.poll(() => unknown.count()).toBe(1);
    // CVY-0001, which arrived: the convoys later tests count at CP-72 stay as they were.
    await unknown.getByLabel('The convoy this count was of').selectOption('CVY-0001');
    await unknown.getByRole('button', { name: 'Match the count to it' }).click();
    const convoy1 = await api<{ id: string }>('/convoys/CVY-0001');
    await expect
      .poll(async () => (await api<{ convoyId: string | null }>(`/passages/${counted.id}`)).convoyId)
      .toBe(convoy1.id);
    const statusOf = async () =>
      (await api<{ items: { passageId: string | null; status: string }[] }>('/alerts?limit=5000')).items.find(
        (a) => a.passageId === counted.id,
      )?.status;
    await expect.poll(statusOf).toBe('resolved');
  });

  it('moves a convoy on the map to the position its GPS reports', async () => {
    await api('/passages', {
      method: 'POST',
      body: {
        location: { type: 'Point', coordinates: [37.171, 36.171] },
        convoyId: 'CVY-0002',
        source: 'position',
        eventId: uuidv7(),
        // Later than the exit count of the tally above, so it is the last known position.
        occurredAt: new Date().toISOString(),
      },
    });
    const where = () =>
      console.evaluate(async () => {
        const source = window.corridorMap!.getSource('convoys') as unknown as {
          getData(): Promise<{
            features: { geometry: { coordinates: number[] }; properties: { title: string } }[];
          }>;
        };
        const data = await source.getData();
        return data.features.find((f) => f.properties.title === 'CVY-0002')?.geometry.coordinates;
      });
    await expect.poll(where).toEqual([37.171, 36.171]);
    // A position just now: data is arriving, so the warning that none had is gone.
    await expect.poll(() => console.getByTestId('no-data').count()).toBe(0);
  });

  it("draws a plan's routes once the planner has proposed one", async () => {
    const routes = () =>
      console.evaluate(async () => {
        const source = window.corridorMap!.getSource('plan-routes') as unknown as {
          getData(): Promise<{ features: unknown[] }>;
        };
        return (await source.getData()).features.length;
      });
    expect(await routes()).toBe(0);
    // The demo's pickup points and fleet, planned over the corridors' routes in a second.
    const plan = await api<{ code: string; status: string }>('/plans', {
      method: 'POST',
      body: { timeLimitSec: 1 },
    });
    expect(plan.status).toBe('proposed');
    await expect.poll(routes, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('plans from the console: the problem, the run with its progress, the plan on the map, two compared, one adopted once confirmed', async () => {
    interface ApiPlan {
      id: string;
      code: string;
      status: string;
      makespanMin: number;
      summary: { seated: number; stretcher: number };
      vehicles: { legs: { seated: number; stretcher: number; path: { coordinates: number[][] } }[] }[];
    }
    await console.goto(`${server.url}/planning`);
    // What the plan starts from is what the API holds: the people waiting at the pickup points.
    const pickups = await api<{ items: { seated: number; stretcher: number }[] }>(
      '/pickup-points?limit=5000',
    );
    const waiting = pickups.items.reduce((s, p) => s + p.seated + p.stretcher, 0);
    await expect
      .poll(() => console.getByTestId('plan-waiting').textContent())
      .toContain(`${waiting.toLocaleString('en-GB')} people waiting`);
    // Whether the progress was ever shown, however quickly the planner answers.
    await console.evaluate(() => {
      const seen = { progress: false };
      (window as unknown as { planProgressSeen: typeof seen }).planProgressSeen = seen;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="plan-run"] progress')) seen.progress = true;
      }).observe(document.body, { subtree: true, childList: true });
    });
    const before = (await api<{ items: ApiPlan[] }>('/plans?limit=100')).items.map((p) => p.code);
    const form = console.getByTestId('run-plan');
    await form.getByLabel('Time the planner may take').selectOption('1');
    // Minute 0 inside COR-7's window (the demo's December 2016): a plan made "now" could not be adopted.
    await form.getByLabel(/^Minute 0 of the plan/).fill('2016-12-16T08:00');
    await form.getByRole('button', { name: 'Make a plan' }).click();
    await expect
      .poll(() => form.getByTestId('plan-run').textContent(), { timeout: 20_000 })
      .toMatch(/^Plan PLAN-\d+ made/);
    expect(
      await console.evaluate(
        () => (window as unknown as { planProgressSeen: { progress: boolean } }).planProgressSeen.progress,
      ),
    ).toBe(true);
    const code = /PLAN-\d+/.exec((await form.getByTestId('plan-run').textContent())!)![0];
    expect(before).not.toContain(code);
    const plan = await api<ApiPlan>(`/plans/${code}`);
    expect(plan.status).toBe('proposed');
    // The plan shown is the one just made, with the API's numbers.
    const shown = console.getByTestId('plan-view');
    await expect.poll(() => shown.getAttribute('data-code')).toBe(code);
    const people = plan.summary.seated + plan.summary.stretcher;
    expect(await shown.textContent()).toContain(people.toLocaleString('en-GB'));
    expect(await shown.getByTestId('plan-makespan').textContent()).toContain(
      plan.makespanMin < 60
        ? `${Math.round(plan.makespanMin)} min`
        : `${Math.floor(Math.round(plan.makespanMin) / 60)} h`,
    );
    // On the map: each road its loaded trips drive, once; on the timeline, each vehicle that carries anyone.
    const loaded = plan.vehicles.flatMap((v) => v.legs.filter((l) => l.seated + l.stretcher > 0));
    const roads = new Set(loaded.map((l) => JSON.stringify(l.path.coordinates)));
    const drawn = () =>
      console.evaluate(async () => {
        const source = window.corridorMap!.getSource('planning-routes') as unknown as {
          getData(): Promise<{ features: { properties: { trips: number } }[] }>;
        };
        const features = (await source.getData()).features;
        return { roads: features.length, trips: features.reduce((s, f) => s + f.properties.trips, 0) };
      });
    await expect.poll(drawn).toEqual({ roads: roads.size, trips: loaded.length });
    expect(await shown.getByTestId('plan-timeline').locator('g[data-vehicle]').count()).toBe(
      plan.vehicles.filter((v) => v.legs.some((l) => l.seated + l.stretcher > 0)).length,
    );
    await shot(console, 'planning');
    // Two plans side by side: the trips of each, as the API has them.
    const other = await api<ApiPlan>(`/plans/${before[0]!}`);
    const list = console.getByTestId('plans');
    await list.getByRole('checkbox', { name: `Compare ${code}` }).check();
    await list.getByRole('checkbox', { name: `Compare ${other.code}` }).check();
    const trips = console.getByTestId('plan-compare').locator('tr[data-figure="trips"] td');
    const tripsOf = (p: ApiPlan) =>
      p.vehicles
        .flatMap((v) => v.legs)
        .filter((l) => l.seated + l.stretcher > 0)
        .length.toLocaleString('en-GB');
    await expect.poll(() => trips.allTextContents()).toEqual([tripsOf(plan), tripsOf(other)]);
    // Adopting asks first; cancelled, nothing changes.
    await shown.getByRole('button', { name: `Adopt ${code}…` }).click();
    const confirm = shown.getByTestId('adopt-confirm');
    expect(await confirm.textContent()).toContain(`${other.code}`);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect((await api<ApiPlan>(`/plans/${code}`)).status).toBe('proposed');
    await shown.getByRole('button', { name: `Adopt ${code}…` }).click();
    await shown.getByTestId('adopt-confirm').getByLabel('Note (optional)').fill('adopted from the console');
    await shown.getByRole('button', { name: `Adopt ${code}`, exact: true }).click();
    await expect.poll(async () => (await api<ApiPlan>(`/plans/${code}`)).status).toBe('adopted');
    expect((await api<ApiPlan>(`/plans/${other.code}`)).status).toBe('superseded');
    const convoys = await api<{ items: { code: string; planId: string | null }[] }>('/convoys?limit=5000');
    const planned = convoys.items.filter((c) => c.planId === plan.id).map((c) => c.code);
    expect(planned.length).toBeGreaterThan(0);
    // The adopted plan links to its convoys, from the live stream.
    await expect
      .poll(() => shown.getByTestId('plan-convoys').getByRole('link').allTextContents(), { timeout: 10_000 })
      .toEqual(planned);
  });

  it('follows a plan the server is making across a reload, by its clock, to its plan or its refusal', async () => {
    // Asked by another coordinator (the API): this console has no run of its own. Its limit leaves
    // the busiest machine time to ask again and to load the page while it runs.
    const asked = fetch(`${server.url}/api/v1/operations/${OP}/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timeLimitSec: 12, start: '2016-12-16T06:00:00.000Z' }),
    });
    await expect
      .poll(async () => (await api<{ run: { state: string } | null }>('/planner')).run?.state)
      .toBe('running');
    // A second asked meanwhile is refused, naming the first.
    const second = await fetch(`${server.url}/api/v1/operations/${OP}/plans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timeLimitSec: 1 }),
    });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(
      /already making a plan/,
    );
    await console.goto(`${server.url}/planning`);
    const run = console.getByTestId('plan-run');
    await expect.poll(() => run.locator('progress').count(), { timeout: 10_000 }).toBe(1);
    expect(await run.textContent()).toMatch(/Planning on the server: \d+ s of at most 12 s/);
    const answer = await asked;
    const body = (await answer.json()) as { code?: string; error?: { message: string } };
    await expect
      .poll(() => run.textContent(), { timeout: 15_000 })
      .toContain(answer.status === 201 ? `Plan ${body.code!} made` : body.error!.message);
  });

  it('marks an incident on the map as soon as it is reported, and the hazard areas the API has', async () => {
    const features = (source: string) =>
      console.evaluate(async (id) => {
        const s = window.corridorMap!.getSource(id) as unknown as {
          getData(): Promise<{ features: { properties: { title: string } }[] }>;
        };
        return (await s.getData()).features.map((f) => f.properties.title);
      }, source);
    const { items: hazards } = await api<{ items: { code: string; status: string }[] }>('/hazards');
    const active = hazards.filter((h) => h.status === 'suspected' || h.status === 'confirmed');
    for (const h of active)
      expect((await features('hazards')).some((title) => title.startsWith(h.code))).toBe(true);
    const incident = await api<{ code: string }>('/incidents', {
      method: 'POST',
      body: {
        type: 'road-accident',
        severity: 'minor',
        location: { type: 'Point', coordinates: [37.2, 36.19] },
        description: 'A bus slid off the road; nobody hurt',
        reporter: 'POST-7 duty officer',
        eventId: uuidv7(),
      },
    });
    await expect.poll(() => features('incidents')).toContain(`${incident.code} Road accident`);
    // Reported from the console: the place picked with a tap on the map.
    await console.getByRole('link', { name: 'Incidents' }).click();
    const form = console.getByTestId('report-incident');
    await form.locator('summary').click();
    await form.getByRole('combobox').nth(0).selectOption('convoy-blocked');
    await form.getByRole('combobox').nth(1).selectOption('serious');
    await form.getByLabel('What happened').fill('A crowd stops the convoy at the bridge');
    await form.getByLabel('Reported by (name)').fill('CP-72 enumerator');
    await form.getByRole('button', { name: 'Pick the place on the map' }).click();
    const map = (await console.locator('.map-wrap canvas').boundingBox())!;
    await console.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
    await expect.poll(() => form.getByTestId('incident-place').textContent()).toMatch(/^36\.\d+, 37\.\d+$/);
    const [lat, lon] = (await form.getByTestId('incident-place').textContent())!.split(', ').map(Number);
    // The first answer is lost on the way back: the same report sent again is recorded once. The read
    // of the incidents that the report's event asks for is lost too: the console asks again.
    await console.evaluate(() => {
      const real = window.fetch;
      const lose = new Set(['POST', 'GET']);
      window.fetch = async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        const method = init?.method ?? 'GET';
        if (!/\/incidents(\?|$)/.test(url) || !lose.has(method) || (method === 'GET' && lose.has('POST')))
          return real(input, init);
        lose.delete(method);
        await real(input, init);
        throw new TypeError('Failed to fetch');
      };
    });
    await form.getByRole('button', { name: 'Report it' }).click();
    await expect.poll(() => form.getByRole('alert').count()).toBe(1);
    await form.getByRole('button', { name: 'Report it' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/^Incident INC-\d+ reported/);
    const { items: sameReport } = await api<{ items: { description: string }[] }>('/incidents?limit=500');
    expect(sameReport.filter((i) => i.description === 'A crowd stops the convoy at the bridge')).toHaveLength(
      1,
    );
    const code = /INC-\d+/.exec((await form.getByRole('status').textContent())!)![0];
    const recorded = await api<{
      type: string;
      severity: string;
      location: { coordinates: [number, number] };
    }>(`/incidents/${code}`);
    expect(recorded).toMatchObject({ type: 'convoy-blocked', severity: 'serious' });
    expect(recorded.location.coordinates[0]).toBeCloseTo(lon!, 4);
    expect(recorded.location.coordinates[1]).toBeCloseTo(lat!, 4);
    await expect.poll(() => features('incidents')).toContain(`${code} Convoy blocked`);
    expect(await console.getByTestId('incidents').locator(`[data-code="${code}"]`).count()).toBe(1);
    await shot(console, 'incidents');
    // A hazard area marked around a place picked on the map, suspected until surveyed.
    await console.getByRole('link', { name: 'Hazards' }).click();
    const hazard = console.getByTestId('report-hazard');
    await hazard.locator('summary').click();
    await hazard.getByRole('combobox').selectOption('damaged-bridge');
    await hazard.getByLabel('Radius around the place (metres)').fill('150');
    await hazard.getByRole('button', { name: 'Pick the place on the map' }).click();
    await console.mouse.click(map.x + map.width / 3, map.y + map.height / 2);
    await expect.poll(() => hazard.getByTestId('incident-place').textContent()).toMatch(/^36\.\d+, 37\.\d+$/);
    await hazard.getByRole('button', { name: 'Report the hazard area' }).click();
    await expect
      .poll(() => hazard.getByRole('status').textContent())
      .toMatch(/^Hazard area HAZ-\d+ reported/);
    const haz = /HAZ-\d+/.exec((await hazard.getByRole('status').textContent())!)![0];
    const area = await api<{ type: string; status: string; area: { coordinates: number[][][] } }>(
      `/hazards/${haz}`,
    );
    expect(area).toMatchObject({ type: 'damaged-bridge', status: 'suspected' });
    expect(area.area.coordinates[0]!.length).toBe(25);
    await expect
      .poll(async () => (await features('hazards')).some((title) => title.startsWith(haz)))
      .toBe(true);
    await shot(console, 'hazards');
    // An area from a survey's GeoJSON file instead of a circle; a file with no polygon is refused.
    const file = hazard.locator('input[type=file]');
    const geojson = (name: string, json: unknown) => ({
      name,
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(json)),
    });
    await file.setInputFiles(geojson('points.geojson', { type: 'Point', coordinates: [37.15, 36.2] }));
    await expect
      .poll(() => hazard.getByRole('alert').textContent())
      .toContain('points.geojson has no polygon');
    const ring = [
      [37.15, 36.2],
      [37.152, 36.2],
      [37.152, 36.202],
      [37.15, 36.2],
    ];
    const survey = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }],
    };
    await file.setInputFiles(geojson('survey.geojson', survey));
    await expect.poll(() => hazard.getByTestId('hazard-file').textContent()).toContain('survey.geojson');
    await hazard.getByRole('button', { name: 'Report the hazard area' }).click();
    const reportedWords = hazard.getByRole('status').filter({ hasText: /^Hazard area HAZ-/ });
    await expect.poll(() => reportedWords.textContent()).not.toContain(`${haz} `);
    const surveyed = /HAZ-\d+/.exec((await reportedWords.textContent())!)![0];
    expect((await api<{ area: unknown }>(`/hazards/${surveyed}`)).area).toEqual({
      type: 'Polygon',
      coordinates: [ring],
    });
  });

  it('queues two tallies while offline and sends each exactly once when the network returns', async () => {
    const tally = await context.newPage();
    await tally.setViewportSize({ width: 360, height: 780 });
    await tally.goto(`${server.url}/tally`);
    await tally.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const { items: before } = await api<{ items: { id: string }[] }>('/passages?convoy=CVY-0003&limit=5000');
    await context.setOffline(true);
    await expect.poll(() => tally.getByTestId('network').textContent()).toBe('Offline');
    await tally.getByLabel('Checkpoint', { exact: true }).selectOption({ label: 'CP-72 Ramouseh road' });
    await tally.getByLabel('Convoy', { exact: true }).selectOption({ label: 'CVY-0003 (Boarding)' });
    for (const men of ['118', '119']) {
      await tally.getByRole('textbox', { name: 'Men', exact: true }).fill(men);
      await tally.getByRole('button', { name: 'Submit tally' }).click();
    }
    await expect.poll(() => tally.getByTestId('queue').locator('li').count()).toBe(2);
    await shot(tally, 'tally-offline-queue');
    const eventIds = await tally
      .getByTestId('queue')
      .locator('li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-event-id')!));
    // The service worker holds the app shell: the tally opens again without a network, queue and all.
    const again = await context.newPage();
    await again.setViewportSize({ width: 360, height: 780 });
    await again.goto(`${server.url}/tally`);
    await expect.poll(() => again.getByTestId('queue').locator('li').count()).toBe(2);
    // Both pages send when the network returns: the event ids make the second send harmless.
    await context.setOffline(false);
    await expect.poll(() => tally.getByTestId('queue').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => again.getByTestId('queue').count(), { timeout: 15_000 }).toBe(0);
    const { items: after } = await api<{ items: { id: string }[] }>('/passages?convoy=CVY-0003&limit=5000');
    expect(after.length - before.length).toBe(2);
    const { items: events } = await api<{ items: { id: string }[] }>('/events?after=0&limit=5000');
    for (const id of eventIds) expect(events.filter((e) => e.id === id)).toHaveLength(1);
    await again.close();
    await tally.close();
  });

  it('tallies vehicle by vehicle, shows what the server holds, and corrects and voids from the phone', async () => {
    const tally = await context.newPage();
    await tally.setViewportSize({ width: 360, height: 780 });
    await tally.goto(`${server.url}/tally`);
    await tally.getByLabel('Checkpoint', { exact: true }).selectOption({ label: 'CP-72 Ramouseh road' });
    await tally.getByLabel('Convoy', { exact: true }).selectOption({ label: 'CVY-0002 (Departed)' });
    const held = tally.getByTestId('held');
    const statuses = () =>
      held.locator('li').evaluateAll((li) => li.map((l) => l.getAttribute('data-status')));
    // The tally at CP-72 recorded by the alert test above (not by this phone) is what the server holds.
    await expect.poll(statuses).toEqual(['used']);
    // Two buses of the convoy, counted one tally for both: a part of the convoy, beside the whole count.
    await tally.getByLabel('Some vehicles').check();
    const vehicles = tally.getByRole('group', { name: 'Vehicles counted' }).getByRole('checkbox');
    await vehicles.nth(0).check();
    await vehicles.nth(1).check();
    await tally.getByRole('textbox', { name: 'Men', exact: true }).fill('40');
    await tally.getByRole('button', { name: 'Submit tally' }).click();
    await expect.poll(() => tally.getByRole('status').last().textContent()).toBe('Sent');
    await expect.poll(statuses).toEqual(['used', 'beside']);
    await shot(tally, 'tally-held');
    // Correct the whole count: the form takes its numbers, a reason is needed, the old one is kept.
    await held.locator('li[data-status="used"]').getByRole('button', { name: 'Correct' }).click();
    await expect
      .poll(() => tally.getByRole('textbox', { name: 'Men', exact: true }).inputValue())
      .not.toBe('0');
    await tally.getByRole('button', { name: 'Add one Men' }).click();
    await tally.getByLabel('Reason').fill('one man counted at the clinic tent');
    await tally.getByLabel('The whole convoy').check();
    await tally.getByRole('button', { name: 'Submit tally' }).click();
    await expect.poll(statuses).toEqual(['corrected', 'beside', 'used']);
    // Void the vehicles' tally: without a reason the phone asks for one.
    const partial = held.locator('li[data-status="beside"]');
    await partial.getByRole('button', { name: 'Void' }).click();
    await expect.poll(() => tally.getByRole('status').last().textContent()).toBe('Give the reason first');
    await tally.getByLabel('Reason').fill('counted the wrong buses');
    await partial.getByRole('button', { name: 'Void' }).click();
    await expect.poll(statuses).toEqual(['corrected', 'void', 'used']);
    await shot(tally, 'tally-corrected');
    // The convoy stays chosen across a reload.
    await tally.reload();
    await expect.poll(() => tally.getByLabel('Convoy', { exact: true }).inputValue()).not.toBe('');
    expect(await tally.getByLabel('Convoy', { exact: true }).locator('option:checked').textContent()).toBe(
      'CVY-0002 (Departed)',
    );
    await tally.close();
  });

  it('shows offline while the API does not answer, and sent, not rejected, when an answer was lost', async () => {
    const tally = await context.newPage();
    await tally.setViewportSize({ width: 360, height: 780 });
    await tally.goto(`${server.url}/tally`);
    await expect.poll(() => tally.getByTestId('network').textContent()).toBe('Live');
    // The browser says online, but the API does not answer (a dead satellite link): offline.
    await tally.route('**/api/health', (route) => route.abort());
    await tally.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(() => tally.getByTestId('network').textContent()).toBe('Offline');
    await tally.unroute('**/api/health');
    await tally.evaluate(() => dispatchEvent(new Event('online')));
    await expect.poll(() => tally.getByTestId('network').textContent()).toBe('Live');
    // The server takes the tally, but its answer is lost on the way back: the phone sends it again.
    let lost = 0;
    await tally.route('**/passages', async (route) => {
      if (route.request().method() !== 'POST' || lost > 0) return route.continue();
      lost++;
      await route.fetch();
      await route.abort('failed');
    });
    await tally
      .getByLabel('Checkpoint', { exact: true })
      .selectOption({ label: 'CP-71 al-Ansari Mashhad entry' });
    await tally.getByLabel('Convoy', { exact: true }).selectOption({ label: 'CVY-0003 (Boarding)' });
    await tally.getByRole('textbox', { name: 'Women', exact: true }).fill('12');
    await tally.getByRole('button', { name: 'Submit tally' }).click();
    await expect.poll(() => lost).toBe(1);
    const sent = tally.getByTestId('sent').locator('li').first();
    await expect.poll(() => sent.getAttribute('class'), { timeout: 15_000 }).toBe('sent');
    const eventId = (await sent.getAttribute('data-event-id'))!;
    const { items: events } = await api<{ items: { id: string }[] }>('/events?after=0&limit=5000');
    expect(events.filter((e) => e.id === eventId)).toHaveLength(1);
    await tally.close();
  });

  it("opens a convoy's manifest against its stations, the fleet, the figures and the chart", async () => {
    await console.getByRole('link', { name: 'Corridors', exact: true }).click();
    await console.locator('[data-code="COR-7"]').getByRole('link', { name: 'CVY-0002' }).click();
    const stations = console.getByTestId('convoy-stations');
    await expect.poll(() => stations.locator('tbody tr').first().textContent()).toContain('Manifest');
    // Manifest, CP-71 entry, CP-72 (ten men short: marked), CP-79 exit.
    await expect.poll(() => stations.locator('tbody tr').count()).toBe(4);
    expect(await stations.locator('td.off').count()).toBeGreaterThan(0);
    await shot(console, 'convoy-page');
    // A count is voided from its convoy's page, any source's, with a reason and a confirmation.
    const history = console.getByTestId('tally-history');
    const voided = history.locator('tbody tr[data-status="void"]');
    const before = await voided.count();
    const row = history.locator('tbody tr', { has: console.getByRole('button', { name: 'Void' }) }).last();
    await row.getByRole('button', { name: 'Void' }).click();
    const confirm = console.getByTestId('void-confirm');
    // Escape closes it, nothing sent, and the focus is back on the row's button.
    await confirm.locator('textarea').press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    await expect
      .poll(() => row.getByRole('button', { name: 'Void' }).evaluate((b) => b === document.activeElement))
      .toBe(true);
    await row.getByRole('button', { name: 'Void' }).click();
    expect(await confirm.getByRole('button', { name: 'Void' }).isDisabled()).toBe(true);
    await confirm.locator('textarea').fill('counted on the wrong convoy');
    await confirm.getByRole('button', { name: 'Void' }).click();
    await expect.poll(() => voided.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(await confirm.count()).toBe(0);
    expect(await history.textContent()).toContain('counted on the wrong convoy');

    await console.getByRole('link', { name: 'Fleet' }).click();
    const { total: vehicles } = await api<{ total: number }>('/vehicles?limit=1');
    const fleet = console.getByTestId('fleet');
    await expect
      .poll(async () =>
        (await fleet.locator('tbody tr td:first-of-type').allTextContents()).reduce(
          (s, n) => s + Number(n.replace(/\D/g, '')),
          0,
        ),
      )
      .toBe(vehicles);
    await shot(console, 'fleet');

    await console.getByRole('link', { name: 'Figures' }).click();
    // The figures of the situation report: computed from the log first, then the claims by code, in
    // number order; every figure the report gives, and each dispute with its figures side by side.
    const sitrep = await api<{
      figures: { id: string; method: string }[];
      disputes: { figures: string[]; used: string }[];
    }>('/reports/sitrep');
    const cards = console.getByTestId('figures').locator('li');
    await expect.poll(() => cards.count()).toBe(sitrep.figures.length);
    const shown = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-figure')!));
    const claims = shown.filter((id) => id.startsWith('FIG-'));
    expect(claims).toEqual([...claims].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))));
    expect(shown.indexOf(claims[0]!)).toBe(sitrep.figures.filter((f) => f.method === 'computed').length);
    const disputes = console.getByTestId('disputes').locator('.dispute');
    expect(await disputes.count()).toBe(sitrep.disputes.length);
    expect(await disputes.first().locator('tbody tr').count()).toBe(sitrep.disputes[0]!.figures.length);
    // A source's date is a date, not a time in another zone.
    const fig1 = console.locator('[data-figure="FIG-1"]');
    expect(await fig1.textContent()).toContain('24 Dec 2016');
    expect(await fig1.getByTestId('comparison').textContent()).toMatch(/computed from the log/);
    await shot(console, 'figures');
    const [pdf] = await Promise.all([
      console.waitForEvent('download'),
      console.getByTestId('downloads').getByRole('button', { name: 'PDF' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/^sitrep-aleppo-2016-\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await pdf.path();
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');

    await console.getByRole('link', { name: 'People over time' }).click();
    await expect.poll(() => console.locator('svg.chart path').count()).toBeGreaterThan(0);
    await shot(console, 'chart');
  });

  it('shows the situation report with the same numbers as the API, with Arabic names in Arabic', async () => {
    const sitrep = await api<{
      movements: { corridor: string; total: { entered: { total: number } } }[];
      recovery: { code: string; name: string }[];
    }>('/reports/sitrep');
    await console.getByRole('link', { name: 'Report' }).click();
    const rows = console.getByTestId('report-movements').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(sitrep.movements.length);
    for (const m of sitrep.movements) {
      const cells = await console.locator(`[data-corridor="${m.corridor}"] td`).allTextContents();
      expect(Number(cells[2]!.replace(/\D/g, '')), m.corridor).toBe(m.total.entered.total);
    }
    await shot(console, 'report');
    const { items: areas } = await api<{ items: { code: string; nameAr: string | null }[] }>(
      '/areas?limit=5000',
    );
    const named = sitrep.recovery.find((r) => areas.find((a) => a.code === r.code)?.nameAr);
    expect(named).toBeDefined();
    await console.getByRole('button', { name: 'Language' }).click();
    const arabic = areas.find((a) => a.code === named!.code)!.nameAr!;
    await expect.poll(() => console.getByTestId('report-recovery').textContent()).toContain(arabic);
    await shot(console, 'report-arabic');
    await console.getByRole('button', { name: 'اللغة' }).click();
  });

  it('replays the operation from its log: each step shows the numbers of the report as of that time', async () => {
    await console.getByRole('link', { name: 'Replay', exact: true }).click();
    const shown = console.getByTestId('replay-report');
    const compare = async () => {
      const asOf = (await shown.getAttribute('data-as-of'))!;
      const sitrep = await api<{ movements: { corridor: string; total: { entered: { total: number } } }[] }>(
        `/reports/sitrep?asOf=${encodeURIComponent(asOf)}`,
      );
      for (const m of sitrep.movements) {
        const cells = await shown.locator(`[data-corridor="${m.corridor}"] td`).allTextContents();
        expect(Number(cells[2]!.replace(/\D/g, '')), `${m.corridor} as of ${asOf}`).toBe(
          m.total.entered.total,
        );
      }
      return { asOf, entered: sitrep.movements.reduce((n, m) => n + m.total.entered.total, 0) };
    };
    await expect.poll(() => shown.count()).toBe(1);
    const slider = console.getByRole('slider');
    await slider.focus();
    // The report shown is the one of the slider's time once the last one asked for has come (reports
    // of the times passed on the way may come first).
    const settled = async () => {
      const at = await slider.getAttribute('data-at');
      await expect.poll(() => shown.getAttribute('data-as-of'), { timeout: 10_000 }).toBe(at);
    };
    // It opens at the end of the record; back to the beginning, then on a few steps: the report of
    // each time, not of now.
    await settled();
    const end = await compare();
    await console.keyboard.press('Home');
    await settled();
    const start = await compare();
    expect(start.asOf).not.toBe(end.asOf);
    // Keys pressed faster than reports come: one report on its way at a time, none asked for and
    // dropped (each is a read of the whole log at the server), the latest time asked for when one comes.
    await console.evaluate(() => {
      const w = window as unknown as {
        sitrepReads: { now: number; most: number; all: number; dropped: number };
      };
      const reads = (w.sitrepReads = { now: 0, most: 0, all: 0, dropped: 0 });
      const passOn = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (!url.includes('/reports/sitrep')) return passOn(input, init);
        reads.all++;
        reads.most = Math.max(reads.most, ++reads.now);
        try {
          const res = await passOn(input, init);
          await res.clone().arrayBuffer();
          return res;
        } catch (error) {
          reads.dropped++;
          throw error;
        } finally {
          reads.now--;
        }
      };
    });
    // Sent without waiting for each to be handled (one round trip each took half a minute on a busy
    // machine); the browser takes them in order.
    await Promise.all(Array.from({ length: 24 * 20 }, () => console.keyboard.press('ArrowRight')));
    await settled();
    const reads = await console.evaluate(() => (window as unknown as { sitrepReads: object }).sitrepReads);
    expect(reads).toMatchObject({ now: 0, most: 1, dropped: 0 });
    const later = await compare();
    // The convoys on the road then, each at the last station that counted it, as the report has them.
    const onRoad = await api<{ map: { convoys: { code: string }[] } }>(
      `/reports/sitrep?asOf=${encodeURIComponent(later.asOf)}`,
    );
    const drawnConvoys = () =>
      console.evaluate(async () => {
        const source = window.corridorMap!.getSource('replay-places') as unknown as {
          getData(): Promise<{ features: { properties: { kind: string; title: string } }[] }>;
        };
        return (await source.getData()).features
          .filter((f) => f.properties.kind === 'convoy')
          .map((f) => f.properties.title);
      });
    expect(onRoad.map.convoys.length).toBeGreaterThan(0);
    await expect.poll(drawnConvoys).toEqual(onRoad.map.convoys.map((c) => c.code));
    expect(later.asOf).not.toBe(start.asOf);
    expect(start.entered).toBeLessThanOrEqual(later.entered);
    expect(later.entered).toBeLessThanOrEqual(end.entered);
    expect(end.entered).toBeGreaterThan(start.entered);
    await shot(console, 'replay');
  });

  it('shows recovery per neighbourhood in a table and on the map, and records returns from the console', async () => {
    type Recovery = {
      areas: { code: string; returns: { total: number }; services: Record<string, unknown> }[];
    };
    const before = await api<Recovery>('/recovery');
    const { items: areas } = await api<{ items: { code: string; kind: string; nameEn: string }[] }>(
      '/areas?limit=5000',
    );
    await console.getByRole('link', { name: 'Recovery' }).click();
    await expect.poll(() => console.getByTestId('recovery-measure').count()).toBe(1);
    const table = console.getByTestId('recovery-table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(before.areas.length);
    for (const a of before.areas) {
      const returned = await table.locator(`tr[data-code="${a.code}"] td`).first().textContent();
      expect(Number(returned!.replace(/\D/g, '')), a.code).toBe(a.returns.total);
    }
    // The map colours the areas by the measure chosen: each area with a record of it, and no other.
    const drawn = () =>
      console.evaluate(async () => {
        const source = window.corridorMap!.getSource('recovery') as unknown as {
          getData(): Promise<unknown>;
        };
        const data = (await source.getData()) as { features: { properties: { detail: string } }[] };
        return data.features.map((f) => f.properties.detail);
      });
    await expect
      .poll(async () => (await drawn()).length)
      .toBe(before.areas.filter((a) => a.returns.total > 0).length);
    await console.getByRole('radio', { name: 'Water' }).check();
    await expect
      .poll(async () => (await drawn()).filter((d) => d.startsWith('Water: ')).length)
      .toBe(before.areas.filter((a) => a.services.water).length);

    // Returns recorded in the form reach the API and the table (read again within 5 s of a change).
    const area = areas.find((a) => a.kind === 'neighbourhood' && a.code !== before.areas[0]?.code)!;
    await console.getByText('Record returns, a service, access or aid').click();
    const form = console.getByTestId('record-returns');
    await form.getByLabel('Neighbourhood').selectOption({ label: area.nameEn });
    await form.getByLabel('Returned from (a town, a camp)').fill('Jibreen shelter');
    await form.getByLabel('Men', { exact: true }).fill('7');
    await form.getByLabel('Girls', { exact: true }).fill('5');
    await form.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Recorded.');
    const after = await api<Recovery>('/recovery');
    const was = before.areas.find((a) => a.code === area.code)?.returns.total ?? 0;
    expect(after.areas.find((a) => a.code === area.code)!.returns.total).toBe(was + 12);
    await console.getByRole('radio', { name: 'Returns' }).check();
    const row = table.locator(`tr[data-code="${area.code}"] td`).first();
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toBe(String(was + 12));
    await shot(console, 'recovery');
  });

  it("shows the Sites page: headquarters' own chain head, the same as the API's, no upstream, and what a site below may send up", async () => {
    // A post's node granted a protection officer's records besides its own work says hello.
    // Made without blocking this process: a blocked event loop misses the server closing an idle
    // connection, and the next request is sent on it ("other side closed").
    const made = await corridor(
      ['token', 'create', '--role', 'site', '--site', 'POST-9', '--grant', 'post-officer,protection'],
      { CORRIDOR_DB: join(dir, 'web.db') },
    );
    expect(made.code, made.stderr).toBe(0);
    const siteToken = made.stdout.trim().split('\n').at(-1)!;
    const hello = await fetch(`${server.url}/api/v1/sync/hello`, {
      headers: { authorization: `Bearer ${siteToken}` },
    });
    expect(((await hello.json()) as { grants: string[] }).grants).toEqual(['post-officer', 'protection']);
    await console.getByRole('link', { name: 'Sites' }).click();
    const sites = console.getByTestId('sites');
    const status = (await (
      await fetch(`${server.url}/api/v1/sync/status`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { site: string; heads: Record<string, { seq: number; hash: string }> };
    // The page reads the status every 10 s and the log grows meanwhile: it shows this site's head as it
    // was, at most as far as the API's now, and the hash of that very event.
    const row = sites.locator('tbody tr', { hasText: status.site }).first();
    await expect.poll(() => row.textContent()).toMatch(/[0-9a-f]{12}…/);
    const cells = await row.locator('td').allTextContents();
    const shown = { seq: Number(cells[0]!.replace(/\D/g, '')), hash: cells[1]!.slice(0, 12) };
    expect(shown.seq).toBeGreaterThan(0);
    expect(shown.seq).toBeLessThanOrEqual(status.heads[status.site]!.seq);
    const events = await api<{ items: { originSite: string; originSeq: number; hash: string }[] }>(
      '/events?limit=5000',
    );
    const event = events.items.find((e) => e.originSite === status.site && e.originSeq === shown.seq);
    expect(event?.hash.slice(0, 12)).toBe(shown.hash);
    expect(await sites.textContent()).toContain('none: this is headquarters');
    const below = sites.locator('tbody tr', { hasText: 'POST-9' });
    await expect.poll(() => below.textContent()).toContain('command-post officer, protection officer');
    expect(await console.getByTestId('sync-banner').count()).toBe(0);
    await shot(console, 'sites');
  });

  it("shows a corridor's gates, naming the hazard and the party that hold it, and lets a coordinator move it", async () => {
    await console.goto(`${server.url}/corridors#COR-6`);
    const card = console.locator('[data-testid="corridor-row"][data-code="COR-6"]');
    await card.getByTestId('gates-details').locator('summary').first().click();
    const toNotified = card.locator('[data-testid="gate"][data-to="notified"]');
    await expect.poll(() => toNotified.getAttribute('data-unmet')).toBe('0');
    await toNotified.getByRole('button', { name: 'Make it Notified' }).click();
    // Nothing moves before the coordinator confirms.
    const confirm = card.getByTestId('gate-confirm');
    expect(await confirm.textContent()).toContain('Make COR-6 Notified?');
    await confirm.getByRole('button', { name: 'Yes, make it Notified' }).click();
    const toReady = card.locator('[data-testid="gate"][data-to="ready"]');
    await expect.poll(() => toReady.getAttribute('data-unmet'), { timeout: 10_000 }).toBe('2');
    const unmet = await toReady.locator('.gate-unmet li').allTextContents();
    // In the reader's words, from the condition's kind and numbers the server gives beside its sentence.
    expect(unmet[0]).toMatch(/^Segment \d+ of the route crosses HAZ-1 \(suspected, not cleared\)$/);
    expect(unmet[1]).toBe('No acknowledgement from Armed opposition groups in east Aleppo (NTF-6)');
    await console.getByRole('button', { name: 'Language' }).click();
    await expect
      .poll(() => toReady.locator('.gate-unmet li').first().textContent())
      .toMatch(/^يعبر المقطع \d+ من المسار HAZ-1 \(مشتبه، لم تُطهَّر\)$/);
    await console.getByRole('button', { name: 'اللغة' }).click();
    expect(await toReady.getByRole('button', { name: 'Make it Ready' }).isDisabled()).toBe(true);
    expect(await card.getByTestId('gate-notification').textContent()).toContain('NTF-6');
    await shot(console, 'corridor-gates');
    // The party's acknowledgement, recorded from the console, clears its gate.
    const party = card.locator('[data-party="Armed opposition groups in east Aleppo"]');
    await party
      .getByLabel('Who acknowledged for Armed opposition groups in east Aleppo')
      .fill('Liaison, by radio');
    await party.getByRole('button', { name: 'Record the acknowledgement' }).click();
    await expect.poll(() => toReady.getAttribute('data-unmet')).toBe('1');
    expect(await party.textContent()).toContain('✓ acknowledged');
    // The notification's document, to print and send, in English or in Arabic.
    for (const [name, file] of [
      ['English', 'NTF-6.pdf'],
      ['Arabic', 'NTF-6-ar.pdf'],
    ] as const) {
      const [doc] = await Promise.all([
        console.waitForEvent('download'),
        card.getByTestId('gate-notification').getByRole('button', { name, exact: true }).click(),
      ]);
      expect(doc.suggestedFilename()).toBe(file);
      const bytes = readFileSync(await doc.path());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      if (name === 'Arabic') {
        const text = execFileSync('pdftotext', [await doc.path(), '-']).toString();
        expect(text).toContain('إخطار بتحرّك إنساني');
        // The corridor by its Arabic name.
        expect(text).toContain((await api<{ nameAr: string }>('/corridors/COR-6')).nameAr);
      }
    }
    // A new movement notified from the console becomes the one the gates go by.
    const notify = card.getByTestId('notify-movement');
    await notify.locator('summary').click();
    await notify.getByLabel('Buses').fill('12');
    await notify.getByRole('button', { name: 'Send the notification' }).click();
    await expect
      .poll(() => notify.getByRole('status').textContent())
      .toMatch(/^Notification (NTF-\d+) recorded/);
    const sent = /NTF-\d+/.exec((await notify.getByRole('status').textContent())!)![0];
    await expect.poll(() => card.getByTestId('gate-notification').textContent()).toContain(sent);
    await shot(console, 'corridor-notify');
  });

  it('clears a hazard area from the console: confirmed, a clearance task with its progress and sign-off, then cleared', async () => {
    // A hazard away from every corridor, so that the corridors' gates are as the other tests left them.
    const ring = [
      [37.05, 36.05],
      [37.051, 36.05],
      [37.051, 36.051],
      [37.05, 36.051],
      [37.05, 36.05],
    ];
    const hazard = await api<{ code: string }>('/hazards', {
      method: 'POST',
      body: { type: 'explosive-ordnance', area: { type: 'Polygon', coordinates: [ring] }, eventId: uuidv7() },
    });
    await console.getByRole('link', { name: 'Hazards' }).click();
    const card = console.getByTestId('hazards').locator(`li[data-code="${hazard.code}"]`);
    await expect.poll(() => card.count()).toBe(1);
    const move = async (to: string) => {
      const details = card.locator('details', {
        has: console.locator('summary', { hasText: 'Change the status' }),
      });
      if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
      await card.getByLabel('New status').selectOption({ label: to });
      await card.getByRole('button', { name: `Make it ${to}` }).click();
    };
    await move('Confirmed');
    await expect.poll(() => card.locator('.row').first().textContent()).toContain('Confirmed');
    await card.locator('summary', { hasText: 'Start a clearance task' }).click();
    await card.getByLabel('Team').fill('Team 3');
    await card.getByRole('button', { name: 'Start a clearance task' }).click();
    const task = card.locator('li[data-task="Team 3"]');
    await expect.poll(() => task.count(), { timeout: 10_000 }).toBe(1);
    await task.getByLabel('Cleared so far (m²)').fill('1200');
    await task.getByRole('button', { name: 'Record progress' }).click();
    await expect.poll(() => task.textContent(), { timeout: 10_000 }).toContain('1,200 m² cleared so far');
    // A lower figure is a correction, recorded only with the reason for it.
    await task.getByLabel('Cleared so far (m²)').fill('800');
    const correct = task.getByRole('button', { name: 'Record the correction' });
    expect(await correct.isDisabled()).toBe(true);
    await task.getByLabel(/a correction/).fill('QA re-opened the north lane');
    await correct.click();
    await expect.poll(() => task.textContent(), { timeout: 10_000 }).toContain('800 m² cleared so far');
    const tasks = await api<{
      items: { team: string; clearedAreaM2: number; progressNote: string | null }[];
    }>('/clearance-tasks?limit=1000');
    expect(tasks.items.find((x) => x.team === 'Team 3')).toMatchObject({
      clearedAreaM2: 800,
      progressNote: 'QA re-opened the north lane',
    });
    // Not cleared before the task is signed off: the server says why, and nothing changes. The form
    // offers what a confirmed area may become, not what the suspected one could.
    await card.locator('summary', { hasText: 'Change the status' }).click();
    expect(await card.getByRole('button', { name: /^Make it / }).textContent()).toBe('Make it Cleared');
    await move('Cleared');
    await expect.poll(() => card.getByRole('alert').count()).toBeGreaterThan(0);
    expect((await api<{ status: string }>(`/hazards/${hazard.code}`)).status).toBe('confirmed');
    await task.getByLabel('Quality assurance signed off by').fill('R. Haddad');
    await task.getByRole('button', { name: 'Complete the task' }).click();
    await expect.poll(() => task.textContent(), { timeout: 10_000 }).toContain('signed off by R. Haddad');
    await card.getByRole('button', { name: 'Make it Cleared' }).click();
    await expect
      .poll(async () => (await api<{ status: string }>(`/hazards/${hazard.code}`)).status)
      .toBe('cleared');
    await expect.poll(() => card.locator('.row').first().textContent()).toContain('Cleared');
    await shot(console, 'hazards-clearance');
  });

  it('shows ceasefires and pauses on a timeline, and records one and calls it off', async () => {
    type Window = { code: string; status: string; corridorIds: string[]; cancelReason: string | null };
    const before = (await api<{ items: Window[] }>('/windows')).items;
    await console.getByRole('link', { name: 'Pauses' }).click();
    const bars = console.getByTestId('windows-timeline').locator('[data-code]');
    await expect.poll(() => bars.count()).toBe(before.length);
    await console.getByText('Record an agreed ceasefire or pause').click();
    const form = console.getByTestId('agree-window');
    await form.getByLabel('Kind').selectOption({ label: 'Humanitarian pause' });
    await form.getByLabel(/^COR-7 /).check();
    await form.getByLabel(/^ICRC /).check();
    await form.getByRole('button', { name: 'Record the window' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/^Window WIN-\d+ recorded\.$/);
    const code = /WIN-\d+/.exec((await form.getByRole('status').textContent())!)![0];
    const made = await api<Window>(`/windows/${code}`);
    expect(made).toMatchObject({ status: 'agreed' });
    expect(made.corridorIds).toHaveLength(1);
    await expect.poll(() => bars.count(), { timeout: 10_000 }).toBe(before.length + 1);
    const card = console.getByTestId('windows').locator(`li[data-code="${code}"]`);
    await card.locator('summary', { hasText: 'Call it off' }).click();
    await card.getByLabel('Why it no longer holds').fill('Shelling resumed on the route');
    await card.getByRole('button', { name: 'Call it off' }).click();
    await expect.poll(async () => (await api<Window>(`/windows/${code}`)).status).toBe('cancelled');
    await expect
      .poll(() => card.textContent(), { timeout: 10_000 })
      .toContain('Called off: Shelling resumed');
    await shot(console, 'windows');
  });

  it('suspends a corridor only once the coordinator confirms and says why', async () => {
    const status = async () => (await api<{ status: string }>('/corridors/COR-7')).status;
    expect(await status()).toBe('open');
    await console.goto(`${server.url}/corridors#COR-7`);
    const card = console.locator('[data-testid="corridor-row"][data-code="COR-7"]');
    await card.getByTestId('gates-details').locator('summary').first().click();
    const toSuspended = card.locator('[data-testid="gate"][data-to="suspended"]');
    await toSuspended.getByRole('button', { name: 'Make it Suspended' }).click();
    const confirm = card.getByTestId('gate-confirm');
    expect(await confirm.textContent()).toContain('No convoy may move on this corridor');
    const yes = confirm.getByRole('button', { name: 'Yes, make it Suspended' });
    expect(await yes.isDisabled()).toBe(true);
    await confirm.getByRole('textbox').fill('shelling reported near km 3');
    expect(await yes.isDisabled()).toBe(false);
    await shot(console, 'corridor-suspend-confirm');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await card.getByTestId('gate-confirm').count()).toBe(0);
    expect(await status()).toBe('open');
  });

  it('signs a person in with their account', async () => {
    const env = { CORRIDOR_DB: join(dir, 'web.db'), CORRIDOR_PASSWORD: 'a long passphrase' };
    expect(
      (await corridor(['user', 'create', '--email', 'amal@example.org', '--name', 'Amal'], env)).code,
    ).toBe(0);
    const granted = await corridor(
      [
        'user',
        'grant',
        '--email',
        'amal@example.org',
        '--operation',
        OP,
        '--role',
        'post-officer',
        '--org',
        'ICRC',
      ],
      env,
    );
    expect(granted.code, granted.stderr).toBe(0);
    const person = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await person.newPage();
      await page.goto(server.url);
      await page.getByLabel('Email').fill('amal@example.org');
      await page.getByLabel('Password').fill('wrong password');
      await page
        .getByRole('form', { name: 'Sign in with your account' })
        .getByRole('button', { name: 'Sign in' })
        .click();
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toContain('the email or the password is wrong');
      await page.getByLabel('Password').fill('a long passphrase');
      await page
        .getByRole('form', { name: 'Sign in with your account' })
        .getByRole('button', { name: 'Sign in' })
        .click();
      await expect.poll(() => page.locator('header h1').textContent()).toContain('East Aleppo evacuation');
    } finally {
      await person.close();
    }
    // A member of two operations chooses one once the password is right.
    const seed = (await import(SEED_IN_PROCESS)) as {
      addOperation: (path: string, operationId: string, name: string) => Promise<void>;
    };
    await seed.addOperation(join(dir, 'web.db'), 'training-2026', 'A training exercise');
    const second = await corridor(
      ['user', 'grant', '--email', 'amal@example.org', '--operation', 'training-2026', '--role', 'viewer'],
      env,
    );
    expect(second.code, second.stderr).toBe(0);
    const again = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await again.newPage();
      await page.goto(server.url);
      await page.getByLabel('Email').fill('amal@example.org');
      await page.getByLabel('Password').fill('a long passphrase');
      const form = page.getByRole('form', { name: 'Sign in with your account' });
      await form.getByRole('button', { name: 'Sign in' }).click();
      const choice = form.getByRole('group', { name: 'You are a member of several operations: choose one' });
      await expect
        .poll(() => choice.getByRole('button').allTextContents())
        .toEqual([
          'A training exercise (viewer)',
          expect.stringMatching(/^East Aleppo evacuation.*\(command-post officer\)$/),
        ]);
      await shot(page, 'sign-in-choose-operation');
      await choice.getByRole('button', { name: /^East Aleppo/ }).click();
      await expect.poll(() => page.locator('header h1').textContent()).toContain('East Aleppo evacuation');
    } finally {
      await again.close();
    }
  });

  it("lists the checkpoints of the enumerator's own command posts first on the tally", async () => {
    // A post of ICRC's own, watching a new checkpoint on COR-7; every other post is RU-MOD's.
    const post = await api<{ id: string; code: string }>('/command-posts', {
      method: 'POST',
      body: {
        name: 'ICRC forward post',
        location: { type: 'Point', coordinates: [37.12, 36.17] },
        organisationId: 'ICRC',
      },
    });
    const checkpoint = await api<{ code: string; name: string }>('/checkpoints', {
      method: 'POST',
      body: {
        corridorId: 'COR-7',
        kind: 'intermediate',
        name: 'ICRC forward checkpoint',
        location: { type: 'Point', coordinates: [37.12, 36.17] },
        ordinal: 5,
        commandPostId: post.code,
      },
    });
    const created = await corridor(
      ['token', 'create', '--role', 'enumerator', '--operation', OP, '--org', 'ICRC'],
      { CORRIDOR_DB: join(dir, 'web.db') },
    );
    const enumerator = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await enumerator.newPage();
      await page.goto(`${server.url}/tally`);
      await page.getByLabel('Access token').fill(created.stdout.trim().split('\n').at(-1)!);
      await page
        .getByRole('form', { name: 'Or with a token' })
        .getByRole('button', { name: 'Sign in' })
        .click();
      const options = page.getByLabel('Checkpoint', { exact: true }).locator('option');
      await expect.poll(() => options.count(), { timeout: 10_000 }).toBeGreaterThan(2);
      // The first after "pick one" is the post's own; the rest follow in code order.
      expect(await options.nth(1).textContent()).toBe(`${checkpoint.code} ${checkpoint.name}`);
      expect(await options.nth(2).textContent()).toMatch(/^CP-11 /);
    } finally {
      await enumerator.close();
    }
  });

  it('offers a viewer neither alert actions nor the tally', async () => {
    const created = await corridor(
      ['token', 'create', '--role', 'viewer', '--operation', OP, '--org', 'ICRC'],
      {
        CORRIDOR_DB: join(dir, 'web.db'),
      },
    );
    const viewerToken = created.stdout.trim().split('\n').at(-1)!;
    const viewer = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await viewer.newPage();
      await page.goto(`${server.url}/alerts`);
      await page.getByLabel('Access token').fill(viewerToken);
      await page
        .getByRole('form', { name: 'Or with a token' })
        .getByRole('button', { name: 'Sign in' })
        .click();
      await expect
        .poll(() => page.getByTestId('alerts-feed').locator('li').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: 'Acknowledge' }).count()).toBe(0);
      expect(await page.getByText('Your role (viewer) may not act on alerts.').count()).toBeGreaterThan(0);
      await page.goto(`${server.url}/protection`);
      await expect
        .poll(() => page.getByText('Personal data is for protection officers only').count())
        .toBe(1);
      expect(await page.getByTestId('purpose-gate').count()).toBe(0);
      await page.goto(`${server.url}/tally`);
      await expect.poll(() => page.getByText('Your role (viewer) may not record tallies').count()).toBe(1);
      expect(await page.getByRole('button', { name: 'Submit tally' }).isDisabled()).toBe(true);
    } finally {
      await viewer.close();
    }
  });

  it('lets a protection officer register, read with a purpose, trace across scripts, hand a child over and erase', async () => {
    const created = await corridor(['token', 'create', '--role', 'protection', '--operation', OP], {
      CORRIDOR_DB: join(dir, 'web.db'),
    });
    const officer = created.stdout.trim().split('\n').at(-1)!;
    const as = async <T>(path: string) => {
      const res = await fetch(`${server.url}/api/v1/operations/${OP}${path}`, {
        headers: { authorization: `Bearer ${officer}` },
      });
      expect(res.status, path).toBe(200);
      return (await res.json()) as T;
    };
    const reads = async () =>
      (
        await as<{ items: { type: string; payload: { purpose: string } }[] }>('/events?after=0&limit=5000')
      ).items
        .filter((e) => e.type === 'PersonalDataRead')
        .map((e) => e.payload.purpose);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(
        (session) => localStorage.setItem('corridor.session', session),
        JSON.stringify({ token: officer, operationId: OP }),
      );
      await page.goto(`${server.url}/protection`);
      await expect.poll(() => page.getByText('Names are shown once a purpose is given.').count()).toBe(1);
      const readBefore = (await reads()).length;
      // A family: the father, and a child travelling alone, registered from the form.
      await page.getByText('Register a person').click();
      await page.getByRole('button', { name: 'Start a new family group' }).click();
      await expect.poll(() => page.getByLabel('Family group').inputValue()).toMatch(/^FAM-\d+$/);
      await page.getByLabel('Name in Latin letters').fill('Mohammed Hassan');
      await page.getByRole('spinbutton', { name: 'Age' }).fill('34');
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      const father = /REG-\d+/.exec((await page.getByText(/^Registered as REG-/).textContent())!)![0];
      await page.getByLabel('Name in Latin letters').fill('Yasmeen Tarabishi');
      await page.getByLabel('A child').check();
      await page.getByLabel('Unaccompanied').check();
      await page.getByRole('button', { name: 'Register', exact: true }).click();
      await expect.poll(() => page.getByText(/^Registered as REG-/).textContent()).not.toContain(father);
      const child = /REG-\d+/.exec((await page.getByText(/^Registered as REG-/).textContent())!)![0];
      // Nothing personal was read yet; now for family reunification, recorded as such.
      expect(await page.getByTestId('registrations').count()).toBe(0);
      expect((await reads()).length).toBe(readBefore);
      await page.getByLabel('Purpose').selectOption('family-reunification');
      await page.getByRole('button', { name: 'Read for this purpose' }).click();
      const table = page.getByTestId('registrations');
      await expect
        .poll(() => table.locator(`tr[data-code="${father}"]`).textContent())
        .toContain('Mohammed Hassan');
      expect((await reads()).slice(readBefore)).toEqual(['family-reunification']);
      await shot(page, 'protection-registrations');
      // The father is put on the convoy boarding.
      await table.getByLabel(`The convoy ${father} is on`).selectOption({ label: 'CVY-0003 (Boarding)' });
      const convoy3 = await api<{ id: string }>('/convoys/CVY-0003');
      await expect
        .poll(
          async () =>
            (await as<{ convoyId: string | null }>(`/registrations/${father}?purpose=audit`)).convoyId,
        )
        .toBe(convoy3.id);

      // Tracing in Arabic script finds the father registered in Latin script; the match is confirmed.
      await page.getByRole('link', { name: 'Tracing requests' }).click();
      await page.getByText('Open a tracing request').click();
      await page.getByLabel('Name in Arabic letters').fill('محمد حسن');
      await page.getByLabel('Who is looking for them').fill('Nizar Qudsiyyeh');
      await page.getByRole('button', { name: 'Open the request' }).click();
      const opened = /TR-\d+/.exec((await page.getByText(/^Tracing request TR-/).textContent())!)![0];
      const card = page.getByTestId('tracing').locator(`li[data-code="${opened}"]`);
      await card.getByRole('button', { name: 'Find registered people who match' }).click();
      const match = card.locator(`li[data-code="${father}"]`);
      await expect.poll(() => match.count()).toBe(1);
      await match.getByRole('button', { name: 'Confirm the match' }).click();
      await expect.poll(() => match.textContent()).toContain('Confirmed');
      const request = await as<{ reviews: { decision: string }[] }>(
        `/tracing-requests/${opened}?purpose=audit`,
      );
      expect(request.reviews.map((r) => r.decision)).toEqual(['confirmed']);
      // Who is sought and by whom, and the review, read when asked (the read recorded, as every one).
      await card.getByRole('button', { name: 'Who is sought, and by whom' }).click();
      const details = card.getByTestId(`tracing-details-${opened}`);
      await expect.poll(() => details.textContent()).toContain('Nizar Qudsiyyeh');
      expect(await details.textContent()).toContain('محمد حسن');
      expect(await details.textContent()).toMatch(new RegExp(`${father}: Confirmed`));
      await shot(page, 'protection-tracing');
      // Closed only once confirmed: cancelled, it stays open.
      const status = async () =>
        (await as<{ status: string }>(`/tracing-requests/${opened}?purpose=audit`)).status;
      await card.getByRole('button', { name: 'Close the request' }).click();
      await card.getByTestId('close-confirm').getByRole('button', { name: 'Cancel' }).click();
      expect(await status()).toBe('open');
      await card.getByRole('button', { name: 'Close the request' }).click();
      expect(await card.getByTestId('close-confirm').textContent()).toContain('“Found”');
      await card.getByRole('button', { name: `Yes, close ${opened}` }).click();
      await expect.poll(status).toBe('closed');

      // The child's case is closed by the hand-over recorded at a reception point.
      await page.getByRole('link', { name: 'Unaccompanied and separated children' }).click();
      const children = page.getByTestId('children');
      await expect.poll(() => children.locator(`li[data-code="${child}"]`).count()).toBe(1);
      await children.locator('summary', { hasText: 'Record the hand-over' }).click();
      await children.getByLabel('Name of the carer').fill('Wadad Tarabishi');
      await children.getByRole('button', { name: 'Record the hand-over' }).click();
      await expect
        .poll(() => page.getByText('No unaccompanied or separated child has an open case.').count())
        .toBe(1);
      const handed = await as<{ caseStatus: string }>(`/registrations/${child}?purpose=audit`);
      expect(handed.caseStatus).toBe('handed-over');

      // Erasure asks why and the code typed again; then the name is gone for good, the record stays.
      await page.getByRole('link', { name: 'Registrations' }).click();
      const row = page.getByTestId('registrations').locator(`tr[data-code="${father}"]`);
      await row.getByRole('button', { name: 'Erase' }).click();
      const confirm = page.getByTestId('erase-confirm');
      const erase = confirm.getByRole('button', { name: `Erase ${father} for good` });
      expect(await erase.isDisabled()).toBe(true);
      await confirm.getByLabel('Why').selectOption('person-asked');
      await confirm.getByLabel(`Type ${father} to confirm`).fill(father);
      await erase.click();
      await expect.poll(() => row.textContent()).toContain('Erased');
      expect((await as<{ person: unknown }>(`/registrations/${father}?purpose=audit`)).person).toBeNull();
      await page.getByRole('button', { name: 'Language' }).click();
      await expect
        .poll(() =>
          page.getByRole('heading', { name: 'الحماية: الأشخاص والأطفال والبحث عن المفقودين' }).count(),
        )
        .toBe(1);
      await shot(page, 'protection-arabic');
    } finally {
      await context.close();
    }
  });

  it("records a convoy's manifest and moves it on from its page, once confirmed; verifies an incident", async () => {
    type ApiConvoy = {
      status: string;
      manifest: { people: Record<string, number>; stretcherCases: number } | null;
    };
    await console.goto(`${server.url}/convoys/CVY-0003`);
    const work = console.getByTestId('convoy-work');
    // A correction starts from the manifest recorded; two more men board.
    const before = (await api<ApiConvoy>('/convoys/CVY-0003')).manifest!;
    await work.locator('summary', { hasText: 'Correct the manifest' }).click();
    await work.getByLabel('Men', { exact: true }).fill(String(before.people.men! + 2));
    await work.getByLabel('Stretcher cases').fill('3');
    await work.getByRole('button', { name: 'Correct the manifest' }).click();
    await expect
      .poll(async () => (await api<ApiConvoy>('/convoys/CVY-0003')).manifest)
      .toMatchObject({ people: { ...before.people, men: before.people.men! + 2 }, stretcherCases: 3 });
    // Departing asks first; cancelled, nothing moves.
    await work.getByRole('button', { name: 'Make it Departed…' }).click();
    await work.getByTestId('convoy-move-confirm').getByRole('button', { name: 'Cancel' }).click();
    expect((await api<ApiConvoy>('/convoys/CVY-0003')).status).toBe('boarding');
    await work.getByRole('button', { name: 'Make it Departed…' }).click();
    const confirm = work.getByTestId('convoy-move-confirm');
    expect(await confirm.textContent()).toContain('CVY-0003 has left?');
    // Now is years after the corridor's window: the server refuses, says why, and nothing moves.
    await work.getByRole('button', { name: 'Yes, make it Departed' }).click();
    await expect
      .poll(() => confirm.getByRole('alert').textContent())
      .toContain('outside the opening windows');
    expect((await api<ApiConvoy>('/convoys/CVY-0003')).status).toBe('boarding');
    // Entered later, at the time it left.
    await confirm.getByLabel(/When it happened/).fill('2016-12-16T14:00');
    await work.getByRole('button', { name: 'Yes, make it Departed' }).click();
    await expect.poll(async () => (await api<ApiConvoy>('/convoys/CVY-0003')).status).toBe('departed');
    await expect.poll(() => console.locator('#convoy-heading').textContent()).toContain('Departed');
    // An incident reported is verified from its card, with the reason.
    const { items } = await api<{ items: { code: string; status: string }[] }>('/incidents?limit=1000');
    const reported = items.find((i) => i.status === 'reported')!;
    await console.getByRole('link', { name: 'Incidents' }).click();
    const card = console.getByTestId('incidents').locator(`li[data-code="${reported.code}"]`);
    await card.locator('summary', { hasText: 'Verify or close' }).click();
    await card.getByLabel('New status').selectOption({ label: 'verified' });
    await card.getByLabel('Why (optional)').fill('seen by the post at CP-71');
    await card.getByRole('button', { name: 'Make it verified' }).click();
    await expect
      .poll(async () => (await api<{ status: string }>(`/incidents/${reported.code}`)).status)
      .toBe('verified');
    // A party's claim, recorded from the figures page with its source.
    await console.getByRole('link', { name: 'Figures' }).click();
    const form = console.getByTestId('report-figure');
    await form.locator('summary').click();
    await form.getByLabel('In words').fill('People evacuated, as a party said');
    await form.getByLabel('How exact').selectOption({ label: 'About' });
    await form.getByLabel(/^How many/).fill('35000');
    await form.getByLabel('Source document').fill('Press briefing, 22 December');
    await form.getByRole('button', { name: 'Record a figure as a party claims it' }).click();
    await expect.poll(() => form.getByRole('status').count()).toBe(1);
    const figure = /FIG-\d+/.exec((await form.getByRole('status').textContent())!)![0];
    expect(await api(`/figures/${figure}`)).toMatchObject({
      value: 35000,
      qualifier: 'about',
      metric: 'people_evacuated',
      sourceDocument: 'Press briefing, 22 December',
    });
  });

  it('sets the operation up from the registry: a vehicle registered, a reception point placed, a convoy planned by hand', async () => {
    await console.goto(`${server.url}/registry`);
    const registry = console.getByTestId('registry');
    const vehicle = registry.getByTestId('register-vehicle');
    await vehicle.locator('summary').click();
    await vehicle.getByLabel('Type', { exact: true }).selectOption({ label: 'Ambulances' });
    await vehicle.getByLabel('Seats').fill('2');
    await vehicle.getByLabel('Stretchers').fill('2');
    await vehicle.getByLabel('Plate').fill('TEST-A-1');
    await vehicle.getByRole('button', { name: 'Register a vehicle' }).click();
    await expect.poll(() => vehicle.getByRole('status').count()).toBe(1);
    const code = /VEH-\d+/.exec((await vehicle.getByRole('status').textContent())!)![0];
    expect(await api(`/vehicles/${code}`)).toMatchObject({
      kind: 'ambulance',
      seats: 2,
      stretchers: 2,
      plate: 'TEST-A-1',
    });
    // A reception point where a tap on the map puts it.
    const point = registry.getByTestId('establish-reception-points');
    await point.locator('summary').click();
    await point.getByLabel('Name', { exact: true }).fill('Field hospital');
    await point.getByLabel('Capacity (people)').fill('300');
    await point.getByRole('button', { name: 'Pick the place on the map' }).click();
    const map = (await console.locator('.map-wrap').boundingBox())!;
    await console.mouse.click(map.x + map.width / 2, map.y + map.height / 2);
    await expect.poll(() => point.getByTestId('incident-place').textContent()).toMatch(/^36\.\d+, 37\.\d+$/);
    await point.getByRole('button', { name: 'Establish a reception point' }).click();
    await expect.poll(() => point.getByRole('status').count()).toBe(1);
    const rp = /RP-\d+/.exec((await point.getByRole('status').textContent())!)![0];
    expect(await api(`/reception-points/${rp}`)).toMatchObject({ name: 'Field hospital', capacity: 300 });
    // A convoy by hand on COR-7 with the new ambulance, once the live stream has brought it.
    const convoy = registry.getByTestId('plan-convoy');
    await convoy.locator('summary').click();
    await convoy.getByLabel('Corridor').selectOption('COR-7');
    await expect.poll(() => convoy.locator(`option[value="${code}"]`).count()).toBe(1);
    await convoy.getByLabel(/^Its vehicles/).selectOption([code]);
    await convoy.getByRole('button', { name: 'Plan a convoy by hand' }).click();
    await expect.poll(() => convoy.getByRole('status').count()).toBe(1);
    const planned = /CVY-\d+/.exec((await convoy.getByRole('status').textContent())!)![0];
    const vehicleId = (await api<{ id: string }>(`/vehicles/${code}`)).id;
    expect(await api(`/convoys/${planned}`)).toMatchObject({ status: 'planned', vehicleIds: [vehicleId] });
  });

  it('declares a corridor drawn on the map, or from a file, and imports areas from a boundary file once', async () => {
    await console.goto(`${server.url}/registry`);
    const form = console.getByTestId('declare-corridor');
    await form.locator('summary').click();
    await form.getByLabel('Name', { exact: true }).fill('Western road');
    await form.getByRole('button', { name: 'Draw its route on the map' }).click();
    const map = (await console.locator('.map-wrap').boundingBox())!;
    for (const [x, y] of <[number, number][]>[
      [0.3, 0.4],
      [0.5, 0.5],
      [0.7, 0.55],
      [0.8, 0.6],
    ])
      await console.mouse.click(map.x + map.width * x, map.y + map.height * y);
    await expect.poll(() => form.getByTestId('route-points').textContent()).toBe('4 points on the route.');
    await form.getByRole('button', { name: 'Remove the last point' }).click();
    await form.getByRole('button', { name: 'Done drawing' }).click();
    await expect.poll(() => form.getByTestId('route-points').textContent()).toBe('3 points on the route.');
    // Done drawing, a tap on the map adds nothing.
    await console.mouse.click(map.x + map.width * 0.2, map.y + map.height * 0.3);
    expect(await form.getByTestId('route-points').textContent()).toBe('3 points on the route.');
    await form.getByLabel('To (neighbourhood; optional)').selectOption({ label: 'Hanano' });
    await form.getByRole('button', { name: 'Declare a corridor' }).click();
    await expect.poll(() => form.getByRole('status').filter({ hasText: 'Recorded' }).count()).toBe(1);
    const code = /COR-\d+/.exec(
      (await form.getByRole('status').filter({ hasText: 'Recorded' }).textContent())!,
    )![0];
    const declared = await api<{ status: string; route: { coordinates: number[][] }; toAreaId: string }>(
      `/corridors/${code}`,
    );
    expect(declared.status).toBe('planned');
    expect(declared.route.coordinates).toHaveLength(3);
    for (const [lon, lat] of declared.route.coordinates) {
      expect(lon).toBeGreaterThan(36);
      expect(lon).toBeLessThan(38);
      expect(lat).toBeGreaterThan(35.5);
      expect(lat).toBeLessThan(37);
    }
    // It is on the board with the others, from the live stream.
    await console.getByRole('link', { name: 'Corridors' }).click();
    await expect.poll(() => console.getByText(`${code} Western road`).count()).toBeGreaterThan(0);
    // A route from a file; a file with no line is refused and leaves the route as it was.
    await console.goto(`${server.url}/registry`);
    await form.locator('summary').click();
    const line = {
      type: 'Feature',
      properties: {},
      geometry: {
        type: 'LineString',
        coordinates: [
          [37.1, 36.2, 400],
          [37.05, 36.25, 410],
        ],
      },
    };
    const file = form.getByLabel('Or the route from a GeoJSON file (a line)');
    await file.setInputFiles({
      name: 'route.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(JSON.stringify(line)),
    });
    await expect.poll(() => form.getByTestId('route-points').textContent()).toBe('2 points on the route.');
    await file.setInputFiles({
      name: 'points.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from('{"type":"Point","coordinates":[37,36]}'),
    });
    await expect
      .poll(() => form.getByRole('alert').textContent())
      .toBe('points.geojson has no line of two points or more to take as a route.');
    expect(await form.getByTestId('route-points').textContent()).toBe('2 points on the route.');

    // Areas from a boundary file: the polygon with a name registered, the point left out; imported again,
    // nothing is registered twice.
    const square = [
      [
        [37.08, 36.21],
        [37.09, 36.21],
        [37.09, 36.22],
        [37.08, 36.21],
      ],
    ];
    const boundaries = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { ADM4_EN: 'Test quarter', ADM4_AR: 'حي التجربة', ADM4_PCODE: 'SY0200TQ' },
          geometry: { type: 'Polygon', coordinates: square },
        },
        {
          type: 'Feature',
          properties: { name: 'A well' },
          geometry: { type: 'Point', coordinates: [37.085, 36.215] },
        },
      ],
    };
    const areas = console.getByTestId('import-areas');
    await areas.locator('summary').click();
    const upload = () =>
      areas.getByLabel('GeoJSON file of areas (COD-AB, HDX or OSM export)').setInputFiles({
        name: 'boundaries.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(boundaries)),
      });
    await upload();
    await expect
      .poll(() => areas.getByTestId('area-file').textContent())
      .toBe('boundaries.geojson: 1 area to register (1 feature without a polygon or a name left out).');
    await areas.getByRole('button', { name: 'Import areas from a boundary file' }).click();
    await expect.poll(() => areas.getByTestId('areas-imported').textContent()).toBe('1 area registered.');
    await upload();
    await areas.getByRole('button', { name: 'Import areas from a boundary file' }).click();
    await expect
      .poll(() => areas.getByTestId('areas-imported').textContent())
      .toBe('0 areas registered; 1 already registered, left as they were.');
    const { items } = await api<{ items: { nameEn: string; nameAr: string; pcode: string; kind: string }[] }>(
      '/areas?limit=5000',
    );
    expect(items.filter((a) => a.pcode === 'SY0200TQ')).toEqual([
      expect.objectContaining({ nameEn: 'Test quarter', nameAr: 'حي التجربة', kind: 'neighbourhood' }),
    ]);
    await shot(console, 'registry-corridor');
  });

  it('names a focal point, gives a command post a checkpoint and a stretch to watch, and says what closing needs', async () => {
    await console.goto(`${server.url}/registry`);
    const registry = console.getByTestId('registry');
    // A focal point for the ICRC: in the organisations' table once recorded, and in the API.
    const icrc = await api<{ id: string }>('/organisations/ICRC');
    const contact = registry.getByTestId('change-contact');
    await contact.locator('summary').click();
    await contact.getByLabel('Organisation').selectOption(icrc.id);
    await contact.getByLabel('Name', { exact: true }).fill('Test Focal');
    await contact.getByLabel('Telephone').fill('+963 21 555 0100');
    // The first answer is lost on the way back: the same change sent again is the same event, once.
    const contactChanges = async () =>
      (await api<{ items: { type: string }[] }>('/events?after=0&limit=5000')).items.filter(
        (e) => e.type === 'OrganisationContactChanged',
      ).length;
    const before = await contactChanges();
    await console.evaluate(() => {
      const real = window.fetch;
      let lost = false;
      window.fetch = async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (lost || init?.method !== 'POST' || !url.endsWith('/events')) return real(input, init);
        lost = true;
        await real(input, init);
        throw new TypeError('Failed to fetch');
      };
    });
    await contact.getByRole('button', { name: 'Name or change a focal point' }).click();
    await expect.poll(() => contact.getByRole('alert').count()).toBe(1);
    await contact.getByRole('button', { name: 'Name or change a focal point' }).click();
    await expect.poll(() => contact.getByRole('status').count()).toBe(1);
    expect(await contactChanges()).toBe(before + 1);
    expect((await api<{ contact: unknown }>('/organisations/ICRC')).contact).toMatchObject({
      name: 'Test Focal',
      phone: '+963 21 555 0100',
    });
    const row = registry.getByTestId('organisations').locator('tr', { hasText: 'ICRC' });
    await expect.poll(() => row.textContent()).toContain('+963 21 555 0100');
    // A checkpoint that POST-2 does not watch yet, and a stretch of COR-7.
    const post = await api<{ id: string; segments: unknown[] | null }>('/command-posts/POST-2');
    const watch = registry.getByTestId('assign-watch');
    await watch.locator('summary').click();
    await watch.getByLabel('Command post').selectOption(post.id);
    const free = watch.locator('label.check', {
      has: console.locator('input:not([disabled]):not(:checked)'),
    });
    const label = (await free.first().textContent())!;
    const checkpoint = /CP-\d+/.exec(label)![0];
    await free.first().locator('input').check();
    await watch.getByRole('button', { name: 'Add the stretch' }).click();
    await watch.getByRole('button', { name: 'What a command post watches' }).click();
    await expect.poll(() => watch.getByRole('status').count()).toBe(1);
    expect((await api<{ commandPostId: string }>(`/checkpoints/${checkpoint}`)).commandPostId).toBe(post.id);
    const after = await api<{ segments: unknown[] }>('/command-posts/POST-2');
    expect(after.segments).toHaveLength((post.segments ?? []).length + 1);
    // The operation cannot be closed while its corridors are open: the page says which, and offers nothing.
    await expect
      .poll(() => registry.getByTestId('close-operation-first').textContent())
      .toMatch(/Still not closed: .*COR-7 \(open\)/);
    expect(await registry.getByTestId('close-operation').count()).toBe(0);
  });

  it('reads the event log from its newest event back, in English and Arabic, personal data shown to nobody else', async () => {
    await console.goto(`${server.url}/log`);
    const log = console.getByTestId('event-log');
    const rows = log.locator('[data-testid=log-table] tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    const { items } = await api<{ items: { seq: number; type: string }[] }>(
      `/events?before=${Number.MAX_SAFE_INTEGER}&limit=50`,
    );
    // Newest first, the same events the API gives.
    const seqs = async () => (await rows.locator('th').allTextContents()).map(Number);
    expect(await seqs()).toEqual(items.map((e) => e.seq).reverse());
    expect(await rows.first().getAttribute('data-type')).toBe(items.at(-1)!.type);
    await log.getByRole('button', { name: 'Older' }).click();
    await expect.poll(async () => Math.max(...(await seqs()))).toBeLessThan(items[0]!.seq);
    // The focal point named in the test before, as recorded.
    const named = log.locator('tr[data-type="OrganisationContactChanged"]').first();
    await log.getByRole('button', { name: 'Newest' }).click();
    await expect.poll(async () => (await seqs())[0]).toBe(items.at(-1)!.seq);
    expect(await named.count()).toBe(1);
    await named.locator('summary').click();
    expect(await named.locator('pre').textContent()).toContain('+963 21 555 0100');
    // A registration's event is in the log with its place and time, its payload to the protection team only.
    const all = await api<{ items: { seq: number; type: string }[] }>('/events?after=0&limit=5000');
    const registered = all.items.find((e) => e.type === 'PersonRegistered')!;
    const { items: around } = await api<{ items: { seq: number; redacted?: boolean }[] }>(
      `/events?before=${registered.seq + 1}&limit=1`,
    );
    expect(around[0]).toMatchObject({ seq: registered.seq, redacted: true });
    await console.locator('.lang-toggle').click();
    await expect.poll(() => log.locator('h2').textContent()).toBe('سجل الأحداث');
    expect(await log.locator('summary').first().textContent()).not.toMatch(/[A-Za-z]{3,}/);
    await shot(console, 'log-ar');
    await console.locator('.lang-toggle').click();
    await expect.poll(() => log.locator('h2').textContent()).toBe('Event log');
  });

  it('lets an administrator see the tokens and revoke one, which stops working at once; refuses others politely', async () => {
    const env = { CORRIDOR_DB: join(dir, 'web.db') };
    const last = (r: { stdout: string }) => r.stdout.trim().split('\n').at(-1)!;
    const admin = last(await corridor(['token', 'create', '--role', 'admin', '--operation', OP], env));
    const doomed = last(
      await corridor(
        ['token', 'create', '--role', 'viewer', '--operation', OP, '--label', 'Lost phone'],
        env,
      ),
    );
    const asDoomed = () =>
      fetch(`${server.url}/api/v1/operations/${OP}`, { headers: { authorization: `Bearer ${doomed}` } });
    expect((await asDoomed()).status).toBe(200);
    // The coordinator is told who looks after access.
    await console.goto(`${server.url}/access`);
    await expect
      .poll(() => console.getByText('The coordinator role does not look after access').count())
      .toBe(1);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(
        (session) => localStorage.setItem('corridor.session', session),
        JSON.stringify({ token: admin, operationId: OP }),
      );
      await page.goto(`${server.url}/access`);
      const card = page.getByTestId('tokens').locator('li', { hasText: 'Lost phone' });
      await expect.poll(() => card.count()).toBe(1);
      expect(await card.textContent()).toContain('viewer');
      await card.getByRole('button', { name: 'Revoke' }).click();
      await expect.poll(() => card.getByRole('dialog').textContent()).toContain('Revoke “Lost phone”?');
      await shot(page, 'phone-access');
      await card.getByRole('button', { name: 'Yes, revoke it' }).click();
      // Gone from the list of those in use, and shown with its revocation among the ended ones.
      await expect.poll(() => card.count()).toBe(0);
      expect((await asDoomed()).status).toBe(401);
      await page.getByLabel('Show revoked and expired ones too').check();
      await expect.poll(() => card.textContent()).toMatch(/revoked /);
      expect(await card.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('finds a neighbourhood by name and shows it on the map with its English and Arabic names', async () => {
    const { items } = await api<{ items: { nameEn: string; nameAr: string | null; kind: string }[] }>(
      '/areas?limit=5000',
    );
    const area = items.find((a) => a.kind !== 'governorate' && a.nameAr && a.nameEn.startsWith('Hanano'))!;
    await console.getByRole('link', { name: 'Areas' }).click();
    await console.getByLabel('Find by name (English or Arabic)').fill(area.nameAr!);
    await console.getByTestId('area-list').getByRole('button', { name: area.nameEn, exact: true }).click();
    const panel = console.getByRole('complementary', { name: area.nameEn });
    await expect.poll(() => panel.textContent()).toContain(area.nameAr!);
    await shot(console, 'areas');
    await panel.getByRole('button', { name: 'Close' }).click();
    expect(await panel.count()).toBe(0);
  });

  it('shows each page first on a phone, tabs in one row, the legend closed and totals in view', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
    try {
      const page = await phone.newPage();
      await page.addInitScript(
        (session) => localStorage.setItem('corridor.session', session),
        JSON.stringify({ token, operationId: OP }),
      );
      for (const lang of ['en', 'ar'] as const) {
        await page.goto(`${server.url}/alerts`);
        if (lang === 'ar') {
          await page.getByRole('button', { name: 'Language' }).click();
          await expect.poll(() => page.evaluate(() => document.documentElement.dir)).toBe('rtl');
        }
        const feed = page.getByTestId('alerts-feed').locator('li').first();
        await expect.poll(() => feed.count()).toBe(1);
        // The page's own content is on the first screen, above the map.
        const box = (await feed.boundingBox())!;
        expect(box.y).toBeLessThan(844 / 2);
        expect((await page.locator('.map-wrap').boundingBox())!.y).toBeGreaterThan(box.y);
        // The tabs are one row that scrolls, not a block that fills the screen.
        const nav = (await page.locator('header nav').boundingBox())!;
        expect(nav.height).toBeLessThan(60);
        expect(await page.locator('details.map-legend').getAttribute('open')).toBeNull();
        // Every button of the feed can be hit with a finger.
        for (const b of await feed.getByRole('button').all())
          expect((await b.boundingBox())!.height).toBeGreaterThanOrEqual(44);
        await shot(page, `phone-alerts-${lang}`);
        // What the log computes is named in the reader's words, with its unit; claims as recorded.
        await page.goto(`${server.url}/figures`);
        const departed = page.locator('[data-figure="computed:people_departed"]');
        await expect
          .poll(() => departed.textContent())
          .toMatch(lang === 'ar' ? /عدد المغادرين/ : /People departed/);
        expect(await departed.textContent()).toContain(lang === 'ar' ? 'شخص' : 'people');
        // A convoy's stations: the Total column stays in view while the table scrolls.
        await page.goto(`${server.url}/convoys/CVY-0002`);
        const total = page.getByTestId('convoy-stations').locator('thead th').last();
        await expect.poll(() => total.count()).toBe(1);
        // Its stations named in the reader's language (the server names them in English).
        const entry = page.getByTestId('convoy-stations').locator('tbody tr th').nth(1);
        await expect.poll(() => entry.textContent()).toBe(lang === 'ar' ? 'CP-71 دخول' : 'CP-71 entry');
        const t = (await total.boundingBox())!;
        expect(t.x).toBeGreaterThanOrEqual(0);
        expect(t.x + t.width).toBeLessThanOrEqual(390);
        await shot(page, `phone-convoy-${lang}`);
        // A form whose options are long (corridors by name) is as wide as the page, which does not scroll sideways.
        await page.goto(`${server.url}/registry`);
        const planByHand = page.getByTestId('plan-convoy');
        await planByHand.locator('summary').click();
        await expect
          .poll(() => planByHand.locator('select').first().locator('option').count())
          .toBeGreaterThan(1);
        const panel = page.locator('main.panel');
        expect(await panel.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
        // A tab far along the row is scrolled into view, right to left too.
        await page.goto(`${server.url}/recovery`);
        const tab = page.locator('header nav [aria-current="page"]');
        await expect.poll(() => tab.count()).toBe(1);
        // Within the screen once the header has settled (its width changes as the operation loads).
        await expect
          .poll(async () => {
            const at = (await tab.boundingBox())!;
            return at.x >= 0 && at.x + at.width <= 390;
          })
          .toBe(true);
      }
    } finally {
      await phone.close();
    }
  });

  it('flips the layout right to left in Arabic', async () => {
    await console.getByRole('link', { name: 'Overview' }).click();
    await console.getByRole('button', { name: 'Language' }).click();
    await expect.poll(() => console.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await console.evaluate(() => document.documentElement.lang)).toBe('ar');
    const map = (await console.locator('.map-wrap').boundingBox())!;
    const panel = (await console.locator('.panel').boundingBox())!;
    expect(panel.x).toBeLessThan(map.x);
    await expect.poll(() => console.getByRole('link', { name: 'الممرات' }).count()).toBe(1);
    await shot(console, 'overview-arabic');
    await console.getByRole('button', { name: 'اللغة' }).click();
    await expect.poll(() => console.evaluate(() => document.documentElement.dir)).toBe('ltr');
  });

  it("says the server's refusal in Arabic to an Arabic reader: a vehicle another coordinator took meanwhile", async () => {
    await console.goto(`${server.url}/registry`);
    await console.getByRole('button', { name: 'Language' }).click();
    await expect.poll(() => console.evaluate(() => document.documentElement.lang)).toBe('ar');
    try {
      const form = console.getByTestId('plan-convoy');
      await form.locator('summary').click();
      await form.locator('select').first().selectOption('COR-7');
      const free = form.locator('select[multiple] option').first();
      await expect.poll(() => free.count()).toBe(1);
      const vehicle = (await free.getAttribute('value'))!;
      await form.locator('select[multiple]').selectOption([vehicle]);
      // Taken meanwhile, from another console: this one still offers it.
      const vehicleId = (await api<{ id: string }>(`/vehicles/${vehicle}`)).id;
      const taken = await api<{ code: string }>('/convoys', {
        method: 'POST',
        body: { corridorId: 'COR-7', vehicleIds: [vehicleId] },
      });
      await form.locator('button[type=submit]').click();
      const refusal = form.getByRole('alert');
      await expect.poll(() => refusal.count()).toBe(1);
      const said = (await refusal.textContent())!;
      expect(said).toContain(`\u2068${vehicle}\u2069`);
      expect(said).toContain(`\u2068${taken.code}\u2069`);
      expect(said).toContain('في القافلة');
      expect(said).not.toMatch(/already|vehicle|convoy|بالإنجليزية/);
      await shot(console, 'refusal-arabic');
    } finally {
      await console.getByRole('button', { name: 'اللغة' }).click();
      await expect.poll(() => console.evaluate(() => document.documentElement.lang)).toBe('en');
    }
  });

  // After the phone's first-screen checks: the tally it enters adds an alert to the feed they measure.
  it('prints a tally sheet, and enters it back once from a photo of its QR code', async () => {
    const { items } = await api<{ items: { code: string }[] }>('/checkpoints?corridor=COR-7&kind=entry');
    const checkpoint = items[0]!.code;
    await console.goto(`${server.url}/paper`);
    const print = console.getByTestId('print-sheet');
    await print.locator('select[name=kind]').selectOption('tally');
    await print.locator('select[name=checkpoint]').selectOption(checkpoint);
    await print.locator('input[name=day]').fill('2016-12-16');
    await print.getByRole('button', { name: 'Make the sheet (PDF)' }).click();
    const made = (await print.getByTestId('sheet-made').textContent())!;
    const code = /SHT-\d+/.exec(made)![0];
    // The printed sheet as a phone's camera sees it: the PDF the API gives, rasterised.
    const pdf = await fetch(`${server.url}/api/v1/operations/${OP}/sheets/${code}/document.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    writeFileSync(join(dir, 'sheet.pdf'), new Uint8Array(await pdf.arrayBuffer()));
    execFileSync('pdftoppm', [
      '-r',
      '150',
      '-png',
      '-singlefile',
      join(dir, 'sheet.pdf'),
      join(dir, 'sheet'),
    ]);
    // Listed among the sheets made, not entered yet; entered once it is.
    const listed = console.getByTestId('sheets-list').locator('tr', { hasText: code });
    await expect.poll(() => listed.getAttribute('data-entered'), { timeout: 5000 }).toBe('no');
    expect(await listed.textContent()).toContain('not yet');
    const enter = console.getByTestId('enter-sheet');
    await enter.getByLabel('Read a photo of the sheet').setInputFiles(join(dir, 'sheet.png'));
    const form = enter.getByTestId('sheet-form');
    await expect.poll(() => form.getAttribute('data-kind')).toBe('tally');
    expect(await form.locator('h4').textContent()).toContain(code);
    await form.getByLabel('Enumerator (name)').fill('A. Enumerator');
    // The sheet's first table (people); its second is of what they carry.
    const row = form.locator('table.sheet-rows').first().locator('tbody tr').last();
    await row.getByLabel('Time', { exact: true }).fill('10:15');
    await row.getByLabel('Men', { exact: true }).fill('5');
    await row.getByLabel('Women', { exact: true }).fill('4');
    // What they carried, on the sheet's second table: two wheelchairs; nothing else was counted.
    await form
      .getByTestId('sheet-carried')
      .locator('tbody tr')
      .last()
      .getByLabel('Other convoy wheelchairs')
      .fill('2');
    await shot(console, 'paper-entry');
    await form.getByRole('button', { name: 'Enter the sheet' }).click();
    await expect
      .poll(() => form.getByTestId('sheet-entered').textContent())
      .toContain('2 of 2 events recorded now');
    // Sent again (a lost answer, a second clerk): nothing more is recorded.
    await form.getByRole('button', { name: 'Enter the sheet' }).click();
    await expect
      .poll(() => form.getByTestId('sheet-entered').textContent())
      .toContain('0 of 2 events recorded now');
    await expect.poll(() => listed.getAttribute('data-entered'), { timeout: 5000 }).toBe('yes');
    const passages = await api<{
      items: { sheetId: string | null; people: { men: number } | null; carried: unknown }[];
    }>(`/passages?checkpoint=${checkpoint}&limit=5000`);
    const fromPaper = passages.items.filter((p) => p.sheetId);
    expect(fromPaper).toHaveLength(1);
    expect(fromPaper[0]!.people!.men).toBe(5);
    expect(fromPaper[0]!.carried).toEqual({ wheelchairs: 2 });
  });

  it('lets the protection team enter a filled registration form as one registration, in Arabic on a phone', async () => {
    const created = await corridor(['token', 'create', '--role', 'protection', '--operation', OP], {
      CORRIDOR_DB: join(dir, 'web.db'),
    });
    const officer = created.stdout.trim().split('\n').at(-1)!;
    const sheet = await fetch(`${server.url}/api/v1/operations/${OP}/sheets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${officer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'registration', lang: 'ar' }),
    });
    expect(sheet.status).toBe(201);
    const { code } = (await sheet.json()) as { code: string };
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await context.newPage();
      await page.addInitScript(
        (session) => {
          localStorage.setItem('corridor.session', session);
          localStorage.setItem('corridor.lang', 'ar');
        },
        JSON.stringify({ token: officer, operationId: OP }),
      );
      await page.goto(`${server.url}/paper`);
      const enter = page.getByTestId('enter-sheet');
      await enter.locator('input[name=code]').fill(code);
      await enter.locator('form.row button[type=submit]').click();
      const form = page.getByTestId('register-person');
      await expect.poll(() => form.locator('summary').textContent()).toContain(code);
      await form.locator('input[dir=rtl], input[lang=ar]').first().fill('سارة حداد');
      await form.locator('input[type=number]').first().fill('9');
      await shot(page, 'paper-registration-ar-phone');
      const register = form.locator('button[type=submit]');
      await register.click();
      await expect.poll(() => form.getByTestId('sheet-entered').count()).toBe(1);
      // Sent again (a second tap, a lost answer): taken as a re-send, still one registration.
      const again = page.waitForResponse((r) => r.url().endsWith('/entry'));
      await register.click();
      expect((await again).status()).toBeLessThan(300);
      expect(await form.locator('[role=alert]').count()).toBe(0);
      const events = await fetch(`${server.url}/api/v1/operations/${OP}/events?after=0&limit=5000`, {
        headers: { authorization: `Bearer ${officer}` },
      });
      const items = ((await events.json()) as { items: { type: string; payload: Record<string, unknown> }[] })
        .items;
      const fromForm = items.filter((e) => e.type === 'PersonRegistered' && e.payload.sheetId);
      expect(fromForm).toHaveLength(1);
      expect(JSON.stringify(fromForm[0]!.payload)).not.toContain('حداد');
    } finally {
      await context.close();
    }
  });

  it("words an incident near a corridor in the reader's language, and rings it on the map where it happened", async () => {
    const { route } = await api<{ route: { coordinates: [number, number][] } }>('/corridors/COR-7');
    const [a, b] = [route.coordinates[0]!, route.coordinates[1]!];
    const at: [number, number] = [(a[0] + b[0]) / 2 + 0.0008, (a[1] + b[1]) / 2];
    const { code } = await api<{ code: string }>('/incidents', {
      method: 'POST',
      body: {
        type: 'shelling',
        severity: 'critical',
        location: { type: 'Point', coordinates: at },
        description: 'Shelling reported beside the road',
        reporter: 'POST-1 duty officer',
        eventId: uuidv7(),
      },
    });
    await console.goto(`${server.url}/alerts`);
    const alert = console.locator('li.alert[data-kind="incident-near-corridor"]', { hasText: code });
    const headline = alert.getByTestId('alert-headline');
    await expect
      .poll(() => headline.textContent(), { timeout: 15_000 })
      .toMatch(
        new RegExp(`^${code} \\(Shelling\\) is \\d+ m from the route of COR-7, which is (open|suspended): `),
      );
    // On the map at the incident, not at the corridor's middle.
    const ring = () =>
      console.evaluate(async (incident) => {
        const source = window.corridorMap!.getSource('alerts') as unknown as {
          getData(): Promise<{
            features: { geometry: { coordinates: number[] }; properties: { detail: string } }[];
          }>;
        };
        return (await source.getData()).features.find((f) => f.properties.detail.startsWith(incident))
          ?.geometry.coordinates;
      }, code);
    await expect.poll(ring).toEqual(at);
    await console.locator('.lang-toggle').click();
    await expect
      .poll(() => headline.textContent())
      .toMatch(new RegExp(`^${code} \\(قصف\\) على بعد \\d+ م من مسار COR-7`));
    await shot(console, 'alert-incident-ar');
    await console.locator('.lang-toggle').click();
    await expect.poll(() => headline.textContent()).toContain('from the route of COR-7');
  });

  // Every page in English on a desktop and in Arabic on a phone, a few pages per test so that each has
  // its own time on a busy machine.
  const checkedPages = [
    ['/', '/corridors', '/alerts', '/fleet', '/planning', '/incidents', '/hazards'],
    ['/windows', '/recovery', '/protection', '/report', '/replay', '/figures'],
    ['/chart', '/areas', '/registry', '/sites', '/access', '/paper', '/log', '/convoys/CVY-0002', '/tally'],
  ];
  for (const [width, height, lang] of [
    [1280, 800, 'en'],
    [390, 844, 'ar'],
  ] as const) {
    for (const pages of checkedPages) {
      it(`has no serious or critical accessibility violation (axe-core) in ${lang} at ${width} px on ${pages.join(' ')}`, async () => {
        const axe = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
        const found: string[] = [];
        // axe is put in the page by the test, which the console's own CSP would rightly refuse.
        const checked = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
        try {
          await checked.addInitScript(axe);
          const page = await checked.newPage();
          await page.addInitScript(
            ({ session, language }) => {
              localStorage.setItem('corridor.session', session);
              localStorage.setItem('corridor.lang', language);
            },
            { session: JSON.stringify({ token, operationId: OP }), language: lang },
          );
          for (const path of pages) {
            // The console is loaded once; its other pages are reached as a person does, without a reload.
            if (path === pages[0] || path === '/tally') await page.goto(`${server.url}${path}`);
            else
              await page.evaluate((to) => {
                history.pushState(null, '', to);
                dispatchEvent(new PopStateEvent('popstate'));
              }, path);
            // The console once it follows the live stream (its parts loaded), or the tally.
            await page.waitForSelector('.live-live, .tally', { timeout: 15_000 });
            await page.waitForTimeout(300);
            // Forms folded away are checked too.
            await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
            const violations = await page.evaluate(async () => {
              const run = (window as unknown as { axe: { run: (c: Document) => Promise<unknown> } }).axe.run;
              const result = (await run(document)) as {
                violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
              };
              return result.violations
                .filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            });
            found.push(...violations.map((v) => `${lang} ${path}: ${v}`));
          }
        } finally {
          await checked.close();
        }
        expect(found).toEqual([]);
      }, 120_000);
    }
  }

  it('asked nothing of any server but its own in all of the above, and broke no rule of its CSP', async () => {
    expect(elsewhere).toEqual([]);
    expect(blocked).toEqual([]);
    const csp = (await fetch(`${server.url}/tally`)).headers.get('content-security-policy');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // The schemas are the server's: the console takes the word lists (contracts/kinds.ts), not zod.
    const assets = join(import.meta.dirname, '..', '..', 'dist', 'web', 'assets');
    const scripts = readdirSync(assets).filter((f) => /\.m?js$/.test(f));
    expect(scripts.length).toBeGreaterThan(5);
    expect(scripts.filter((f) => readFileSync(join(assets, f), 'utf8').includes('ZodError'))).toEqual([]);
  });
});
