import { compareCodes } from '../../domain/codes.js';
import type { CorridorAccount, StationReport } from '../../domain/accountability/engine.js';
import { openAlerts } from '../../domain/accountability/corridor-accounts.js';
import { NotFoundError, RuleViolatedError, said } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { allRows } from '../../store/queries.js';
import { getOperation, getRecord, listResource } from '../records/resources.js';

async function engineOf(ctx: AppContext, operationId: string) {
  if (!ctx.accountability)
    throw new RuleViolatedError(said('the accountability rules are off in this process'));
  return ctx.accountability.caughtUp(ctx.store.db, operationId);
}

/** Per corridor (and per day): entered, exited, in transit, arrived, and whether all are accounted for. */
export async function operationReconciliation(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
): Promise<{ corridors: CorridorAccount[] }> {
  await getOperation(ctx, caller, operationId);
  const engine = await engineOf(ctx, operationId);
  const corridors = await allRows(ctx.store.db, ctx.store.dialect, 'corridors', operationId);
  const alerts = openAlerts(await allRows(ctx.store.db, ctx.store.dialect, 'alerts', operationId));
  return {
    corridors: corridors
      .sort((a, b) => compareCodes(a.code, b.code))
      .map((c) => engine.corridorReport(c, alerts)),
  };
}

/** One convoy: its manifest against every station's counts by source, and its alerts. */
export async function convoyReconciliation(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
): Promise<{ convoy: string; inTransit: boolean; stations: StationReport[]; alerts: unknown[] }> {
  const convoy = await getRecord(ctx, caller, operationId, 'convoys', ref);
  const engine = await engineOf(ctx, operationId);
  const report = engine.convoyReport(convoy.id);
  if (!report) throw new NotFoundError(said('no convoy {convoy}', { convoy: ref }));
  const alerts = await listResource(ctx, caller, operationId, 'alerts', { convoy: convoy.id, limit: '5000' });
  // Who recorded and voided each tally, by the names people know them by: for those who run the
  // counts (coordinators, post officers); other readers see the organisation only.
  const mayName = ['coordinator', 'post-officer', 'system'].includes(caller.role);
  const names = mayName
    ? await actorNames(
        ctx,
        report.stations.flatMap((s) => s.tallies.flatMap((t) => [t.recorder, t.voidedBy])),
      )
    : new Map<string, string>();
  const named = (actor: string | null) => (actor === null || !mayName ? null : (names.get(actor) ?? actor));
  const stations = report.stations.map((s) => ({
    ...s,
    tallies: s.tallies.map((t) => ({ ...t, recorder: named(t.recorder), voidedBy: named(t.voidedBy) })),
  }));
  return { convoy: convoy.code, ...report, stations, alerts: alerts.items };
}

/**
 * An actor of the log as a person reads it: a signed-in user's name, a token's label (a phone, a
 * camera, a script), or `system` for what the CLI, a scenario or the rules recorded.
 */
async function actorNames(ctx: AppContext, actors: readonly (string | null)[]): Promise<Map<string, string>> {
  const ids = (prefix: string) => [
    ...new Set(actors.filter((a) => a?.startsWith(prefix)).map((a) => a!.slice(prefix.length))),
  ];
  const names = new Map<string, string>();
  for (const a of actors) if (a?.startsWith('system:')) names.set(a, 'system');
  const tokens = ids('token:');
  if (tokens.length > 0)
    for (const t of await ctx.store.db
      .selectFrom('tokens')
      .select(['id', 'label'])
      .where('id', 'in', tokens)
      .execute())
      names.set(`token:${t.id}`, t.label);
  const users = ids('user:');
  if (users.length > 0)
    for (const u of await ctx.store.db
      .selectFrom('users')
      .select(['id', 'name'])
      .where('id', 'in', users)
      .execute())
      names.set(`user:${u.id}`, u.name);
  return names;
}
