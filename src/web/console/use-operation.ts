import { useEffect, useState } from 'react';
import { apiFetch, listAll, listOptional } from '../client/http.js';
import type {
  Alert,
  Area,
  Checkpoint,
  CommandPost,
  Convoy,
  ConvoyPosition,
  Corridor,
  CorridorReconciliation,
  Figure,
  Hazard,
  Incident,
  Operation,
  Organisation,
  Passage,
  Plan,
  ReceptionPoint,
  Vehicle,
} from '../client/records.js';
import type { Session } from '../client/session.js';
import { firstWave, firstWaveCome, type FirstWave } from './first-wave.js';
import { Refresher } from './refresher.js';
import { afterCorridors } from './layers/after-corridors.js';
import { followOperation, type StoredEvent, type StreamState } from '../client/stream.js';

/** Everything the console shows of one operation; null until loaded. Incidents: null where the API has none. */
export interface OperationView {
  operation: Operation | null;
  role: string | null;
  /** The caller's organisation (what only it may change: its own tallies, hazards, incidents). */
  organisationId: string | null;
  /** When the operation's record begins and ends (the time slider's range). */
  span: { began: string; lastOccurredAt: string | null } | null;
  organisations: Organisation[];
  areas: Area[];
  corridors: Corridor[] | null;
  checkpoints: Checkpoint[];
  commandPosts: CommandPost[];
  receptionPoints: ReceptionPoint[];
  vehicles: Vehicle[];
  convoys: Convoy[];
  alerts: Alert[];
  figures: Figure[];
  hazards: Hazard[];
  incidents: Incident[] | null;
  plans: Plan[];
  reconciliation: CorridorReconciliation[];
  positions: Map<string, ConvoyPosition>;
  /** Passages at entry checkpoints, for the chart. */
  stream: StreamState;
  /** Bumped on every event applied: views that fetch on their own (the convoy page) follow it. */
  revision: number;
  /** The last failure to read the operation (worded where it is shown). */
  error: unknown;
}

const EMPTY: OperationView = {
  operation: null,
  role: null,
  organisationId: null,
  span: null,
  organisations: [],
  areas: [],
  corridors: null,
  checkpoints: [],
  commandPosts: [],
  receptionPoints: [],
  vehicles: [],
  convoys: [],
  alerts: [],
  figures: [],
  hazards: [],
  incidents: null,
  plans: [],
  reconciliation: [],
  positions: new Map(),
  stream: 'connecting',
  revision: 0,
  error: null,
};

export type Refresh =
  | 'operation'
  | 'corridors'
  | 'convoys'
  | 'alerts'
  | 'figures'
  | 'hazards'
  | 'incidents'
  | 'plans'
  | 'reconciliation'
  | 'registry';

/** Which collections an event changes (refetched, debounced); passages are also applied in place. */
function refreshesOf(type: string): Refresh[] {
  if (type.startsWith('Corridor')) return ['corridors', 'reconciliation'];
  if (type.startsWith('Convoy') || type === 'ManifestRecorded') return ['convoys', 'reconciliation'];
  if (type.startsWith('Passage')) return ['reconciliation'];
  // An alert open or resolved changes whether a corridor's people are accounted for.
  if (type.startsWith('Alert')) return ['alerts', 'reconciliation'];
  if (type.startsWith('Figure')) return ['figures'];
  if (type.startsWith('Hazard') || type.startsWith('Clearance')) return ['hazards'];
  if (type.startsWith('Incident')) return ['incidents'];
  if (type.startsWith('Plan')) return ['plans', 'convoys'];
  if (type === 'OperationClosed') return ['operation'];
  // What the registry sets up: vehicles, organisations and the fixed places.
  if (
    [
      'VehicleRegistered',
      'OrganisationRegistered',
      'OrganisationContactChanged',
      'CommandPostWatchAssigned',
      'CheckpointEstablished',
      'CommandPostEstablished',
      'ReceptionPointEstablished',
    ].includes(type)
  )
    return ['registry'];
  return [];
}

type Patch = (p: Partial<OperationView> | ((v: OperationView) => Partial<OperationView>)) => void;
export type Loaders = Record<Refresh, () => Promise<Partial<OperationView>>>;

