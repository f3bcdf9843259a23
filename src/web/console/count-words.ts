import type { Words } from '../../contracts/words/translate.js';

/** What the words of a station's count are made from: the API's facts beside its English sentences. */
export interface CountFacts {
  station: string;
  /** The source of the count used (null: none used, or the manifest). */
  source?: string | null;
  sources: { source: string; partial: { vehicles: number; of: number; total: number } | null }[];
  differing?: { source: string; total: number }[];
  overManifest?: { source: string; total: number; manifest: number }[];
}

/**
 * Which count of a station is used and why, in the reader's language (the server's `why`, worded
 * from the same facts: domain/accountability/counting.ts).
 */
export function countWhy(s: CountFacts, w: Words): string {
  if (s.station === 'manifest') return w.t('countWhy.manifest');
  const source = (x: string) => w.tx('source', x).toLowerCase();
  if (!s.source) {
    const partial = s.sources.find((x) => x.partial)?.partial;
    return partial
      ? w.t('countWhy.partial', {
          vehicles: w.number(partial.vehicles),
          of: w.number(partial.of),
          people: w.number(partial.total),
        })
      : w.t('countWhy.none');
  }
  const why =
    s.source === 'enumerator'
      ? w.t(s.sources.some((x) => x.source === 'camera') ? 'countWhy.enumeratorFirst' : 'countWhy.enumerator')
      : w.t('countWhy.source', { source: source(s.source) });
  const differing = s.differing ?? [];
  if (differing.length === 0) return why;
  const others = differing.map((d) =>
    w.t('countWhy.counted', { source: source(d.source), n: w.number(d.total) }),
  );
  return w.t('countWhy.disputed', { why, others: w.list(others) });
}

/** What a reader should check at a station (vehicle tallies over the manifest), in their language. */
export function countFlags(s: CountFacts, w: Words): string[] {
  return (s.overManifest ?? []).map((o) =>
    w.t('countFlag.overManifest', {
      source: w.tx('source', o.source).toLowerCase(),
      total: w.number(o.total),
      manifest: w.number(o.manifest),
    }),
  );
}

/**
 * A tally's note in the reader's language: what the rules say of it (differs from the count used,
 * overlaps, names vehicles not on the convoy) from their facts; a person's reason (a correction's, a
 * void's) as they wrote it.
 */
export function tallyNote(
  h: { status: string; note: string | null; against?: { total: number; at: string }; offConvoy?: number },
  w: Words,
  time: (iso: string) => string,
): string | null {
  if (h.status === 'differs' && h.against)
    return w.t('tallyNote.differs', { n: w.number(h.against.total), time: time(h.against.at) });
  if (h.status === 'overlaps') return w.t('tallyNote.overlaps');
  if (h.status === 'not-on-convoy' && h.offConvoy !== undefined)
    return w.t('tallyNote.notOnConvoy', { count: h.offConvoy });
  return h.note;
}
