import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FleetBounds } from '../../planner/fleet-bounds.js';
import type { TimedMinutes } from '../../planner/bounds.js';
import type { CompiledHighs } from '../../planner/highs.js';
import { compiledHighs } from './highs-shared.js';
import type { BoundRunner, FleetData, ThreadBounds } from '../../planner/index.js';

/** What a bound worker starts with, before it has a job: where it hears of its job and reports. */
export interface BoundWorkerSetup {
  readonly port: MessagePort;
  /**
   * Three Int32s: [0] set to 1 when the worker is done, [1] when the timed minutes were sent to it,
   * [2] when its job was.
   */
  readonly flag: SharedArrayBuffer;
  /** HiGHS as this process compiled it, if it has (see `sharedSolver`); else the worker compiles its own. */
  readonly highs: CompiledHighs | null;
}

/** A worker's job, sent once the planner has the bound's data: where to start and stop. */
export interface BoundJob {
  readonly data: FleetData;
  readonly highMin: number | null;
  readonly hintMin: number | null;
  /** `Date.now()` milliseconds (the one clock both threads share). */
  readonly deadline: number;
  /** Whether the timed minutes come after the start (`BoundThread.epochs`): vehicle days wait for them. */
  readonly epochsToCome: boolean;
}
export type BoundNews = Partial<FleetBounds> | { error: string };

/** Flags of `BoundWorkerSetup.flag`. */
export const DONE = 0;
export const EPOCHS_SENT = 1;
export const JOB_SENT = 2;

interface Spawned {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly flag: SharedArrayBuffer;
}

/** A worker started before its job (`prestartBoundWorker`), taken by the next `BoundThread.start`. */
let spare: Spawned | null = null;

function spawnWorker(): Spawned | null {
  const { port1, port2 } = new MessageChannel();
  const flag = new SharedArrayBuffer(12);
  const setup: BoundWorkerSetup = { port: port2, flag, highs: compiledHighs() };
  try {
    const worker = new Worker(new URL('../../../bin/bound-worker.js', import.meta.url), {
      workerData: setup,
      transferList: [port2],
    });
    // A worker without a job (a command that ended before it planned) holds nothing up.
    worker.unref();
    // An error thrown while the worker starts (its module failing to load) arrives as an event.
    worker.on('error', () => undefined);
    return { worker, port: port1, flag };
  } catch {
    port1.close();
    return null;
  }
}

/**
 * Starts the bound worker of the next plan now: loading its code and HiGHS (about 1 s for the
 * command, whose limit counts from the process's start) then overlaps reading the problem, and its
 * bounds get that time.
 */
export function prestartBoundWorker(): void {
  spare ??= spawnWorker();
}

/**
 * The fleet bounds computed in a worker thread, on the machine's second core, while the improvement
 * search runs on this one. `finish` waits (synchronously: the planner is synchronous) until the worker
 * is done or the time is up, takes every bound it proved, and stops it; a worker stopped in the middle
 * of a solve loses only that solve. Every figure it reports is a proof, so whatever has arrived holds.
 */
export class BoundThread {
  private readonly flags: Int32Array;
  private proven = { flowMin: 0, fleetMin: 0, daysMin: 0 };
  private error: string | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    flag: SharedArrayBuffer,
  ) {
    this.flags = new Int32Array(flag);
  }

  /**
   * Gives the job to the worker started beforehand, or to one started now; null when a worker cannot
   * be started here (the caller computes in-thread).
   */
  static start(
    data: FleetData,
    highMin: number | null,
    hintMin: number | null,
    budgetMs: number,
    epochsToCome = false,
  ): BoundThread | null {
    const spawned = spare ?? spawnWorker();
    spare = null;
    if (!spawned) return null;
    const job: BoundJob = { data, highMin, hintMin, deadline: Date.now() + budgetMs, epochsToCome };
    const thread = new BoundThread(spawned.worker, spawned.port, spawned.flag);
    spawned.port.postMessage(job);
    thread.signal(JOB_SENT);
    return thread;
  }

  /** Sends the timed minutes the worker's data left out (vehicle days wait for them). */
  epochs(epochs: readonly TimedMinutes[]): void {
    this.port.postMessage({ epochs });
    this.signal(EPOCHS_SENT);
  }

  private signal(flag: number): void {
    Atomics.store(this.flags, flag, 1);
    Atomics.notify(this.flags, flag);
  }

  /** Waits up to `waitMs` for the worker to finish, then stops it: the bounds it proved. */
  finish(waitMs: number): ThreadBounds {
    if (waitMs > 0) Atomics.wait(this.flags, DONE, 0, waitMs);
    const finished = Atomics.load(this.flags, DONE) === 1;
    this.drain();
    this.port.close();
    void this.worker.terminate();
    return this.result(finished);
  }

  private drain(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const news = m.message as BoundNews;
      if ('error' in news) this.error = news.error;
      else
        for (const key of ['flowMin', 'fleetMin', 'daysMin'] as const)
          this.proven[key] = Math.max(this.proven[key], news[key] ?? 0);
    }
  }

  private result(finished: boolean): ThreadBounds {
    return { ...this.proven, finished, error: this.error };
  }
}

/** The planner's fleet bounds on another core: what `plan` takes as `boundRunner`. */
export const boundsInThread: BoundRunner = {
  start: (data, highMin, hintMin, budgetMs, epochsToCome) =>
    BoundThread.start(data, highMin, hintMin, budgetMs, epochsToCome),
};
