import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { Role, text } from '../../contracts/common.js';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  said,
} from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import type { Caller } from './permissions.js';
import { parseInput } from '../records/resources.js';
import { createToken, organisationOf, revokeToken } from './tokens.js';
import { revokeSessionsOfUser } from '../../store/tokens.js';
import type { AccountLogTable, Database } from '../../store/schema.js';
import { weakPassword } from './passwords.js';

/**
 * Accounts for the people who use the console: a password (argon2id, the parameters OWASP gives for
 * it: 19 MiB, 2 passes), membership of operations with one role and organisation each, and sessions,
 * which are tokens tied to the user that expire after a working shift. Devices and scripts keep
 * their own tokens (`corridor token create`).
 */

const ARGON2 = { parallelism: 1, iterations: 2, memorySize: 19_456, hashLength: 32 } as const;
export const SESSION_HOURS = 12;

// Text that PostgreSQL can hold (no NUL) and well-formed Unicode: a bad one is a 400, never a 500.
const Email = text(254)
  .trim()
  .toLowerCase()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an email address');
const Password = text(256)
  .min(12, 'a password has 12 characters or more')
  .superRefine((password, ctx) => {
    const weak = weakPassword(password);
    if (weak) ctx.addIssue({ code: 'custom', message: weak });
  });

export const NewUser = z
  .strictObject({
    email: Email,
    name: text(200).trim().min(1),
    password: Password,
  })
  .superRefine((user, ctx) => {
    const weak = weakPassword(user.password, [user.email]);
    if (weak) ctx.addIssue({ code: 'custom', message: weak, path: ['password'] });
  });
export const Membership = z.strictObject({
  email: Email,
  operationId: text(64).min(1),
  role: Role.exclude(['device']),
  organisation: text(64).min(1).optional(),
});
export const Login = z.strictObject({
  email: text(254),
  password: text(256).min(1, 'give the password'),
  operationId: text(64).optional(),
});

async function hashPassword(password: string): Promise<string> {
  return argon2id({ password, salt: randomBytes(16), ...ARGON2, outputType: 'encoded' });
}

/** Who changed accounts: the person at the command line (`cli:<login>`), or the system. */
export type AccountActor = string;

/** Writes one line of the account log, in the transaction of the change it records. */
async function logAccountChange(
  db: Kysely<Database>,
  ctx: AppContext,
  by: AccountActor,
  entry: { action: AccountLogTable['action']; email: string; operationId?: string; detail?: string },
): Promise<void> {
  await db
    .insertInto('account_log')
    .values({
      id: uuidv7(),
      at: ctx.now().toISOString(),
      actor: by,
      action: entry.action,
      email: entry.email,
      operation_id: entry.operationId ?? null,
      detail: entry.detail ?? null,
    })
    .execute();
}

/** The account log, newest first: who created, granted, removed or disabled what, and when. */
export async function accountLog(ctx: AppContext, options: { email?: string; limit?: number } = {}) {
  let q = ctx.store.db
    .selectFrom('account_log')
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100);
  if (options.email) q = q.where('email', '=', options.email.trim().toLowerCase());
  return q.execute();
}

export async function createUser(
  ctx: AppContext,
  input: unknown,
  by: AccountActor = 'system',
): Promise<{ id: string; email: string }> {
  const user = parseInput(NewUser, input);
  const { db } = ctx.store;
  if (await db.selectFrom('users').select('id').where('email', '=', user.email).executeTakeFirst())
    throw new ConflictError(said('a user with email {email} exists already', { email: user.email }));
  const id = uuidv7();
  const passwordHash = await hashPassword(user.password);
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        email: user.email,
        name: user.name,
        password_hash: passwordHash,
        created_at: ctx.now().toISOString(),
        disabled_at: null,
      })
      .execute();
    await logAccountChange(trx, ctx, by, { action: 'user-created', email: user.email });
  });
  return { id, email: user.email };
}

