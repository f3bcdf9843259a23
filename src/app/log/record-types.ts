import type { EventSubmission, EventType, StoredEvent } from '../../contracts/events.js';
import type { CodedTable } from '../../domain/codes.js';
import type { PersonKey } from './effects.js';
import type { ReceivedKey } from '../protection/key-exchange.js';

/**
 * `live`: a change made now, checked against today's clock, with the alerts it raises. `replay`:
 * history recorded before or elsewhere (an export imported, a scenario, another node's events), checked
 * against the state it was recorded in; the alerts of that history are in it already. The caller says
 * which: a role never decides it.
 */
export type RecordMode = 'live' | 'replay';

/** A change as a writer hands it over; the payload is validated here, once. */
export interface Change {
  id: string;
  type: EventType;
  /** When it happened; absent: now, by the server's clock (not compared when it is sent again). */
  occurredAt?: string | undefined;
  schemaVersion?: number;
  originSite?: string | undefined;
  originSeq?: number | undefined;
  payload: unknown;
  /** The payload's `code` is the next free one of this table, chosen under the operation's write lock. */
  allocateCode?: CodedTable;
  /**
   * Payload fields the server filled in from the state of the time (a notification's parties, a
   * hazard's evidence reference on import): not the sender's, so not compared when it is sent again.
   */
  notCompared?: readonly string[];
  /** The wrapped key of a person's (or family's, or tracing request's) data, stored with the event. */
  personKey?: PersonKey;
}

export interface RecordOptions {
  mode: RecordMode;
  /** How problems name the changes, e.g. `events` -> `events[3].payload.people.men`. */
  label?: string;
  /** The changes come from a client as they are (`POST .../events`): the whole envelope, nothing filled in. */
  fromClient?: boolean;
  /**
   * Replay only: who first recorded an event that comes from another store, and its place in its site's
   * hash chain there (checked against the chain here).
   */
  origin?: (change: EventSubmission) => Origin | undefined;
  /**
   * Replay only: the events come from another node by replication. They were checked where they were
   * recorded; a rule they break here (another site decided otherwise meanwhile) does not refuse them:
   * both decisions are kept and, at the root of the tree, a `conflict` alert names them.
   */
  replicated?: boolean;
  /**
   * Replicated only: the keys of people these events (or earlier ones) introduce, sent up by the node
   * below; stored in the same transaction once each opens its subject's data (protection/key-exchange.ts).
   */
  personKeys?: readonly ReceivedKey[];
}

export interface Origin {
  actor: string;
  organisation: string | null;
  prevHash?: string | undefined;
  hash?: string | undefined;
}

export interface RecordOutcome {
  /** Every change as the log holds it, in the order given; re-sent ones as first stored. */
  events: StoredEvent[];
  /** Per change: appended now, or a re-send of one the log holds. */
  outcomes: ('appended' | 'duplicate')[];
  appended: number;
  duplicates: number;
  /** What the accountability rules derived from them (alerts raised or resolved, passages matched). */
  derived: StoredEvent[];
  /** Replicated changes that break a rule here, kept all the same. */
  conflicts: Conflict[];
}

/** A replicated change that cannot stand with what this node holds: kept, and named for a person. */
export interface Conflict {
  eventId: string;
  type: string;
  site: string;
  occurredAt: string;
  reason: string;
  payload: unknown;
}
