import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventSubmission } from '../../contracts/events.js';
import { demo, DEMO } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import { recordChanges } from '../log/record-changes.js';
import { csvFields, EXPORT_DATASETS, exportDataset, neutralise } from './exports.js';
import { sitrepOf } from './sitrep.js';
import { sitrepMarkdown } from './sitrep-render.js';

const SYSTEM = { actor: 'system:test', role: 'system', organisationId: null, operationId: null } as const;
const HOSTILE = '<img src=x onerror=alert(1)> [click](javascript:alert(1)) | *bold*';
const FORMULAS = [
  '=HYPERLINK("http://example.org","x")',
  "+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '-2+3',
  '\t=1',
  // Full-width signs, which compatibility normalisation makes the same.
  "\uff1dcmd|' /C calc'!A0",
  '\uff0b1',
];

describe('the CSV exports', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await demoStore('sqlite');
    // A record of each exported kind, its free text written as a spreadsheet formula.
    const like = (type: string): EventSubmission & { payload: Record<string, unknown> } =>
      demo().find((e) => e.type === type)!;
    const copy = (type: string, idField: string, text: Record<string, string>) => ({
      id: uuidv7(),
      type,
      payload: { ...like(type).payload, [idField]: uuidv7(), ...text },
      occurredAt: like(type).occurredAt,
    });
    await recordChanges(
      t.ctx,
      DEMO,
      SYSTEM,
      [
        copy('AidDelivered', 'deliveryId', { item: FORMULAS[0]!, sourceDocument: FORMULAS[1]! }),
        copy('ReturnsRecorded', 'returnId', { fromPlace: FORMULAS[2]!, sourceDocument: FORMULAS[3]! }),
        copy('ServiceStatusRecorded', 'statusId', { sourceDocument: FORMULAS[4]! }),
        copy('FigureReported', 'figureId', { label: FORMULAS[0]!, code: 'FIG-900' }),
        copy('FigureReported', 'figureId', { label: HOSTILE, code: 'FIG-901' }),
      ],
      { mode: 'replay' },
    );
  });
  afterAll(() => t.cleanup());

  it('neutralise text a spreadsheet would run as a formula, and leave numbers alone', () => {
    expect(FORMULAS.map(neutralise)).toEqual(FORMULAS.map((f) => `'${f}`));
    expect(neutralise(-5)).toBe('-5');
    expect(neutralise('CVY-0002')).toBe('CVY-0002');
  });

  it.each(EXPORT_DATASETS.filter((d) => d !== 'geojson'))(
    'have no formula in any cell of %s',
    async (dataset) => {
      const { body } = await exportDataset(t.ctx, SYSTEM, DEMO, dataset);
      const cells = body.trim().split('\r\n').slice(2).flatMap(csvFields);
      expect(cells.length).toBeGreaterThan(0);
      const formulas = cells.filter((c) => /^[=+@\t\r]/.test(c) || /^-(?!\d+(\.\d+)?$)/.test(c));
      expect(formulas).toEqual([]);
      // Movements and items have no free text but the corridor's name, which the demo writes plainly.
      if (dataset !== 'movements' && dataset !== 'items')
        expect(cells.some((c) => c.startsWith("'"))).toBe(true);
    },
  );

  it('and the Markdown report show recorded text as text: no HTML, no link, no table cell of it', async () => {
    const md = sitrepMarkdown((await sitrepOf(t.ctx, SYSTEM, DEMO, {})).sitrep);
    expect(md).toContain(
      'FIG-901: &lt;img src=x onerror=alert(1)&gt; \\[click\\](javascript:alert(1)) \\| \\*bold\\*',
    );
    // No raw tag, and no link: a bracket not escaped by a backslash before "(javascript:".
    expect(md).not.toMatch(/<img|(^|[^\\])\]\(javascript:/m);
  });
});
