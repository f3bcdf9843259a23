import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDataset, HXL_HASHTAG } from '../../src/app/reports/exports.js';
import { sitrepHtml, sitrepMarkdown, sitrepPdf } from '../../src/app/reports/sitrep-render.js';
import { sitrepOf } from '../../src/app/reports/sitrep.js';
import type { ReportFigure, Sitrep } from '../../src/domain/reports/sitrep.js';
import { SYSTEM } from '../../test/fixtures.js';
import { demoStore, type TestStore } from '../../test/stores.js';

const OP = 'aleppo-2016';

describe('the situation report of the Aleppo 2016 demo', () => {
  let t: TestStore;
  let s: Sitrep;
  const byId = (id: string) => s.figures.find((f) => f.id === id)!;
  const computed = (metric: string, stage: string | null = 'STAGE-2') =>
    s.figures.find((f) => f.method === 'computed' && f.metric === metric && f.stage === stage)!;
  const reported = (metric: string, value: number) =>
    s.figures.find((f) => f.method !== 'computed' && f.metric === metric && (f.value ?? f.min) === value)!;

  beforeAll(async () => {
    t = await demoStore('sqlite', undefined, 'shipped');
    s = (await sitrepOf(t.ctx, SYSTEM, OP, { format: 'json' })).sitrep;
  });
  afterAll(() => t.cleanup());

  it('computes the stage 2 figures from the recorded convoys, with the query that produced each', () => {
    expect(computed('people_departed')).toMatchObject({ value: 34_000, method: 'computed', unit: 'people' });
    expect(computed('people_departed').query).toMatch(
      /ManifestRecorded of each convoy whose status is arrived/,
    );
    expect(computed('people_departed.men').value).toBe(14_000);
    expect(computed('people_departed.women').value).toBe(8_500);
    expect(computed('people_departed.children').value).toBe(8_500);
    expect(computed('buses_used').value).toBe(300);
    expect(computed('ambulances_used').value).toBe(380);
    expect(computed('command_posts', null).value).toBe(7);
    expect(computed('corridors_declared', null).value).toBe(7);
    // The demo leaves COR-6 planned (its gates can be tried), so six of the seven opened.
    expect(computed('corridors_opened', null).value).toBe(6);
  });

  it('computes the stage 1 figures from the convoys that reconstruct FIG-1, and shows them beside it', () => {
    expect(computed('people_departed', 'STAGE-1')).toMatchObject({ value: 110_000, method: 'computed' });
    expect(computed('people_departed.men', 'STAGE-1').value).toBe(45_294);
    expect(computed('people_departed.women', 'STAGE-1').value).toBe(27_500);
    expect(computed('people_departed.children', 'STAGE-1').value).toBe(27_500);
    expect(computed('people_departed.elderly', 'STAGE-1').value).toBe(9_706);
    expect(computed('convoys_arrived', 'STAGE-1').value).toBe(120);
    // The vehicles notified for each of COR-1 to COR-5 (20 buses, 10 ambulances), shuttling.
    expect(computed('buses_used', 'STAGE-1').value).toBe(100);
    expect(computed('ambulances_used', 'STAGE-1').value).toBe(50);
    // Both stages together.
    expect(computed('people_departed', null).value).toBe(144_000);
    const people = s.comparisons.find((c) => c.metric === 'people_departed' && c.stage === 'STAGE-1')!;
    expect(people.reported).toEqual([
      { id: reported('people_departed', 110_000).id, source: expect.stringMatching(/RU-MOD/), agrees: 'yes' },
    ]);
    expect(reported('people_departed', 110_000).id).toBe('FIG-1');
  });

  it('shows them beside the same figures as reported by their source', () => {
    const people = s.comparisons.find((c) => c.metric === 'people_departed' && c.stage === 'STAGE-2')!;
    expect(people.reported).toEqual([
      { id: reported('people_departed', 34_000).id, source: expect.stringMatching(/RU-MOD/), agrees: 'yes' },
    ]);
    const buses = s.comparisons.find((c) => c.metric === 'buses_used')!;
    expect(buses.reported.map((r) => r.agrees).sort()).toEqual(['earlier', 'yes']);
    const posts = s.comparisons.find((c) => c.metric === 'command_posts')!;
    expect(posts.reported[0]!.agrees).toBe('yes');
  });

  it('puts the population estimates side by side with their sources and says which one it uses', () => {
    const dispute = s.disputes.find((d) => d.metric === 'population')!;
    const figures = dispute.figures.map(byId);
    expect(figures.map((f: ReportFigure) => [f.value ?? [f.min, f.max], f.source.organisation])).toEqual([
      [[250_000, 300_000], expect.stringMatching(/UN-WG/)],
      [153_000, expect.stringMatching(/NEWS-1224/)],
    ]);
    expect(dispute.used).toBe(reported('population', 153_000).id);
    expect(dispute.why).toMatch(/latest as-of time/);
  });

  it('flags 82,000 square kilometres as implausible, with the governorate area', () => {
    const area = reported('area_taken', 82_000);
    expect(area.flags).toEqual([
      expect.objectContaining({
        kind: 'area-exceeds-admin-area',
        numbers: expect.objectContaining({ publishedKm2: 18_482 }),
      }),
    ]);
    expect(area.flags[0]!.reason).toMatch(
      /larger than the whole of Aleppo \(governorate\): 18,482 km² as published/,
    );
    expect(s.flagged.map((f) => f.figure)).toContain(area.id);
  });

  it('gives every figure a metric, a value or a range, a source, a method and flags', () => {
    for (const f of s.figures) {
      expect(f.metric).toBeTruthy();
      expect(f.value !== undefined || (f.min !== undefined && f.max !== undefined)).toBe(true);
      expect(f.source.document).toBeTruthy();
      expect(['counted', 'estimated', 'computed']).toContain(f.method);
      expect(Array.isArray(f.flags)).toBe(true);
      if (f.method === 'computed') expect(f.query).toBeTruthy();
    }
  });

  it('reports recovery per neighbourhood and the response by sector', () => {
    const hanano = s.recovery.find((r) => r.name === 'Hanano')!;
    expect(hanano.returns.total).toBeGreaterThan(0);
    expect(hanano.services.power).toMatchObject({ status: 'functional', observations: 3 });
    expect(s.response.map((r) => r.sector)).toEqual(['food', 'health', 'nfi', 'wash']);
  });

  it('as of 20 December, knows only what had happened by then', async () => {
    const past = (await sitrepOf(t.ctx, SYSTEM, OP, { asOf: '2016-12-20T12:00:00Z' })).sitrep;
    expect(past.events).toBeGreaterThan(1000);
    const people = past.figures.find((f) => f.id === 'computed:people_departed:STAGE-2')!;
    expect(people.value).toBeGreaterThan(0);
    expect(people.value).toBeLessThan(34_000);
    // Stage 1 had ended: all of its convoys had arrived.
    expect(past.figures.find((f) => f.id === 'computed:people_departed:STAGE-1')!.value).toBe(110_000);
    expect(past.figures.some((f) => f.metric === 'population')).toBe(false); // reported on 24 December
    expect(past.recovery).toEqual([]);
    await expect(sitrepOf(t.ctx, SYSTEM, OP, { asOf: '2016-01-01T00:00:00Z' })).rejects.toThrow(
      /before operation aleppo-2016 began/,
    );
  });

  it('is the same from the tables kept in memory as replayed from the whole log', async () => {
    const replayed = (await sitrepOf(t.ctx, SYSTEM, OP, { asOf: s.asOf })).sitrep;
    expect(replayed.movements).toEqual(s.movements);
    expect(replayed.recovery).toEqual(s.recovery);
    expect(replayed.disputes).toEqual(s.disputes);
    expect(replayed.flagged).toEqual(s.flagged);
    const values = (x: Sitrep) => x.figures.map((f) => [f.id, f.value ?? f.min, f.max]);
    expect(values(replayed)).toEqual(values(s));
  });

  it('renders in Markdown, HTML and a readable PDF, every figure linked', async () => {
    const md = sitrepMarkdown(s);
    expect(md).toMatch(/## Disputed figures, side by side/);
    expect(md).toMatch(/\[34,000 people\]\(#fig-computed_people_departed_STAGE-2\)/);
    const html = sitrepHtml(s);
    expect(html).toMatch(/<svg[^>]+aria-label="Map of the operation"/);
    expect(html).toMatch(/id="fig-FIG-8"/);
    expect(html).toMatch(/This report uses FIG-14/);
    const pdf = await PDFDocument.load(await sitrepPdf(s));
    expect(pdf.getPageCount()).toBeGreaterThan(2);
  });

  it('exports HXL-tagged CSV with a valid hashtag on every column, and GeoJSON', async () => {
    for (const dataset of ['movements', 'returns', 'services', 'aid', 'figures']) {
      const { body } = await exportDataset(t.ctx, SYSTEM, OP, dataset);
      const [header, tags, first] = body.split('\r\n');
      const hashtags = tags!.split(',');
      expect(hashtags.length).toBe(header!.split(',').length);
      for (const tag of hashtags) expect(tag).toMatch(HXL_HASHTAG);
      expect(first).toBeTruthy();
    }
    const geo = JSON.parse((await exportDataset(t.ctx, SYSTEM, OP, 'geojson')).body) as {
      features: { properties: { layer: string } }[];
    };
    const layers = new Set(geo.features.map((f) => f.properties.layer));
    expect([...layers].sort()).toEqual([
      'area',
      'checkpoint',
      'command-post',
      'corridor',
      'hazard',
      'reception-point',
    ]);
  });
});
