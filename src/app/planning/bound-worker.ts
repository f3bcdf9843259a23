import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { TimedMinutes } from '../../planner/bounds.js';
import { proveFleetBounds } from '../../planner/fleet-bounds.js';
import { loadSolver } from '../../planner/highs.js';
import type { LpSolver } from '../../planner/lp.js';
import {
  DONE,
  EPOCHS_SENT,
  JOB_SENT,
  type BoundJob,
  type BoundNews,
  type BoundWorkerSetup,
} from './bound-thread.js';
import { compiledHighs, sharedSolver } from './highs-shared.js';
import { IsolatedSolver } from './highs-thread.js';

/**
 * Until `flags[i]` is set, looking every few milliseconds: a worker waiting so can be ended, and
 * `Atomics.waitAsync` does not keep its event loop alive (the worker would end before its job came).
 */
async function until(flags: Int32Array, i: number): Promise<void> {
  while (Atomics.load(flags, i) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

// The fleet bounds of one plan, on the second core while the search runs on the first. The worker may
// start before its plan does (`prestartBoundWorker`): it loads HiGHS, starts the thread its MIPs run
// in, and waits for its job without blocking (so that it can be ended). Each bound proven is posted at
// once: the planner takes what has arrived when its time is up.
const setup = workerData as BoundWorkerSetup | null;
if (setup) {
  const { port, flag } = setup;
  const post = (news: BoundNews) => port.postMessage(news);
  const flags = new Int32Array(flag);
  let isolated: IsolatedSolver | null = null;
  try {
    const local = await (setup.highs ? loadSolver(setup.highs) : sharedSolver());
    // Solves with a time limit (the MIPs) in a thread that can be stopped on time; LPs here.
    isolated = new IsolatedSolver(setup.highs ?? compiledHighs());
    isolated.warm();
    await until(flags, JOB_SENT);
    const job = receiveMessageOnPort(port)?.message as BoundJob | undefined;
    if (!job) throw new Error('the bound worker was told of a job and found none');
    const { data, highMin, hintMin, deadline, epochsToCome } = job;
    const mip = isolated;
    const solver: LpSolver = {
      solve: (model, options) =>
        options?.time_limit === undefined ? local.solve(model, options) : mip.solve(model, options),
      instance: (rows) => local.instance(rows),
    };
    proveFleetBounds(data, solver, {
      deadline,
      now: () => Date.now(),
      highMin: highMin ?? undefined,
      hintMin,
      mip: { mipSec: 0.6, mipMaxSec: 1.2, presolve: true },
      flowFirst: false,
      onNews: post,
      // The timed minutes, when they come after the start (the planner computes them meanwhile).
      ...(epochsToCome && {
        epochs: () => {
          Atomics.wait(flags, EPOCHS_SENT, 0, Math.max(0, deadline - Date.now()));
          const sent = receiveMessageOnPort(port)?.message as { epochs?: TimedMinutes[] } | undefined;
          return sent?.epochs ?? null;
        },
      }),
    });
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    isolated?.close();
    port.close();
    Atomics.store(flags, DONE, 1);
    Atomics.notify(flags, DONE);
  }
}
