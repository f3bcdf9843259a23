import type { EventPayload, EventSubmission } from '../contracts/events.js';
import type { Policy } from '../domain/accountability/engine.js';
import type { Position } from '../domain/geo.js';

/** What a simulation needs to know of an operation: its corridors, fleet and reception points. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Topology {
  organisationId: string;
  corridors: {
    id: string;
    code: string;
    route: Position[];
    checkpoints: {
      id: string;
      code: string;
      kind: 'entry' | 'exit' | 'intermediate';
      ordinal: number;
      location: Position;
    }[];
  }[];
  vehicles: {
    id: string;
    code: string;
    kind: 'bus' | 'ambulance' | 'truck';
    seats: number;
    stretchers: number;
    plate: string;
  }[];
  receptionPoints: { id: string; code: string; location: Position }[];
}

/**
 * The topology of a scenario, read from its events, and the events that set up a simulation
 * operation on it: the same organisations, areas, corridors, checkpoints, command posts, vehicles and
 * reception points, every corridor open for one window from `start`, and no convoys or figures.
 */
export function simulationSetup(
  scenario: readonly EventSubmission[],
  options: SetupOptions,
): { events: EventSubmission[]; topology: Topology } {
  const t = (minutes: number) => new Date(options.start.getTime() + minutes * 60_000).toISOString();
  const window = { start: t(-60), end: t(options.windowHours * 60) };
  const setup = new SetupEvents(options.idOf);
  const topology: Topology = { organisationId: '', corridors: [], vehicles: [], receptionPoints: [] };
  const setupAt = t(-240);
  for (const e of scenario) {
    if (e.type === 'OperationCreated') {
      setup.add('OperationCreated', setupAt, {
        name: options.name,
        description: `A simulation on the topology of: ${e.payload.name}. Every convoy, count and alert in it is made up by the simulator.`,
        timezone: e.payload.timezone,
        stages: [],
        ageBands: e.payload.ageBands,
        accountability: options.policy,
        // Simulated time is short: a few hours' notice stands for the days a real operation gives.
        safePassage: { noticeHours: 2, emergencyNoticeHours: 1 },
      });
    } else if (e.type === 'CorridorDeclared') {
      const p: EventPayload<'CorridorDeclared'> = { ...e.payload, windows: [window] };
      delete p.stageKey;
      setup.add('CorridorDeclared', setupAt, p);
      topology.corridors.push({
        id: p.corridorId,
        code: p.code,
        route: p.route.coordinates,
        checkpoints: [],
      });
    } else if (KEPT.has(e.type)) {
      setup.add(e.type, setupAt, e.payload);
      addToTopology(topology, e);
    }
  }
  const parties = scenario
    .filter((e) => e.type === 'OrganisationRegistered' && e.payload.role === 'party-to-conflict')
    .map((e) => (e.payload as EventPayload<'OrganisationRegistered'>).organisationId);
  topology.corridors.forEach((c, i) => {
    c.checkpoints.sort((a, b) => a.ordinal - b.ordinal);
    // Through the lifecycle's gates: notified to the parties, ready, then open inside the window.
    setup.add('MovementNotified', setupAt, {
      notificationId: options.idOf(`notification:${c.id}`),
      code: `NTF-${i + 1}`,
      corridorId: c.id,
      window,
      route: { type: 'LineString', coordinates: c.route },
      vehicles: {},
      parties,
    });
    setup.add('CorridorStatusChanged', t(-32), { corridorId: c.id, status: 'notified' });
    setup.add('CorridorStatusChanged', t(-31), { corridorId: c.id, status: 'ready' });
    setup.add('CorridorStatusChanged', t(-30), {
      corridorId: c.id,
      status: 'open',
      reason: 'Simulation start',
    });
  });
  return { events: setup.events, topology: setup.fresh(topology) as Topology };
}

interface SetupOptions {
  name: string;
  start: Date;
  windowHours: number;
  policy: Policy;
  idOf: (key: string) => string;
}

/** The scenario's events copied into the simulation operation as they are. */
const KEPT = new Set([
  'OrganisationRegistered',
  'AreaRegistered',
  'CommandPostEstablished',
  'CommandPostWatchAssigned',
  'CheckpointEstablished',
  'VehicleRegistered',
  'ReceptionPointEstablished',
]);

/**
 * The setup events, each with an id of its own. Records are new in the simulation operation: every
 * id of the scenario in them gets a fresh one (the same one wherever it appears).
 */
class SetupEvents {
  readonly events: EventSubmission[] = [];
  private n = 0;
  private readonly ids = new Map<string, string>();

  constructor(private readonly idOf: (key: string) => string) {}

  add(type: EventSubmission['type'], occurredAt: string, payload: unknown): void {
    this.events.push({
      id: this.idOf(`setup:${this.n++}`),
      type,
      schemaVersion: 1,
      occurredAt,
      payload: this.fresh(payload),
    } as EventSubmission);
  }

  /** A copy of `value` with every UUID in it replaced by its fresh one. */
  fresh(value: unknown): unknown {
    if (typeof value === 'string' && UUID.test(value)) {
      if (!this.ids.has(value)) this.ids.set(value, this.idOf(`record:${value}`));
      return this.ids.get(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.fresh(v));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.fresh(v)]));
    return value;
  }
}

/** What a kept event tells of the topology: the coordinating body, checkpoints, vehicles, reception points. */
function addToTopology(topology: Topology, e: EventSubmission): void {
  if (
    e.type === 'OrganisationRegistered' &&
    e.payload.role === 'coordinating-body' &&
    !topology.organisationId
  )
    topology.organisationId = e.payload.organisationId;
  if (e.type === 'CheckpointEstablished')
    topology.corridors
      .find((c) => c.id === e.payload.corridorId)
      ?.checkpoints.push({
        id: e.payload.checkpointId,
        code: e.payload.code,
        kind: e.payload.kind,
        ordinal: e.payload.ordinal,
        location: e.payload.location.coordinates,
      });
  if (e.type === 'VehicleRegistered') topology.vehicles.push({ ...e.payload, id: e.payload.vehicleId });
  if (e.type === 'ReceptionPointEstablished')
    topology.receptionPoints.push({
      id: e.payload.receptionPointId,
      code: e.payload.code,
      location: e.payload.location.coordinates,
    });
}
