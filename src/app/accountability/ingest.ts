import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { EventSubmission } from '../../contracts/events.js';
import {
  IngestBatch,
  Observation,
  OPENDATACAM_VEHICLE_CLASSES,
  OpenDataCamBatch,
} from '../../contracts/accountability/ingest.js';
import { ForbiddenError, InvalidInputError, RuleViolatedError, said } from '../../domain/errors.js';
import type { ResourceName } from '../../contracts/resources.js';
import type { AppContext } from '../context.js';
import { recordChanges, type RecordOutcome } from '../log/record-changes.js';
import { authoriseRead, type Caller } from '../access/permissions.js';
import { parseInput, resolveRef } from '../records/resources.js';
import { problemsOf, summary } from '../problems.js';

export interface IngestOutcome {
  appended: number;
  duplicates: number;
  /** Per observation: its event id and whether it was appended now or had been already. */
  observations: { id: string; outcome: RecordOutcome['outcomes'][number] }[];
}

function requireDevice(caller: Caller): NonNullable<Caller['device']> {
  if (caller.role !== 'device' || !caller.device)
    throw new ForbiddenError(
      said('the ingest endpoint takes device tokens (corridor token create --role device)'),
    );
  return caller.device;
}

/** A batch of observations from one device, as passages of its kind, all or nothing. */
export async function ingestObservations(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
): Promise<IngestOutcome> {
  const device = requireDevice(caller);
  authoriseRead(caller, operationId);
  const batch = parseInput(IngestBatch, input);
  const observations = batch.observations.map((o, index) => {
    const result = Observation.safeParse(o);
    if (!result.success) {
      const problems = problemsOf(result.error, `observations[${index}]`);
      throw new InvalidInputError(
        said('invalid observation {index}: {problems}', { index, problems: summary(problems) }),
        { problems, index },
      );
    }
    return result.data;
  });
  const refs = new RefCache(ctx, operationId);
  const submissions: EventSubmission[] = [];
  for (const [index, o] of observations.entries()) {
    const at = `observations[${index}]`;
    submissions.push({
      id: o.id,
      type: 'PassageRecorded',
      schemaVersion: 1,
      occurredAt: o.at,
      payload: {
        passageId: o.id,
        ...(o.checkpoint
          ? { checkpointId: await refs.id('checkpoints', o.checkpoint, `${at}.checkpoint`) }
          : {}),
        ...(o.receptionPoint
          ? { receptionPointId: await refs.id('reception-points', o.receptionPoint, `${at}.receptionPoint`) }
          : {}),
        ...(o.location ? { location: { type: 'Point', coordinates: o.location } } : {}),
        ...(o.convoy ? { convoyId: await refs.id('convoys', o.convoy, `${at}.convoy`) } : {}),
        source: device.kind,
        scope: 'convoy',
        ...(o.plates ? { plates: o.plates } : {}),
        ...(o.vehicles !== undefined ? { vehicles: o.vehicles } : {}),
        ...(o.people ? { people: o.people } : {}),
        ...(o.peopleTotal !== undefined ? { peopleTotal: o.peopleTotal } : {}),
        ...(o.errorPct !== undefined ? { errorPct: o.errorPct } : {}),
        deviceId: device.id,
        ...(o.note ? { note: o.note } : {}),
      },
    });
  }
  const outcome = await recordChanges(ctx, operationId, caller, submissions, {
    mode: 'live',
    label: 'observations',
  });
  return {
    appended: outcome.appended,
    duplicates: outcome.duplicates,
    observations: submissions.map((s, i) => ({ id: s.id, outcome: outcome.outcomes[i]! })),
  };
}

/**
 * One OpenDataCam counter export, posted by a camera's token once a convoy has passed its line, as one
 * camera observation. Its id is made from the device and the crossings it counts, so posting the same
 * export again adds nothing.
 */
export async function ingestOpenDataCam(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  input: unknown,
): Promise<IngestOutcome> {
  const device = requireDevice(caller);
  if (device.kind !== 'camera') throw new ForbiddenError(said('OpenDataCam counts come from camera tokens'));
  const body = parseInput(OpenDataCamBatch, input);
  const items = body.counterHistory
    .flat()
    .filter(
      (i) =>
        (body.area === undefined || i.area === body.area) &&
        (body.direction === undefined || i.countingDirection === body.direction),
    )
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp));
  if (items.length === 0)
    throw new RuleViolatedError(said('the export has no crossings of that line (and direction)'), {
      field: 'counterHistory',
    });
  const people = items.filter((i) => i.name === 'person').length;
  const vehicles = items.filter((i) => OPENDATACAM_VEHICLE_CLASSES.includes(i.name)).length;
  const key = `${device.id}:${items.map((i) => `${i.area}/${String(i.id)}`).join(',')}`;
  const random = createHash('sha256').update(key).digest().subarray(0, 16);
  const id = uuidv7({ msecs: Date.parse(items[0]!.timestamp), random: Uint8Array.from(random) });
  return ingestObservations(ctx, caller, operationId, {
    observations: [
      {
        id,
        at: items.at(-1)!.timestamp,
        checkpoint: body.checkpoint,
        ...(body.convoy ? { convoy: body.convoy } : {}),
        peopleTotal: people,
        vehicles,
        ...(body.errorPct !== undefined ? { errorPct: body.errorPct } : {}),
        note: `OpenDataCam: ${items.length} crossings from ${items[0]!.timestamp} to ${items.at(-1)!.timestamp}`,
      },
    ],
  });
}

/** Codes and UUIDs of an operation's records, looked up once per batch. */
class RefCache {
  private readonly known = new Map<string, Promise<string>>();
  constructor(
    private readonly ctx: AppContext,
    private readonly operationId: string,
  ) {}

  id(name: ResourceName, ref: string, field: string): Promise<string> {
    const key = `${name}:${ref}`;
    let id = this.known.get(key);
    if (!id) {
      id = resolveRef(this.ctx, this.operationId, name, ref, field);
      this.known.set(key, id);
    }
    return id;
  }
}
