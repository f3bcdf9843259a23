import type { MessageKey, Words } from '../../contracts/words/translate.js';
import type { Highlight } from '../../domain/reports/sitrep.js';
import { metricName } from './sitrep-words.js';

const HIGHLIGHT_WORDS: Partial<Record<Highlight['kind'], MessageKey>> = {
  'people-departed': 'highlight.peopleDeparted',
  'vehicles-used': 'highlight.vehiclesUsed',
  'corridors-opened': 'highlight.corridorsOpened',
  returns: 'highlight.returns',
  disputed: 'highlight.disputed',
  flagged: 'highlight.flagged',
};

/**
 * A highlight in the reader's language, from its kind and numbers (the console says it the same way);
 * what each source reported is given with the source's name as recorded.
 */
export function highlightText(h: Highlight, w: Words): string {
  if (h.kind === 'reported' && h.metric && h.claims)
    return w.t('highlight.reported', {
      metric: metricName(h.metric, w),
      claims: w.list(
        h.claims.map((c) =>
          w.t('highlight.claim', {
            amount: c.value !== undefined ? w.number(c.value) : `${w.number(c.min!)}-${w.number(c.max!)}`,
            source: c.source,
          }),
        ),
      ),
    });
  const key = HIGHLIGHT_WORDS[h.kind];
  if (!key) return h.text;
  return w.t(key, Object.fromEntries(Object.entries(h.numbers).map(([k, v]) => [k, w.number(v)])));
}
