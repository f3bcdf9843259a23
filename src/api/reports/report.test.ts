import { threadId } from 'node:worker_threads';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../../test/stores.js';
import { apiOperation } from '../../../test/api-harness.js';
import { shownTexts } from '../../../test/pdf-reading.js';
import { recoveryOperation } from '../../../test/recovery-operation.js';
import { createToken } from '../../app/access/tokens.js';
import { documentRenders, renderPoolStats, stopRenderWorkers } from '../../app/reports/render-pool.js';
import { sitrepPdf } from '../../app/reports/sitrep-render.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { startServer, type RunningServer } from '../server.js';

const OP = 'report-test';
const base = `/api/v1/operations/${OP}`;

for (const dialect of DIALECTS) {
  describe(`the situation report and exports over the API (${dialect})`, () => {
    const h = apiOperation(dialect, OP, recoveryOperation('Report test'), [
      'coordinator',
      'reporting',
      'viewer',
    ]);
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

    it('reports recorded figures and recovery, and flags and disputes them', async () => {
      const figure = (value: number, extra: Record<string, unknown> = {}) =>
        h.call('POST', `${base}/figures`, 'reporting', {
          metric: 'population',
          label: 'Population of the north quarter',
          hxl: '#population',
          value,
          unit: 'people',
          areaId: 'NBH-1',
          asOf: minutesAgo(30),
          sourceOrganisationId: 'NGO',
          sourceDocument: 'Census',
          method: 'estimated',
          occurredAt: minutesAgo(20),
          ...extra,
        });
      expect((await figure(1000)).status).toBe(201);
      expect(
        (
          await figure(4000, {
            asOf: minutesAgo(25),
            occurredAt: minutesAgo(15),
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await figure(12.5, {
            metric: 'area_taken',
            hxl: undefined,
            unit: 'km2',
            label: 'Area taken',
            occurredAt: minutesAgo(12),
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await h.call('POST', `${base}/aid-deliveries`, 'reporting', {
            organisationId: 'NGO',
            sector: 'wash',
            item: 'Jerrycans',
            quantity: 300,
            unit: 'pieces',
            areaId: 'NBH-1',
            occurredAt: minutesAgo(10),
          })
        ).status,
      ).toBe(201);

      const res = await h.call('GET', `${base}/reports/sitrep?format=json`, 'viewer');
      expect(res.status).toBe(200);
      const s = res.body!;
      const dispute = s.disputes.find((d: { metric: string }) => d.metric === 'population');
      expect(dispute.figures).toEqual(['FIG-1', 'FIG-2']);
      expect(dispute.used).toBe('FIG-2');
      const flagged = s.flagged.map((f: { figure: string; flags: { kind: string }[] }) => [
        f.figure,
        f.flags.map((x) => x.kind),
      ]);
      // 12.5 km² against a quarter of about 1 km²; 4,000 after 1,000 from the same source is a jump beyond twice.
      expect(flagged).toEqual(
        expect.arrayContaining([
          ['FIG-3', ['area-exceeds-admin-area']],
          ['FIG-2', ['jump']],
        ]),
      );
      expect(s.response).toEqual([
        expect.objectContaining({ sector: 'wash', deliveries: 1, organisations: ['NGO'] }),
      ]);

      const before = (
        await h.call('GET', `${base}/reports/sitrep?asOf=${encodeURIComponent(minutesAgo(18))}`, 'viewer')
      ).body!;
      expect(before.basis).toBe('occurred');
      expect(before.figures.filter((f: { method: string }) => f.method !== 'computed')).toHaveLength(1);
      expect(before.response).toEqual([]);
    });

    it('keeps the report current as events are appended after it was first made', async () => {
      const first = (await h.call('GET', `${base}/reports/sitrep`, 'viewer')).body!;
      const deliveries = first.response[0].deliveries as number;
      await h.call('POST', `${base}/aid-deliveries`, 'reporting', {
        organisationId: 'NGO',
        sector: 'wash',
        item: 'Jerrycans',
        quantity: 200,
        unit: 'pieces',
        areaId: 'NBH-2',
      });
      await h.call('POST', `${base}/returns`, 'reporting', {
        areaId: 'NBH-2',
        people: { women: 7 },
        sourceOrganisationId: 'NGO',
        method: 'counted',
      });
      const after = (await h.call('GET', `${base}/reports/sitrep`, 'viewer')).body!;
      expect(after.response[0]).toMatchObject({ deliveries: deliveries + 1, areas: ['NBH-1', 'NBH-2'] });
      const south = after.recovery.find((r: { code: string }) => r.code === 'NBH-2');
      expect(south.returns.total).toBe(7);
      // The same report replayed from the log up to now.
      const replayed = (
        await h.call(
          'GET',
          `${base}/reports/sitrep?asOf=${encodeURIComponent(new Date().toISOString())}`,
          'viewer',
        )
      ).body!;
      expect(replayed.response).toEqual(after.response);
      expect(replayed.recovery).toEqual(after.recovery);
      expect(replayed.figures.map((f: { id: string }) => f.id)).toEqual(
        after.figures.map((f: { id: string }) => f.id),
      );
    });

    it('lists the gate overrides and incidents under the safety of passage', async () => {
      const override = await h.call('POST', `${base}/corridors/COR-1/transitions`, 'coordinator', {
        to: 'notified',
        override: true,
        reason: 'Notified by radio, the written notification follows',
      });
      expect(override.status).toBe(200);
      await h.call('POST', `${base}/incidents`, 'coordinator', {
        type: 'shelling',
        severity: 'serious',
        location: { type: 'Point', coordinates: [37.02, 36.001] },
        description: 'Shelling reported near the road',
        reporter: 'Post 1',
      });
      const s = (await h.call('GET', `${base}/reports/sitrep`, 'viewer')).body!;
      expect(s.safety.overrides).toEqual([
        expect.objectContaining({
          to: 'notified',
          reason: 'Notified by radio, the written notification follows',
        }),
      ]);
      expect(s.safety.incidents).toEqual([expect.objectContaining({ code: 'INC-1', severity: 'serious' })]);
      const html = await h.fetch(`${base}/reports/sitrep?format=html`, 'viewer');
      expect(html.text).toMatch(/Notified by radio, the written notification follows/);
    });

    it('answers Markdown, HTML and PDF', async () => {
      // The report's number is its day of the operation: 1 on the day it began (2 past midnight).
      const asOf = new Date().toISOString();
      const { number } = (await h.call('GET', `${base}/reports/sitrep?asOf=${asOf}`, 'viewer')).body!;
      expect(number === 1 || number === 2).toBe(true);
      const md = await h.fetch(`${base}/reports/sitrep?format=md&asOf=${asOf}`, 'viewer');
      expect(md.type).toMatch(/text\/markdown/);
      expect(md.text).toMatch(new RegExp(`^# Situation report No\\. ${number}: Report test`));
      const html = await h.fetch(`${base}/reports/sitrep?format=html`, 'viewer');
      expect(html.type).toMatch(/text\/html/);
      expect(html.text).toMatch(/<h2>Safety of passage<\/h2>/);
      const pdf = await h.fetch(`${base}/reports/sitrep?format=pdf`, 'viewer');
      expect(pdf.type).toBe('application/pdf');
      expect((await PDFDocument.load(pdf.bytes)).getPageCount()).toBeGreaterThan(0);
    });

    it('exports HXL CSV and GeoJSON', async () => {
      const csv = await h.fetch(`${base}/exports/aid`, 'viewer');
      expect(csv.status).toBe(200);
      expect(csv.type).toMatch(/text\/csv/);
      const [header, tags, row] = csv.text.split('\r\n');
      expect(header).toMatch(/^organisation,organisation name,cluster,sector,item,quantity,unit,area,/);
      expect(tags).toMatch(/^#org\+code,#org\+name,#sector\+name,#sector\+code,#item\+name,#output\+num,/);
      expect(row).toMatch(/^NGO,An NGO,Water Sanitation Hygiene,wash,Jerrycans,300,pieces,NBH-1/);
      // As of before the first delivery was recorded: the header rows only.
      const before = await h.fetch(
        `${base}/exports/aid?asOf=${encodeURIComponent(new Date(Date.now() - 40 * 60_000).toISOString())}`,
        'viewer',
      );
      expect(before.text.split('\r\n').filter(Boolean)).toHaveLength(2);
      expect((await h.fetch(`${base}/exports/aid?asOf=2001-01-01T00:00:00Z`, 'viewer')).status).toBe(422);
      const geo = await h.fetch(`${base}/exports/geojson`, 'viewer');
      expect(geo.type).toMatch(/geo\+json/);
      expect(JSON.parse(geo.text).features.length).toBeGreaterThan(2);
    });

    it('refuses bad requests with a clear 4xx', async () => {
      const early = await h.call('GET', `${base}/reports/sitrep?asOf=2001-01-01T00:00:00Z`, 'viewer');
      expect(early.status).toBe(422);
      expect(early.body!.error.message).toMatch(/before operation report-test began/);
      // By when events were recorded, nothing was here five minutes ago (they were entered just now).
      const unrecorded = await h.call(
        'GET',
        `${base}/reports/sitrep?basis=recorded&asOf=${encodeURIComponent(minutesAgo(5))}`,
        'viewer',
      );
      expect(unrecorded.status).toBe(422);
      expect(
        (
          await h.fetch(
            `${base}/exports/movements?basis=recorded&asOf=${encodeURIComponent(minutesAgo(5))}`,
            'viewer',
          )
        ).status,
      ).toBe(422);
      const future = await h.call('GET', `${base}/reports/sitrep?asOf=2099-01-01T00:00:00Z`, 'viewer');
      expect(future.status).toBe(422);
      expect(future.body!.error.message).toMatch(/in the future/);
      expect((await h.call('GET', `${base}/reports/sitrep?format=docx`, 'viewer')).status).toBe(400);
      expect((await h.call('GET', `${base}/reports/sitrep?asOf=yesterday`, 'viewer')).status).toBe(400);
      expect((await h.call('GET', `${base}/reports/sitrep?colour=red`, 'viewer')).status).toBe(400);
      expect((await h.call('GET', `${base}/exports/spreadsheet`, 'viewer')).status).toBe(404);
      const other = await h.call('GET', `/api/v1/operations/another-op/reports/sitrep`, 'viewer');
      expect(other.status).toBe(403);
    });
  });
}

describe('documents rendered in worker threads, at most 2 at once per caller', () => {
  const op = 'render-test';
  const h = apiOperation(DIALECTS[0]!, op, recoveryOperation('Render test'), ['viewer']);
  let server: RunningServer;
  // Callers of their own (the harness does not hand out its tokens): a and b read, by token.
  const callers = {} as Record<'a' | 'b', { token: string; actor: string }>;
  beforeAll(async () => {
    server = await startServer(h.t.ctx, { port: 0 });
    for (const name of ['a', 'b'] as const) {
      const created = await createToken(h.t.ctx, { operationId: op, role: 'viewer' });
      callers[name] = { token: created.token, actor: `token:${created.id}` };
    }
  });
  afterAll(() => server.close());

  const pdfPath = `/api/v1/operations/${op}/reports/sitrep?format=pdf`;
  const get = (path: string, who: 'a' | 'b') =>
    fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${callers[who].token}` } });
  /** Polls until `ready` holds: no time limit of its own, only the test's. */
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise((r) => setTimeout(r, 5));
  };

  it('renders the same document as before, in a worker thread', async () => {
    const asOf = new Date().toISOString();
    const query = `asOf=${encodeURIComponent(asOf)}`;
    const sitrep = (await (
      await get(`/api/v1/operations/${op}/reports/sitrep?${query}`, 'a')
    ).json()) as Sitrep;
    const before = renderPoolStats();
    const res = await get(`${pdfPath}&${query}`, 'a');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="sitrep-${op}-${sitrep.number}-${asOf.slice(0, 10)}.pdf"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    const after = renderPoolStats();
    expect(after.rendered).toBe(before.rendered + 1);
    // Rendered by a worker: never this thread, and the pool no larger than asked.
    expect(after.lastThreadId).toBeGreaterThan(0);
    expect(after.lastThreadId).not.toBe(threadId);
    expect(after.workers).toBeLessThanOrEqual(Math.min(2, after.size));
    // The same document as rendered in this thread from the same report, text for text.
    const here = await sitrepPdf(sitrep);
    const [worker, direct] = [await PDFDocument.load(bytes), await PDFDocument.load(here)];
    expect(worker.getPageCount()).toBe(direct.getPageCount());
    expect(worker.getTitle()).toBe(`Situation report No. ${sitrep.number}: Render test`);
    const texts = async (b: Uint8Array) => (await shownTexts(b)).map((t) => t.text);
    const shown = await texts(bytes);
    expect(shown).toEqual(await texts(here));
    expect(shown).toContain(`Situation report No. ${sitrep.number}: Render test`);
    expect(shown).toContain('Safety of passage');
  });

  it('keeps the main thread free while a document renders', async () => {
    const before = renderPoolStats().rendered;
    const order: string[] = [];
    const pdf = get(pdfPath, 'a').then(async (res) => {
      order.push('pdf');
      return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
    });
    await until(() => renderPoolStats().running > 0);
    // Scheduled while the worker renders: each runs before the document is answered.
    setImmediate(() => order.push('immediate'));
    const health = await fetch(`${server.url}/api/health`);
    order.push(`health ${health.status}`);
    const done = await pdf;
    expect(done.status).toBe(200);
    expect((await PDFDocument.load(done.bytes)).getPageCount()).toBeGreaterThan(0);
    expect(order).toEqual(['immediate', 'health 200', 'pdf']);
    expect(renderPoolStats().rendered).toBe(before + 1);
  });

  it('answers a third document at once from the same caller 429; another caller is served', async () => {
    const first = get(pdfPath, 'a');
    const second = get(pdfPath, 'a');
    await until(() => documentRenders.inFlight(callers.a.actor) === 2);
    const [third, other] = await Promise.all([get(pdfPath, 'a'), get(pdfPath, 'b')]);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('2');
    const refused = (await third.json()) as { error: { code: string; message: string } };
    expect(refused.error.code).toBe('rate_limited');
    expect(refused.error.message).toMatch(/at most 2 documents render at once for each caller/);
    expect(other.status).toBe(200);
    expect(
      (await PDFDocument.load(new Uint8Array(await other.arrayBuffer()))).getPageCount(),
    ).toBeGreaterThan(0);
    for (const res of await Promise.all([first, second])) {
      expect(res.status).toBe(200);
      await res.arrayBuffer();
    }
    // Both answered: the caller's share is free again, for PDFs and the notification alike.
    expect(documentRenders.inFlight(callers.a.actor)).toBe(0);
    expect((await get(pdfPath, 'a')).status).toBe(200);
  });

  it('answers 503 with Retry-After when the worker dies mid-render, and renders again after', async () => {
    const started = renderPoolStats().workersStarted;
    const pdf = get(pdfPath, 'a');
    await until(() => renderPoolStats().running > 0);
    await stopRenderWorkers();
    const failed = await pdf;
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('2');
    const body = (await failed.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.message).toMatch(
      /the document renderer failed: the renderer was stopped; retry shortly/,
    );
    expect(documentRenders.inFlight(callers.a.actor)).toBe(0);
    const again = await get(pdfPath, 'a');
    expect(again.status).toBe(200);
    expect(
      (await PDFDocument.load(new Uint8Array(await again.arrayBuffer()))).getPageCount(),
    ).toBeGreaterThan(0);
    expect(renderPoolStats().workersStarted).toBe(started + 1);
  });
});
