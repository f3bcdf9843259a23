import { workerData } from 'node:worker_threads';
import { fleetWorkloadBound } from '../planner/bounds.js';
import { flowWorkloadBound } from '../planner/flow-bound.js';
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
    const now = () => Date.now();
    const fleetMin = fleetWorkloadBound(
      data,
      solver,
      highMin ?? undefined,
      { deadline, now, mipSec: 0.6, mipMaxSec: 1.2, presolve: true },
      hintMin,
      (m) => post({ fleetMin: m }),
    );
    post({ fleetMin });
    // The flow LP (about 0.5 s on the large instance) is rarely the higher one: it gets what time is left.
    post({ flowMin: flowWorkloadBound(data, solver) });
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
