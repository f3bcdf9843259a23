import { createContext } from '../src/app/context.js';
import { openStore } from '../src/store/store.js';
import { loadDemo, type DemoVersion } from './fixtures.js';

/** A SQLite file holding the demo, for a server process to serve (it loads no demo into a full one). */
export async function seedDemoFile(path: string, version: DemoVersion, siteId?: string): Promise<void> {
  const store = await openStore({ sqlitePath: path, ...(siteId ? { siteId } : {}) });
  try {
    await loadDemo(createContext(store), version);
  } finally {
    await store.close();
  }
}
