import type { EventPayloadInput, EventSubmission, EventType } from '../../src/contracts/events.js';
import { alongRoute, routeProfile, type Position } from '../../src/domain/geo.js';
import { scenarioId } from '../scenario-ids.js';
import { reportedFigures } from './figures.js';
import {
  historicalEnding,
  recoveryRecords,
  SAMPLE_CARRIED,
  SAMPLE_PEOPLE,
  stage1History,
  stage2History,
} from './history.js';
import { loadGovernorate, loadNeighbourhoods, neighbourGraph, routeThrough } from './places.js';

export const OPERATION_ID = 'aleppo-2016';
const SEED = OPERATION_ID;

const DESCRIPTION = [
  'Illustrative reconstruction of the evacuation of east Aleppo, late November to 22 December 2016, for',
  'demonstration and training. It is built from a partisan news article dated 2016-12-24 and public',
  'reporting; every figure in it is recorded as a claim by a named source, and the sources disagree.',
  'Corridor routes follow neighbourhood adjacency (no OpenStreetMap road network of Aleppo was available),',
  'so they are not real roads. Places of checkpoints, command posts and reception points, the fleet',
  'registry, plates and the sample convoys are illustrative. Neighbourhood polygons: Columbia Center for',
  'Spatial Research (MIT); governorate boundary: OCHA COD-AB (CC BY-IGO).',
].join(' ');

const ORGANISATIONS = [
  {
    code: 'CELL',
    name: 'Operation coordination cell (illustrative)',
    role: 'coordinating-body',
    // Illustrative, like the cell: the demo names no real person's address or number.
    contact: { title: 'Duty officer', email: 'duty.officer@cell.example.org', radio: 'CELL-OPS on VHF 5' },
  },
  { code: 'RU-MOD', name: 'Ministry of Defence of the Russian Federation', role: 'guarantor' },
  { code: 'TR-GOV', name: 'Government of Türkiye', role: 'guarantor' },
  { code: 'IR-GOV', name: 'Government of the Islamic Republic of Iran', role: 'guarantor' },
  {
    code: 'SY-GOV',
    name: 'Syrian Government authorities',
    role: 'authority',
    nameAr: 'السلطات الحكومية السورية',
  },
  { code: 'AOG-EA', name: 'Armed opposition groups in east Aleppo', role: 'party-to-conflict' },
  { code: 'UN-OCHA', name: 'UN Office for the Coordination of Humanitarian Affairs', role: 'un-agency' },
  { code: 'WHO', name: 'World Health Organization', role: 'un-agency' },
  { code: 'ICRC', name: 'International Committee of the Red Cross', role: 'red-cross-red-crescent' },
  { code: 'NEWS-1224', name: 'News article of 2016-12-24 (publisher not named in the brief)', role: 'media' },
  { code: 'UN-WG', name: 'UN agencies and Western governments, as reported in the article', role: 'other' },
] as const;

/** Seven corridors: six of stage 1 from the north-east, one of stage 2 through Ramouseh. */
const CORRIDORS = [
  { from: 'Hanano', to: 'Jibreen', rp: 'RP-1', stage: 'STAGE-1' },
  { from: 'as-Sakhour', to: 'ash-Sheikh Maqsoud', rp: 'RP-2', stage: 'STAGE-1' },
  { from: 'Sheikh Najjar', to: 'Jibreen', rp: 'RP-1', stage: 'STAGE-1' },
  { from: "Ba'aiedeen", to: 'ash-Sheikh Maqsoud', rp: 'RP-2', stage: 'STAGE-1' },
  { from: 'al-Haydariyeh', to: 'ash-Sheikh Maqsoud', rp: 'RP-2', stage: 'STAGE-1' },
  { from: 'Karm al-Myassar', to: 'Jibreen', rp: 'RP-1', stage: 'STAGE-1' },
  { from: 'al-Ansari Mashhad', to: 'Ad-Ramouseh Industrial District I', rp: 'RP-3', stage: 'STAGE-2' },
] as const;

