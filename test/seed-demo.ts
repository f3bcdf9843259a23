import { v7 as uuidv7 } from 'uuid';
import { createContext } from '../src/app/context.js';
import { recordChanges } from '../src/app/log/record-changes.js';
import type { EventSubmission } from '../src/contracts/events.js';
import { openStore } from '../src/store/store.js';
import { loadDemo, SYSTEM, type DemoVersion } from './fixtures.js';

/** A SQLite file holding the demo, for a server process to serve (it loads no demo into a full one). */
export async function seedDemoFile(path: string, version: DemoVersion, siteId?: string): Promise<void> {
  const store = await openStore({ sqlitePath: path, ...(siteId ? { siteId } : {}) });
  try {
    await loadDemo(createContext(store), version);
  } finally {
    await store.close();
  }
}

/** A second, empty operation in a store file (with its coordinating body), for a user of two operations. */
export async function addOperation(path: string, operationId: string, name: string): Promise<void> {
  const store = await openStore({ sqlitePath: path });
  try {
    const event = (type: EventSubmission['type'], payload: unknown) =>
      ({ id: uuidv7(), type, schemaVersion: 1, payload }) as EventSubmission;
    await recordChanges(
      createContext(store),
      operationId,
      { ...SYSTEM, operationId },
      [
        event('OperationCreated', { name, description: 'a second operation', timezone: 'Asia/Damascus' }),
        event('OrganisationRegistered', {
          organisationId: uuidv7(),
          code: 'CELL',
          name: 'Coordination cell',
          role: 'coordinating-body',
        }),
      ],
      { mode: 'live' },
    );
  } finally {
    await store.close();
  }
}
