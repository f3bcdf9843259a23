import type { Loaders, Reads, Refresh } from './use-operation.js';

/** How long a refresh lost on the way waits before it is asked again, doubling up to the most. */
const RETRY_MS = 2000;
const RETRY_MAX_MS = 30_000;

/**
 * The reads the live stream's events ask for, folded over a moment into one read per collection. A
 * read that got no answer (fetch failed: the link dropped) is asked again on a timer of its own,
 * backing off while it keeps failing, so that an event's read never waits behind it; without it the
 * collection would stay as it was until its next event. An answer (the API's error, a proxy's page)
 * is shown.
 */
export class Refresher {
  private readonly pending = new Set<Refresh>();
  private readonly retrying = new Set<Refresh>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_MS;
  private stopped = false;

  constructor(
    private readonly loaders: Loaders,
    private readonly reads: Reads,
    private readonly fail: (error: unknown) => void,
  ) {}

  /** Reads `what` within `ms` (with whatever else is asked for meanwhile). */
  ask(what: Iterable<Refresh>, ms: number): void {
    for (const w of what) this.pending.add(w);
    if (this.pending.size > 0 && this.timer === undefined && !this.stopped)
      this.timer = setTimeout(() => this.flush(), ms);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retryTimer);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const todo = [...this.pending];
    this.pending.clear();
    for (const what of todo) {
      this.retrying.delete(what);
      const asked = this.reads.ask();
      this.loaders[what]().then(
        (part) => {
          this.retryMs = RETRY_MS;
          this.reads.show(asked, part);
        },
        (error: unknown) => {
          if (!(error instanceof TypeError) || this.stopped) return this.fail(error);
          this.retry(what);
        },
      );
    }
  }

  private retry(what: Refresh): void {
    this.retrying.add(what);
    if (this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      for (const w of this.retrying) this.pending.add(w);
      this.retrying.clear();
      if (!this.stopped) this.flush();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
