import { canonicalJson } from '../../domain/canonical-json.js';
import { InvalidInputError, said } from '../../domain/errors.js';
import type { Position } from '../../domain/geo.js';
import type { HazardDraft } from '../../domain/safe-passage/hazard-import.js';
import {
  blockedSegments,
  hazardIsActive,
  type AreaLike,
  type BlockedSegment,
} from '../../domain/safe-passage/hazards.js';
import { allRows } from '../../store/queries.js';
import type { AppContext } from '../context.js';
import { contentEventId, derivedId } from '../log/idempotency.js';
import { recordChanges, type Change } from '../log/record-changes.js';
import { authoriseWrite, type Caller } from '../access/permissions.js';
import { createResource, getRecord, listResource, type Resource } from '../records/resources.js';

/** The suspected and confirmed hazards of an operation, by code. */
export async function activeHazards(
  ctx: AppContext,
  operationId: string,
): Promise<{ hazardId: string; code: string; status: string; area: AreaLike }[]> {
  const rows = await allRows(ctx.store.db, ctx.store.dialect, 'hazards', operationId);
  return rows
    .filter((r) => hazardIsActive(r.status))
    .map((r) => ({
      hazardId: r.id,
      code: r.code,
      status: r.status,
      area: JSON.parse(r.area) as AreaLike,
    }));
}

/** The suspected and confirmed hazards a route crosses, each once, by code. */
export async function hazardsOnRoute(
  ctx: AppContext,
  operationId: string,
  route: readonly Position[],
): Promise<{ code: string; status: string }[]> {
  const seen = new Map<string, string>();
  for (const b of blockedSegments(route, await activeHazards(ctx, operationId))) seen.set(b.code, b.status);
  return [...seen].map(([code, status]) => ({ code, status })).sort((a, b) => a.code.localeCompare(b.code));
}

/** `GET .../corridors/{ref}/blocking`: the segments of the corridor's route that hazards block. */
export async function corridorBlocking(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
): Promise<{ corridorId: string; code: string; items: BlockedSegment[] }> {
  const corridor = await getRecord(ctx, caller, operationId, 'corridors', ref);
  const route = (JSON.parse(corridor.route) as { coordinates: Position[] }).coordinates;
  return {
    corridorId: corridor.id,
    code: corridor.code,
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
  const hazard = await getRecord(ctx, caller, operationId, 'hazards', ref);
  if ('hazard' in query) throw new InvalidInputError(said('the path names the hazard; leave out `hazard`'));
  return listResource(ctx, caller, operationId, 'clearance-tasks', { ...query, hazard: hazard.id });
}

/** `POST .../hazards/{ref}/clearance-tasks`: a ClearanceTaskStarted for the hazard the path names. */
export async function startHazardTask(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
): Promise<Resource> {
  const hazard = await getRecord(ctx, caller, operationId, 'hazards', ref);
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new InvalidInputError(said('invalid body: a JSON object is expected'));
  if ('hazardId' in input) throw new InvalidInputError(said('the path names the hazard; leave out hazardId'));
  return createResource(ctx, caller, operationId, 'clearance-tasks', { ...input, hazardId: hazard.id });
}

/**
 * Record imported hazards (see hazardsFromGeoJson) in one live change, all or none, with the next free
 * codes: a hazard across an open corridor raises its alert as one reported by hand does. Each hazard's
 * event id is made from the operation and what the hazard is (its type, area and source), not from
 * where the file listed it: importing the same file again, renamed, or with features added, records
 * only what is new, and a feature listed twice is one hazard. Returns the codes of those recorded now.
 */
export async function recordHazards(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  drafts: readonly HazardDraft[],
): Promise<{ appended: number; duplicates: number; codes: string[] }> {
  authoriseWrite(caller, operationId, 'HazardReported');
  if (drafts.length === 0) return { appended: 0, duplicates: 0, codes: [] };
  const changes: Change[] = drafts.map((d) => {
    const id = contentEventId(`hazard-import:${operationId}:${canonicalJson({ ...d, evidence: null })}`);
    const payload = { ...d, hazardId: derivedId(id) };
    return { id, type: 'HazardReported', payload, allocateCode: 'hazards', notCompared: ['evidence'] };
  });
  const outcome = await recordChanges(ctx, operationId, caller, changes, { mode: 'live', label: 'hazards' });
  const codes = outcome.events
    .filter((_, i) => outcome.outcomes[i] === 'appended')
    .map((e) => (e.payload as { code: string }).code);
  return { appended: outcome.appended, duplicates: outcome.duplicates, codes };
}
