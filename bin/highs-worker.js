// A worker thread that runs HiGHS solves one at a time, so a solve that overruns its time limit can be
// stopped by ending the thread. Plain JavaScript (no loader): it starts in about 0.1 s.
// Started by src/app/planning/highs-thread.ts.
import { workerData } from 'node:worker_threads';
import loadHighs from 'highs';

const { port, flag, highs: compiled } = workerData;
const done = new Int32Array(flag);
// HiGHS compiled by the thread that started this one, when it has (its compiled code is shared).
const highs = await loadHighs(compiled ? { wasmModule: compiled } : {});
const signal = () => {
  Atomics.store(done, 0, 1);
  Atomics.notify(done, 0);
};
port.postMessage({ ready: true });
signal();
port.on('message', ({ model, options }) => {
  let reply;
  try {
    reply = { solution: highs.solve(model, { output_flag: false, ...options }) };
  } catch (error) {
    reply = { error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
  signal();
});
