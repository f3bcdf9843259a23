import { checkSiteForToken } from '../sync/site-names.js';
import { keptGrants } from '../sync/grants.js';
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { GRANTABLE_ROLES, type GrantedRole, type Role } from '../../contracts/common.js';
import { isUuid } from '../../domain/codes.js';
import { InvalidInputError, NotFoundError, RuleViolatedError, said } from '../../domain/errors.js';
import type { OrganisationRow } from '../../domain/records/rows.js';
import { findOperation, findRow, listRows } from '../../store/queries.js';
import { findTokenByHash, insertToken, revokeToken as revokeStoredToken } from '../../store/tokens.js';
import type { AppContext } from '../context.js';
import { DEFAULT_SITE_GRANTS, parseGrants, type Caller } from './permissions.js';

const PREFIX = 'cor_';
export const DEVICE_KINDS = ['camera', 'drone', 'position'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
const DEVICE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Tokens are 256 random bits; only their SHA-256 is stored, so a stolen database yields no token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CreatedToken {
  id: string;
  token: string;
  role: Role;
  operationId: string;
  organisationId: string;
  organisationCode: string;
  /** A site token's grants: the roles whose records its node may send up. */
  grants?: GrantedRole[];
}

/**
 * The organisation a token or membership is for: the one named (code or UUID), or the operation's
 * coordinating body. Refused when the operation does not exist or the organisation is not part of it.
 */
export async function organisationOf(
  ctx: AppContext,
  operationId: string,
  named?: string,
): Promise<OrganisationRow> {
  const { db } = ctx.store;
  if (!(await findOperation(db, operationId)))
    throw new NotFoundError(
      said('operation {operation} does not exist (load a scenario or import events first)', {
        operation: operationId,
      }),
    );
  const organisation = named
    ? await findRow(db, 'organisations', operationId, named, isUuid(named))
    : (
        await listRows(db, ctx.store.dialect, 'organisations', {
          operationId: operationId,
          where: { role: 'coordinating-body' },
          limit: 1,
          offset: 0,
          orderBy: 'code',
        })
      )[0];
  if (!organisation) {
    throw new RuleViolatedError(
      named
        ? said('organisation {organisation} is not part of operation {operation}', {
            organisation: named,
            operation: operationId,
          })
        : said('operation {operation} has no coordinating body: name the organisation with --org', {
            operation: operationId,
          }),
    );
  }
  return organisation;
}

export async function createToken(
  ctx: AppContext,
  input: {
    operationId: string;
    role: Role;
    organisation?: string;
    label?: string;
    expiresAt?: string;
    device?: { kind: DeviceKind; id: string };
    /** For a session: the user who signed in. */
    userId?: string;
    /** For a site token: the site of the node that replicates through it. */
    site?: string;
    /** For a site token: the roles whose records its node may send up (DEFAULT_SITE_GRANTS if not given). */
    grants?: readonly string[];
  },
): Promise<CreatedToken> {
  const { db } = ctx.store;
  if ((input.role === 'site') !== (input.site !== undefined))
    throw new InvalidInputError(
      input.role === 'site'
        ? said('a site token needs the site of the node that uses it (--site POST-3)')
        : said('only a site token names a site'),
    );
  if (input.site !== undefined) await checkSiteForToken(ctx, input.site);
  const grants =
    input.role === 'site'
      ? siteGrants(await keptGrants(ctx.store.db, input.operationId), input.grants)
      : undefined;
  if (input.role !== 'site' && input.grants !== undefined)
    throw new InvalidInputError(said('only a site token grants roles (--grant)'));
  if ((input.role === 'device') !== (input.device !== undefined))
    throw new InvalidInputError(
      input.role === 'device'
        ? said('a device token needs the device kind (camera, drone or position) and its id')
        : said('only a device token has a device kind and id'),
    );
  if (input.device && !DEVICE_KINDS.includes(input.device.kind))
    throw new InvalidInputError(said('a device is a {kinds}', { kinds: DEVICE_KINDS.join(', ') }));
  if (input.device && !DEVICE_ID.test(input.device.id))
    throw new InvalidInputError(said('a device id is 1 to 64 letters, digits and . _ : -'));
  const organisation = await organisationOf(ctx, input.operationId, input.organisation);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const id = uuidv7();
  await insertToken(db, {
    id,
    token_hash: hashToken(token),
    operation_id: input.operationId,
    organisation_id: organisation.id,
    role: input.role,
    label: input.label ?? `${input.role} token`,
    created_at: ctx.now().toISOString(),
    expires_at: input.expiresAt ?? null,
    revoked_at: null,
    device_kind: input.device?.kind ?? null,
    device_id: input.device?.id ?? null,
    user_id: input.userId ?? null,
    site: input.site ?? null,
    grants: grants?.join(',') ?? null,
  });
  return {
    id,
    token,
    role: input.role,
    operationId: input.operationId,
    organisationId: organisation.id,
    organisationCode: organisation.code,
    ...(grants ? { grants } : {}),
  };
}

/**
 * A new site token's grants: the roles named (each one that records something), or a command post's
 * work (DEFAULT_SITE_GRANTS). A node below the root grants no more than its own upstream grants it
 * (what it could not send up itself), and by default what it has of the default.
 */
function siteGrants(own: readonly GrantedRole[] | null, named: readonly string[] | undefined): GrantedRole[] {
  if (named === undefined) return DEFAULT_SITE_GRANTS.filter((g) => own === null || own.includes(g));
  const unknown = named.filter((g) => !(GRANTABLE_ROLES as readonly string[]).includes(g));
  if (unknown.length > 0 || named.length === 0)
    throw new InvalidInputError(
      named.length === 0
        ? said('a site token grants one or more of the roles that record: {roles} (not none)', {
            roles: GRANTABLE_ROLES.join(', '),
          })
        : said('a site token grants one or more of the roles that record: {roles} (not {given})', {
            roles: GRANTABLE_ROLES.join(', '),
            given: unknown.map((g) => JSON.stringify(g)).join(', '),
          }),
    );
  const grants = GRANTABLE_ROLES.filter((g) => named.includes(g));
  const beyond = own === null ? [] : grants.filter((g) => !own.includes(g));
  if (beyond.length > 0)
    throw new InvalidInputError(
      own!.length === 0
        ? said("this node's own upstream grants it no role: it cannot grant {roles}", {
            roles: beyond.join(', '),
          })
        : said("this node's own upstream grants it {own}: it cannot grant {roles}", {
            own: own!.join(', '),
            roles: beyond.join(', '),
          }),
    );
  return grants;
}

/** The caller a bearer token stands for, or undefined when it is unknown, revoked or expired. */
export async function authenticate(ctx: AppContext, token: string): Promise<Caller | undefined> {
  if (!token.startsWith(PREFIX) || token.length > 200) return undefined;
  const row = await findTokenByHash(ctx.store.db, hashToken(token));
  if (!row || row.revoked_at !== null) return undefined;
  if (row.expires_at !== null && row.expires_at <= ctx.now().toISOString()) return undefined;
  return {
    // A person signed in is named by their account; a token for a device or script by the token.
    actor: row.user_id ? `user:${row.user_id}` : `token:${row.id}`,
    tokenId: row.id,
    role: row.role as Role,
    organisationId: row.organisation_id,
    operationId: row.operation_id,
    ...(row.device_kind !== null && row.device_id !== null
      ? { device: { kind: row.device_kind as DeviceKind, id: row.device_id } }
      : {}),
    ...(row.site ? { site: row.site, grants: parseGrants(row.grants) ?? undefined } : {}),
  };
}

export async function revokeToken(ctx: AppContext, id: string): Promise<void> {
  if (!(await revokeStoredToken(ctx.store.db, id, ctx.now().toISOString())))
    throw new NotFoundError(said('no active token {id}', { id }));
}
