import { computedWhat, metricName } from '../../contracts/words/highlights.js';
import type { Words } from '../../contracts/words/translate.js';

export { metricName };
import type { ReportFigure } from '../../domain/reports/sitrep.js';

/**
 * A situation report as a list of blocks that the Markdown, HTML and PDF writers each render: one
 * content, three looks, in English or Arabic (the catalogue of contracts/words). A cell may link to a
 * figure (its id), which every format shows.
 */
export type Cell = string | { text: string; figure: string };
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; figures?: string[] }
  | {
      kind: 'table';
      headers: string[];
      rows: Cell[][];
      source?: string;
      /** What to say when there are no rows ("No incidents recorded."). */
      none?: string;
      /** The table that lists every figure once: its rows are where figure links lead. */
      anchors?: boolean;
    }
  | { kind: 'map' };

export function valueText(w: Words, f: ReportFigure): string {
  const q = f.qualifier === 'exact' ? '' : `${w.tx('rep.q', f.qualifier)} `;
  const v = f.value !== undefined ? w.number(f.value) : `${w.number(f.min!)}-${w.number(f.max!)}`;
  return `${q}${v} ${w.tx('rep.unit', f.unit)}`;
}

export function sourceText(w: Words, f: ReportFigure): string {
  if (f.method === 'computed') return w.t('rep.computedBy', { query: f.query ?? '' });
  return `${f.source.organisation}, ${f.source.document}${f.source.date ? `, ${f.source.date.slice(0, 10)}` : ''}`;
}

/** A time as the report prints it: to the minute, in UTC. */
export const reportTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** A figure as a reader names it: its code, or what a computed one counts ("computed: people departed"). */
export function figureName(id: string, w?: Words): string {
  if (!id.startsWith('computed:')) return id;
  return `${w ? w.t('rep.computed') : 'computed'}: ${computedWhat(id, w)}`;
}

/** The operation's name in the report's language, where it has one in Arabic. */
export function operationName(
  w: Pick<Words, 'lang'>,
  operation: { name: string; nameAr?: string | null },
): string {
  return w.lang === 'ar' && operation.nameAr ? operation.nameAr : operation.name;
}
