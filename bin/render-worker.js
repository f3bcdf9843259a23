// A worker thread for the document renderer (PDFs): tsx registers its loader here too (a worker does not
// inherit it), then the TypeScript entry takes the messages. Started by src/app/reports/render-pool.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/app/reports/render-worker.ts');
