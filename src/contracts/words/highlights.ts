import type { MessageKey, Words } from './translate.js';

/** A situation report's highlight as the report gives it (domain/reports/sitrep.ts, Highlight). */
export interface HighlightFacts {
  text: string;
  kind: string;
  numbers: Record<string, number>;
  metric?: string;
  claims?: { value?: number; min?: number; max?: number; source: string }[];
}

const HIGHLIGHT_WORDS: Record<string, MessageKey> = {
  'people-departed': 'highlight.peopleDeparted',
  'vehicles-used': 'highlight.vehiclesUsed',
  'corridors-opened': 'highlight.corridorsOpened',
  returns: 'highlight.returns',
  disputed: 'highlight.disputed',
  flagged: 'highlight.flagged',
};

/** A metric in words: the catalogue's, else its key with spaces. */
export function metricName(metric: string, w?: Words): string {
  const said = w?.tx('metric', metric);
  return said && said !== metric ? said : metric.replace(/_/g, ' ');
}

/** What a computed figure counts, from its id (computed:<metric>[:<stage or area>...]). */
export function computedWhat(id: string, w?: Words): string {
  const [metric = '', ...of] = id.slice('computed:'.length).split(':');
  return `${metricName(metric, w)}${of.length > 0 ? ` (${of.join(', ')})` : ''}`;
}

/**
 * A highlight in the reader's language, from its kind and numbers: the same sentence in the console and
 * in the report's documents. What each source reported is given with the source's name as recorded; a
 * kind the catalogue has no words for keeps the report's English sentence (`known` is then false).
 */
export function highlightWords(h: HighlightFacts, w: Words): { text: string; known: boolean } {
  if (h.kind === 'reported' && h.metric && h.claims)
    return {
      known: true,
      text: w.t('highlight.reported', {
        metric: metricName(h.metric, w),
        claims: w.list(
          h.claims.map((c) =>
            w.t('highlight.claim', {
              amount: c.value !== undefined ? w.number(c.value) : `${w.number(c.min!)}-${w.number(c.max!)}`,
              // A source's name as recorded, in its own direction inside an Arabic sentence.
              source: w.lang === 'ar' ? `\u2068${c.source}\u2069` : c.source,
            }),
          ),
        ),
      }),
    };
  const key = HIGHLIGHT_WORDS[h.kind];
  if (!key) return { text: h.text, known: false };
  const vars = Object.fromEntries(Object.entries(h.numbers).map(([k, v]) => [k, w.number(v)]));
  return { text: w.t(key, vars), known: true };
}
