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
  options: { name: string; start: Date; windowHours: number; policy: Policy; idOf: (key: string) => string },
): { events: EventSubmission[]; topology: Topology } {
  const keep = new Set([
    'OrganisationRegistered',
    'AreaRegistered',
    'CommandPostEstablished',
    'CommandPostWatchAssigned',
    'CheckpointEstablished',
    'VehicleRegistered',
    'ReceptionPointEstablished',
  ]);
  const t = (minutes: number) => new Date(options.start.getTime() + minutes * 60_000).toISOString();
  const window = { start: t(-60), end: t(options.windowHours * 60) };
  const events: EventSubmission[] = [];
  let n = 0;
  // Records are new in the simulation operation: every id of the scenario gets a fresh one.
  const ids = new Map<string, string>();
  const fresh = (value: unknown): unknown => {
    if (typeof value === 'string' && UUID.test(value)) {
      if (!ids.has(value)) ids.set(value, options.idOf(`record:${value}`));
      return ids.get(value);
    }
    if (Array.isArray(value)) return value.map(fresh);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fresh(v)]));
    return value;
  };
  const add = (type: EventSubmission['type'], occurredAt: string, payload: unknown) =>
    events.push({
      id: options.idOf(`setup:${n++}`),
      type,
      schemaVersion: 1,
      occurredAt,
      payload: fresh(payload),
    } as EventSubmission);
  const topology: Topology = { organisationId: '', corridors: [], vehicles: [], receptionPoints: [] };
  const setupAt = t(-240);
  for (const e of scenario) {
    if (e.type === 'OperationCreated') {
      add('OperationCreated', setupAt, {
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
      add('CorridorDeclared', setupAt, p);
      topology.corridors.push({
        id: p.corridorId,
        code: p.code,
        route: p.route.coordinates,
        checkpoints: [],
      });
    } else if (keep.has(e.type)) {
      add(e.type, setupAt, e.payload);
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
  }
  const parties = scenario
    .filter((e) => e.type === 'OrganisationRegistered' && e.payload.role === 'party-to-conflict')
    .map((e) => (e.payload as EventPayload<'OrganisationRegistered'>).organisationId);
  topology.corridors.forEach((c, i) => {
    c.checkpoints.sort((a, b) => a.ordinal - b.ordinal);
    // Through the lifecycle's gates: notified to the parties, ready, then open inside the window.
    add('MovementNotified', setupAt, {
      notificationId: options.idOf(`notification:${c.id}`),
      code: `NTF-${i + 1}`,
      corridorId: c.id,
      window,
      route: { type: 'LineString', coordinates: c.route },
      vehicles: {},
      parties,
    });
    add('CorridorStatusChanged', t(-32), { corridorId: c.id, status: 'notified' });
    add('CorridorStatusChanged', t(-31), { corridorId: c.id, status: 'ready' });
    add('CorridorStatusChanged', t(-30), { corridorId: c.id, status: 'open', reason: 'Simulation start' });
  });
  return { events, topology: fresh(topology) as Topology };
}
