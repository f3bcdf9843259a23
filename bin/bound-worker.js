// A worker thread for the planner's fleet bound: tsx registers its loader here too (a worker does not
// inherit it), then the TypeScript entry computes. Started by src/app/planning/bound-thread.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/app/planning/bound-worker.ts');
