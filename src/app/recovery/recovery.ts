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
  const { db } = ctx.store;
  return {
    areas: recoveryByArea({
      areas: await operationRows(db, 'areas', operationId),
      organisations: await operationRows(db, 'organisations', operationId),
      returns: await operationRows(db, 'returns', operationId),
      serviceStatuses: await operationRows(db, 'service_statuses', operationId),
      accessStatuses: await operationRows(db, 'access_statuses', operationId),
      aidDeliveries: await operationRows(db, 'aid_deliveries', operationId),
    }),
  };
}
