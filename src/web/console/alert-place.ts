import type { Alert } from '../client/records.js';
import type { OperationView } from './use-operation.js';

type Place = [number, number];

/** The middle of a line, or of its segment `segment` (1-based: from point segment-1 to point segment). */
function middle(line: readonly Place[], segment?: number): Place | undefined {
  if (segment !== undefined && segment >= 1 && segment < line.length) {
    const [a, b] = [line[segment - 1]!, line[segment]!];
    return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  }
  return line[Math.floor((line.length - 1) / 2)];
}

/**
 * Where an alert happened, for the map: its checkpoint; the incident near a corridor; the segment a
 * hazard blocks; the reception point short of room; where its convoy was last reported; else the middle
 * of its corridor. Undefined when it has no place (a family split across convoys).
 */
export function alertPlace(
  a: Alert,
  view: Pick<OperationView, 'checkpoints' | 'incidents' | 'receptionPoints' | 'positions' | 'corridors'>,
): Place | undefined {
  const [, of = ''] = (a.key ?? '').split(':');
  const checkpoint = a.checkpointId ? view.checkpoints.find((c) => c.id === a.checkpointId) : undefined;
  if (checkpoint) return checkpoint.location.coordinates;
  if (a.kind === 'incident-near-corridor') {
    const incident = view.incidents?.find((i) => i.id === of);
    if (incident) return incident.location.coordinates;
  }
  if (a.kind === 'room-short') {
    const rp = view.receptionPoints.find((r) => r.id === of);
    if (rp) return rp.location.coordinates;
  }
  const seen = a.convoyId ? view.positions.get(a.convoyId)?.last?.location?.coordinates : undefined;
  if (seen) return seen;
  const corridor = a.corridorId ? view.corridors?.find((c) => c.id === a.corridorId) : undefined;
  if (!corridor) return undefined;
  return middle(corridor.route.coordinates, a.kind === 'hazard-on-route' ? a.numbers.segment : undefined);
}
