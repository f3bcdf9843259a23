import type { EventPayload } from '../../contracts/events.js';
import type { RouteProfile } from '../geo.js';

/**
 * The shapes the accountability engine and the safe-passage conditions share: a corridor as the engine
 * folds it, its checkpoints along the route, and a condition an alert is raised for. A leaf: it imports
 * nothing of the engine, so the engine's parts can import it and each other one way only.
 */

export type AlertKind = EventPayload<'AlertRaised'>['kind'];

export interface Condition {
  key: string;
  kind: AlertKind;
  severity: EventPayload<'AlertRaised'>['severity'];
  /** Put in words only when an alert is raised for it. */
  reason: () => string;
  numbers: Record<string, number>;
  since: string;
  checkpointId?: string;
  vehicleId?: string;
  passageId?: string;
}

export interface Checkpoint {
  id: string;
  code: string;
  corridorId: string;
  kind: 'entry' | 'exit' | 'intermediate';
  ordinal: number;
  alongKm: number;
}

export interface Corridor {
  id: string;
  code: string;
  status: string;
  route: RouteProfile;
  /** Its own opening windows and the agreed pause windows that cover it. */
  windows: { start: string; end: string }[];
  ownWindows: { start: string; end: string }[];
  /** In order along the route. */
  checkpoints: Checkpoint[];
}
