import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { append, DEMO, idOf, passage, SYSTEM } from '../../../test/fixtures.js';
import { demoStore, type TestStore } from '../../../test/stores.js';
import type { EventSubmission } from '../../contracts/events.js';
import type { Caller } from '../access/permissions.js';
import { createResource } from '../records/resources.js';
import { sitrepOf } from '../reports/sitrep.js';
import { sitrepMarkdown } from '../reports/sitrep-render.js';
import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { createContext } from '../context.js';
import { assignPerson, erasePerson, listRegistrations } from '../protection/registrations.js';
import { enterSheet } from './entry.js';

// A filled sheet entered: the events it becomes, once, with the sheet's id and the time on paper.

let t: TestStore;
beforeAll(async () => {
  t = await demoStore('sqlite');
}, 60_000);
afterAll(() => t.cleanup());

const enumerator: Caller = { actor: 'token:e', role: 'enumerator', organisationId: null, operationId: DEMO };
const issue = async (body: Record<string, unknown>) =>
  String((await createResource(t.ctx, SYSTEM, DEMO, 'sheets', body)).code);
const passagesOf = (sheetCode: string) =>
  t.ctx.store.db
    .selectFrom('passages')
    .innerJoin('sheets', 'sheets.id', 'passages.sheet_id')
    .where('sheets.code', '=', sheetCode)
    .select([
      'passages.source',
      'passages.observed_at',
      'passages.people',
      'passages.convoy_id',
      'passages.checkpoint_id',
    ])
    .orderBy('passages.observed_at')
    .execute();
const people = (men: number, women = 0) => ({
  men,
  women,
  boys: 0,
  girls: 0,
  elderlyMen: 0,
  elderlyWomen: 0,
});

describe('entering a tally sheet', () => {
  let code: string;
  const tally = {
    enumerator: 'A. Enumerator',
    rows: [
      { convoy: 'CVY-0034', time: '09:05', people: { men: 12, women: 9 }, stretcherCases: 1, vehicles: 2 },
      { time: '11:30', people: { men: 3 } },
    ],
  };

  it('records each row as an enumerator’s tally at the sheet’s checkpoint, at the time on paper', async () => {
    code = await issue({ kind: 'tally', checkpointId: 'CP-11', day: '2016-11-27' });
    const outcome = await enterSheet(t.ctx, enumerator, DEMO, code, tally);
    expect(outcome).toEqual({ sheet: code, events: 3, recorded: 3 });
    const rows = await passagesOf(code);
    expect(rows.map((r) => [r.source, r.observed_at])).toEqual([
      // Damascus was UTC+2 in November 2016.
      ['enumerator', '2016-11-27T07:05:00.000Z'],
      ['enumerator', '2016-11-27T09:30:00.000Z'],
    ]);
    expect(JSON.parse(rows[0]!.people!)).toEqual(people(12, 9));
    expect(rows[0]!.convoy_id).not.toBeNull();
    expect(rows[1]!.convoy_id).toBeNull();
    const sheet = await t.ctx.store.db
      .selectFrom('sheets')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(sheet.entered_at).not.toBeNull();
  });

  it('entered again, records nothing more', async () => {
    expect(await enterSheet(t.ctx, enumerator, DEMO, code, tally)).toEqual({
      sheet: code,
      events: 3,
      recorded: 0,
    });
    expect(await passagesOf(code)).toHaveLength(2);
  });

  it('is counted in the situation report as from paper', async () => {
    const { sitrep } = await sitrepOf(t.ctx, SYSTEM, DEMO, {});
    expect(sitrep.overview.paper).toEqual({ tallies: 2, people: 24, manifests: 0 });
    expect(sitrepMarkdown(sitrep)).toContain(
      'From printed sheets, entered later: 2 tallies (counting 24 people)',
    );
  });

  it('entered again with other numbers, is refused and changes nothing', async () => {
    const other = { ...tally, rows: [{ ...tally.rows[0]!, people: { men: 13, women: 9 } }, tally.rows[1]!] };
    await expect(enterSheet(t.ctx, enumerator, DEMO, code, other)).rejects.toThrow(
      /already used for another change/,
    );
    expect(JSON.parse((await passagesOf(code))[0]!.people!)).toEqual(people(12, 9));
  });

  it('is refused to someone who may not record counts, and for a sheet the operation does not have', async () => {
    const fresh = await issue({ kind: 'tally', checkpointId: 'CP-11', day: '2016-11-28' });
    const viewer: Caller = { ...enumerator, role: 'viewer' };
    await expect(enterSheet(t.ctx, viewer, DEMO, fresh, tally)).rejects.toThrow(/viewer role may not record/);
    await expect(enterSheet(t.ctx, enumerator, DEMO, 'SHT-9999', tally)).rejects.toThrow(
      /no sheets SHT-9999/,
    );
    await expect(
      enterSheet(t.ctx, enumerator, DEMO, fresh, { rows: [{ time: '25:00', people: {} }] }),
    ).rejects.toThrow(/HH:MM/);
    expect(await passagesOf(fresh)).toHaveLength(0);
  });
});