/** Approximate, outside the polygon set: the western countryside where stage 2 convoys went. */
const AL_RASHIDEEN: Position = [37.055, 36.178];

const STAGE_1 = { start: '2016-11-26T00:00:00.000Z', end: '2016-12-14T23:59:59.000Z' };
const STAGE_2 = { start: '2016-12-15T00:00:00.000Z', end: '2016-12-22T23:59:59.000Z' };

export type Payloads = { [T in EventType]: EventPayloadInput<T> };

export interface DemoOptions {
  /**
   * The end of the historical record (on by default): the sample convoys CVY-0002 and CVY-0003 arrive
   * and COR-7 closes. Without it the demo stands as on 16 December: COR-7 open, CVY-0002 on the road
   * and CVY-0003 boarding, an operation in progress (the tests of live work use it).
   */
  ending?: boolean;
}

/** Every event of the demo, in the order they are appended. */
export function aleppo2016Events(options: DemoOptions = {}): EventSubmission[] {
  const events: EventSubmission[] = [];
  const id = (key: string, at: string) => scenarioId(SEED, key, at);
  let tick = 0;
  const add = <T extends EventType>(type: T, at: string, payload: Payloads[T]) => {
    // Milliseconds added per event keep the demo's events in order even when they share a minute.
    const occurredAt = new Date(Date.parse(at) + tick++).toISOString();
    events.push({
      id: id(`event:${tick}`, occurredAt),
      type,
      schemaVersion: 1,
      occurredAt,
      payload,
    } as EventSubmission);
  };

  // Events added after the first release: ids of their own, so the ids of the others stay what they were.
  const addOwn = <T extends EventType>(key: string, type: T, occurredAt: string, payload: Payloads[T]) =>
    events.push({
      id: id(`own:${key}`, occurredAt),
      type,
      schemaVersion: 1,
      occurredAt,
      payload,
    } as EventSubmission);

  const T0 = '2016-11-20T08:00:00.000Z';
  add('OperationCreated', T0, {
    name: 'East Aleppo evacuation, December 2016 (illustrative reconstruction)',
    nameAr: 'إجلاء شرق حلب، كانون الأول 2016 (إعادة بناء توضيحية)',
    description: DESCRIPTION,
    timezone: 'Asia/Damascus',
    ageBands: { childUnder: 18, elderlyFrom: 60 },
    // An emergency: a day's notice; every notified party acknowledges before a corridor is ready.
    safePassage: {
      noticeHours: 24,
      emergencyNoticeHours: 12,
      requireAcknowledgements: true,
      incidentRadiusM: 1000,
    },
    stages: [
      { key: 'STAGE-1', name: 'Stage 1: six corridors from the eastern districts', ...STAGE_1 },
      { key: 'STAGE-2', name: 'Stage 2: convoys from the southern part of east Aleppo', ...STAGE_2 },
    ],
  });

  const org = Object.fromEntries(ORGANISATIONS.map((o) => [o.code, id(`org:${o.code}`, T0)])) as Record<
    (typeof ORGANISATIONS)[number]['code'],
    string
  >;
  for (const o of ORGANISATIONS)
    add('OrganisationRegistered', T0, {
      organisationId: org[o.code],
      code: o.code,
      name: o.name,
      role: o.role,
      ...('nameAr' in o ? { nameAr: o.nameAr } : {}),
      ...('contact' in o ? { contact: o.contact } : {}),
    });

  const governorate = loadGovernorate();
  const governorateId = id('area:governorate', T0);
  add('AreaRegistered', T0, {
    areaId: governorateId,
    code: `GOV-${governorate.pcode}`,
    pcode: governorate.pcode,
    kind: 'governorate',
    nameEn: governorate.nameEn,
    nameAr: governorate.nameAr,
    geometry: governorate.geometry,
  });
  const neighbourhoods = loadNeighbourhoods();
  const areaId = new Map(neighbourhoods.map((n) => [n.nameEn, id(`area:${n.code}`, T0)]));
  for (const n of neighbourhoods)
    add('AreaRegistered', T0, {
      areaId: areaId.get(n.nameEn)!,
      code: n.code,
      kind: 'neighbourhood',
      nameEn: n.nameEn,
      ...(n.nameAr ? { nameAr: n.nameAr } : {}),
      parentAreaId: governorateId,
      geometry: n.geometry,
    });

  const T1 = '2016-11-25T08:00:00.000Z';
  const byName = new Map(neighbourhoods.map((n) => [n.nameEn, n]));
  // A neighbourhood's Arabic name, from the boundary file (every one the demo names has one).
  const ar = (nameEn: string) => byName.get(nameEn)?.nameAr ?? nameEn;
  const point = (p: Position) => ({ type: 'Point' as const, coordinates: p });
  const receptionPoints = [
    {
      code: 'RP-1',
      name: 'Jibreen reception centre',
      nameAr: 'مركز استقبال جبرين',
      at: byName.get('Jibreen')!.centre,
      area: 'Jibreen',
      capacity: 30_000,
    },
    {
      code: 'RP-2',
      name: 'ash-Sheikh Maqsoud reception point',
      nameAr: 'نقطة استقبال الشيخ مقصود',
      at: byName.get('ash-Sheikh Maqsoud')!.centre,
      area: 'ash-Sheikh Maqsoud',
      capacity: 15_000,
    },
    {
      code: 'RP-3',
      name: 'al-Rashideen reception point (approximate location)',
      nameAr: 'نقطة استقبال الراشدين (موقع تقريبي)',
      at: AL_RASHIDEEN,
      capacity: 40_000,
      // Illustrative: its room for what the sample convoys bring (the source gives none).
      room: { pets: 20, wheelchairs: 40, oxygen: 12, dialysis: 4 },
    },
  ];
  const rpId = Object.fromEntries(receptionPoints.map((r) => [r.code, id(`rp:${r.code}`, T1)]));
  for (const r of receptionPoints)
    add('ReceptionPointEstablished', T1, {
      receptionPointId: rpId[r.code]!,
      code: r.code,
      name: r.name,
      nameAr: r.nameAr,
      location: point(r.at),
      ...(r.area ? { areaId: areaId.get(r.area)! } : {}),
      capacity: r.capacity,
      ...('room' in r ? { room: r.room } : {}),
    });

  const graph = neighbourGraph(neighbourhoods);
  const corridorIds: string[] = [];
  const routes: Position[][] = [];
  const checkpointIds: { entry: string; exit: string; intermediate?: string }[] = [];
  CORRIDORS.forEach((c, i) => {
    const n = i + 1;
    const path = routeThrough(neighbourhoods, graph, c.from, c.to);
    const coordinates = path.map((p) => p.centre);
    if (c.stage === 'STAGE-2') coordinates.push(AL_RASHIDEEN);
    const corridorId = id(`corridor:${n}`, T1);
    corridorIds.push(corridorId);
    routes.push(coordinates);
    const window = c.stage === 'STAGE-1' ? STAGE_1 : STAGE_2;
    add('CorridorDeclared', T1, {
      corridorId,
      code: `COR-${n}`,
      name: `${c.from} to ${c.stage === 'STAGE-2' ? 'al-Rashideen via Ramouseh' : c.to}`,
      nameAr: `من ${ar(c.from)} إلى ${c.stage === 'STAGE-2' ? 'الراشدين عبر الراموسة' : ar(c.to)}`,
      stageKey: c.stage,
      route: { type: 'LineString', coordinates },
      routeNote: `Follows neighbourhood adjacency through ${path.map((p) => p.nameEn).join(', ')}; not a surveyed road.`,
      fromAreaId: areaId.get(c.from)!,
      toAreaId: areaId.get(c.to)!,
      windows: [window],
    });
    const postId = id(`post:${n}`, T1);
    const mid = coordinates[Math.floor(coordinates.length / 2)]!;
    add('CommandPostEstablished', T1, {
      commandPostId: postId,
      code: `POST-${n}`,
      name: `Command post ${n} (${path[Math.floor(path.length / 2)]!.nameEn})`,
      nameAr: `مركز القيادة ${n} (${ar(path[Math.floor(path.length / 2)]!.nameEn)})`,
      location: point(mid),
      organisationId: org['RU-MOD'],
    });
    const entry = id(`cp:${n}:entry`, T1);
    const exit = id(`cp:${n}:exit`, T1);
    const cps: { entry: string; exit: string; intermediate?: string } = { entry, exit };
    add('CheckpointEstablished', T1, {
      checkpointId: entry,
      code: `CP-${n}1`,
      corridorId,
      kind: 'entry',
      name: `${c.from} entry`,
      nameAr: `مدخل ${ar(c.from)}`,
      location: point(coordinates[0]!),
      commandPostId: postId,
      ordinal: 0,
    });
    if (c.stage === 'STAGE-2') {
      cps.intermediate = id(`cp:${n}:ramouseh`, T1);
      add('CheckpointEstablished', T1, {
        checkpointId: cps.intermediate,
        code: `CP-${n}2`,
        corridorId,
        kind: 'intermediate',
        name: 'Ramouseh road',
        nameAr: 'طريق الراموسة',
        location: point(path.at(-1)!.centre),
        commandPostId: postId,
        ordinal: 1,
      });
    }
    add('CheckpointEstablished', T1, {
      checkpointId: exit,
      code: `CP-${n}9`,
      corridorId,
      kind: 'exit',
      name: `${c.stage === 'STAGE-2' ? 'al-Rashideen' : c.to} exit`,
      nameAr: `مخرج ${c.stage === 'STAGE-2' ? 'الراشدين' : ar(c.to)}`,
      location: point(coordinates.at(-1)!),
      commandPostId: postId,
      ordinal: 9,
    });
    checkpointIds.push(cps);
    add('CommandPostWatchAssigned', T1, {
      commandPostId: postId,
      checkpointIds: [entry, ...(cps.intermediate ? [cps.intermediate] : []), exit],
      segments: [{ corridorId, fromCheckpointId: entry, toCheckpointId: exit }],
    });
  });

  // The fleet the article names: about 300 buses and 380 ambulances. Plates are made up.
  const T2 = '2016-11-26T06:00:00.000Z';
  const vehicleIds: string[] = [];
  for (let i = 1; i <= 680; i++) {
    const bus = i <= 300;
    const vehicleId = id(`vehicle:${i}`, T2);
    vehicleIds.push(vehicleId);
    add('VehicleRegistered', T2, {
      vehicleId,
      code: `VEH-${String(i).padStart(3, '0')}`,
      kind: bus ? 'bus' : 'ambulance',
      seats: bus ? 45 : 2,
      stretchers: bus ? 0 : 2,
      organisationId: org.CELL,
      plate: bus ? `DEMO-B-${String(i).padStart(3, '0')}` : `DEMO-A-${String(i - 300).padStart(3, '0')}`,
    });
  }

  safePassage(addOwn, id, org, corridorIds, routes);
  CORRIDORS.forEach((c, i) => {
    if (c.stage !== 'STAGE-1' || i === PLANNED_CORRIDOR) return;
    add('CorridorStatusChanged', '2016-11-27T06:00:00.000Z', { corridorId: corridorIds[i]!, status: 'open' });
  });
  // The recorded history of stage 1, while its corridors are open: ids of their own, so the ids of the
  // events after it stay what they were.
  stage1History(
    addOwn,
    id,
    CORRIDORS.flatMap((c, i) =>
      c.stage === 'STAGE-1' && i !== PLANNED_CORRIDOR
        ? [
            {
              corridorId: corridorIds[i]!,
              checkpoints: checkpointIds[i]!,
              receptionPointId: rpId[c.rp]!,
              route: routes[i]!,
            },
          ]
        : [],
    ),
    vehicleIds,
  );
  CORRIDORS.forEach((c, i) => {
    if (c.stage !== 'STAGE-1' || i === PLANNED_CORRIDOR) return;
    add('CorridorStatusChanged', '2016-12-14T18:00:00.000Z', {
      corridorId: corridorIds[i]!,
      status: 'closed',
      reason: 'Stage 1 ended',
    });
  });
  const cor7 = corridorIds[6]!;
  add('CorridorStatusChanged', '2016-12-15T06:00:00.000Z', {
    corridorId: cor7,
    status: 'open',
    reason: 'Ceasefire from 15 December for the stage 2 evacuation',
  });

  const unfinished = sampleConvoys(add, id, cor7, checkpointIds[6]!, rpId['RP-3']!, vehicleIds);
  reportedFigures(add, id, org, governorateId);
  // Last, so that the ids of the events before them stay what they were in earlier releases.
  gatheringPoints(
    add,
    id,
    (name) => byName.get(name)!.centre,
    (name) => areaId.get(name)!,
  );
  // The recorded history of stage 2 and the recovery after it: added last, with ids of their own.
  stage2History(addOwn, id, cor7, checkpointIds[6]!, rpId['RP-3']!, vehicleIds);
  recoveryRecords(addOwn, id, org, (name) => areaId.get(name)!);
  if (options.ending ?? true) historicalEnding(addOwn, id, cor7, checkpointIds[6]!, unfinished);
  return events;
}