function loadersOf(session: Session): Loaders {
  const op = `/operations/${session.operationId}`;
  return {
    operation: async () => ({ operation: await apiFetch<Operation>(session, op) }),
    corridors: async () => ({ corridors: await listAll<Corridor>(session, 'corridors') }),
    convoys: async () => ({ convoys: await listAll<Convoy>(session, 'convoys') }),
    alerts: async () => ({ alerts: await listAll<Alert>(session, 'alerts') }),
    figures: async () => ({ figures: await listAll<Figure>(session, 'figures') }),
    hazards: async () => ({ hazards: (await listOptional<Hazard>(session, 'hazards')) ?? [] }),
    incidents: async () => ({ incidents: await listOptional<Incident>(session, 'incidents') }),
    plans: async () => ({ plans: (await listOptional<Plan>(session, 'plans')) ?? [] }),
    registry: async () => {
      const [vehicles, organisations, checkpoints, commandPosts, receptionPoints] = await Promise.all([
        listAll<Vehicle>(session, 'vehicles'),
        listAll<Organisation>(session, 'organisations'),
        listAll<Checkpoint>(session, 'checkpoints'),
        listAll<CommandPost>(session, 'command-posts'),
        listAll<ReceptionPoint>(session, 'reception-points'),
      ]);
      return { vehicles, organisations, checkpoints, commandPosts, receptionPoints };
    },
    reconciliation: async () => ({
      reconciliation: (
        await apiFetch<{ corridors: CorridorReconciliation[] }>(session, `${op}/reconciliation`)
      ).corridors,
    }),
  };
}

/**
 * The first load of the operation, part by part; `follow` starts the live stream from the snapshot's
 * head once the first part is in, and answers false when the view is gone (then the load stops).
 */
function viewOfFirstWave([operation, corridors, snapshot]: FirstWave): Partial<OperationView> {
  return {
    operation,
    corridors,
    role: snapshot.role ?? null,
    organisationId: snapshot.organisationId ?? null,
    span: snapshot.span ?? null,
    positions: new Map(snapshot.convoys.map((c) => [c.convoyId, c])),
  };
}

/**
 * The keys of `part` (read when `asked`) that no later read has shown yet; `shownAsOf` (by key, the
 * read last shown) is updated with them.
 */
export function freshOf<T extends object>(
  shownAsOf: Map<string, number>,
  asked: number,
  part: T,
): Partial<T> {
  const fresh = Object.entries(part).filter(([key]) => (shownAsOf.get(key) ?? 0) <= asked);
  for (const [key] of fresh) shownAsOf.set(key, asked);
  return Object.fromEntries(fresh) as Partial<T>;
}

/**
 * Reads of the view's parts, numbered as they are asked for: a part answered after a later read of it
 * was shown is old and dropped (two reads of one collection may answer out of order, and the first
 * load's parts wait for the map, while the live stream's reads do not).
 */
export interface Reads {
  ask(): number;
  show(asked: number, part: Partial<OperationView>): void;
}

async function loadOperation(
  session: Session,
  loaders: Loaders,
  reads: Reads,
  patch: Patch,
  follow: (headSeq: number) => boolean,
  mapFirst: boolean,
): Promise<void> {
  // The map's first layers first: the operation, its corridors and areas.
  const first = reads.ask();
  const wave = await firstWave(session);
  reads.show(first, viewOfFirstWave(wave));
  if (!follow(wave[2].headSeq)) return;
  // Opened on the map, the rest is asked for at once but shown once the corridors are drawn: each
  // part shown before held the map's first frames back.
  const shown = mapFirst && wave[1].length > 0 ? afterCorridors() : Promise.resolve();
  const places = reads.ask();
  const [areas, checkpoints, commandPosts, receptionPoints] = await Promise.all([
    listAll<Area>(session, 'areas'),
    listAll<Checkpoint>(session, 'checkpoints'),
    listAll<CommandPost>(session, 'command-posts'),
    listAll<ReceptionPoint>(session, 'reception-points'),
  ]);
  // Each part shows as soon as it comes (the plans and the fleet can be large).
  const rest = [
    ...(['convoys', 'alerts', 'reconciliation', 'figures', 'hazards', 'incidents', 'plans'] as const).map(
      (what) => loaders[what],
    ),
    () => listAll<Organisation>(session, 'organisations').then((organisations) => ({ organisations })),
    () => listAll<Vehicle>(session, 'vehicles').then((vehicles) => ({ vehicles })),
  ].map((load) => ({ asked: reads.ask(), part: load() }));
  await shown;
  reads.show(places, { checkpoints, commandPosts, receptionPoints });
  // Areas registered since (each is all in its event) are kept.
  patch((v) => ({ areas: [...areas, ...v.areas.filter((a) => !areas.some((x) => x.id === a.id))] }));
  await Promise.all(rest.map(({ asked, part }) => part.then((p) => reads.show(asked, p))));
}

