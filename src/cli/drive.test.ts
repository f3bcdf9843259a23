import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDemoSimulation } from '../app/accountability/simulation.js';
import { createToken } from '../app/access/tokens.js';
import { startServer, type RunningServer } from '../api/server.js';
import { demo } from '../../test/fixtures.js';
import { freshStore, type TestStore } from '../../test/stores.js';
import { driveServer } from './drive.js';

describe('driving a server with the simulator', () => {
  let t: TestStore;
  let server: RunningServer;
  let token: string;
  beforeAll(async () => {
    t = await freshStore('sqlite');
    const op = await ensureDemoSimulation(t.ctx, demo(), 60);
    token = (await createToken(t.ctx, { operationId: op, role: 'coordinator' })).token;
    server = await startServer(t.ctx, { port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await t.cleanup();
  });

  it('starts a new run after one was cut short, leaving out the vehicles still on its convoys', async () => {
    const options = {
      target: server.url,
      token,
      seed: 1,
      faults: 0,
      people: 3000,
      speed: 500,
      log: () => {},
    };
    const stop = new AbortController();
    const first = driveServer({ ...options, signal: stop.signal });
    setTimeout(() => stop.abort(), 1500);
    await first;
    const unfinished = await t.store.db
      .selectFrom('convoys')
      .select('id')
      .where('status', '!=', 'arrived')
      .execute();
    expect(unfinished.length).toBeGreaterThan(0);
    const second = await driveServer({ ...options, seed: 2, speed: 100_000 });
    expect(second.convoys).toBeGreaterThan(0);
    expect(second.posted).toBeGreaterThan(0);
  });
});
