import { afterAll, beforeAll } from 'vitest';
import { appendEvents } from '../src/app/append-events.js';
import { createToken } from '../src/app/tokens.js';
import { createApi } from '../src/api/app.js';
import type { Role } from '../src/contracts/common.js';
import { countEvents } from '../src/store/event-log.js';
import { SYSTEM } from './fixtures.js';
import { freshStore, type TestStore } from './stores.js';
import type { SqlDialect } from '../src/store/dialect.js';

/**
 * An operation set up by the system on a fresh store of `dialect`, the API in-process, and a token per
 * role; `call` sends JSON as that role and parses the answer. Registers its own beforeAll / afterAll,
 * so call it inside a describe.
 */
export function apiOperation(
  dialect: SqlDialect,
  operationId: string,
  setup: () => readonly unknown[],
  roles: readonly Role[],
) {
  const h = {
    t: undefined as unknown as TestStore,
    async call(method: string, path: string, role: Role, body?: unknown) {
      const res = await api.request(path, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[role]}` },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, any>) : undefined };
    },
    events: () => countEvents(h.t.store.db, operationId),
  };
  let api: ReturnType<typeof createApi>;
  const tokens: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    h.t = await freshStore(dialect);
    await appendEvents(h.t.ctx, operationId, SYSTEM, setup());
    api = createApi(h.t.ctx);
    for (const role of roles) tokens[role] = (await createToken(h.t.ctx, { operationId, role })).token;
  });
  afterAll(() => h.t.cleanup());
  return h;
}
