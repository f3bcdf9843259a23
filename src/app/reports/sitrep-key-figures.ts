import type { Sitrep } from '../../domain/reports/sitrep.js';
import { n, valueText, type Block, type Cell } from './sitrep-words.js';

/** What a panel of key figures shows of a comparison: the metric in words. */
const KEY_METRICS: Record<string, string> = {
  people_departed: 'People who left',
  buses_used: 'Buses used',
  ambulances_used: 'Ambulances used',
  corridors_opened: 'Corridors opened',
  returns: 'People who returned',
};

/**
 * The key figures, as OCHA's reports open: each number the operation computed from its records, with
 * what each party reported of the same beside it, and their sources; disputed figures side by side. A
 * figure nobody recorded is "not recorded", never 0.
 */
export function keyFigureBlocks(s: Sitrep): Block[] {
  const fig = new Map(s.figures.map((f) => [f.id, f]));
  const seen = new Set<string>();
  const rows: Cell[][] = [];
  for (const c of s.comparisons) {
    const label = KEY_METRICS[c.metric];
    if (!label) continue;
    const key = `${c.metric}:${c.stage ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const reported = c.reported
      .map((r) => fig.get(r.id))
      .filter((f) => f !== undefined)
      .map((f) => `${valueText(f)} (${f.source.organisation}, ${f.id})`);
    rows.push([
      `${label}${c.stage ? ` (${c.stage})` : ''}`,
      { text: n(c.computedValue), figure: c.computed },
      reported.length > 0 ? reported.join('; ') : 'not recorded',
    ]);
  }
  // Disputed figures the comparisons have not shown: each claim beside the others.
  for (const d of s.disputes) {
    if (KEY_METRICS[d.metric]) continue;
    const figures = d.figures.map((id) => fig.get(id)).filter((f) => f !== undefined);
    const computed = figures.find((f) => f.method === 'computed');
    rows.push([
      d.metric.replace(/_/g, ' '),
      computed ? { text: valueText(computed), figure: computed.id } : 'not computed',
      figures
        .filter((f) => f.method !== 'computed')
        .map((f) => `${valueText(f)} (${f.source.organisation}, ${f.id})`)
        .join('; '),
    ]);
  }
  if (rows.length === 0) return [];
  return [
    { kind: 'heading', text: 'Key figures' },
    {
      kind: 'table',
      headers: ['figure', 'computed from the records', 'reported, by whom'],
      rows,
      source:
        'Computed: counted from the events recorded (each with its query). Reported: claims as their sources made them, none averaged in.',
    },
  ];
}