/**
 * Where the people of stage 2 wait to be collected: the enclave around the start of COR-7 (its entry
 * checkpoint is at the centre of al-Ansari Mashhad; the others are at their neighbourhoods' centroids).
 * About 34,000 people in all, the figure reported for stage 2, about 3% of them stretcher cases. How
 * they are spread over the points is illustrative.
 */
const GATHERING_POINTS = [
  { neighbourhood: 'al-Ansari Mashhad', people: 7200 },
  { neighbourhood: 'as-Sukkari', people: 5600 },
  { neighbourhood: 'Ansari Sharqi', people: 4800 },
  { neighbourhood: 'Bustan al-Qaser', people: 4100 },
  { neighbourhood: 'az-Zebdiyeh', people: 3900 },
  { neighbourhood: 'Salah ad-Deen', people: 3300 },
  { neighbourhood: 'al-Kallaseh', people: 2700 },
  { neighbourhood: 'al-Fardos', people: 2400 },
] as const;

function gatheringPoints(
  add: Add,
  id: Id,
  centreOf: (neighbourhood: string) => Position,
  areaOf: (neighbourhood: string) => string,
): void {
  const at = '2016-12-15T04:00:00.000Z';
  GATHERING_POINTS.forEach((g, i) => {
    const stretcher = Math.round(g.people * 0.03);
    add('PickupPointDefined', at, {
      pickupPointId: id(`pickup:${i + 1}`, at),
      code: `PICK-${i + 1}`,
      name: `Gathering point ${g.neighbourhood}`,
      location: { type: 'Point', coordinates: centreOf(g.neighbourhood) },
      areaId: areaOf(g.neighbourhood),
      seated: g.people - stretcher,
      stretcher,
      note: 'Illustrative: people waiting to be collected for stage 2.',
    });
  });
}

