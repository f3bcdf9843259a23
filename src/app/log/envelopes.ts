import { z } from 'zod';
import { Timestamp } from '../../contracts/common.js';
import { EventEnvelope } from '../../contracts/events.js';
import { CODE_FORMATS, type CodedTable } from '../../domain/codes.js';
import {
  DomainError,
  ForbiddenError,
  GatesUnmetError,
  InvalidInputError,
  said,
} from '../../domain/errors.js';
import { HEADQUARTERS_ONLY } from '../sync/conflicts.js';
import { problemsOf, summary, type Problem } from '../problems.js';

/**
 * The envelope of a change as a writer hands it over. A client's (`POST .../events`) is the whole
 * event envelope; the server's own writers may leave the time out, ask for what the server fills in
 * under the write lock (a code), say what it filled in from the state of the time, and carry a
 * subject's wrapped key.
 */
const CODED_TABLES = Object.keys(CODE_FORMATS) as [CodedTable, ...CodedTable[]];
export const ServerEnvelope = EventEnvelope.extend({
  occurredAt: Timestamp.optional(),
  allocateCode: z.enum(CODED_TABLES).optional(),
  notCompared: z.array(z.string()).optional(),
  personKey: z
    .strictObject({ id: z.string(), operation_id: z.string(), wrapped: z.string(), created_at: z.string() })
    .optional(),
});
export type Envelope = z.output<typeof ServerEnvelope>;

/** Parse a batch of envelopes, or refuse it whole, naming every problem. */
export function parseEnvelopes(
  input: readonly unknown[],
  options: { fromClient?: boolean | undefined; label?: string | undefined },
): Envelope[] {
  const schema = options.fromClient ? EventEnvelope : ServerEnvelope;
  const label = options.label ?? 'events';
  const problems: Problem[] = [];
  const out: Envelope[] = [];
  input.forEach((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else problems.push(...problemsOf(parsed.error, `${label}[${i}]`));
  });
  if (problems.length > 0) throw invalid(problems);
  return out;
}

export function invalid(problems: Problem[]): InvalidInputError {
  return new InvalidInputError(
    said('{n} problem(s) in the submitted events: {problems}', {
      n: problems.length,
      problems: summary(problems),
    }),
    { problems },
  );
}

/**
 * A change made here is this node's: its site and the next number of its chain are given here, never
 * by the sender. Another site's events come by replication or import (`replay`), numbered where they
 * were made, with both their site and their number.
 */
export function checkOrigin(
  e: Envelope,
  index: number,
  mode: 'live' | 'replay',
  siteId: string,
  root: boolean,
): void {
  if (mode === 'live' && !root && HEADQUARTERS_ONLY.has(e.type))
    throw new ForbiddenError(
      said('event {index}: {type} is recorded at headquarters only', { index, type: e.type }),
      { index },
    );
  if (mode === 'live' && (e.originSite !== undefined || e.originSeq !== undefined))
    throw new InvalidInputError(
      said(
        "event {index}: originSite and originSeq are given by the node that records the event (here {site}); another site's events reach it by replication",
        { index, site: siteId },
      ),
      { index, field: e.originSite !== undefined ? 'originSite' : 'originSeq' },
    );
  if (mode === 'replay' && (e.originSite === undefined) !== (e.originSeq === undefined))
    throw new InvalidInputError(said('event {index}: originSite and originSeq come together', { index }), {
      index,
      field: e.originSite === undefined ? 'originSite' : 'originSeq',
    });
}

/** A refusal of one event of those sent: which, in its details, and said first where a list was sent. */
export function atIndex(
  error: DomainError,
  { index, submission: s }: { index: number; submission: { id: string; type: string } },
  named: boolean,
): DomainError {
  const details = { ...(isRecord(error.details) ? error.details : {}), index, eventId: s.id, type: s.type };
  const reason = error.said ?? error.message;
  const message = named ? said('event {index} ({type}): {reason}', { index, type: s.type, reason }) : reason;
  if (error instanceof GatesUnmetError)
    return new GatesUnmetError(message, error.unmet, details, error.conditions);
  return new DomainError(error.code, message, details);
}

/** A JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
