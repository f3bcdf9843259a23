import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Carried, Count, Name, PeopleCounts, Ref, Text } from '../../contracts/common.js';
import { countedKinds } from '../../contracts/vocabulary.js';
import { Day } from '../../contracts/paper/events.js';
import { InvalidInputError, said } from '../../domain/errors.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { wallClockFormat, wallClockMs } from '../../domain/wall-clock.js';
import { findOperation } from '../../store/queries.js';
import type { Caller } from '../access/permissions.js';
import type { AppContext } from '../context.js';
import { contentEventId, derivedId } from '../log/idempotency.js';
import { recordChanges } from '../log/record-changes.js';
import { enterRegistrationForm } from './registration-entry.js';
import { getRecord, parseInput, resolveRef } from '../records/resources.js';
import type { RowOf } from '../../domain/projection.js';

// Entering a filled sheet: what was written on it becomes ordinary events (a manifest, tallies at the
// checkpoint) with the sheet's id and the time written on paper, recorded by whoever typed it. The
// events' ids are made from the sheet and the row, and the entry's digest is recorded with the sheet:
// the same sheet entered twice records nothing more, and entered with other numbers is refused.

/** People by sex and age as written: a box left empty is 0 (PeopleCounts' defaults). */
const WrittenPeople = PeopleCounts;

/** A wall-clock time as written on paper, in the operation's time zone: 09:40. */
const WallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM (24 hours)');

export const ManifestSheetEntry = z.strictObject({
  /** When the manifest was written (signed), on the convoy's day: the day and the time on paper. */
  day: Day,
  time: WallTime,
  vehicles: z
    .array(
      z.strictObject({
        vehicle: Ref,
        people: WrittenPeople,
        stretcherCases: Count.default(0),
        /** The item boxes written in the row (see `columnsWritten`). */
        carried: Carried.optional(),
      }),
    )
    .min(1)
    .max(1000),
  note: Text.optional(),
});

export const TallySheetEntry = z.strictObject({
  enumerator: Name.optional(),
  rows: z
    .array(
      z.strictObject({
        /** The convoy written in the row (left out: an "other convoy" row, matched later). */
        convoy: Ref.optional(),
        time: WallTime,
        vehicles: Count.optional(),
        people: WrittenPeople,
        stretcherCases: Count.default(0),
        carried: Carried.optional(),
      }),
    )
    .min(1)
    .max(500),
});

/** The UTC instant of a wall-clock time on a day in a time zone (the earlier, if the clock ran twice). */
function instantOf(day: string, time: string, timezone: string): string {
  const format = wallClockFormat(timezone);
  const wall = Date.parse(`${day}T${time}:00Z`);
  if (Number.isNaN(wall))
    throw new InvalidInputError(said('{day} {time} is not a time', { day, time }), { field: 'time' });
  // The offset at the guess, then again at the corrected instant (it may change across the hour).
  let utc = wall - (wallClockMs(format, wall) - wall);
  utc = wall - (wallClockMs(format, utc) - utc);
  return new Date(utc).toISOString();
}

/**
 * The items of each row as the sheet's rule reads them: a kind's column left empty on every row was not
 * counted (left out); in a column written in, an empty box is 0.
 */
function columnsWritten(rows: readonly { carried?: Carried | undefined }[]): (Carried | undefined)[] {
  const kinds = countedKinds(rows);
  if (kinds.length === 0) return rows.map(() => undefined);
  return rows.map((r) => Object.fromEntries(kinds.map((k) => [k, r.carried?.[k] ?? 0])) as Carried);
}

type Sheet = RowOf<'sheets'>;
type Built = { events: Record<string, unknown>[]; entry: unknown };
const eventIdOf = (sheet: Sheet, what: string) => contentEventId(`sheet:${sheet.id}:${what}`);

