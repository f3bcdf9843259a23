import { parseSheetCode, sheetCodeText, type SheetCodeText } from '../../contracts/paper/sheet-code.js';
import { InvalidInputError, NotFoundError, said } from '../../domain/errors.js';
import { localDay } from '../../domain/accountability/corridor-accounts.js';
import { wallClockFormat, wallClockMs } from '../../domain/wall-clock.js';
import { compareCodes } from '../../domain/codes.js';
import { allRows, findOperation, vehicleIdsOfConvoy } from '../../store/queries.js';
import type { AppContext } from '../context.js';
import type { Caller } from '../access/permissions.js';
import { getRecord } from '../records/resources.js';

// Printed sheets: what a sheet's QR code says, and what a sheet shows (its document).

/** What a scanned QR code says of its sheet; a code that is not a Corridor sheet's is refused. */
export function readSheetCode(text: string): SheetCodeText {
  const read = parseSheetCode(text);
  if (!read)
    throw new InvalidInputError(
      said('this is not the code of a Corridor sheet: {text}', { text: text.slice(0, 80) }),
      { field: 'code' },
    );
  return read;
}

export interface SheetPeopleRow {
  code: string;
  plate?: string;
  time?: string;
  vehicles?: number;
}

/** A sheet as it prints: who it is of, and its rows. */
export interface SheetDocument {
  id: string;
  code: string;
  kind: 'manifest' | 'tally' | 'registration';
  lang: 'en' | 'ar';
  paper: 'a4' | 'letter';
  issuedAt: string;
  qr: string;
  operation: { id: string; name: string; timezone: string; childUnder: number; elderlyFrom: number };
  /** Label and value pairs at the head of the sheet (convoy, corridor, checkpoint, day ...). */
  facts: { key: string; value: string }[];
  /** Manifest: a row per vehicle; tally: a row per convoy expected that day. Blank rows follow. */
  rows: SheetPeopleRow[];
}

/** An instant as the operation's wall clock reads it: `2016-12-12 08:00`. */
function wallTime(iso: string, timezone: string): string {
  const ms = wallClockMs(wallClockFormat(timezone), Date.parse(iso));
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A sheet of the operation, with what it needs to print: its convoy's vehicles, its day's convoys. */
export async function sheetDocumentOf(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
): Promise<SheetDocument> {
  const sheet = await getRecord(ctx, caller, operationId, 'sheets', ref);
  const operation = await findOperation(ctx.store.db, operationId);
  if (!operation)
    throw new NotFoundError(said('operation {operation} does not exist', { operation: operationId }));
  const bands = JSON.parse(operation.age_bands) as { childUnder: number; elderlyFrom: number };
  const { db, dialect } = ctx.store;
  const corridors = new Map((await allRows(db, dialect, 'corridors', operationId)).map((c) => [c.id, c]));
  const facts: SheetDocument['facts'] = [];
  const people: SheetPeopleRow[] = [];
  const subject: Partial<SheetCodeText> = {};
  if (sheet.kind === 'manifest' && sheet.convoy_id) {
    const convoy = await getRecord(ctx, caller, operationId, 'convoys', sheet.convoy_id);
    const corridor = corridors.get(convoy.corridor_id);
    subject.convoy = convoy.code;
    facts.push({ key: 'sheet.convoy', value: convoy.code });
    if (corridor) facts.push({ key: 'sheet.corridor', value: `${corridor.code} ${corridor.name}` });
    if (convoy.planned_departure)
      facts.push({
        key: 'sheet.plannedDeparture',
        value: `${wallTime(convoy.planned_departure, operation.timezone)} (${operation.timezone})`,
      });
    if (convoy.reception_point_id) {
      const rp = (await allRows(db, dialect, 'reception_points', operationId)).find(
        (r) => r.id === convoy.reception_point_id,
      );
      if (rp) facts.push({ key: 'sheet.receptionPoint', value: `${rp.code} ${rp.name}` });
    }
    const ids = new Set(await vehicleIdsOfConvoy(ctx.store.db, convoy.id));
    for (const v of (await allRows(db, dialect, 'vehicles', operationId))
      .filter((x) => ids.has(x.id))
      .sort((a, b) => compareCodes(a.code, b.code)))
      people.push({ code: v.code, plate: v.plate });
  } else if (sheet.kind === 'tally' && sheet.checkpoint_id && sheet.day) {
    const checkpoint = await getRecord(ctx, caller, operationId, 'checkpoints', sheet.checkpoint_id);
    const corridor = corridors.get(checkpoint.corridor_id);
    Object.assign(subject, { checkpoint: checkpoint.code, day: sheet.day });
    facts.push({ key: 'sheet.checkpoint', value: `${checkpoint.code} ${checkpoint.name}` });
    if (corridor) facts.push({ key: 'sheet.corridor', value: `${corridor.code} ${corridor.name}` });
    facts.push({ key: 'sheet.day', value: `${sheet.day} (${operation.timezone})` });
    // The convoys expected there that day: those of its corridor planned to leave that day.
    const expected = (await allRows(db, dialect, 'convoys', operationId))
      .filter(
        (c) =>
          c.corridor_id === checkpoint.corridor_id &&
          c.planned_departure !== null &&
          localDay(c.planned_departure, operation.timezone) === sheet.day,
      )
      .sort(
        (a, b) => a.planned_departure!.localeCompare(b.planned_departure!) || compareCodes(a.code, b.code),
      );
    // Its planned time as the sheet's day is written: the operation's wall clock.
    for (const c of expected)
      people.push({ code: c.code, time: wallTime(c.planned_departure!, operation.timezone).slice(11) });
  }
  return {
    id: sheet.id,
    code: sheet.code,
    kind: sheet.kind as SheetDocument['kind'],
    lang: sheet.lang as SheetDocument['lang'],
    paper: sheet.paper as SheetDocument['paper'],
    issuedAt: sheet.issued_at,
    qr: sheetCodeText({ operationId, sheetId: sheet.id, code: sheet.code, kind: sheet.kind, ...subject }),
    operation: {
      id: operationId,
      name: operation.name,
      timezone: operation.timezone,
      childUnder: bands.childUnder,
      elderlyFrom: bands.elderlyFrom,
    },
    facts,
    rows: people,
  };
}
