import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DomainError, RateLimitedError, said } from '../../domain/errors.js';
import type { RenderJob, RenderReply, RenderRequest } from './render-worker.js';

export type { RenderJob } from './render-worker.js';

/**
 * Documents (the situation report's PDF, the movement notification's) are rendered in worker threads,
 * so that a PDF of a second or more does not hold up the server: the route computes the document's
 * data here, a worker lays it out and sends the bytes back (the buffer transferred, not copied).
 *
 * One worker per core the server does not need, at least one and at most two, started when the first
 * document is asked for and kept for the next ones (each reads its fonts once); documents beyond them
 * wait their turn. Workers do not keep the process alive. A worker that dies or hangs fails the one
 * document it was rendering (`RendererUnavailableError`: the API answers 503 with Retry-After); the
 * documents waiting go to a new worker.
 */
export const RENDER_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
/** A document still not rendered after this long stops its worker (and fails). */
const RENDER_TIMEOUT_MS = 120_000;
/** Documents waiting beyond this many are refused (the renderer is busy): a bound on memory. */
const MAX_WAITING = 64;

/** The renderer could not make the document (its worker died, hung, or is overloaded): retry shortly. */
export class RendererUnavailableError extends Error {
  readonly retryAfterSeconds = 2;
  constructor(message: string) {
    super(message);
    this.name = 'RendererUnavailableError';
  }
}

interface Pending {
  readonly id: number;
  readonly job: RenderJob;
  resolve(bytes: Uint8Array): void;
  reject(error: Error): void;
}
interface Slot {
  readonly worker: Worker;
  current: Pending | null;
  timer: NodeJS.Timeout | null;
  /** Why the worker was stopped by the pool, when it was. */
  stopped: string | null;
}

const slots: Slot[] = [];
const waiting: Pending[] = [];
let nextId = 1;
const stats = { rendered: 0, failed: 0, workersStarted: 0, lastThreadId: -1 };

/** The document as PDF bytes, rendered in a worker thread. */
export function renderPdf(job: RenderJob): Promise<Uint8Array> {
  if (waiting.length >= MAX_WAITING)
    return Promise.reject(
      new RendererUnavailableError('the document renderer is busy: too many documents are waiting'),
    );
  return new Promise<Uint8Array>((resolve, reject) => {
    waiting.push({ id: nextId++, job, resolve, reject });
    dispatch();
  });
}

/** What the pool is doing, and the thread that rendered the last document (never the main thread). */
export function renderPoolStats() {
  return {
    size: RENDER_WORKERS,
    workers: slots.length,
    running: slots.filter((s) => s.current !== null).length,
    waiting: waiting.length,
    ...stats,
  };
}

/**
 * Stops the workers (at shutdown, or to recover): a document one of them was rendering fails as
 * unavailable, documents waiting start new workers.
 */
export async function stopRenderWorkers(): Promise<void> {
  await Promise.all(
    slots.map((s) => {
      s.stopped = 'the renderer was stopped';
      return s.worker.terminate();
    }),
  );
}

function dispatch(): void {
  while (waiting.length > 0) {
    let slot = slots.find((s) => s.current === null);
    if (!slot && slots.length >= RENDER_WORKERS) return;
    try {
      slot ??= startWorker();
    } catch (error) {
      for (const p of waiting.splice(0))
        p.reject(new RendererUnavailableError(`the document renderer cannot start: ${String(error)}`));
      return;
    }
    const p = waiting.shift()!;
    const request: RenderRequest = { id: p.id, job: p.job };
    try {
      slot.worker.postMessage(request);
    } catch (error) {
      // Data that cannot be copied to a thread: a bug of the caller, not of the worker.
      p.reject(error as Error);
      continue;
    }
    slot.current = p;
    const s = slot;
    s.timer = setTimeout(() => {
      s.stopped = `the document took longer than ${RENDER_TIMEOUT_MS / 1000} s`;
      void s.worker.terminate();
    }, RENDER_TIMEOUT_MS);
    s.timer.unref();
  }
}

function startWorker(): Slot {
  const worker = new Worker(new URL('../../../bin/render-worker.js', import.meta.url));
  const slot: Slot = { worker, current: null, timer: null, stopped: null };
  slots.push(slot);
  stats.workersStarted++;
  worker.on('message', (reply: RenderReply) => {
    const p = slot.current;
    if (!p || p.id !== reply.id) return;
    done(slot);
    if ('bytes' in reply) {
      stats.rendered++;
      stats.lastThreadId = reply.threadId;
      p.resolve(reply.bytes);
    } else {
      stats.failed++;
      p.reject(
        reply.domain
          ? new DomainError(reply.domain.code, reply.domain.message, reply.domain.details)
          : new Error(`rendering the document failed: ${reply.error}`),
      );
    }
    dispatch();
  });
  let why: string | null = null;
  worker.on('error', (error) => (why ??= error.message));
  worker.on('exit', (code) => {
    const i = slots.indexOf(slot);
    if (i >= 0) slots.splice(i, 1);
    const p = slot.current;
    done(slot);
    if (p) {
      stats.failed++;
      const reason = slot.stopped ?? why ?? `its worker stopped (exit code ${code})`;
      p.reject(new RendererUnavailableError(`the document renderer failed: ${reason}; retry shortly`));
    }
    dispatch();
  });
  // After the listeners: the first 'message' listener refs the worker's port again.
  worker.unref();
  return slot;
}

function done(slot: Slot): void {
  if (slot.timer) clearTimeout(slot.timer);
  slot.timer = null;
  slot.current = null;
}

/**
 * At most `most` documents rendering or waiting per caller (keyed by the caller's actor); a further
 * one is refused at once (429 with Retry-After) rather than queued. Other callers are not counted
 * against it.
 */
export class RenderLimit {
  private readonly counts = new Map<string, number>();

  constructor(
    readonly most: number,
    readonly retryAfterSeconds = 2,
  ) {}

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const n = this.counts.get(key) ?? 0;
    if (n >= this.most)
      throw new RateLimitedError(
        said('at most {n} documents render at once for each caller: wait for one to finish, then retry', {
          n: this.most,
        }),
        this.retryAfterSeconds,
      );
    this.counts.set(key, n + 1);
    try {
      return await work();
    } finally {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    }
  }

  /** Documents in flight for `key`, or for every caller. */
  inFlight(key?: string): number {
    if (key !== undefined) return this.counts.get(key) ?? 0;
    let all = 0;
    for (const n of this.counts.values()) all += n;
    return all;
  }
}

/** The API's limit on documents (PDFs) per caller, shared by every route that renders one. */
export const documentRenders = new RenderLimit(2);
