import type { Carried, PeopleCounts } from '../../src/contracts/common.js';
import type { EventType } from '../../src/contracts/events.js';
import { routeProfile, type Position } from '../../src/domain/geo.js';
import { STAGE_1_DEPARTED } from './figures.js';
import type { Id, Payloads } from './scenario.js';

type AddOwn = <T extends EventType>(key: string, type: T, occurredAt: string, payload: Payloads[T]) => void;

/**
 * The recorded history of stage 2, made deterministically so that the figures computed from it match
 * the brief: with the three sample convoys (CVY-0001 to CVY-0003, 870 people each) the arrived convoys carry 34,000
 * people, 14,000 men, 8,500 women, 8,500 children and 3,000 elderly people (the brief leaves the rest
 * unbroken down: here it is recorded as elderly), and every one of the 300 buses and 380 ambulances
 * boards a convoy. 30 convoys of 26 buses and 13 ambulances go one after the other on COR-7, every
 * five hours from 16 December, each counted at the entry, Ramouseh and the exit. Illustrative.
 */
export const STAGE_2_CONVOYS = 30;
const BUSES_PER_CONVOY = 26;
const AMBULANCES_PER_CONVOY = 13;
/** The manifest of each of the three sample convoys of stage 2, CVY-0001 to CVY-0003: 870 people. */
export const SAMPLE_PEOPLE: PeopleCounts = {
  men: 300,
  women: 230,
  boys: 140,
  girls: 135,
  elderlyMen: 30,
  elderlyWomen: 35,
};

/**
 * What each sample convoy's manifest and enumerators count as carried (illustrative: the source gives
 * no such figures). Cameras and drones count no items.
 */
export const SAMPLE_CARRIED: Carried = { luggage: 410, wheelchairs: 6, crutches: 9, oxygen: 3, pets: 4 };

/** What the history adds to the three sample convoys' manifests to reach the brief's totals. */
const HISTORY_PEOPLE: PeopleCounts = {
  men: 14_000 - 3 * SAMPLE_PEOPLE.men,
  women: 8_500 - 3 * SAMPLE_PEOPLE.women,
  boys: 4_250 - 3 * SAMPLE_PEOPLE.boys,
  girls: 4_250 - 3 * SAMPLE_PEOPLE.girls,
  elderlyMen: 1_500 - 3 * SAMPLE_PEOPLE.elderlyMen,
  elderlyWomen: 1_500 - 3 * SAMPLE_PEOPLE.elderlyWomen,
};

/** `total` in `parts` whole shares that differ by at most one. */
function share(total: number, parts: number, k: number): number {
  return Math.floor(total / parts) + (k < total % parts ? 1 : 0);
}

/** The `k`th of `parts` convoys' people: each category shared out as evenly as whole people allow. */
function sharePeople(totals: PeopleCounts, parts: number, k: number): PeopleCounts {
  return Object.fromEntries(
    Object.entries(totals).map(([cat, total]) => [cat, share(total, parts, k)]),
  ) as PeopleCounts;
}

const convoyCode = (n: number) => `CVY-${String(n).padStart(4, '0')}`;

export function stage2History(
  addOwn: AddOwn,
  id: Id,
  corridorId: string,
  cps: { entry: string; exit: string; intermediate?: string },
  receptionPointId: string,
  vehicleIds: readonly string[],
): void {
  // The sample convoys CVY-0002 (in transit) and CVY-0003 (boarding) keep their vehicles.
  const buses = [...vehicleIds.slice(0, 20), ...vehicleIds.slice(60, 300)];
  const ambulances = [...vehicleIds.slice(300, 312), ...vehicleIds.slice(324, 680)];
  const start = Date.parse('2016-12-16T10:00:00.000Z');
  const at = (ms: number) => new Date(ms).toISOString();
  for (let k = 0; k < STAGE_2_CONVOYS; k++) {
    const n = 4 + k;
    const code = convoyCode(n);
    const t0 = start + k * 5 * 3_600_000;
    const min = (m: number) => at(t0 + m * 60_000);
    const convoyId = id(`history:convoy:${n}`, min(0));
    const people = sharePeople(HISTORY_PEOPLE, STAGE_2_CONVOYS, k);
    const stretcherCases = 20 + (k % 7);
    const vehicles = [
      ...Array.from(
        { length: BUSES_PER_CONVOY },
        (_, j) => buses[(k * BUSES_PER_CONVOY + j) % buses.length]!,
      ),
      ...Array.from(
        { length: AMBULANCES_PER_CONVOY },
        (_, j) => ambulances[(k * AMBULANCES_PER_CONVOY + j) % ambulances.length]!,
      ),
    ];
    const key = (what: string) => `history:${n}:${what}`;
    addOwn(key('planned'), 'ConvoyPlanned', min(0), {
      convoyId,
      code,
      corridorId,
      vehicleIds: vehicles,
      receptionPointId,
      plannedDeparture: min(180),
    });
    addOwn(key('boarding'), 'ConvoyStatusChanged', min(120), { convoyId, status: 'boarding' });
    addOwn(key('manifest'), 'ManifestRecorded', min(160), { convoyId, people, stretcherCases });
    addOwn(key('departed'), 'ConvoyStatusChanged', min(180), { convoyId, status: 'departed' });
    const passage = (what: string, checkpointId: string, m: number) =>
      addOwn(key(what), 'PassageRecorded', min(m), {
        passageId: id(key(what), min(m)),
        checkpointId,
        convoyId,
        source: 'enumerator',
        people,
        stretcherCases,
        vehicles: vehicles.length,
      });
    passage('entry', cps.entry, 185);
    passage('ramouseh', cps.intermediate!, 220);
    passage('exit', cps.exit, 260);
    addOwn(key('arrived'), 'ConvoyStatusChanged', min(270), { convoyId, status: 'arrived' });
  }
}

