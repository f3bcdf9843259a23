// A worker thread for the planner: tsx registers its loader here too (a worker does not inherit it),
// then the TypeScript entry takes the messages. Started by src/app/planning/plan-runner.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/app/planning/plan-worker.ts');