export type Add = <T extends EventType>(type: T, at: string, payload: Payloads[T]) => void;
export type Id = (key: string, at: string) => string;

/** A sample convoy that the record leaves on the road or boarding until the historical ending. */
export interface UnfinishedConvoy {
  convoyId: string;
  departed: boolean;
  /** The time `hour` hours and `minute` minutes after the convoy began boarding. */
  at: (hour: number, minute?: number) => string;
}

/**
 * Three illustrative stage 2 convoys: one arrived, one in transit, one boarding (the two unfinished
 * ones are returned, to be finished by the historical ending).
 */
function sampleConvoys(
  add: Add,
  id: Id,
  corridorId: string,
  cps: { entry: string; exit: string; intermediate?: string },
  receptionPointId: string,
  vehicleIds: readonly string[],
): UnfinishedConvoy[] {
  const unfinished: UnfinishedConvoy[] = [];
  const people = SAMPLE_PEOPLE;
  const convoys = [
    { n: 1, day: '2016-12-15', fate: 'arrived' },
    { n: 2, day: '2016-12-15', fate: 'in-transit' },
    { n: 3, day: '2016-12-16', fate: 'boarding' },
  ] as const;
  for (const c of convoys) {
    const at = (hhmm: string) => `${c.day}T${hhmm}:00.000Z`;
    const offset = (c.n - 1) * 20;
    const convoyId = id(`convoy:${c.n}`, at('05:00'));
    const code = `CVY-${String(c.n).padStart(4, '0')}`;
    const start = c.n === 2 ? 10 : 7;
    const hh = (h: number, m = 0) => `${String(start + h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    add('ConvoyPlanned', at(hh(-2)), {
      convoyId,
      code,
      corridorId,
      vehicleIds: [
        ...vehicleIds.slice(offset, offset + 20),
        ...vehicleIds.slice(300 + c.n * 6, 306 + c.n * 6),
      ],
      receptionPointId,
      plannedDeparture: at(hh(1)),
    });
    add('ConvoyStatusChanged', at(hh(0)), { convoyId, status: 'boarding' });
    add('ManifestRecorded', at(hh(0, 40)), {
      convoyId,
      people,
      stretcherCases: 12,
      carried: SAMPLE_CARRIED,
      wounded: 19,
      disabled: 7,
      unaccompaniedChildren: 2,
      separatedChildren: 3,
    });
    const later = (h: number, m = 0) => at(hh(h, m));
    if (c.fate === 'boarding') {
      unfinished.push({ convoyId, departed: false, at: later });
      continue;
    }
    add('ConvoyStatusChanged', at(hh(1)), { convoyId, status: 'departed' });
    const passage = (checkpointId: string, key: string, time: string) =>
      add('PassageRecorded', at(time), {
        passageId: id(`passage:${c.n}:${key}`, at(time)),
        checkpointId,
        convoyId,
        source: 'enumerator',
        people,
        stretcherCases: 12,
        carried: SAMPLE_CARRIED,
        vehicles: 26,
      });
    passage(cps.entry, 'entry', hh(1, 5));
    add('PassageRecorded', at(hh(1, 6)), {
      passageId: id(`passage:${c.n}:entry-camera`, at(hh(1, 6))),
      checkpointId: cps.entry,
      convoyId,
      source: 'camera',
      people: { ...people, men: people.men - 4, boys: people.boys + 2 },
      vehicles: 26,
    });
    if (c.fate === 'in-transit') {
      unfinished.push({ convoyId, departed: true, at: later });
      continue;
    }
    passage(cps.intermediate!, 'ramouseh', hh(1, 40));
    add('PassageRecorded', at(hh(2)), {
      passageId: id(`passage:${c.n}:drone`, at(hh(2))),
      checkpointId: cps.intermediate!,
      convoyId,
      source: 'drone',
      vehicles: 26,
    });
    passage(cps.exit, 'exit', hh(2, 20));
    add('ConvoyStatusChanged', at(hh(3, 30)), { convoyId, status: 'arrived' });
  }
  return unfinished;
}

/**
 * The demo leaves COR-6 `planned`: an illustrative suspected hazard (HAZ-1) lies across its route and
 * one notified party has not acknowledged, so a person can see the gates refuse it, clear the hazard,
 * record the acknowledgement and try again. The other corridors went through the gates before opening.
 */
const PLANNED_CORRIDOR = 5;

type Org = Record<(typeof ORGANISATIONS)[number]['code'], string>;

function safePassage(
  addOwn: <T extends EventType>(key: string, type: T, occurredAt: string, payload: Payloads[T]) => void,
  id: (key: string, at: string) => string,
  org: Org,
  corridorIds: string[],
  routes: Position[][],
): void {
  const parties = [org['SY-GOV'], org['AOG-EA'], org['RU-MOD'], org['TR-GOV']];
  const stage1Window = { start: '2016-11-27T06:00:00.000Z', end: '2016-12-14T18:00:00.000Z' };
  const stage2Window = { start: '2016-12-15T06:00:00.000Z', end: '2016-12-22T23:59:00.000Z' };
  corridorIds.forEach((corridorId, i) => {
    const n = i + 1;
    const stage2 = i === 6;
    const sentAt = stage2 ? '2016-12-14T06:00:00.000Z' : '2016-11-25T09:00:00.000Z';
    const notificationId = id(`notification:${n}`, sentAt);
    addOwn(`notification:${n}`, 'MovementNotified', sentAt, {
      notificationId,
      code: `NTF-${n}`,
      corridorId,
      window: stage2 ? stage2Window : stage1Window,
      route: { type: 'LineString', coordinates: routes[i]! },
      vehicles: stage2 ? { buses: 300, ambulances: 380 } : { buses: 20, ambulances: 10 },
      organisations: [org.CELL, org.ICRC],
      parties,
      emergency: false,
      note: 'Illustrative: the source article does not describe how movements were notified.',
    });
    const ackAt = stage2 ? '2016-12-14T12:00:00.000Z' : '2016-11-25T18:00:00.000Z';
    for (const party of parties) {
      // The planned corridor still waits for one party.
      if (i === PLANNED_CORRIDOR && party === org['AOG-EA']) continue;
      addOwn(`ack:${n}:${party}`, 'MovementAcknowledged', ackAt, {
        acknowledgementId: id(`ack:${n}:${party}`, ackAt),
        notificationId,
        organisationId: party,
        acknowledgedBy: 'Liaison officer (illustrative)',
      });
    }
    if (i === PLANNED_CORRIDOR) return;
    const notifiedAt = stage2 ? '2016-12-14T06:05:00.000Z' : '2016-11-25T09:05:00.000Z';
    const readyAt = stage2 ? '2016-12-14T18:00:00.000Z' : '2016-11-26T18:00:00.000Z';
    addOwn(`notified:${n}`, 'CorridorStatusChanged', notifiedAt, { corridorId, status: 'notified' });
    addOwn(`ready:${n}`, 'CorridorStatusChanged', readyAt, { corridorId, status: 'ready' });
  });

  addOwn('window:1', 'PauseWindowAgreed', '2016-12-14T20:00:00.000Z', {
    windowId: id('window:1', '2016-12-14T20:00:00.000Z'),
    code: 'WIN-1',
    kind: 'ceasefire',
    start: '2016-12-15T00:00:00.000Z',
    end: '2016-12-22T23:59:00.000Z',
    corridorIds: [corridorIds[6]!],
    agreedBy: [org['RU-MOD'], org['TR-GOV'], org['IR-GOV'], org['SY-GOV']],
    note: 'A ceasefire from 15 December for the stage 2 evacuation, as described in the source article (a claim of its author).',
  });

  // A small square (about 120 m across) on the segment of the planned corridor's route that lies
  // farthest from every other route, so that it blocks this corridor only.
  const route = routes[PLANNED_CORRIDOR]!;
  const others = routes.filter((_, i) => i !== PLANNED_CORRIDOR).map((r) => routeProfile(r));
  let centre: Position = route[0]!;
  let best = -1;
  for (let k = 0; k + 1 < route.length; k++) {
    const [a, b] = [route[k]!, route[k + 1]!];
    const mid: Position = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const clearance = Math.min(...others.map((o) => alongRoute(o, mid).offKm));
    if (clearance > best) [best, centre] = [clearance, mid];
  }
  const d = 0.0007;
  const at = '2016-11-26T10:00:00.000Z';
  addOwn('hazard:1', 'HazardReported', at, {
    hazardId: id('hazard:1', at),
    code: 'HAZ-1',
    type: 'explosive-ordnance',
    area: {
      type: 'Polygon',
      coordinates: [
        [
          [centre[0] - d, centre[1] - d],
          [centre[0] + d, centre[1] - d],
          [centre[0] + d, centre[1] + d],
          [centre[0] - d, centre[1] + d],
          [centre[0] - d, centre[1] - d],
        ],
      ],
    },
    status: 'suspected',
    evidence: { kind: 'report', reference: 'Illustrative demo hazard, not from the source article' },
    note: `Illustrative: lies across the route of COR-${PLANNED_CORRIDOR + 1}, which the demo leaves planned so that its gates can be tried.`,
  });
}
