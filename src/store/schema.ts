import type { Generated } from 'kysely';
import type { ProjectionRows } from '../domain/rows.js';

export interface EventsTable {
  seq: Generated<number>;
  id: string;
  operation_id: string;
  type: string;
  schema_version: number;
  /** The payload as canonical JSON text; the hash chain covers these exact bytes. */
  payload: string;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  organisation: string | null;
  origin_site: string;
  origin_seq: number;
  prev_hash: string;
  hash: string;
}

export interface TokensTable {
  id: string;
  token_hash: string;
  operation_id: string;
  organisation_id: string | null;
  role: string;
  label: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
  device_kind: string | null;
  device_id: string | null;
  /** A session's user (sessions are tokens a person gets by signing in). */
  user_id?: string | null;
  /** A site token's site: the node that replicates with it through this token. */
  site?: string | null;
  /** A site token's grants: the roles whose records its node may send up (comma-separated; null: all). */
  grants?: string | null;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface MembershipsTable {
  id: string;
  user_id: string;
  operation_id: string;
  organisation_id: string;
  role: string;
  created_at: string;
}

/** One change to accounts: see migration 0011. */
export interface AccountLogTable {
  id: string;
  at: string;
  actor: string;
  action: 'user-created' | 'membership-granted' | 'membership-removed' | 'user-disabled';
  email: string;
  operation_id: string | null;
  detail: string | null;
}

/** The end of each site's hash chain of an operation: see migration 0012. */
export interface SiteHeadsTable {
  operation_id: string;
  origin_site: string;
  /** Its last event's origin sequence: the chain holds events 1 to this, with no gap. */
  origin_seq: number;
  hash: string;
}

/** What this node knows of a site it replicates with (a site below it, or its upstream). */
export interface SitesTable {
  site: string;
  /** The site whose node it reached this one through (itself when it came directly). */
  parent: string | null;
  first_seen_at: string;
  last_contact_at: string | null;
  /** Its clock less this node's, as last measured. */
  clock_offset_ms: number | null;
  last_error: string | null;
  last_error_at: string | null;
}

/** A person's data key, wrapped by the master key; deleting the row erases the person (crypto-shredding). */
export interface PersonKeysTable {
  id: string;
  operation_id: string;
  wrapped: string;
  created_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

/** Projection tables have the columns `projectEvent` writes (`domain/rows.ts`). */
export interface Database extends ProjectionRows {
  events: EventsTable;
  tokens: TokensTable;
  meta: MetaTable;
  site_heads: SiteHeadsTable;
  sites: SitesTable;
  person_keys: PersonKeysTable;
  users: UsersTable;
  memberships: MembershipsTable;
  account_log: AccountLogTable;
}
