import type { CorridorAccount, StationReport } from '../../domain/accountability/engine.js';
import { openAlerts } from '../../domain/accountability/corridor-accounts.js';
import { NotFoundError, RuleViolatedError } from '../../domain/errors.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { allRows } from '../../store/queries.js';
import { getOperation, getRecord, listResource } from '../records/resources.js';

async function engineOf(ctx: AppContext, operationId: string) {
  if (!ctx.accountability) throw new RuleViolatedError('the accountability rules are off in this process');
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
      .sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }))
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
  if (!report) throw new NotFoundError(`no convoy ${ref}`);
  const alerts = await listResource(ctx, caller, operationId, 'alerts', { convoy: convoy.id, limit: '5000' });
  return { convoy: convoy.code, ...report, alerts: alerts.items };
}
