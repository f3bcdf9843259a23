import { isDeepStrictEqual } from 'node:util';
import type { CorridorAccount } from '../../domain/accountability/corridor-accounts.js';
import type { Caller } from '../access/permissions.js';
import type { AppContext } from '../context.js';
import { csvFields, exportDataset } from '../reports/exports.js';
import { sitrepOf } from '../reports/sitrep.js';
import { convoyReconciliation, operationReconciliation } from './reconciliation.js';

/** Where two readers of the same counts disagree. */
export interface ReaderDifference {
  reader: string;
  what: string;
  board: unknown;
  other: unknown;
}

/**
 * Every reader of an operation's counts against the board (GET .../reconciliation): the situation
 * report now (the report's live rows) and as of now (replayed from the log), the movements export,
 * and each convoy's page (its count at the entry). They read through one definition, so they must
 * agree to the person; any difference is listed.
 */
export async function compareReaders(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
): Promise<{ corridors: number; convoys: number; differences: ReaderDifference[] }> {
  const board = (await operationReconciliation(ctx, caller, operationId)).corridors;
  const differences: ReaderDifference[] = [];
  const asOf = ctx.now().toISOString();
  const live = (await sitrepOf(ctx, caller, operationId, {})).sitrep.movements;
  const replayed = (await sitrepOf(ctx, caller, operationId, { asOf, basis: 'recorded' })).sitrep.movements;
  compareAccounts(board, live, 'situation report', differences);
  compareAccounts(board, replayed, `situation report as of ${asOf}`, differences);
  const csv = (await exportDataset(ctx, caller, operationId, 'movements', { bom: 'false' })).body;
  compareExport(board, csv, differences);
  let convoys = 0;
  for (const corridor of board)
    for (const entry of corridor.entries) {
      convoys++;
      const page = await convoyReconciliation(ctx, caller, operationId, entry.convoy);
      const station = page.stations.find((s) => s.station !== 'manifest' && s.label.endsWith(' entry'));
      if (station?.best?.total !== entry.people)
        differences.push({
          reader: 'convoy page',
          what: `${entry.convoy} at the entry`,
          board: entry.people,
          other: station?.best?.total ?? null,
        });
    }
  return { corridors: board.length, convoys, differences };
}

function compareAccounts(
  board: readonly CorridorAccount[],
  other: readonly CorridorAccount[],
  reader: string,
  out: ReaderDifference[],
): void {
  const byCode = new Map(other.map((c) => [c.corridor, c]));
  for (const b of board) {
    const o = byCode.get(b.corridor);
    for (const key of Object.keys(b) as (keyof CorridorAccount)[])
      if (!isDeepStrictEqual(b[key], o?.[key]))
        out.push({ reader, what: `${b.corridor} ${key}`, board: b[key], other: o?.[key] ?? null });
  }
  if (other.length !== board.length)
    out.push({ reader, what: 'corridors', board: board.length, other: other.length });
}

/** The export's people per corridor, day and movement against the board's. */
function compareExport(board: readonly CorridorAccount[], csv: string, out: ReaderDifference[]): void {
  const lines = csv.trim().split('\r\n').slice(2);
  const exported = new Map<string, string>();
  for (const line of lines) {
    const [corridor, , day, movement, , people] = csvFields(line);
    exported.set(`${corridor} ${day} ${movement}`, people!);
  }
  const keys = [
    ['entered', 'entered'],
    ['exited', 'exited'],
    ['in transit', 'inTransit'],
    ['arrived', 'arrived'],
  ] as const;
  let rows = 0;
  for (const b of board)
    for (const d of b.days)
      for (const [label, key] of keys) {
        rows++;
        const what = `${b.corridor} ${d.day} ${label}`;
        if (exported.get(what) !== String(d[key].total))
          out.push({
            reader: 'movements export',
            what,
            board: d[key].total,
            other: exported.get(what) ?? null,
          });
      }
  if (rows !== lines.length)
    out.push({ reader: 'movements export', what: 'rows', board: rows, other: lines.length });
}