describe('a tally from a sheet, sent as an event', () => {
  it('is of the sheet’s own checkpoint, and of a tally sheet', async () => {
    const tally = await createResource(t.ctx, SYSTEM, DEMO, 'sheets', {
      kind: 'tally',
      checkpointId: 'CP-11',
      day: '2016-11-29',
    });
    const form = await createResource(t.ctx, SYSTEM, DEMO, 'sheets', { kind: 'registration' });
    const elsewhere = await idOf(t.ctx, 'checkpoints', 'CP-19');
    const at11 = await idOf(t.ctx, 'checkpoints', 'CP-11');
    const send = (checkpointId: string, sheetId: string) => {
      const event = passage(checkpointId, { men: 1 }, { occurredAt: '2016-11-29T08:00:00.000Z' });
      const payload = { ...(event.payload as Record<string, unknown>), sheetId };
      return append(t.ctx, [{ ...event, payload } as EventSubmission], enumerator);
    };
    await expect(send(elsewhere, String(tally.id))).rejects.toThrow(/is of another checkpoint/);
    await expect(send(at11, String(form.id))).rejects.toThrow(/is a registration sheet, not a tally sheet/);
    expect((await send(at11, String(tally.id))).appended).toBe(1);
  });
});

describe('entering a manifest sheet', () => {
  it('records the manifest by vehicle; a vehicle written fuller than its seats is refused, nothing recorded', async () => {
    const convoy = await createResource(t.ctx, SYSTEM, DEMO, 'convoys', {
      // The demo's one corridor not closed.
      corridorId: 'COR-6',
      vehicleIds: ['VEH-001', 'VEH-002'],
    });
    const code = await issue({ kind: 'manifest', convoyId: String(convoy.code) });
    const over = {
      day: '2016-12-20',
      time: '06:30',
      vehicles: [{ vehicle: 'VEH-001', people: people(500) }],
    };
    await expect(enterSheet(t.ctx, SYSTEM, DEMO, code, over)).rejects.toThrow(/seat/);
    // A day the calendar does not have is refused, not moved to the next month.
    await expect(enterSheet(t.ctx, SYSTEM, DEMO, code, { ...over, day: '2016-02-30' })).rejects.toThrow(
      /a day of the calendar/,
    );
    const convoyRow = () =>
      t.ctx.store.db
        .selectFrom('convoys')
        .selectAll()
        .where('id', '=', String(convoy.id))
        .executeTakeFirstOrThrow();
    expect((await convoyRow()).manifest).toBeNull();
    const entry = {
      day: '2016-12-20',
      time: '06:30',
      vehicles: [
        { vehicle: 'VEH-001', people: people(20, 15) },
        { vehicle: 'VEH-002', people: people(10, 12) },
      ],
    };
    expect((await enterSheet(t.ctx, SYSTEM, DEMO, code, entry)).recorded).toBe(2);
    const row = await convoyRow();
    expect(row.manifest_recorded_at).toBe('2016-12-20T04:30:00.000Z');
    const manifest = JSON.parse(row.manifest!) as {
      people: unknown;
      stretcherCases: number;
      sheetId: string;
    };
    expect(manifest.people).toEqual(people(30, 27));
    expect(manifest.stretcherCases).toBe(0);
    expect(manifest.sheetId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records what people carry by the sheet’s rule: a column written in counts its empty boxes as 0, an empty column is not counted', async () => {
    const convoy = await createResource(t.ctx, SYSTEM, DEMO, 'convoys', {
      corridorId: 'COR-6',
      vehicleIds: ['VEH-003', 'VEH-004'],
    });
    const code = await issue({ kind: 'manifest', convoyId: String(convoy.code) });
    await enterSheet(t.ctx, SYSTEM, DEMO, code, {
      day: '2016-12-20',
      time: '07:00',
      vehicles: [
        { vehicle: 'VEH-003', people: people(20), carried: { luggage: 14, wheelchairs: 1 } },
        { vehicle: 'VEH-004', people: people(18), carried: { luggage: 9 } },
      ],
    });
    const row = await t.ctx.store.db
      .selectFrom('convoys')
      .select('manifest')
      .where('id', '=', String(convoy.id))
      .executeTakeFirstOrThrow();
    const manifest = JSON.parse(row.manifest!) as {
      carried: Record<string, number>;
      byVehicle: { carried: Record<string, number> }[];
    };
    expect(manifest.carried).toEqual({ luggage: 23, wheelchairs: 1 });
    expect(manifest.byVehicle.map((v) => v.carried)).toEqual([
      { luggage: 14, wheelchairs: 1 },
      { luggage: 9, wheelchairs: 0 },
    ]);

    const tally = await issue({ kind: 'tally', checkpointId: 'CP-11', day: '2016-11-30' });
    await enterSheet(t.ctx, enumerator, DEMO, tally, {
      rows: [
        { time: '08:00', people: { men: 4 }, carried: { pets: 2 } },
        { time: '08:30', people: { men: 5 } },
      ],
    });
    const carried = await t.ctx.store.db
      .selectFrom('passages')
      .innerJoin('sheets', 'sheets.id', 'passages.sheet_id')
      .where('sheets.code', '=', tally)
      .select('passages.carried')
      .orderBy('passages.observed_at')
      .execute();
    expect(carried.map((c) => JSON.parse(c.carried!))).toEqual([{ pets: 2 }, { pets: 0 }]);
    // Entered again with the empty box written as 0: the same sheet as read, nothing more recorded.
    const again = await enterSheet(t.ctx, enumerator, DEMO, tally, {
      rows: [
        { time: '08:00', people: { men: 4 }, carried: { pets: 2 } },
        { time: '08:30', people: { men: 5 }, carried: { pets: 0 } },
      ],
    });
    expect(again.recorded).toBe(0);
  });
});

describe('entering a registration form', () => {
  const protection: Caller = { ...enumerator, actor: 'token:p', role: 'protection' };
  const form = {
    child: true,
    unaccompanied: true,
    person: {
      name: { latin: 'Sara Haddad', arabic: 'سارة حداد' },
      sex: 'female',
      age: 9,
      legalBasis: 'vital-interest',
    },
  };
  let ctx: typeof t.ctx;
  let code: string;
  beforeAll(async () => {
    ctx = createContext(t.store, undefined, { masterKey: randomBytes(32) });
    code = String((await createResource(ctx, protection, DEMO, 'sheets', { kind: 'registration' })).code);
  });
  const registered = () =>
    t.ctx.store.db
      .selectFrom('events')
      .select(['payload'])
      .where('type', '=', 'PersonRegistered')
      .where('payload', 'like', '%sheetId%')
      .execute();

  it('records one sealed registration with the form’s sheet id, entered by the protection team', async () => {
    expect(await enterSheet(ctx, protection, DEMO, code, form)).toEqual({
      sheet: code,
      events: 1,
      recorded: 1,
    });
    const events = await registered();
    expect(events).toHaveLength(1);
    const payload = JSON.parse(events[0]!.payload) as Record<string, unknown>;
    expect(payload).toMatchObject({ child: true, unaccompanied: true });
    // The name is sealed: not in the log in the clear.
    expect(events[0]!.payload).not.toContain('Haddad');
    const sheet = await ctx.store.db
      .selectFrom('sheets')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(payload.sheetId).toBe(sheet.id);
    expect(sheet.entered_at).not.toBeNull();
    const [held] = await listRegistrations(ctx, protection, DEMO, { purpose: 'audit' }).then((p) =>
      p.items.filter((r) => r.id === payload.registrationId),
    );
    expect(held?.person?.name).toEqual(form.person.name);
  });

  it('entered again, records nothing more; with other details, is refused and changes nothing', async () => {
    expect(await enterSheet(ctx, protection, DEMO, code, form)).toEqual({
      sheet: code,
      events: 1,
      recorded: 0,
    });
    const other = { ...form, person: { ...form.person, age: 10 } };
    await expect(enterSheet(ctx, protection, DEMO, code, other)).rejects.toThrow(
      /entered as registration REG-\d+ with other details/,
    );
    expect(await registered()).toHaveLength(1);
  });

  it('is refused to those who may not register people, and a tally or manifest sheet is not a form', async () => {
    const fresh = String(
      (await createResource(ctx, protection, DEMO, 'sheets', { kind: 'registration' })).code,
    );
    await expect(enterSheet(ctx, enumerator, DEMO, fresh, form)).rejects.toThrow(
      /enumerator role may not record PersonRegistered/,
    );
    const tally = await issue({ kind: 'tally', checkpointId: 'CP-11', day: '2016-12-01' });
    await expect(
      enterSheet(ctx, protection, DEMO, tally, { rows: [{ time: '08:00', people: { men: 1 } }] }),
    ).rejects.toThrow(/protection role may not record/);
    expect(await registered()).toHaveLength(1);
    // Nor is a registration form marked entered by anyone's SheetEntered: its registration marks it.
    const sheet = await ctx.store.db
      .selectFrom('sheets')
      .select('id')
      .where('code', '=', fresh)
      .executeTakeFirstOrThrow();
    const entered = {
      id: uuidv7(),
      type: 'SheetEntered',
      schemaVersion: 1,
      payload: { sheetId: sheet.id, rows: 0, digest: '0'.repeat(64) },
    };
    await expect(append(ctx, [entered as EventSubmission], enumerator)).rejects.toThrow(
      /is a registration form/,
    );
    await expect(append(ctx, [entered as EventSubmission], protection)).rejects.toThrow(
      /protection role may not record SheetEntered/,
    );
  });

  /** A protection officer of the organisation the forms register for (the coordinating body). */
  const registeringOfficer = async (): Promise<Caller> => {
    const body = await t.ctx.store.db
      .selectFrom('organisations')
      .select('id')
      .where('role', '=', 'coordinating-body')
      .executeTakeFirstOrThrow();
    return { ...protection, organisationId: body.id };
  };

  it('sent again after the person was moved to another convoy, is still the same form', async () => {
    const sheet = String(
      (await createResource(ctx, protection, DEMO, 'sheets', { kind: 'registration' })).code,
    );
    const placed = { ...form, convoyId: 'CVY-0001' };
    const before = (await registered()).length;
    expect(await enterSheet(ctx, protection, DEMO, sheet, placed)).toMatchObject({ recorded: 1 });
    const { registrationId } = JSON.parse((await registered()).at(-1)!.payload) as { registrationId: string };
    // Moved by a protection officer of the organisation it was registered for (the coordinating body's).
    await assignPerson(ctx, await registeringOfficer(), DEMO, registrationId, {
      convoyId: 'CVY-0002',
    });
    expect(await enterSheet(ctx, protection, DEMO, sheet, placed)).toMatchObject({ recorded: 0 });
    // Another convoy on the form than the one it was entered with is other details.
    await expect(enterSheet(ctx, protection, DEMO, sheet, { ...form, convoyId: 'CVY-0003' })).rejects.toThrow(
      /with other details/,
    );
    expect(await registered()).toHaveLength(before + 1);
  });

  it('sent again after its personal data was erased, is refused as erased, bringing nothing back', async () => {
    const sheet = String(
      (await createResource(ctx, protection, DEMO, 'sheets', { kind: 'registration' })).code,
    );
    expect(await enterSheet(ctx, protection, DEMO, sheet, form)).toMatchObject({ recorded: 1 });
    const { registrationId } = JSON.parse((await registered()).at(-1)!.payload) as { registrationId: string };
    await erasePerson(ctx, await registeringOfficer(), DEMO, registrationId, {
      reason: 'person-asked',
    });
    const before = (await registered()).length;
    await expect(enterSheet(ctx, protection, DEMO, sheet, form)).rejects.toThrow(
      /whose personal data was erased on \d{4}-\d{2}-\d{2}: an erased registration's form is not entered again/,
    );
    expect(await registered()).toHaveLength(before);
    const row = await t.ctx.store.db
      .selectFrom('registrations')
      .selectAll()
      .where('id', '=', registrationId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'erased' });
  });
});
