import { Worker } from 'node:worker_threads';
import type { Plan, ResolvedProblem } from '../../contracts/planning/plan.js';
import { PlanningError } from '../../planner/index.js';
import type { PlanJob, PlanReply } from './plan-worker.js';

/**
 * Plans run in a worker thread, so a plan of several seconds does not hold up the server: checkpoint
 * counts, live streams and other requests go on while it runs. One worker, started on the first plan,
 * takes the plans one after the other and keeps HiGHS loaded; it does not keep the process alive. If it
 * dies, the plans waiting on it fail and the next plan starts a new one.
 */
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (p: Plan) => void; reject: (e: Error) => void }>();

function start(): Worker {
  const w = new Worker(new URL('../../../bin/plan-worker.js', import.meta.url));
  w.unref();
  w.on('message', (reply: PlanReply) => {
    const job = waiting.get(reply.id);
    if (!job) return;
    waiting.delete(reply.id);
    if ('plan' in reply) job.resolve(reply.plan);
    else if ('planningError' in reply) job.reject(new PlanningError(reply.planningError));
    else job.reject(new Error(`the planner failed: ${reply.error}`));
  });
  const fail = (error: Error) => {
    if (worker === w) worker = null;
    for (const job of waiting.values()) job.reject(error);
    waiting.clear();
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`the planner's worker stopped (exit code ${code})`)));
  return w;
}

export function planInWorker(problem: ResolvedProblem, options: PlanJob['options']): Promise<Plan> {
  worker ??= start();
  const id = nextId++;
  const job: PlanJob = { id, problem, options };
  return new Promise<Plan>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    worker!.postMessage(job);
  });
}
