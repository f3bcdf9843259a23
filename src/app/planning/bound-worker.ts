import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { TimedMinutes } from '../../planner/bounds.js';
import { proveFleetBounds } from '../../planner/fleet-bounds.js';
import { loadSolver } from '../../planner/highs.js';
import type { LpSolver } from '../../planner/lp.js';
import type { BoundJob, BoundNews } from './bound-thread.js';
import { IsolatedSolver } from './highs-thread.js';

// The fleet bounds of one plan, on the second core while the search runs on the first. Each bound
// proven is posted at once: the planner takes what has arrived when its time is up.
const job = workerData as BoundJob | null;
if (job) {
  const { data, highMin, hintMin, deadline, epochsToCome, highs, port, flag } = job;
  const post = (news: BoundNews) => port.postMessage(news);
  const flags = new Int32Array(flag);
  const isolated = new IsolatedSolver(highs);
  try {
    // Solves with a time limit (the MIPs) in a thread that can be stopped on time; LPs here.
    const local = await loadSolver(highs ?? undefined);
    const solver: LpSolver = {
      solve: (model, options) =>
        options?.time_limit === undefined ? local.solve(model, options) : isolated.solve(model, options),
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
      // The timed minutes, when they come after the start (the planner computes them meanwhile; flag 1
      // says they were sent).
      ...(epochsToCome && {
        epochs: () => {
          Atomics.wait(flags, 1, 0, Math.max(0, deadline - Date.now()));
          const sent = receiveMessageOnPort(port)?.message as { epochs?: TimedMinutes[] } | undefined;
          return sent?.epochs ?? null;
        },
      }),
    });
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    isolated.close();
    port.close();
    Atomics.store(flags, 0, 1);
    Atomics.notify(flags, 0);
  }
}