/** `openedOnMap`: the console opened on the map (read once): the rest waits for its corridors. */
export function useOperation(session: Session, openedOnMap = false): OperationView {
  const [mapFirst] = useState(openedOnMap);
  // The first render has the first map's records if they came while the code was read.
  const [view, setView] = useState<OperationView>(() => {
    const come = firstWaveCome(session);
    return come ? { ...EMPTY, ...viewOfFirstWave(come) } : EMPTY;
  });
  useEffect(() => {
    let alive = true;
    const patch: Patch = (p) => {
      if (alive) setView((v) => ({ ...v, ...(typeof p === 'function' ? p(v) : p) }));
    };
    const loaders = loadersOf(session);
    const fail = (error: unknown) => patch({ error });
    let asks = 0;
    const shownAsOf = new Map<string, number>();
    const reads: Reads = {
      ask: () => ++asks,
      show: (asked, part) => patch(freshOf(shownAsOf, asked, part)),
    };
    const refresher = new Refresher(loaders, reads, fail);
    const onEvents = (events: StoredEvent[]) => {
      const passages = events.filter((e) => e.type === 'PassageRecorded');
      patch((v) => applyPassages(v, passages));
      // A new area is all in its event (an import registers hundreds: none is a read of every area).
      const areas = events.filter((e) => e.type === 'AreaRegistered').map(areaOfEvent);
      if (areas.length > 0)
        patch((v) => ({ areas: [...v.areas, ...areas.filter((a) => !v.areas.some((x) => x.id === a.id))] }));
      // Short enough that a passage shows within a second, long enough to fold a burst into one read.
      refresher.ask(
        events.flatMap((e) => refreshesOf(e.type)),
        120,
      );
    };
    let stop: (() => void) | undefined;
    loadOperation(
      session,
      loaders,
      reads,
      patch,
      (headSeq) => {
        if (!alive) return false;
        stop = followOperation(session, headSeq, onEvents, (stream) => patch({ stream }));
        return true;
      },
      mapFirst,
    ).catch(fail);
    return () => {
      alive = false;
      stop?.();
      refresher.stop();
    };
  }, [session, mapFirst]);
  return view;
}

/** An area as the API lists it, from the event that registered it. */
function areaOfEvent(e: StoredEvent): Area {
  const p = e.payload as {
    areaId: string;
    code: string;
    kind: string;
    nameEn: string;
    nameAr?: string;
    pcode?: string;
    geometry: Area['geometry'];
  };
  return {
    id: p.areaId,
    code: p.code,
    kind: p.kind,
    nameEn: p.nameEn,
    nameAr: p.nameAr ?? null,
    pcode: p.pcode ?? null,
    geometry: p.geometry,
  };
}

/** A passage moves its convoy on the map (the chart reads the reconciliation, as the board does). */
function applyPassages(v: OperationView, events: StoredEvent[]): Partial<OperationView> {
  if (events.length === 0) return { revision: v.revision + 1 };
  const positions = new Map(v.positions);
  for (const e of events) {
    const p = e.payload as Partial<Passage> & { passageId: string };
    const passage: Passage = {
      id: p.passageId,
      checkpointId: p.checkpointId ?? null,
      receptionPointId: p.receptionPointId ?? null,
      location: p.location ?? null,
      convoyId: p.convoyId ?? null,
      source: p.source ?? 'enumerator',
      observedAt: e.occurredAt,
      people: p.people ?? null,
      peopleTotal: p.peopleTotal ?? null,
      stretcherCases: p.stretcherCases ?? null,
      vehicles: p.vehicles ?? null,
    };
    if (!passage.convoyId) continue;
    const convoy = v.convoys.find((c) => c.id === passage.convoyId);
    const before = positions.get(passage.convoyId);
    const newer = (old: Passage | null | undefined) => !old || old.observedAt <= passage.observedAt;
    positions.set(passage.convoyId, {
      convoyId: passage.convoyId,
      code: convoy?.code ?? before?.code ?? '',
      status: convoy?.status ?? before?.status ?? 'departed',
      last: newer(before?.last) ? passage : before!.last,
      lastCheckpoint:
        passage.checkpointId && newer(before?.lastCheckpoint) ? passage : (before?.lastCheckpoint ?? null),
    });
  }
  return { positions, revision: v.revision + 1 };
}