/** Give a user a role in an operation (replacing the one they had there). */
export async function grantMembership(ctx: AppContext, input: unknown, by: AccountActor = 'system') {
  const m = parseInput(Membership, input);
  const { db } = ctx.store;
  const user = await db.selectFrom('users').selectAll().where('email', '=', m.email).executeTakeFirst();
  if (!user) throw new NotFoundError(said('no user {email}', { email: m.email }));
  const organisation = await organisationOf(ctx, m.operationId, m.organisation);
  const sessionsEnded = await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('memberships')
      .where('user_id', '=', user.id)
      .where('operation_id', '=', m.operationId)
      .execute();
    await trx
      .insertInto('memberships')
      .values({
        id: uuidv7(),
        user_id: user.id,
        operation_id: m.operationId,
        organisation_id: organisation.id,
        role: m.role,
        created_at: ctx.now().toISOString(),
      })
      .execute();
    await logAccountChange(trx, ctx, by, {
      action: 'membership-granted',
      email: user.email,
      operationId: m.operationId,
      detail: `${m.role} of ${organisation.code}`,
    });
    // A role changed is a role changed now: the sessions opened under the old one end at once.
    return revokeSessionsOfUser(trx, user.id, ctx.now().toISOString(), m.operationId);
  });
  return {
    email: user.email,
    operationId: m.operationId,
    role: m.role,
    organisation: organisation.code,
    sessionsEnded,
  };
}

const MembershipRef = z.strictObject({ email: Email, operationId: text(64).min(1) });

/** Take a user's membership of an operation away; their sessions there end at once. */
export async function removeMembership(ctx: AppContext, input: unknown, by: AccountActor = 'system') {
  const m = parseInput(MembershipRef, input);
  const { db } = ctx.store;
  const user = await db.selectFrom('users').selectAll().where('email', '=', m.email).executeTakeFirst();
  if (!user) throw new NotFoundError(said('no user {email}', { email: m.email }));
  const sessionsEnded = await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom('memberships')
      .where('user_id', '=', user.id)
      .where('operation_id', '=', m.operationId)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0)
      throw new NotFoundError(
        said('{email} is not a member of {operation}', { email: m.email, operation: m.operationId }),
      );
    await logAccountChange(trx, ctx, by, {
      action: 'membership-removed',
      email: user.email,
      operationId: m.operationId,
    });
    return revokeSessionsOfUser(trx, user.id, ctx.now().toISOString(), m.operationId);
  });
  return { email: user.email, operationId: m.operationId, sessionsEnded };
}

/** Disable an account: it signs in no more, and every session it has ends at once. */
export async function disableUser(ctx: AppContext, input: unknown, by: AccountActor = 'system') {
  const { email } = parseInput(z.strictObject({ email: Email }), input);
  const { db } = ctx.store;
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  if (!user) throw new NotFoundError(said('no user {email}', { email }));
  if (user.disabled_at !== null) throw new ConflictError(said('{email} is disabled already', { email }));
  const at = ctx.now().toISOString();
  const sessionsEnded = await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabled_at: at }).where('id', '=', user.id).execute();
    await logAccountChange(trx, ctx, by, { action: 'user-disabled', email });
    return revokeSessionsOfUser(trx, user.id, at);
  });
  return { email, disabledAt: at, sessionsEnded };
}

/**
 * Sign-in attempts, per account and per address, each counted the moment it arrives, before its
 * password is checked: however many arrive at once, no more than the limit are ever checked. An
 * attempt that succeeds is taken off both counts and forgives the account's failures, never the
 * address's (behind a proxy many people share an address; a sprayer's success must not reset it).
 * After 5 failures of an account, or 50 of an address, within a quarter of an hour, it waits until a
 * quarter of an hour after its last. In memory (a restart forgives).
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();
  constructor(
    private readonly limits = { account: 5, address: 50 },
    private readonly windowMs = 15 * 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const recent = (this.attempts.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.attempts.set(key, recent);
    return recent;
  }

  /**
   * Counts an attempt of `account` from `address` at once, or says how many seconds they must wait.
   * The caller settles the attempt when its password has been checked.
   */
  begin(account: string, address: string, now: number): { wait: number } | { settle: (ok: boolean) => void } {
    const keys = [
      [`account:${account}`, this.limits.account],
      [`address:${address}`, this.limits.address],
    ] as const;
    let wait = 0;
    for (const [key, limit] of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= limit) wait = Math.max(wait, (recent.at(-1)! + this.windowMs - now) / 1000);
    }
    if (wait > 0) return { wait };
    for (const [key] of keys) this.recent(key, now).push(now);
    return {
      settle: (ok) => {
        if (!ok) return;
        this.attempts.delete(keys[0][0]);
        const address = this.attempts.get(keys[1][0]) ?? [];
        const at = address.indexOf(now);
        if (at >= 0) address.splice(at, 1);
      },
    };
  }
}

