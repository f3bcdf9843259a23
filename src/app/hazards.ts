import { v7 as uuidv7 } from 'uuid';
import type { EventSubmission } from '../contracts/events.js';
import { formatCode, nextCode } from '../domain/codes.js';
import { InvalidInputError } from '../domain/errors.js';
import type { Position } from '../domain/geo.js';
import type { HazardDraft } from '../domain/hazard-import.js';
import { blockedSegments, hazardIsActive, type AreaLike, type BlockedSegment } from '../domain/hazards.js';
import { allRows, codesOf } from '../store/queries.js';
import { appendEvents } from './append-events.js';
import type { AppContext } from './context.js';
import { authoriseWrite, type Caller } from './permissions.js';
import { createResource, getResource, listResource, type Resource } from './resources.js';

/** The suspected and confirmed hazards of an operation, by code. */
export async function activeHazards(
  ctx: AppContext,
  operationId: string,
): Promise<{ hazardId: string; code: string; status: string; area: AreaLike }[]> {
  const rows = await allRows(ctx.store.db, ctx.store.dialect, 'hazards', operationId);
  return rows
    .filter((r) => hazardIsActive(String(r.status)))
    .map((r) => ({
      hazardId: String(r.id),
      code: String(r.code),
      status: String(r.status),
      area: JSON.parse(String(r.area)) as AreaLike,
    }));
}

/** `GET .../corridors/{ref}/blocking`: the segments of the corridor's route that hazards block. */
export async function corridorBlocking(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
): Promise<{ corridorId: string; code: string; items: BlockedSegment[] }> {
  const corridor = await getResource(ctx, caller, operationId, 'corridors', ref);
  const route = (corridor.route as { coordinates: Position[] }).coordinates;
  return {
    corridorId: String(corridor.id),
    code: String(corridor.code),
    items: blockedSegments(route, await activeHazards(ctx, operationId)),
  };
}

/** `GET .../hazards/{ref}/clearance-tasks`: an unknown hazard is a 404. */
export async function listHazardTasks(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  query: Record<string, string>,
) {
  const hazard = await getResource(ctx, caller, operationId, 'hazards', ref);
  if ('hazard' in query) throw new InvalidInputError('the path names the hazard; leave out `hazard`');
  return listResource(ctx, caller, operationId, 'clearance-tasks', { ...query, hazard: String(hazard.id) });
}

/** `POST .../hazards/{ref}/clearance-tasks`: a ClearanceTaskStarted for the hazard the path names. */
export async function startHazardTask(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
): Promise<Resource> {
  const hazard = await getResource(ctx, caller, operationId, 'hazards', ref);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new InvalidInputError('invalid body: a JSON object is expected');
  if ('hazardId' in input) throw new InvalidInputError('the path names the hazard; leave out hazardId');
  return createResource(ctx, caller, operationId, 'clearance-tasks', { ...input, hazardId: hazard.id });
}

/**
 * Record imported hazards (see hazardsFromGeoJson) in one append, all or none, with the next free
 * codes. Returns the codes given.
 */
export async function recordHazards(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  drafts: readonly HazardDraft[],
): Promise<{ appended: number; first?: string; last?: string }> {
  authoriseWrite(caller, operationId, 'HazardReported');
  if (drafts.length === 0) return { appended: 0 };
  const first = nextCode('hazards', await codesOf(ctx.store.db, 'hazards', operationId));
  const n = Number(first.slice(first.lastIndexOf('-') + 1));
  const occurredAt = ctx.now().toISOString();
  const events = drafts.map(
    (d, i) =>
      ({
        id: uuidv7(),
        type: 'HazardReported',
        schemaVersion: 1,
        occurredAt,
        payload: { ...d, hazardId: uuidv7(), code: formatCode('hazards', n + i) },
      }) as EventSubmission,
  );
  const outcome = await appendEvents(ctx, operationId, caller, events);
  return {
    appended: outcome.appended,
    first: formatCode('hazards', n),
    last: formatCode('hazards', n + drafts.length - 1),
  };
}
