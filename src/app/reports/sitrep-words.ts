import type { ReportFigure } from '../../domain/reports/sitrep.js';

/**
 * A situation report as a list of blocks that the Markdown, HTML and PDF writers each render: one
 * content, three looks. A cell may link to a figure (its id), which every format shows.
 */
export type Cell = string | { text: string; figure: string };
export type Block =
  | { kind: 'title'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'text'; text: string; figures?: string[] }
  | { kind: 'table'; headers: string[]; rows: Cell[][]; source?: string }
  | { kind: 'map' };

export const n = (v: number) => v.toLocaleString('en-GB', { maximumFractionDigits: 2 });

export function valueText(f: ReportFigure): string {
  const q =
    f.qualifier === 'about'
      ? 'about '
      : f.qualifier === 'more-than'
        ? 'more than '
        : f.qualifier === 'less-than'
          ? 'less than '
          : '';
  const v = f.value !== undefined ? n(f.value) : `${n(f.min!)}-${n(f.max!)}`;
  return `${q}${v} ${f.unit}`;
}

export function sourceText(f: ReportFigure): string {
  if (f.method === 'computed') return `computed from the event log: ${f.query ?? ''}`;
  return `${f.source.organisation}, ${f.source.document}${f.source.date ? `, ${f.source.date.slice(0, 10)}` : ''}`;
}

/** A time as the report prints it: to the minute, in UTC. */
export const reportTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** A figure as a reader names it: its code, or what a computed one counts ("computed: people departed"). */
export const figureName = (id: string) =>
  id.startsWith('computed:') ? `computed: ${id.slice('computed:'.length).replace(/_/g, ' ')}` : id;
