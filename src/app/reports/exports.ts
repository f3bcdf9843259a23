import { z } from 'zod';
import { wordsOf } from '../../contracts/words/translate.js';
import { Timestamp } from '../../contracts/common.js';
import { NotFoundError, said } from '../../domain/errors.js';
import { buildSitrep } from '../../domain/reports/sitrep.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { parseInput } from '../records/resources.js';
import { geojsonOf } from './geojson-export.js';
import {
  aidTable,
  figuresTable,
  itemsTable,
  movementsTable,
  returnsTable,
  servicesTable,
  type Table,
  type Value,
} from './hxl-datasets.js';
import { publishedAreas, reportState } from './sitrep.js';

export const EXPORT_DATASETS = [
  'movements',
  'items',
  'returns',
  'services',
  'aid',
  'figures',
  'geojson',
] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
export const ExportDatasetParam = z.enum(EXPORT_DATASETS);
/** An export now, or as of a past time (as the situation report). */
export const ExportQuery = z.strictObject({
  asOf: Timestamp.optional(),
  basis: z.enum(['occurred', 'recorded']).default('occurred'),
  bom: z
    .enum(['true', 'false'])
    .default('true')
    .describe('a CSV begins with a UTF-8 byte-order mark, so that Excel reads its Arabic and its km² right'),
});

/** An HXL hashtag with attributes (HXL 1.1): what every column of a CSV export carries. */
export const HXL_HASHTAG = /^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/;

/**
 * A text cell a spreadsheet would run as a formula (OWASP's CSV injection rule: it begins with `=`,
 * `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so it shows as the text it is.
 * Numbers are left as they are (a negative number is a number, not a formula).
 */
export function neutralise(v: Value): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  // Full-width and other compatibility forms of the same signs (＝, ＋) are read as them by some.
  return /^[=+\-@\t\r]/.test(v.normalize('NFKC')) ? `'${v}` : v;
}

/** RFC 4180 CSV with the HXL hashtag row right under the header row; no cell is a formula. */
export function hxlCsv({ columns, rows }: Table, bom = false): string {
  const field = (v: Value) => {
    const s = neutralise(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map((c) => field(c[0])), columns.map((c) => c[1]), ...rows.map((r) => r.map(field))];
  return `${bom ? '\uFEFF' : ''}${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** The fields of one line of such a CSV (RFC 4180 quoting), as a reader of the export sees them. */
export function csvFields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]!,
  );
}

export async function exportDataset(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  dataset: string,
  input: unknown = {},
): Promise<{ body: string; contentType: string; filename: string }> {
  const parsed = ExportDatasetParam.safeParse(dataset);
  if (!parsed.success)
    throw new NotFoundError(
      said('no export {dataset}; there are {datasets}', { dataset, datasets: EXPORT_DATASETS.join(', ') }),
    );
  const query = parseInput(ExportQuery, input, 'query');
  const { state } = await reportState(ctx, caller, operationId, query.asOf, query.basis);
  const s = buildSitrep(state, {
    asOf: query.asOf ?? ctx.now().toISOString(),
    basis: query.asOf === undefined ? 'now' : query.basis,
    aboutTolerance: 0.05,
    jumpFactor: 2,
    publishedAreas: publishedAreas(),
  });
  const csv = (table: Table) => ({
    body: hxlCsv(table, query.bom === 'true'),
    contentType: 'text/csv; charset=utf-8',
    filename: `${operationId}-${parsed.data}.csv`,
  });
  switch (parsed.data) {
    case 'movements':
      return csv(movementsTable(s));
    case 'items': {
      const w = wordsOf('en');
      return csv(itemsTable(s, (k) => w.tx('carried', k)));
    }
    case 'returns':
      return csv(returnsTable(state));
    case 'services':
      return csv(servicesTable(state));
    case 'aid':
      return csv(aidTable(state));
    case 'figures':
      return csv(figuresTable(s));
    case 'geojson':
      return {
        body: JSON.stringify(geojsonOf(state)),
        contentType: 'application/geo+json',
        filename: `${operationId}.geojson`,
      };
  }
}
