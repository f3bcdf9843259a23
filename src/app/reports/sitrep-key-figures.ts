import type { MessageKey, Words } from '../../contracts/words/translate.js';
import type { Sitrep } from '../../domain/reports/sitrep.js';
import { metricName, valueText, type Block, type Cell } from './sitrep-words.js';

/** What a panel of key figures shows of a comparison: the metric in words. */
const KEY_METRICS: Record<string, MessageKey> = {
  people_departed: 'rep.key.peopleDeparted',
  buses_used: 'rep.key.busesUsed',
  ambulances_used: 'rep.key.ambulancesUsed',
  corridors_opened: 'rep.key.corridorsOpened',
  returns: 'rep.key.returns',
};

/**
 * The key figures, as OCHA's reports open: each number the operation computed from its records, with
 * what each party reported of the same beside it, and their sources; disputed figures side by side. A
 * figure nobody recorded is "not recorded", never 0.
 */
export function keyFigureBlocks(s: Sitrep, w: Words): Block[] {
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
      .map((f) => `${valueText(w, f)} (${f.source.organisation}, ${f.id})`);
    rows.push([
      `${w.t(label)}${c.stage ? ` (${c.stage})` : ''}`,
      { text: w.number(c.computedValue), figure: c.computed },
      reported.length > 0 ? reported.join('; ') : w.t('rep.notRecorded'),
    ]);
  }
  // Disputed figures the comparisons have not shown: each claim beside the others.
  for (const d of s.disputes) {
    if (KEY_METRICS[d.metric]) continue;
    const figures = d.figures.map((id) => fig.get(id)).filter((f) => f !== undefined);
    const computed = figures.find((f) => f.method === 'computed');
    rows.push([
      metricName(d.metric, w),
      computed ? { text: valueText(w, computed), figure: computed.id } : w.t('rep.notComputed'),
      figures
        .filter((f) => f.method !== 'computed')
        .map((f) => `${valueText(w, f)} (${f.source.organisation}, ${f.id})`)
        .join('; '),
    ]);
  }
  if (rows.length === 0) return [];
  return [
    { kind: 'heading', text: w.t('rep.h.keyFigures') },
    {
      kind: 'table',
      headers: [w.t('rep.col.keyFigure'), w.t('rep.col.computedFromRecords'), w.t('rep.col.reportedBy')],
      rows,
      source: w.t('rep.src.keyFigures'),
    },
  ];
}
