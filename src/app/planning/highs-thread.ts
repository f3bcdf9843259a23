import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { CompiledHighs } from '../../planner/highs.js';
import type { LpSolution, LpSolver } from '../../planner/lp.js';

const TIMED_OUT: LpSolution = { Status: 'Time limit reached', ObjectiveValue: Number.NaN, Columns: {} };

/**
 * HiGHS in a thread of its own, for callers that must stop on time: HiGHS keeps to its `time_limit`
 * only between phases (on the large instance some MIP solves ran 12 s on a limit of 0.6 s), so a solve
 * still running `graceMs` after its limit is stopped by ending the thread, and reported as timed out.
 * The next solve starts a new thread (its start is not counted against the solve). Solves are
 * synchronous for the caller (it waits on a shared flag): meant for a worker thread, where blocking
 * holds up nobody. (LPs kept between solves, `LpSolver.instance`, stay with the caller: their solves
 * are short.)
 */
export class IsolatedSolver implements Pick<LpSolver, 'solve'> {
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  private done = new Int32Array(new SharedArrayBuffer(4));
  /** Solves stopped by ending the thread. */
  stopped = 0;

  constructor(
    /** HiGHS compiled already (see `sharedSolver`), for the threads to start from. */
    private readonly highs: CompiledHighs | null = null,
    private readonly graceMs = 300,
    /** How long a new thread may take to load HiGHS (not counted against any solve). */
    private readonly startMs = 30_000,
  ) {}

  solve(model: string, options: Readonly<Record<string, string | number | boolean>> = {}): LpSolution {
    if (!this.worker) this.start();
    Atomics.store(this.done, 0, 0);
    this.port!.postMessage({ model, options });
    const limitSec = typeof options.time_limit === 'number' ? options.time_limit : 3600;
    if (Atomics.wait(this.done, 0, 0, limitSec * 1000 + this.graceMs) === 'timed-out') {
      this.stopped++;
      this.close();
      return TIMED_OUT;
    }
    const reply = receiveMessageOnPort(this.port!)?.message as
      { solution: LpSolution } | { error: string } | undefined;
    if (!reply) throw new Error('HiGHS thread finished without a reply');
    if ('error' in reply) throw new Error(`HiGHS: ${reply.error}`);
    return reply.solution;
  }

  /** Starts the thread now rather than at the first solve (it loads HiGHS meanwhile). */
  warm(): void {
    if (!this.worker) this.start();
  }

  close(): void {
    this.port?.close();
    void this.worker?.terminate();
    this.worker = null;
    this.port = null;
  }

  /** Starts a thread and waits until it has loaded HiGHS. */
  private start(): void {
    const { port1, port2 } = new MessageChannel();
    this.done = new Int32Array(new SharedArrayBuffer(4));
    this.worker = new Worker(new URL('../../../bin/highs-worker.js', import.meta.url), {
      workerData: { port: port2, flag: this.done.buffer, highs: this.highs },
      transferList: [port2],
    });
    this.worker.unref();
    this.worker.on('error', () => undefined);
    this.port = port1;
    const ready =
      Atomics.wait(this.done, 0, 0, this.startMs) !== 'timed-out' &&
      receiveMessageOnPort(port1) !== undefined;
    if (!ready) {
      this.close();
      throw new Error(`HiGHS thread did not start within ${this.startMs} ms`);
    }
  }
}
