import type { Convoy, ConvoyPosition, Operation } from '../client/records.js';
import type { OperationView } from './use-operation.js';

/** As the server's rules, when the operation says nothing: a convoy unseen this long is stopped. */
const DEFAULT_MINUTES = 20;

export interface DataGap {
  /** The last passage or position that arrived, or the departure when none has since. */
  since: string;
  minutes: number;
  convoys: string[];
}

/**
 * Convoys on the road and nothing heard of them for longer than the operation expects (its
 * "stopped" threshold): no passage at a checkpoint, no position. The feed itself may be down (a
 * command post's link, a camera, the enumerators' phones) rather than every convoy stopped, so the
 * console says so on every page. Null while data arrives or nothing is on the road.
 */
export function dataGap(
  operation: Operation | null,
  convoys: readonly Convoy[],
  positions: ReadonlyMap<string, ConvoyPosition>,
  now: number,
): DataGap | null {
  const onRoad = convoys.filter((c) => c.status === 'departed');
  if (onRoad.length === 0) return null;
  let last = -Infinity;
  for (const c of onRoad) if (c.statusChangedAt) last = Math.max(last, Date.parse(c.statusChangedAt));
  for (const p of positions.values()) if (p.last) last = Math.max(last, Date.parse(p.last.observedAt));
  if (!Number.isFinite(last)) return null;
  const expected = operation?.accountability?.stoppedAfterMinutes ?? DEFAULT_MINUTES;
  const minutes = (now - last) / 60_000;
  if (minutes <= expected) return null;
  return {
    since: new Date(last).toISOString(),
    minutes,
    convoys: onRoad.map((c) => c.code).sort(),
  };
}

/** Beyond this, an operation is of the past: its record ended, it is not a feed gone quiet. */
const HISTORICAL_MS = 7 * 24 * 3_600_000;

/** When the operation's record ended, if that was long enough ago for it to be of the past. */
export function recordEnded(view: Pick<OperationView, 'span'>, now: number): string | null {
  const last = view.span?.lastOccurredAt;
  return last && now - Date.parse(last) >= HISTORICAL_MS ? last : null;
}
