import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll } from 'vitest';
import { recordChanges } from '../src/app/log/record-changes.js';
import { createToken } from '../src/app/access/tokens.js';
import { createApi } from '../src/api/app.js';
import type { Role } from '../src/contracts/common.js';
import { PROJECTION_TABLES } from '../src/domain/projection.js';
import { countEvents } from '../src/store/event-log.js';
import { dumpTable } from '../src/store/queries.js';
import { SYSTEM } from './fixtures.js';
import { freshStore, type TestStore } from './stores.js';
import type { SqlDialect } from '../src/store/dialect.js';
import { checkedApi } from './api-contract.js';

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
    /** A GET whose answer is not JSON (a document): its status, type, bytes and text. */
    async fetch(path: string, role: Role) {
      const res = await api.request(path, { headers: { authorization: `Bearer ${tokens[role]}` } });
      const bytes = new Uint8Array(await res.arrayBuffer());
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        bytes,
        text: new TextDecoder().decode(bytes),
      };
    },
    events: () => countEvents(h.t.store.db, operationId),
    /** Every projection table, row for row (to compare before and after a rebuild). */
    async snapshot() {
      const out: Record<string, unknown[]> = {};
      for (const table of PROJECTION_TABLES) out[table] = await dumpTable(h.t.store.db, table);
      return out;
    },
  };
  let api: ReturnType<typeof createApi>;
  const tokens: Partial<Record<Role, string>> = {};
  beforeAll(async () => {
    h.t = await freshStore(dialect);
    await recordChanges(h.t.ctx, operationId, SYSTEM, setup(), { mode: 'replay' });
    api = checkedApi(createApi(h.t.ctx));
    for (const role of roles) tokens[role] = (await createToken(h.t.ctx, { operationId, role })).token;
  });
  afterAll(() => h.t.cleanup());
  return h;
}

export const point = (lon: number, lat: number) => ({ type: 'Point', coordinates: [lon, lat] });

/**
 * A small operation: a coordinating body CELL, one planned corridor COR-1 running 3 km east along
 * latitude 36 (vertices every 0.01 degrees) to a reception point RP-1 (1,000 places) at its end, then
 * whatever `more` adds (given the event maker and CELL's id). Submitted an hour ago.
 */
export function eastRoadOperation(
  name: string,
  more: (event: (type: string, payload: Record<string, unknown>) => unknown, cell: string) => unknown[],
): unknown[] {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const event = (type: string, payload: Record<string, unknown>) => ({
    id: uuidv7(),
    type,
    occurredAt: at,
    payload,
  });
  const cell = uuidv7();
  return [
    event('OperationCreated', { name, description: '', timezone: 'UTC' }),
    event('OrganisationRegistered', {
      organisationId: cell,
      code: 'CELL',
      name: 'Cell',
      role: 'coordinating-body',
    }),
    event('CorridorDeclared', {
      corridorId: uuidv7(),
      code: 'COR-1',
      name: 'East road',
      route: {
        type: 'LineString',
        coordinates: [
          [37.0, 36.0],
          [37.01, 36.0],
          [37.02, 36.0],
          [37.03, 36.0],
        ],
      },
    }),
    event('ReceptionPointEstablished', {
      receptionPointId: uuidv7(),
      code: 'RP-1',
      name: 'Hall',
      location: point(37.03, 36.0),
      capacity: 1000,
    }),
    ...more(event, cell),
  ];
}