// A hash to verify against when the account does not exist, so that both cases take as long.
let decoy: Promise<string> | undefined;

/** Sign in: a session token for the user's membership of the operation (or their only one). */
export async function login(ctx: AppContext, throttle: LoginThrottle, input: unknown, address: string) {
  const body = parseInput(Login, input);
  const email = body.email.trim().toLowerCase();
  const now = ctx.now().getTime();
  const attempt = throttle.begin(email, address, now);
  if ('wait' in attempt)
    throw new RateLimitedError(said('too many failed sign-ins: wait before trying again'), attempt.wait);
  // Only a right password settles the attempt as one: whatever else ends it (a wrong password, an
  // error of the hash function) is a failed guess.
  let passwordRight = false;
  try {
    const session = await signIn(ctx, body, email, now, () => (passwordRight = true));
    attempt.settle(true);
    return session;
  } catch (error) {
    // A right password that names no operation is not a failed guess.
    attempt.settle(passwordRight);
    throw error;
  }
}

/** The password checked, then a session for the user's membership of the operation (or their only one). */
async function signIn(
  ctx: AppContext,
  body: z.output<typeof Login>,
  email: string,
  now: number,
  verified: () => void,
) {
  const { db } = ctx.store;
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  const ok = await argon2Verify({ password: body.password, hash: user?.password_hash ?? (await decoy) });
  if (!user || !ok || user.disabled_at !== null)
    throw new UnauthenticatedError(said('the email or the password is wrong'));
  verified();
  const memberships = await db.selectFrom('memberships').selectAll().where('user_id', '=', user.id).execute();
  const membership = body.operationId
    ? memberships.find((m) => m.operation_id === body.operationId)
    : memberships.length === 1
      ? memberships[0]
      : undefined;
  if (!membership) {
    if (memberships.length > 1 && !body.operationId)
      throw new InvalidInputError(said('you are a member of several operations: say which (operationId)'), {
        operations: await operationsOf(ctx, memberships),
      });
    throw new UnauthenticatedError(said('the email or the password is wrong'));
  }
  const expiresAt = new Date(now + SESSION_HOURS * 3_600_000).toISOString();
  const session = await createToken(ctx, {
    operationId: membership.operation_id,
    role: membership.role as Role,
    organisation: membership.organisation_id,
    label: `session of ${user.email}`,
    expiresAt,
    userId: user.id,
  });
  return {
    token: session.token,
    expiresAt,
    operationId: membership.operation_id,
    role: membership.role,
    organisation: session.organisationCode,
    user: { id: user.id, email: user.email, name: user.name },
  };
}

/** Sign out: the session's token is revoked at once. */
export async function logout(ctx: AppContext, caller: Caller): Promise<void> {
  if (!caller.actor.startsWith('user:') || !caller.tokenId)
    throw new InvalidInputError(
      said('this token is not a session (revoke tokens with `corridor token revoke`)'),
    );
  await revokeToken(ctx, caller.tokenId);
}

/** The operations of a user's memberships, for them to choose one: id, name and their role in it. */
async function operationsOf(ctx: AppContext, memberships: { operation_id: string; role: string }[]) {
  const names = new Map(
    (
      await ctx.store.db
        .selectFrom('operations')
        .select(['id', 'name'])
        .where(
          'id',
          'in',
          memberships.map((m) => m.operation_id),
        )
        .execute()
    ).map((o) => [o.id, o.name]),
  );
  return memberships
    .map((m) => ({ id: m.operation_id, name: names.get(m.operation_id) ?? m.operation_id, role: m.role }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
