import { inList } from '../../store/dialect.js';
import type { Store } from '../../store/store.js';
import { storedEventJson } from '../log/stored-event.js';

/** The most bytes of event text a node keeps for the pulls of the nodes below it. */
const EVENT_TEXTS_BYTES = 64 * 1024 * 1024;

/**
 * Each event's JSON as a pull answer sends it (storedEventJson, UTF-8), kept by its place in this
 * node's log. After a partition every post below a node pulls the same events (all but its own), so
 * the node reads and writes out each event once rather than once a post. A row of the log never
 * changes once committed, and only committed rows are read here, so a kept text is never stale. The
 * oldest text read goes first past EVENT_TEXTS_BYTES.
 */
class EventTexts {
  private readonly texts = new Map<number, Buffer>();
  private bytes = 0;

  get(seq: number): Buffer | undefined {
    return this.texts.get(seq);
  }

  keep(seq: number, text: Buffer): void {
    if (this.texts.has(seq) || text.length > EVENT_TEXTS_BYTES) return;
    this.texts.set(seq, text);
    this.bytes += text.length;
    for (const [oldest, t] of this.texts) {
      if (this.bytes <= EVENT_TEXTS_BYTES) break;
      this.texts.delete(oldest);
      this.bytes -= t.length;
    }
  }
}

const byStore = new WeakMap<Store, EventTexts>();

/** The texts of these events of the log (their seqs, all committed), in the order given. */
export async function eventTexts(store: Store, seqs: readonly number[]): Promise<Buffer[]> {
  let kept = byStore.get(store);
  if (!kept) byStore.set(store, (kept = new EventTexts()));
  const found = new Map<number, Buffer>();
  const missing: number[] = [];
  for (const seq of seqs) {
    const text = kept.get(seq);
    if (text) found.set(seq, text);
    else missing.push(seq);
  }
  if (missing.length > 0) {
    const rows = await store.db
      .selectFrom('events')
      .selectAll()
      .where(inList(store.dialect, 'seq', missing))
      .execute();
    for (const row of rows) {
      const text = Buffer.from(storedEventJson(row));
      found.set(row.seq, text);
      kept.keep(row.seq, text);
    }
  }
  return seqs.map((seq) => {
    const text = found.get(seq);
    if (!text) throw new Error(`event ${seq} of this node's log is not there`);
    return text;
  });
}
