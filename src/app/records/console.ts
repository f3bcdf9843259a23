import { lastSeq } from '../../store/event-log.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { getOperation, toResource, type Resource } from './resources.js';

export interface ConvoyPosition {
  convoyId: string;
  code: string;
  status: string;
  /** The latest passage of the convoy that says where it was (a checkpoint, a reception point or a GPS fix). */
  last: Resource | null;
  /** The latest passage at a checkpoint, for "last checkpoint" on the boards. */
  lastCheckpoint: Resource | null;
}

/**
 * What the console needs once on opening, that the collections cannot give without paging through
 * every passage: where each convoy on the road was last seen, the log position to stream from, and the
 * caller's role (what the console offers to do) and organisation (the tally lists its posts first).
 */
export async function consoleSnapshot(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
): Promise<{
  headSeq: number;
  role: string;
  organisationId: string | null;
  span: { began: string; lastOccurredAt: string | null };
  convoys: ConvoyPosition[];
}> {
  const operation = await getOperation(ctx, caller, operationId);
  const { db } = ctx.store;
  const headSeq = await lastSeq(ctx.store.db);
  // When the operation's record ends: an operation of long ago is shown as it stood then.
  const last = await db
    .selectFrom('events')
    .select('occurred_at')
    .where('operation_id', '=', operationId)
    // A read of personal data is recorded when it is read, but it is not something that happened in it.
    .where('type', '!=', 'PersonalDataRead')
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  const span = { began: String(operation.createdAt), lastOccurredAt: last?.occurred_at ?? null };
  const active = await db
    .selectFrom('convoys')
    .select(['id', 'code', 'status'])
    .where('operation_id', '=', operationId)
    .where('status', 'in', ['boarding', 'departed'])
    .orderBy('code')
    .execute();
  const latest = (convoyId: string, column: 'checkpoint_id' | 'any') => {
    let q = db
      .selectFrom('passages')
      .selectAll()
      .where('operation_id', '=', operationId)
      .where('convoy_id', '=', convoyId);
    q =
      column === 'checkpoint_id'
        ? q.where('checkpoint_id', 'is not', null)
        : q.where((eb) =>
            eb.or([
              eb('checkpoint_id', 'is not', null),
              eb('reception_point_id', 'is not', null),
              eb('location', 'is not', null),
            ]),
          );
    return q.orderBy('observed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  };
  const convoys: ConvoyPosition[] = [];
  for (const c of active) {
    const id = c.id;
    const [last, lastCheckpoint] = await Promise.all([latest(id, 'any'), latest(id, 'checkpoint_id')]);
    convoys.push({
      convoyId: id,
      code: c.code,
      status: c.status,
      last: last ? toResource(last, 'passages') : null,
      lastCheckpoint: lastCheckpoint ? toResource(lastCheckpoint, 'passages') : null,
    });
  }
  return { headSeq, role: caller.role, organisationId: caller.organisationId, span, convoys };
}
