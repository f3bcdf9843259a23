import { v7 as uuidv7 } from 'uuid';
import { SCENARIOS } from '../scenarios/index.js';
import { aleppo2016Events } from '../scenarios/aleppo-2016/scenario.js';
import { recordChanges, type RecordMode } from '../src/app/log/record-changes.js';
import type { AppContext } from '../src/app/context.js';
import { loadScenarioEvents } from '../src/app/records/load-scenario.js';
import type { Caller } from '../src/app/access/permissions.js';
import { createToken } from '../src/app/access/tokens.js';
import type { Role } from '../src/contracts/common.js';
import type { EventSubmission } from '../src/contracts/events.js';
import { findRow } from '../src/store/queries.js';

export const DEMO = 'aleppo-2016';
export const SYSTEM: Caller = {
  actor: 'system:test',
  role: 'system',
  organisationId: null,
  operationId: null,
};

/**
 * The demo as the tests of live work use it: as it stood on 16 December 2016, without the end of its
 * historical record, so that COR-7 is open, CVY-0002 on the road and CVY-0003 boarding. The demo that
 * ships (`shippedDemo`, with its ending: every convoy arrived and COR-7 closed) is what `npm start`
 * loads; the scenario's own tests read it.
 */
export type DemoVersion = 'in-progress' | 'shipped';
const demoEvents = new Map<DemoVersion, EventSubmission[]>();
export function demo(version: DemoVersion = 'in-progress'): EventSubmission[] {
  let events = demoEvents.get(version);
  if (!events) {
    events = version === 'shipped' ? SCENARIOS[DEMO]!.events() : aleppo2016Events({ ending: false });
    demoEvents.set(version, events);
  }
  return events;
}

export async function loadDemo(ctx: AppContext, version: DemoVersion = 'in-progress'): Promise<void> {
  await loadScenarioEvents(ctx, DEMO, demo(version));
}

export async function tokenFor(ctx: AppContext, role: Role, organisation?: string): Promise<string> {
  const created = await createToken(ctx, {
    operationId: DEMO,
    role,
    ...(organisation ? { organisation } : {}),
  });
  return created.token;
}

/** The UUID of a demo record by its code. */
export async function idOf(
  ctx: AppContext,
  table: Parameters<typeof findRow>[1],
  code: string,
): Promise<string> {
  const row = await findRow(ctx.store.db, table, DEMO, code, false);
  if (!row) throw new Error(`no ${table} ${code}`);
  return row.id;
}

/** A convoy planned on a corridor with these vehicles (ids), under a code given by the caller. */
export function convoyPlanned(code: string, corridorId: string, vehicleIds: string[]): EventSubmission {
  return {
    id: uuidv7(),
    type: 'ConvoyPlanned',
    schemaVersion: 1,
    occurredAt: new Date().toISOString(),
    payload: { convoyId: uuidv7(), code, corridorId, vehicleIds },
  };
}

/** A passage event at a checkpoint, with a fresh id, as a field post would submit it. */
export function passage(
  checkpointId: string,
  people: Partial<Record<'men' | 'women' | 'boys' | 'girls' | 'elderlyMen' | 'elderlyWomen', number>>,
  extra: { convoyId?: string; occurredAt?: string; id?: string } = {},
): EventSubmission {
  return {
    id: extra.id ?? uuidv7(),
    type: 'PassageRecorded',
    schemaVersion: 1,
    occurredAt: extra.occurredAt ?? new Date().toISOString(),
    payload: {
      passageId: uuidv7(),
      checkpointId,
      ...(extra.convoyId ? { convoyId: extra.convoyId } : {}),
      source: 'enumerator',
      scope: 'convoy',
      people: { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0, ...people },
    },
  };
}

/**
 * Record events in the demo operation. What the test sets up as the system is history (`replay`: no
 * alerts derived, the state it was recorded in); what a test's own callers record is `live`.
 */
export async function append(
  ctx: AppContext,
  events: EventSubmission[],
  caller: Caller = SYSTEM,
  mode: RecordMode = caller === SYSTEM ? 'replay' : 'live',
) {
  return recordChanges(ctx, DEMO, caller, events, { mode });
}