/**
 * The recorded history of stage 1: an illustrative reconstruction of one reported figure, FIG-1, about
 * 110,000 people who left east Aleppo through the corridors in stage 1, a claim of the Ministry of
 * Defence of the Russian Federation (RU-MOD) in the Minister of Defence's report to the President, as
 * quoted in a news article dated 2016-12-24 (see figures.ts). The source gives no convoys, dates or
 * vehicles for stage 1 and no breakdown by sex and age: all of it but the total is made up here,
 * deterministically, so that the figures computed from the convoys equal the claim exactly.
 *
 * - 120 convoys, 24 on each corridor of stage 1 that opened (COR-1 to COR-5; COR-6 stays planned), one
 *   every 17 hours on each corridor from 27 November, 40 minutes apart from one corridor to the next,
 *   all arrived before the corridors close at 18:00 on 14 December. Codes CVY-0034 to CVY-0153 in the
 *   order they depart: after the codes of stage 2, so that those stay what they were.
 * - Each convoy is the movement notified for its corridor (NTF-1 to NTF-5): 20 buses and 10
 *   ambulances, 940 places of which 20 stretchers. The same vehicles shuttle on their corridor, each
 *   convoy planned once the one before has arrived: 100 buses (VEH-001 to VEH-100) and 50 ambulances
 *   (VEH-301 to VEH-350) in all.
 * - People: 110,000 exactly, by sex and age in the proportions of stage 2 (14,000 men, 8,500 women,
 *   8,500 children and 3,000 elderly people of 34,000: see stage2History), rounded to whole people
 *   (STAGE_1_PEOPLE) and shared over the convoys in whole numbers that differ by at most one (914 to
 *   920 people a convoy). Stretcher cases, 10 to 16 a convoy, are illustrative too.
 * - Each convoy is planned, boards, has its manifest recorded (its note says whose figure it
 *   reconstructs), departs, is counted by an enumerator at its corridor's entry and exit checkpoints
 *   with the manifest's numbers (nobody goes missing in this record) and arrives at the corridor's
 *   reception point. The drive takes the route's length at 20 km/h, the planning speed of the default
 *   accountability policy.
 */
export const STAGE_1_CONVOYS_PER_CORRIDOR = 24;
const STAGE_1_BUSES = 20;
const STAGE_1_AMBULANCES = 10;
/** 110,000 in the proportions of stage 2: 110,000 x 14,000 / 34,000 = 45,294.1 men, and so on. */
export const STAGE_1_PEOPLE: PeopleCounts = {
  men: 45_294,
  women: 27_500,
  boys: 13_750,
  girls: 13_750,
  elderlyMen: 4_853,
  elderlyWomen: 4_853,
};

export interface Stage1Corridor {
  corridorId: string;
  checkpoints: { entry: string; exit: string };
  receptionPointId: string;
  route: readonly Position[];
}

