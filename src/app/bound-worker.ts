import { workerData } from 'node:worker_threads';
import { proveFleetBounds } from '../planner/fleet-bounds.js';
import type { BoundJob, BoundNews } from './bound-thread.js';
import { IsolatedSolver } from './highs-thread.js';

// The fleet bounds of one plan, on the second core while the search runs on the first. Each bound
// proven is posted at once: the planner takes what has arrived when its time is up.
const job = workerData as BoundJob | null;
if (job) {
  const { data, highMin, hintMin, deadline, port, flag } = job;
  const post = (news: BoundNews) => port.postMessage(news);
  const solver = new IsolatedSolver();
  try {
    proveFleetBounds(data, solver, {
      deadline,
      now: () => Date.now(),
      highMin: highMin ?? undefined,
      hintMin,
      mip: { mipSec: 0.6, mipMaxSec: 1.2, presolve: true },
      flowFirst: false,
      onNews: post,
    });
  } catch (error) {
    post({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    solver.close();
    port.close();
    const done = new Int32Array(flag);
    Atomics.store(done, 0, 1);
    Atomics.notify(done, 0);
  }
}
