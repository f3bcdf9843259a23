import { v7 as uuidv7 } from 'uuid';
import { codeFitsSite } from '../../domain/codes.js';
import { InvalidInputError, said } from '../../domain/errors.js';
import type { DerivedEvent } from '../../domain/accountability/engine.js';
import type { Conflict } from '../log/record-types.js';
import type { TxView } from '../log/tx-view.js';

/**
 * What only headquarters (the root of the tree) records: the operation itself, its organisations,
 * areas, command posts, corridors, checkpoints and reception points, gate overrides, and closing it
 * (which sets when personal data is erased). A site's node refuses them from its users, and an upstream
 * refuses them from a site token.
 */
export const HEADQUARTERS_ONLY: ReadonlySet<string> = new Set([
  'OperationCreated',
  'OperationClosed',
  'OrganisationRegistered',
  'OrganisationContactChanged',
  'AreaRegistered',
  'CommandPostEstablished',
  'CommandPostWatchAssigned',
  'CorridorDeclared',
  'CheckpointEstablished',
  'ReceptionPointEstablished',
  'CorridorGateOverridden',
]);

/**
 * What was observed in the field (a count, a manifest, a report): never refused for arriving late or
 * out of order, and never in conflict with anything, so not checked again when it is replicated. The
 * other types are decisions, which two sites apart can take both.
 */
export const FIELD_FACTS: ReadonlySet<string> = new Set([
  'PassageRecorded',
  'ManifestRecorded',
  'AlertRaised',
  'AlertAcknowledged',
  'HazardReported',
  'ClearanceProgressRecorded',
  'IncidentReported',
  'MovementAcknowledged',
  'FigureReported',
  'ReturnsRecorded',
  'ServiceStatusRecorded',
  'AccessStatusRecorded',
  'AidDelivered',
  'PersonalDataRead',
]);

/**
 * A `conflict` alert for each replicated decision that breaks a rule here: another site decided
 * otherwise while the two could not talk (one vehicle on two convoys, a corridor closed at one site and
 * opened at another). Both events stay in the log, as recorded; the alert names the one that came second
 * here and the rule it breaks (whose message names the other record), for a coordinator to settle
 * with a new event. Raised only at the root of the tree (headquarters), where every site's decisions
 * meet, so that one conflict is one alert however many nodes see it.
 */
export async function conflictAlerts(
  conflicts: readonly Conflict[],
  view: TxView,
  now: Date,
): Promise<DerivedEvent[]> {
  const out: DerivedEvent[] = [];
  // A conflict named here already (its alert came back with the events of a restore) is not named again.
  const unnamed: Conflict[] = [];
  for (const c of conflicts)
    if ((await view.count('alerts', { key: `conflict:${c.eventId}` })) === 0) unnamed.push(c);
  // One page cannot flood the board: past a few, one alert names how many more and the first of them.
  const named = unnamed.length > MAX_CONFLICT_ALERTS ? unnamed.slice(0, MAX_CONFLICT_ALERTS - 1) : unnamed;
  const rest = unnamed.slice(named.length);
  for (const c of named) {
    const p = (c.payload ?? {}) as Record<string, unknown>;
    const ref = (field: string): Record<string, string> =>
      typeof p[field] === 'string' ? { [field]: p[field] } : {};
    out.push(
      alert(
        await view.nextCode('alerts'),
        now,
        `conflict:${c.eventId}`,
        `${c.type} ${c.eventId}, recorded at site ${c.site} at ${c.occurredAt}, cannot stand with what is recorded here: ${c.reason}. Both are kept; record the decision that settles it.`,
        c.occurredAt,
        { ...ref('convoyId'), ...ref('corridorId'), ...ref('vehicleId') },
      ),
    );
  }
  if (rest.length > 0)
    out.push(
      alert(
        await view.nextCode('alerts'),
        now,
        `conflict:${rest[0]!.eventId}+${rest.length - 1}`,
        `${rest.length} more decisions recorded at site ${rest[0]!.site} cannot stand with what is recorded here, from ${rest[0]!.type} ${rest[0]!.eventId} (${rest[0]!.reason}) on. All are kept; record the decisions that settle them.`,
        rest[0]!.occurredAt,
        {},
      ),
    );
  return out;
}

/** At most this many conflict alerts from one page of replicated events. */
export const MAX_CONFLICT_ALERTS = 20;

function alert(
  code: string,
  now: Date,
  key: string,
  reason: string,
  since: string,
  refs: Record<string, string>,
): DerivedEvent {
  return {
    type: 'AlertRaised',
    occurredAt: now.toISOString(),
    payload: {
      alertId: uuidv7({ msecs: now.getTime() }),
      code,
      kind: 'conflict',
      severity: 'warning',
      key,
      reason: reason.slice(0, 2000),
      numbers: {},
      since,
      ...refs,
    },
  };
}

/**
 * A code a sender gives must fit this node: its own tag at a site, none of the tagged shape at the
 * root (domain/codes.ts), so that no two sites can give one code while apart.
 */
export function checkCodeOfSite(payload: unknown, tag: string | null): void {
  const code = (payload as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || codeFitsSite(code, tag)) return;
  throw new InvalidInputError(
    tag === null
      ? said(
          'code {code} has the shape of a code given at another site (PREFIX-TAG-N): give a plain one, or none',
          { code },
        )
      : said('codes given at this site carry its tag, like {prefix}-{tag}-1: give one of those, or none', {
          prefix: code.split('-')[0]!,
          tag,
        }),
    { field: 'code' },
  );
}
