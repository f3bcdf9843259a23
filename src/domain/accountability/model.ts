import type { PeopleCounts } from '../../contracts/common.js';
import type { EventPayload } from '../../contracts/events.js';
import type { ProjectableEvent } from '../projection.js';
import type { RouteProfile } from '../geo.js';
import type { CountAtStation, Tally } from './counting.js';

/**
 * The shapes the accountability engine and the safe-passage conditions share: a corridor as the engine
 * folds it, its checkpoints along the route, and a condition an alert is raised for. A leaf: it imports
 * nothing of the engine, so the engine's parts can import it and each other one way only.
 */

export type AlertKind = EventPayload<'AlertRaised'>['kind'];

/** Items carried, by kind (luggage, wheelchairs, oxygen ...): a kind not there was not counted. */
export type Items = Partial<Record<string, number>>;

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
  /** Which change of each part it holds (`standsIn`). */
  versions?: Record<string, string>;
}

/** The operation's accountability policy, and the sources a passage is recorded by. */
export type Policy = EventPayload<'OperationCreated'>['accountability'];
export type Source = EventPayload<'PassageRecorded'>['source'];

/** The operation's policy when its creating event has none (events recorded before there was one). */
export const DEFAULT_POLICY: Policy = {
  speedKmh: 20,
  overdueFactor: 1.5,
  overdueSlackMinutes: 15,
  stoppedAfterMinutes: 20,
  movedMetres: 100,
  cameraErrorPct: 3,
  windowWarningMinutes: 60,
};

export interface Station {
  /** A checkpoint id, or `arrival` for the reception point. */
  id: string;
  label: string;
  ordinal: number;
  firstAt: string;
  firstMs: number;
  /** Every tally recorded here, voided and corrected ones included. */
  tallies: Tally[];
  /** The count they make (counting.ts), until a tally is added or voided. */
  count?: CountAtStation | undefined;
}

export interface Convoy {
  id: string;
  code: string;
  corridorId: string;
  receptionPointId: string | undefined;
  vehicleIds: string[];
  status: 'planned' | 'boarding' | 'departed' | 'arrived';
  boardingAt?: string;
  departedAt?: string;
  arrivedAt?: string;
  manifest?: { people: PeopleCounts; stretcherCases: number; carried?: Items; at: string };
  stations: Map<string, Station>;
  /** The same stations in order along the way. */
  ordered: Station[];
  /** Progress along the route: (time, km) from passages and position reports, in time order. */
  track: { t: number; km: number }[];
  lastProgressAt: number;
  /** Where along the route the last progress was (km). */
  anchorKm: number | undefined;
  /** The first time each checkpoint was reached by a position report. */
  reachedByPosition: Map<string, number>;
  /** Which change of each part it holds (`standsIn`). */
  versions?: Record<string, string>;
}

/** What the accountability rules derive from an event, for the caller to append (`engine.ts`). */
type DerivedType = 'AlertRaised' | 'AlertResolved' | 'PassageMatched' | 'CorridorStatusChanged';
export type DerivedEvent = {
  [T in DerivedType]: {
    type: T;
    occurredAt: string;
    payload: EventPayload<T>;
  };
}[DerivedType];

/** A passage as the rules hold it: its convoy, its tally once counted, its voiding, its versions. */
export interface HeldPassage {
  convoyId?: string;
  event: ProjectableEvent & { type: 'PassageRecorded' };
  tally?: Tally;
  voided?: Tally['voided'];
  /** Which match and which voiding it holds (`standsIn`). */
  versions?: Record<string, string>;
}
