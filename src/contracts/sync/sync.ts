import { z } from 'zod';
import { Timestamp, type GrantedRole } from '../common.js';
import { OriginSite, StoredEventSchema } from '../events.js';

/**
 * Replication between nodes (a command post and its upstream): the shapes on the wire. Each node holds
 * every site's events of an operation as one hash chain per site; what a node has of a site is its
 * chain's head, the last number and hash.
 */

/** A node's site id, as given to `corridor serve --site`: short, read out on the radio (POST-3, HQ). */
export const SiteId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,15}$/, 'a site id is 1 to 16 letters, digits and -, e.g. POST-3');

const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hash in hex');

/** Per origin site: the last event's number of its chain here, and that event's hash. */
export const Heads = z.record(OriginSite, z.strictObject({ seq: z.number().int().min(0), hash: Hash }));
export type Heads = z.output<typeof Heads>;

/** At most this many events in one page, either way. */
export const SYNC_PAGE_MAX = 2000;
/**
 * A page stops growing past this many bytes: of payload text when pushed, of each event's whole JSON
 * when pulled (one large geometry is a page of its own).
 */
export const SYNC_PAGE_BYTES = 8 * 1024 * 1024;

/** At most this many sites in the heads a node sends (a tree of sites is far smaller). */
export const MAX_SITES = 500;

/**
 * The keys of the people a page introduces, sealed to the upstream's public key (`keyExchange` of its
 * hello) with an ephemeral key pair of the page's (app/protection/key-exchange.ts).
 */
export const SealedPersonKeys = z.strictObject({
  /** The page's ephemeral X25519 public key, DER, base64. */
  ephemeral: z.string().max(200),
  keys: z
    .array(z.strictObject({ id: z.string().min(1).max(100), sealed: z.string().max(200) }))
    .max(SYNC_PAGE_MAX),
});
export type SealedPersonKeys = z.output<typeof SealedPersonKeys>;

/** A page of events a node sends its upstream: its own site's and those of the sites below it. */
export const PushBody = z.strictObject({
  /** The pushing node's clock when it sent the page, to measure the offset between the two. */
  now: Timestamp,
  events: z.array(StoredEventSchema).max(SYNC_PAGE_MAX),
  personKeys: SealedPersonKeys.optional(),
});
export type PushBody = z.output<typeof PushBody>;

/** What a node asks its upstream for: every event beyond its heads. */
export const PullBody = z.strictObject({
  now: Timestamp,
  heads: Heads.refine((h) => Object.keys(h).length <= MAX_SITES, `at most ${MAX_SITES} sites`),
  /**
   * Where the last page ended in the upstream's own log order (its `cursor`): only a shortcut, since
   * the heads decide what is sent; 0 reads from the start.
   */
  after: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(SYNC_PAGE_MAX).default(1000),
});
export type PullBody = z.output<typeof PullBody>;

export interface SyncHello {
  /** The answering node's site. */
  site: string;
  /** The operation the token is for. */
  operationId: string;
  /** The site the token speaks for. */
  yourSite: string;
  /** The answering node's clock. */
  now: string;
  heads: Heads;
  /** The sites whose events this token may push here: its own and those below it. */
  mayPush: string[];
  /**
   * This node's public key for person keys sent up (X25519, DER, base64); absent when it has no master
   * key, and so holds no personal data.
   */
  keyExchange?: string;
  /**
   * The roles whose records this node takes from the token's node (its grants); absent when it takes
   * every role's (a token made before grants were kept).
   */
  grants?: GrantedRole[];
}

export interface PushAnswer {
  site: string;
  now: string;
  appended: number;
  duplicates: number;
  heads: Heads;
}

export interface PullAnswer<E = unknown> {
  site: string;
  now: string;
  events: E[];
  /** Where this page ended in the answering node's log: send it back as `after`. */
  cursor: number;
  /** More events wait beyond this page. */
  more: boolean;
  heads: Heads;
}

/** `GET /api/v1/sync/status`. */
export interface SyncStatus {
  site: string;
  /** This node's clock when it answered. */
  now: string;
  operationId: string;
  upstream: {
    url: string;
    lastContactAt: string | null;
    /** Events here (ours and those below us) that the upstream did not have at the last contact. */
    pendingOut: number | null;
    /** Events the upstream had that were not here at the last contact. */
    pendingIn: number | null;
    /** The upstream's clock less ours, at the last contact (ms). */
    clockOffsetMs: number | null;
    /** Local writes wait until the upstream confirmed our own sequence (see README). */
    confirmed: boolean;
    /** The upstream's heads at the last contact: compare with `heads` (ours). */
    heads: Heads | null;
    lastError: string | null;
    lastErrorAt: string | null;
    /**
     * Since this node started: person keys sent up with their people's events, and those kept here
     * because the upstream has no master key (its personal data cannot be read there).
     */
    personKeysOut: number;
    personKeysHeldBack: number;
    /** Sites below this node whose events the upstream takes through another node: kept here. */
    sitesHeldHere: string[];
    /** The roles whose records the upstream takes from this node (null: every role's). */
    grants: GrantedRole[] | null;
  } | null;
  heads: Heads;
  /** The sites this node replicates with below it, as it last saw them. */
  sites: {
    site: string;
    parent: string | null;
    lastContactAt: string | null;
    clockOffsetMs: number | null;
    lastError: string | null;
    /**
     * The roles whose records this node takes from that site's node, by its site tokens here (null: a
     * token made before grants were kept, which takes every role's); absent for a site with no token here.
     */
    grants?: GrantedRole[] | null;
  }[];
  /** Open conflict alerts: decisions of two sites that cannot both stand. */
  conflicts: { code: string; reason: string; raisedAt: string }[];
  /** A clock further off than this from its upstream's is reported on both sides. */
  clockLimitMs: number;
}