export function stage1History(
  addOwn: AddOwn,
  id: Id,
  corridors: readonly Stage1Corridor[],
  vehicleIds: readonly string[],
): void {
  const convoys = corridors.length * STAGE_1_CONVOYS_PER_CORRIDOR;
  const claim = STAGE_1_DEPARTED;
  const note = [
    `Illustrative reconstruction: one of ${convoys} convoys that together carry the`,
    `${claim.value.toLocaleString('en-GB')} people reported for stage 1 in ${claim.code}, a claim of the`,
    `${claim.source} in the ${claim.document}. The source gives no convoys, dates or breakdown by sex`,
    'and age for stage 1: the people are shared over the convoys in the proportions of stage 2.',
  ].join(' ');
  const start = Date.parse('2016-11-27T07:00:00.000Z');
  const at = (ms: number) => new Date(ms).toISOString();
  // Made first, then added in the order they happened: the convoys of the corridors overlap in time.
  const events: { ms: number; add: () => void }[] = [];
  for (let k = 0; k < STAGE_1_CONVOYS_PER_CORRIDOR; k++)
    corridors.forEach((c, j) => {
      const i = k * corridors.length + j;
      const n = 4 + STAGE_2_CONVOYS + i; // After CVY-0001 to CVY-0003 and stage 2's CVY-0004 to CVY-0033.
      const code = convoyCode(n);
      const t0 = start + k * 17 * 3_600_000 + j * 40 * 60_000;
      const min = (m: number) => at(t0 + m * 60_000);
      const convoyId = id(`stage1:convoy:${n}`, min(0));
      const people = sharePeople(STAGE_1_PEOPLE, convoys, i);
      const stretcherCases = 10 + (i % 7);
      const vehicles = [
        ...vehicleIds.slice(j * STAGE_1_BUSES, (j + 1) * STAGE_1_BUSES),
        ...vehicleIds.slice(300 + j * STAGE_1_AMBULANCES, 300 + (j + 1) * STAGE_1_AMBULANCES),
      ];
      const drive = Math.ceil((routeProfile(c.route).lengthKm / 20) * 60);
      const key = (what: string) => `stage1:${n}:${what}`;
      const later = <T extends EventType>(what: string, type: T, m: number, payload: Payloads[T]) =>
        events.push({ ms: t0 + m * 60_000, add: () => addOwn(key(what), type, min(m), payload) });
      later('planned', 'ConvoyPlanned', 0, {
        convoyId,
        code,
        corridorId: c.corridorId,
        vehicleIds: vehicles,
        receptionPointId: c.receptionPointId,
        plannedDeparture: min(120),
      });
      later('boarding', 'ConvoyStatusChanged', 60, { convoyId, status: 'boarding' });
      later('manifest', 'ManifestRecorded', 100, { convoyId, people, stretcherCases, note });
      later('departed', 'ConvoyStatusChanged', 120, { convoyId, status: 'departed' });
      const passage = (what: string, checkpointId: string, m: number) =>
        later(what, 'PassageRecorded', m, {
          passageId: id(key(what), min(m)),
          checkpointId,
          convoyId,
          source: 'enumerator',
          people,
          stretcherCases,
          vehicles: vehicles.length,
        });
      passage('entry', c.checkpoints.entry, 125);
      passage('exit', c.checkpoints.exit, 125 + drive);
      later('arrived', 'ConvoyStatusChanged', 135 + drive, { convoyId, status: 'arrived' });
    });
  // A stable sort: the events of one convoy keep their order.
  for (const e of events.sort((a, b) => a.ms - b.ms)) e.add();
}

/**
 * After stage 2: people returning to the eastern neighbourhoods of stage 1, power, water, health,
 * bakeries and schools coming back, access, and aid delivered. Illustrative: the brief says only that
 * people returned, power and water were restored in many neighbourhoods and aid was delivered; the
 * numbers, dates and sources here are made up to show the records, and say so.
 */
