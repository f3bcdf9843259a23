import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { demo, DEMO } from '../../../test/fixtures.js';
import { eventOf, projectableOf } from '../../../test/events.js';
import { MemoryView } from '../memory-view.js';
import { MAX_TALLIES_AT_STATION } from './rules.js';

/** The demo operation folded into memory: the state an append would see, with no database. */
async function demoView(): Promise<MemoryView> {
  const view = new MemoryView(DEMO);
  const now = new Date();
  for (const s of demo()) await view.record(projectableOf(s, DEMO), now, { replay: true });
  return view;
}

async function idOf(
  view: MemoryView,
  table: 'vehicles' | 'corridors' | 'convoys' | 'checkpoints',
  code: string,
): Promise<string> {
  const [row] = await view.rowsWhere(table, { code });
  return row!.id;
}

describe('the rules of convoys', () => {
  const now = new Date();

  it('keep a vehicle on one convoy at a time', async () => {
    const view = await demoView();
    const bus = await idOf(view, 'vehicles', 'VEH-041'); // on CVY-0003, still boarding
    const cor7 = await idOf(view, 'corridors', 'COR-7');
    const planned = (code: string, vehicleIds: string[]) =>
      eventOf('ConvoyPlanned', { convoyId: uuidv7(), code, corridorId: cor7, vehicleIds });
    await expect(view.record(planned('CVY-9102', [bus]), now)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/VEH-041 is already on convoy CVY-0003/),
    });
    // CVY-0001 has arrived: its vehicles are free again.
    await view.record(planned('CVY-9103', [await idOf(view, 'vehicles', 'VEH-001')]), now);
  });

  it('let a convoy depart only through an open corridor, with vehicles and a manifest', async () => {
    const view = await demoView();
    const convoy = await idOf(view, 'convoys', 'CVY-0003');
    const cor1 = await idOf(view, 'corridors', 'COR-1');
    const cor7 = await idOf(view, 'corridors', 'COR-7');
    const status = (convoyId: string, to: 'boarding' | 'departed' | 'arrived') =>
      eventOf('ConvoyStatusChanged', { convoyId, status: to });
    await expect(
      view.record(eventOf('ConvoyPlanned', { convoyId: uuidv7(), code: 'CVY-9100', corridorId: cor1 }), now),
    ).rejects.toThrow(/closed/);
    await expect(view.record(status(convoy, 'arrived'), now)).rejects.toThrow(
      /cannot go from boarding to arrived/,
    );
    const empty = uuidv7();
    await view.record(eventOf('ConvoyPlanned', { convoyId: empty, code: 'CVY-9104', corridorId: cor7 }), now);
    await view.record(status(empty, 'boarding'), now);
    await view.record(eventOf('ManifestRecorded', { convoyId: empty, people: { men: 1 } }), now);
    await expect(view.record(status(empty, 'departed'), now)).rejects.toThrow(/has no vehicles/);
    const fresh = uuidv7();
    const bus = await idOf(view, 'vehicles', 'VEH-250');
    await view.record(
      eventOf('ConvoyPlanned', { convoyId: fresh, code: 'CVY-9101', corridorId: cor7, vehicleIds: [bus] }),
      now,
    );
    await view.record(status(fresh, 'boarding'), now);
    await expect(view.record(status(fresh, 'departed'), now)).rejects.toThrow(/no manifest/);
  });
});

