import { StoredEventSchema, type StoredEvent } from '../../contracts/events.js';
import { InvalidInputError, said, type Said } from '../../domain/errors.js';
import { allEvents } from '../../store/event-log.js';
import type { AppContext } from '../context.js';
import { recordChanges, type RecordOutcome } from './record-changes.js';
import { toStoredEvent } from './stored-event.js';
import type { Caller } from '../access/permissions.js';
import { problemsOf, summary } from '../problems.js';
import type { ReceivedKey } from '../protection/key-exchange.js';

/** Every event of the log (or of one operation), in log order, as it is stored. */
export async function* exportEvents(ctx: AppContext, operationId?: string): AsyncGenerator<StoredEvent> {
  for await (const page of allEvents(ctx.store.db, operationId)) {
    for (const row of page) yield toStoredEvent(row);
  }
}

export interface ImportResult {
  read: number;
  appended: number;
  duplicates: number;
}

const IMPORTER: Caller = { actor: 'system:import', role: 'system', organisationId: null, operationId: null };

/**
 * Append exported events to this store through the same checks as any other append, keeping their
 * ids, times, actors and origins; events already here are skipped, so importing twice adds nothing.
 * An id this store holds with other content stops the import there (409, naming what differs): the
 * batches before it are in, and running it again after the cause is settled goes on from there. This
 * store gives them its own recordedAt; each event's place in its site's hash chain is checked, so an
 * exported event changed since (or one of a chain that forked from this store's) is refused.
 */
export async function importEvents(
  ctx: AppContext,
  lines: AsyncIterable<string>,
  progress?: (result: ImportResult) => void,
): Promise<ImportResult> {
  const result: ImportResult = { read: 0, appended: 0, duplicates: 0 };
  let batch: StoredEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const outcome = await appendStored(ctx, batch[0]!.operationId, IMPORTER, batch, {
      label: `lines ${result.read - batch.length + 1}-${result.read}, event `,
    });
    result.appended += outcome.appended;
    result.duplicates += outcome.duplicates;
    batch = [];
    progress?.(result);
  };
  for await (const line of lines) {
    if (line.trim() === '') continue;
    result.read++;
    const event = exportedEvent(line, said('line {line}', { line: result.read }));
    if (batch.length > 0 && (batch[0]!.operationId !== event.operationId || batch.length >= 1000))
      await flush();
    batch.push(event);
  }
  await flush();
  return result;
}

const RESTORER: Caller = { actor: 'system:restore', role: 'system', organisationId: null, operationId: null };

/** One line of an export: the event it holds, or a 400 that names the line. */
function exportedEvent(line: string, where: Said): StoredEvent {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new InvalidInputError(said('{where} is not JSON', { where }));
  }
  const parsed = StoredEventSchema.safeParse(json);
  if (!parsed.success)
    throw new InvalidInputError(
      said('{where} is not an exported event: {problems}', {
        where,
        problems: summary(problemsOf(parsed.error)),
      }),
    );
  return parsed.data as StoredEvent;
}

/**
 * A node restored from a backup older than what the other nodes of its operations hold takes back
 * what it lost from their exports (`corridor events export --operation OP` at each), before it serves
 * (docs/sync.md, "Backups and forks"). As replication would take them, each operation's events in one
 * append: in the order of the export that holds the most of this node's own chain (the node last in
 * touch with it; each event after what it was recorded on top of there), then what only the others
 * hold, in theirs; one operation at a time. Every event is checked as a replicated one is here (this
 * node's own too, since an export is only as true as the node that made it): a decision that cannot
 * stand is kept with a conflict alert, numbered only after every event of this node's own chain is
 * back, so that no number a post holds is given twice. A chain that this node has written to since
 * the backup is refused as a fork, and nothing is appended.
 */
export async function restoreEvents(
  ctx: AppContext,
  exports: { name: string; lines: AsyncIterable<string> }[],
): Promise<ImportResult> {
  const read: { events: StoredEvent[]; ownHead: number }[] = [];
  for (const { name, lines } of exports) {
    const events: StoredEvent[] = [];
    let ownHead = 0;
    let n = 0;
    for await (const line of lines) {
      n++;
      if (line.trim() === '') continue;
      const event = exportedEvent(line, said('{file}, line {line}', { file: name, line: n }));
      events.push(event);
      if (event.originSite === ctx.store.siteId) ownHead = Math.max(ownHead, event.originSeq);
    }
    read.push({ events, ownHead });
  }
  // One operation a restore, so that one that cannot be taken back leaves nothing half done.
  const operations = [...new Set(read.flatMap((r) => r.events.map((e) => e.operationId)))];
  if (operations.length > 1)
    throw new InvalidInputError(
      said(
        'the exports hold events of {n} operations ({operations}): restore one at a time, from exports made with --operation',
        { n: operations.length, operations: operations.join(', ') },
      ),
    );
  // The node last in touch with this one first: its log holds the most of this node's, in its order.
  read.sort((a, b) => b.ownHead - a.ownHead);
  const events = new Map<string, StoredEvent>();
  for (const r of read) for (const e of r.events) if (!events.has(e.id)) events.set(e.id, e);
  const total = read.reduce((n, r) => n + r.events.length, 0);
  const operationId = operations[0];
  const appended =
    operationId === undefined
      ? 0
      : (
          await appendStored(ctx, operationId, RESTORER, [...events.values()], {
            label: `the exports' events of ${operationId}, event `,
            replicated: true,
          })
        ).appended;
  // The rest were held here already, or in more than one export.
  return { read: total, appended, duplicates: total - appended };
}

/**
 * Append events as another store or node recorded them (an import, replication): their ids, times,
 * actors, organisations and origins kept, each checked against its site's hash chain here. `replicated`:
 * they come from a node of this operation's tree (see RecordOptions).
 */
export function appendStored(
  ctx: AppContext,
  operationId: string,
  caller: Caller,
  events: readonly StoredEvent[],
  options: { label?: string; replicated?: boolean; personKeys?: readonly ReceivedKey[] } = {},
): Promise<RecordOutcome> {
  const byId = new Map(events.map((e) => [e.id, e]));
  return recordChanges(
    ctx,
    operationId,
    caller,
    events.map((e) => ({
      id: e.id,
      type: e.type,
      schemaVersion: e.schemaVersion,
      occurredAt: e.occurredAt,
      originSite: e.originSite,
      originSeq: e.originSeq,
      payload: e.payload,
    })),
    {
      mode: 'replay',
      ...(options.label !== undefined ? { label: options.label } : {}),
      ...(options.replicated ? { replicated: true } : {}),
      ...(options.personKeys?.length ? { personKeys: options.personKeys } : {}),
      origin: (s) => {
        const e = byId.get(s.id)!;
        return { actor: e.actor, organisation: e.organisation, prevHash: e.prevHash, hash: e.hash };
      },
    },
  );
}