/** A manifest sheet: one ManifestRecorded of the sheet's convoy, by vehicle, at the time signed. */
async function manifestEvents(
  ctx: AppContext,
  operationId: string,
  sheet: Sheet,
  timezone: string,
  input: unknown,
): Promise<Built> {
  const entry = parseInput(ManifestSheetEntry, input);
  const items = columnsWritten(entry.vehicles);
  const byVehicle = await Promise.all(
    entry.vehicles.map(async (v, i) => ({
      vehicleId: await resolveRef(ctx, operationId, 'vehicles', v.vehicle, 'vehicles'),
      people: v.people,
      stretcherCases: v.stretcherCases,
      ...(items[i] ? { carried: items[i] } : {}),
    })),
  );
  const carried: Record<string, number> = {};
  for (const c of items) for (const [k, n] of Object.entries(c ?? {})) carried[k] = (carried[k] ?? 0) + n;
  const people = { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 };
  for (const v of byVehicle)
    for (const k of Object.keys(people) as (keyof typeof people)[]) people[k] += v.people[k];
  const event = {
    id: eventIdOf(sheet, 'manifest'),
    type: 'ManifestRecorded',
    schemaVersion: 1,
    occurredAt: instantOf(entry.day, entry.time, timezone),
    payload: {
      convoyId: sheet.convoy_id,
      people,
      stretcherCases: byVehicle.reduce((s, v) => s + v.stretcherCases, 0),
      ...(items[0] ? { carried } : {}),
      byVehicle,
      sheetId: sheet.id,
      ...(entry.note ? { note: entry.note } : {}),
    },
  };
  return { events: [event], entry: { ...entry, vehicles: asRead(entry.vehicles, items) } };
}

/** A tally sheet: a PassageRecorded per row at the sheet's checkpoint, at the time in the row. */
async function tallyEvents(
  ctx: AppContext,
  operationId: string,
  sheet: Sheet,
  timezone: string,
  input: unknown,
): Promise<Built> {
  const entry = parseInput(TallySheetEntry, input);
  const items = columnsWritten(entry.rows);
  const events: Record<string, unknown>[] = [];
  for (const [i, row] of entry.rows.entries()) {
    const eventId = eventIdOf(sheet, `row:${i}`);
    const convoyId = row.convoy
      ? await resolveRef(ctx, operationId, 'convoys', row.convoy, `rows[${i}].convoy`)
      : undefined;
    events.push({
      id: eventId,
      type: 'PassageRecorded',
      schemaVersion: 1,
      occurredAt: instantOf(sheet.day!, row.time, timezone),
      payload: {
        passageId: derivedId(eventId, 'passage'),
        checkpointId: sheet.checkpoint_id,
        ...(convoyId ? { convoyId } : {}),
        // Counted by an enumerator, written on paper: it counts as an enumerator's tally.
        source: 'enumerator',
        scope: 'convoy',
        people: row.people,
        stretcherCases: row.stretcherCases,
        ...(items[i] ? { carried: items[i] } : {}),
        ...(row.vehicles !== undefined ? { vehicles: row.vehicles } : {}),
        sheetId: sheet.id,
        ...(entry.enumerator ? { note: `Written on sheet ${sheet.code} by ${entry.enumerator}` } : {}),
      },
    });
  }
  return { events, entry: { ...entry, rows: asRead(entry.rows, items) } };
}

/** Rows with their items as the sheet's rule reads them: what the entry's digest is taken over. */
function asRead<T extends { carried?: Carried | undefined }>(
  rows: readonly T[],
  items: (Carried | undefined)[],
) {
  return rows.map(({ carried: _, ...row }, i) => (items[i] ? { ...row, carried: items[i] } : row));
}

export async function enterSheet(
  ctx: AppContext,
  caller: Caller,
  operationId: string,
  ref: string,
  input: unknown,
): Promise<{ sheet: string; events: number; recorded: number }> {
  const sheet = await getRecord(ctx, caller, operationId, 'sheets', ref);
  const operation = (await findOperation(ctx.store.db, operationId))!;
  if (sheet.kind === 'registration') return enterRegistrationForm(ctx, caller, operationId, sheet, input);
  const { events, entry } =
    sheet.kind === 'manifest'
      ? await manifestEvents(ctx, operationId, sheet, operation.timezone, input)
      : await tallyEvents(ctx, operationId, sheet, operation.timezone, input);
  const digest = createHash('sha256').update(canonicalJson(entry)).digest('hex');
  const entered = {
    id: eventIdOf(sheet, 'entered'),
    type: 'SheetEntered',
    schemaVersion: 1,
    // When it was entered is the server's clock's (so the same entry sent again is the same change).
    payload: { sheetId: sheet.id, rows: events.length, digest },
  };
  const outcome = await recordChanges(ctx, operationId, caller, [entered, ...events], { mode: 'live' });
  return { sheet: sheet.code, events: events.length + 1, recorded: outcome.appended };
}