describe('the rules of tallies', () => {
  const now = new Date();

  it('refuse a correction or a void that does not hold, and vehicles not on the convoy', async () => {
    const view = await demoView();
    const convoyId = await idOf(view, 'convoys', 'CVY-0002');
    const other = await idOf(view, 'convoys', 'CVY-0003');
    const checkpointId = await idOf(view, 'checkpoints', 'CP-71');
    const [onIt] = await view.vehiclesOfConvoy(convoyId);
    const [notOnIt] = await view.vehiclesOfConvoy(other);
    const tally = (fields: Record<string, unknown>) =>
      eventOf('PassageRecorded', {
        passageId: uuidv7(),
        checkpointId,
        convoyId,
        source: 'enumerator',
        peopleTotal: 40,
        ...fields,
      });
    const first = tally({});
    await view.record(first, now);
    const firstId = (first.payload as { passageId: string }).passageId;
    const refused = async (fields: Record<string, unknown>, message: RegExp) =>
      expect(view.record(tally(fields), now)).rejects.toThrow(message);
    await refused({ corrects: uuidv7(), reason: 'recount' }, /corrects .* is not a passage of operation/);
    await refused({ corrects: firstId }, /say why the earlier tally is corrected/);
    await refused({ reason: 'recount' }, /a reason goes with a correction/);
    await refused({ corrects: firstId, reason: 'recount', convoyId: other }, /names the convoy of the tally/);
    await refused({ corrects: firstId, reason: 'x', source: 'camera' }, /cannot correct a enumerator count/);
    await refused({ scope: 'vehicles', vehicleIds: [notOnIt!.id] }, /names 1 vehicle not on convoy CVY-0002/);
    await view.record(tally({ scope: 'vehicles', vehicleIds: [onIt!.id] }), now);
    const fix = tally({ corrects: firstId, reason: 'recount', peopleTotal: 41 });
    await view.record(fix, now);
    await refused({ corrects: firstId, reason: 'again' }, /already corrected by/);
    await refused({ scope: 'vehicles', plates: [notOnIt!.plate] }, /names 1 vehicle not on convoy CVY-0002/);
    const voids = (passageId: string) => eventOf('PassageVoided', { passageId, reason: 'wrong convoy' });
    // A corrected tally no longer counts: its correction is what a void undoes.
    await expect(view.record(voids(firstId), now)).rejects.toThrow(
      /is corrected by .*: void or correct that one/,
    );
    const fixId = (fix.payload as { passageId: string }).passageId;
    await view.record(voids(fixId), now);
    await expect(view.record(voids(fixId), now)).rejects.toMatchObject({ code: 'conflict' });
    await refused({ corrects: fixId, reason: 'x' }, /is void: record a new tally/);
    // A tally of no known convoy is matched before it is corrected; a void one is matched to none.
    const loose = tally({ convoyId: undefined });
    await view.record(loose, now);
    const looseId = (loose.payload as { passageId: string }).passageId;
    await refused({ corrects: looseId, reason: 'recount' }, /of no known convoy: match it/);
    await view.record(voids(looseId), now);
    await expect(
      view.record(eventOf('PassageMatched', { passageId: looseId, convoyId, method: 'manual' }), now),
    ).rejects.toThrow(/is void: it counts for no convoy/);
  });

  it('bound the tallies of a convoy at one station, and count only those', async () => {
    const view = await demoView();
    const convoyId = await idOf(view, 'convoys', 'CVY-0002');
    const [entry, exit] = [
      await idOf(view, 'checkpoints', 'CP-71'),
      await idOf(view, 'checkpoints', 'CP-79'),
    ];
    const tally = (checkpointId: string) =>
      eventOf('PassageRecorded', {
        passageId: uuidv7(),
        checkpointId,
        convoyId,
        source: 'enumerator',
        peopleTotal: 870,
      });
    // The demo holds an enumerator's and a camera's tally of CVY-0002 at its entry already.
    for (let i = 2; i < MAX_TALLIES_AT_STATION; i++) await view.record(tally(entry), now);
    await expect(view.record(tally(entry), now)).rejects.toThrow(
      /CVY-0002 has 500 tallies here already: correct or void one/,
    );
    // Another station of the same convoy is counted on its own.
    await view.record(tally(exit), now);
  });

  it('refuse a second vehicle with the same plate written another way', async () => {
    const view = await demoView();
    const [bus] = await view.rowsWhere('vehicles', { code: 'VEH-031' });
    const [organisation] = await view.rowsWhere('organisations', { code: 'ICRC' });
    const plate = bus!.plate.toLowerCase().replace(/-/g, ' ');
    const twin = eventOf('VehicleRegistered', {
      vehicleId: uuidv7(),
      code: 'VEH-9031',
      kind: 'bus',
      seats: 50,
      stretchers: 0,
      organisationId: organisation!.id,
      plate,
    });
    await expect(view.record(twin, now)).rejects.toThrow(`plate ${plate} is the plate of vehicle VEH-031`);
  });
});
