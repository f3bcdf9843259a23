import { recoveryByArea, type AreaRecovery } from '../../domain/recovery/summary.js';
import { operationRows } from '../../store/report-queries.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { getOperation } from '../records/resources.js';

/** `GET .../recovery`: per area, returns, the latest status of each service and of access, aid (3W). */
export async function operationRecovery(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
): Promise<{ areas: AreaRecovery[] }> {
  await getOperation(ctx, caller, operationId);
  const rows = (table: Parameters<typeof operationRows>[1]) =>
    operationRows(ctx.store.db, table, operationId);
  return {
    areas: recoveryByArea({
      areas: await rows('areas'),
      organisations: await rows('organisations'),
      returns: await rows('returns'),
      serviceStatuses: await rows('service_statuses'),
      accessStatuses: await rows('access_statuses'),
      aidDeliveries: await rows('aid_deliveries'),
    }),
  };
}