export function recoveryRecords(
  addOwn: AddOwn,
  id: Id,
  org: Record<string, string>,
  areaOf: (neighbourhood: string) => string,
): void {
  const note = 'Illustrative demo record: not from the source article.';
  const areas = ['Hanano', 'as-Sakhour', 'Sheikh Najjar', "Ba'aiedeen", 'al-Haydariyeh'] as const;
  areas.forEach((name, i) => {
    const area = areaOf(name);
    const at = (day: string, h = 9) => `${day}T${String(h + i).padStart(2, '0')}:00:00.000Z`;
    const returned = (
      key: string,
      day: string,
      scale: number,
      from: { fromAreaId: string } | { fromPlace: string },
    ) =>
      addOwn(`recovery:${i}:${key}`, 'ReturnsRecorded', at(day), {
        returnId: id(`recovery:${i}:${key}`, at(day)),
        areaId: area,
        ...from,
        people: {
          men: 120 * scale,
          women: 140 * scale,
          boys: 90 * scale,
          girls: 85 * scale,
          elderlyMen: 20 * scale,
          elderlyWomen: 25 * scale,
        },
        sourceOrganisationId: org['SY-GOV']!,
        sourceDocument: 'Local council return count (illustrative)',
        method: 'estimated',
        note,
      });
    returned('returns:1', '2016-12-27', 1 + i, { fromAreaId: areaOf('Jibreen') });
    returned('returns:2', '2017-01-05', 2 + i, { fromPlace: 'Western Aleppo (host families)' });
    const services = [
      ['power', ['not-functional', 'partly', 'functional']],
      ['water', ['not-functional', 'partly', 'partly']],
      ['health', ['not-functional', 'partly', 'partly']],
      ['bakery', ['not-functional', 'not-functional', 'partly']],
      ['school', ['not-functional', 'not-functional', 'not-functional']],
    ] as const;
    const days = ['2016-12-23', '2016-12-30', '2017-01-08'];
    for (const [service, statuses] of services)
      statuses.forEach((status, d) =>
        addOwn(`recovery:${i}:${service}:${d}`, 'ServiceStatusRecorded', at(days[d]!, 8), {
          statusId: id(`recovery:${i}:${service}:${d}`, at(days[d]!, 8)),
          areaId: area,
          service,
          status,
          ...(service === 'bakery' || service === 'health' ? { facilities: 2 + i } : {}),
          sourceOrganisationId: d === 0 ? org['UN-OCHA']! : org['SY-GOV']!,
          sourceDocument:
            d === 0 ? 'Rapid needs assessment (illustrative)' : 'Municipal service update (illustrative)',
          note,
        }),
      );
    addOwn(`recovery:${i}:access`, 'AccessStatusRecorded', at('2016-12-24', 7), {
      statusId: id(`recovery:${i}:access`, at('2016-12-24', 7)),
      areaId: area,
      status: i < 3 ? 'accessible' : 'restricted',
      ...(i < 3 ? {} : { reason: 'Roads not yet cleared of debris and explosive remnants' }),
      sourceOrganisationId: org['UN-OCHA']!,
      sourceDocument: 'Access snapshot (illustrative)',
      note,
    });
    const aid = [
      ['ICRC', 'food', 'Food parcels', 800 + 100 * i, 'parcels', 4000 + 500 * i],
      ['ICRC', 'wash', 'Water trucking', 120 + 10 * i, 'm3', 3000],
      ['WHO', 'health', 'Trauma kits', 5 + i, 'kits', undefined],
      ['UN-OCHA', 'nfi', 'Winter blankets', 1500, 'blankets', 1500],
    ] as const;
    aid.forEach(([who, sector, item, quantity, unit, beneficiaries], a) =>
      addOwn(`recovery:${i}:aid:${a}`, 'AidDelivered', at('2016-12-29', 6 + a), {
        deliveryId: id(`recovery:${i}:aid:${a}`, at('2016-12-29', 6 + a)),
        organisationId: org[who]!,
        sector,
        item,
        quantity,
        unit,
        areaId: area,
        ...(beneficiaries === undefined ? {} : { beneficiaries }),
        sourceDocument: 'Distribution report (illustrative)',
        note,
      }),
    );
  });
}

/**
 * The end of the historical record: the sample convoys CVY-0002 (on the road since 15 December) and
 * CVY-0003 (boarding on 16 December) are counted at Ramouseh and the exit and arrive, as every convoy
 * of stage 2 did, and COR-7 closes when stage 2 ends. The source gives neither; like the sample
 * convoys, this is illustrative. Added last, with ids of their own.
 */
export function historicalEnding(
  addOwn: AddOwn,
  id: Id,
  corridorId: string,
  cps: { entry: string; exit: string; intermediate?: string },
  sample: { convoyId: string; departed: boolean; at: (hour: number, minute?: number) => string }[],
): void {
  for (const [i, c] of sample.entries()) {
    const key = (what: string) => `ending:${i}:${what}`;
    const { convoyId, at } = c;
    const passage = (what: string, checkpointId: string, time: string) =>
      addOwn(key(what), 'PassageRecorded', time, {
        passageId: id(key(what), time),
        checkpointId,
        convoyId,
        source: 'enumerator',
        people: SAMPLE_PEOPLE,
        stretcherCases: 12,
        carried: SAMPLE_CARRIED,
        vehicles: 26,
      });
    if (!c.departed) {
      addOwn(key('departed'), 'ConvoyStatusChanged', at(1), { convoyId, status: 'departed' });
      passage('entry', cps.entry, at(1, 5));
    }
    passage('ramouseh', cps.intermediate!, at(1, 40));
    addOwn(key('drone'), 'PassageRecorded', at(2), {
      passageId: id(key('drone'), at(2)),
      checkpointId: cps.intermediate!,
      convoyId,
      source: 'drone',
      vehicles: 26,
    });
    passage('exit', cps.exit, at(2, 20));
    addOwn(key('arrived'), 'ConvoyStatusChanged', at(3, 30), { convoyId, status: 'arrived' });
  }
  addOwn('ending:closed', 'CorridorStatusChanged', '2016-12-22T20:00:00.000Z', {
    corridorId,
    status: 'closed',
    reason: 'End of stage 2',
  });
}
