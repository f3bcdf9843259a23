import type { PeopleCounts } from '../contracts/common.js';
import type { EventPayloadInput, EventSubmission, EventType } from '../contracts/events.js';
import type { Policy } from '../domain/accountability/engine.js';
import {
  alongRoute,
  distanceMetres,
  pointAlong,
  round6,
  routeProfile,
  type Position,
} from '../domain/geo.js';
import { noPeople, subtractPeople, tolerance, total } from '../domain/accountability/reconcile.js';
import { Drive } from './drive.js';
import { BUSES_PER_CONVOY, planLoads } from './loads.js';
import { Random } from './random.js';
import type { Topology } from './topology.js';

/**
 * A discrete-event simulation of an evacuation on an operation's topology: convoys board, depart,
 * drive their corridor's route with random speeds and pauses, and are seen by enumerators (exact
 * tallies), cameras (people counts with an error), drones (vehicles) and the vehicles' GPS; some
 * records are uploaded late. Faults are injected with a ground truth. The result is the list of
 * uploads in time order: what would be posted, when, and what happened.
 */

export const FAULT_KINDS = ['missing', 'stopped', 'detached', 'duplicate', 'late', 'overcount'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
/** The faults that must raise an alert; the others are noise that must not. */
export const ALERTING_FAULTS: readonly FaultKind[] = ['missing', 'stopped', 'detached'];

export interface Fault {
  id: string;
  kind: FaultKind;
  convoy: string;
  /** When it happened (sim time, ISO). */
  at: string;
  /** When the data could first show it: the next passage that reveals it, or the stopped threshold. */
  observableAt: string | null;
}

export interface Upload {
  /** When it reaches the store (sim time, ms). */
  uploadAt: number;
  event: EventSubmission;
}

export interface SimulationOptions {
  seed: number;
  start: Date;
  people: number;
  faults: number;
  policy: Policy;
  /** Sim durations are multiplied by this (1/60 when a server is driven at 60x). */
  timeScale?: number;
  /** Minutes between position reports of each vehicle. */
  positionEveryMinutes?: number;
  firstConvoyNumber?: number;
}

export interface SimulationPlan {
  uploads: Upload[];
  faults: Fault[];
  convoys: { id: string; code: string; people: number }[];
  endsAt: number;
}

const MINUTE = 60_000;

export function planSimulation(topology: Topology, options: SimulationOptions): SimulationPlan {
  const rng = new Random(options.seed);
  const scale = options.timeScale ?? 1;
  const min = (m: number) => m * MINUTE * scale;
  const start = options.start.getTime();
  const uploads: Upload[] = [];
  const faults: Fault[] = [];
  const convoys: SimulationPlan['convoys'] = [];
  const id = (t: number) => rng.uuidv7(Math.round(t));
  const emit = <T extends EventType>(type: T, at: number, payload: EventPayloadInput<T>, uploadAt = at) => {
    const event = {
      id: id(at),
      type,
      schemaVersion: 1,
      occurredAt: new Date(Math.round(at)).toISOString(),
      payload,
    };
    uploads.push({ uploadAt: Math.round(uploadAt), event: event as EventSubmission });
    return event as EventSubmission;
  };

  const { loads, perWave } = planLoads(rng, topology, options.people);

  // Faults: evenly spread over the convoys, kinds in turn.
  const faultAt = new Map<number, FaultKind>();
  const nFaults = Math.min(options.faults, loads.length);
  const order = rng.shuffle(loads.map((_, i) => i));
  for (let k = 0; k < nFaults; k++)
    faultAt.set(order[Math.floor((k * loads.length) / nFaults)]!, FAULT_KINDS[k % FAULT_KINDS.length]!);

  const profiles = new Map(topology.corridors.map((c) => [c.id, routeProfile(c.route)]));
  const waveGap = min(240);
  let endsAt = start;
  loads.forEach((load, i) => {
    const wave = Math.floor(i / perWave);
    const slot = i % perWave;
    const corridor = topology.corridors[slot % topology.corridors.length]!;
    const route = profiles.get(corridor.id)!;
    const end = corridor.route.at(-1)!;
    const rp = nearest(topology.receptionPoints, end);
    const departure = start + wave * waveGap + min(slot * 6);
    const number = (options.firstConvoyNumber ?? 1) + i;
    const code = `CVY-${String(number).padStart(4, '0')}`;
    const convoyId = id(departure - min(90));
    const vehicleIds = load.byVehicle.map((b) => b.vehicleId);
    const fault = faultAt.get(i);
    const faultId = `F-${String(faults.length + 1).padStart(3, '0')}`;
    convoys.push({ id: convoyId, code, people: total(load.people) });

    emit('ConvoyPlanned', departure - min(90), {
      convoyId,
      code,
      corridorId: corridor.id,
      vehicleIds,
      receptionPointId: rp.id,
      plannedDeparture: new Date(departure).toISOString(),
    });
    emit('ConvoyStatusChanged', departure - min(60), { convoyId, status: 'boarding' });
    emit('ManifestRecorded', departure - min(15), {
      convoyId,
      people: load.people,
      stretcherCases: load.stretcherCases,
      byVehicle: load.byVehicle,
    });
    emit('ConvoyStatusChanged', departure, { convoyId, status: 'departed' });

    // The drive: legs along the route at a random speed, with short pauses, then on to the reception point.
    const speed = (20 * rng.real(0.8, 1.1)) / scale; // km per hour of sim time
    const extraKm = distanceMetres(end, rp.location) / 1000;
    const totalKm = route.lengthKm + extraKm;
    const pauses = rng.chance(0.3) ? [{ km: rng.real(0.2, 0.8) * totalKm, minutes: rng.real(2, 8) }] : [];
    if (fault === 'stopped') {
      const cps = corridor.checkpoints.map((c) => alongRoute(route, c.location).alongKm);
      const from = cps[0] ?? 0;
      const to = cps.at(-1) ?? route.lengthKm;
      const halt = {
        km: from + (to - from) * rng.real(0.3, 0.7),
        minutes: options.policy.stoppedAfterMinutes + rng.real(15, 40),
      };
      pauses.splice(0, pauses.length, halt);
    }
    const drive = new Drive(
      departure + min(2),
      totalKm,
      speed / 3_600_000,
      pauses.map((p) => ({ km: p.km, ms: min(p.minutes) })),
    );
    if (fault === 'stopped') {
      const haltsAt = drive.timeAt(pauses[0]!.km);
      faults.push({
        id: faultId,
        kind: 'stopped',
        convoy: code,
        at: new Date(haltsAt).toISOString(),
        observableAt: new Date(haltsAt + min(options.policy.stoppedAfterMinutes)).toISOString(),
      });
    }
    const arrival = drive.end;
    const locationAt = (k: number): Position => {
      if (k <= route.lengthKm) return pointAlong(route, k);
      const f = (k - route.lengthKm) / Math.max(extraKm, 1e-9);
      return [round6(end[0] + (rp.location[0] - end[0]) * f), round6(end[1] + (rp.location[1] - end[1]) * f)];
    };

    // Stations: each checkpoint, then the reception point. Faults between stations change what is seen after.
    const stations: {
      checkpointId?: string;
      receptionPointId?: string;
      kind: string;
      km: number;
      t: number;
    }[] = [
      ...corridor.checkpoints.map((c) => ({
        checkpointId: c.id,
        kind: c.kind,
        km: Math.min(alongRoute(route, c.location).alongKm, totalKm),
      })),
      { receptionPointId: rp.id, kind: 'arrival', km: totalKm },
    ].map((s) => ({ ...s, t: Math.max(drive.timeAt(s.km), departure + min(1)) }));
    stations.sort((a, b) => a.t - b.t);
    // People get off at the reception point a few minutes after the last checkpoint, even next to it.
    const arrivalStation = stations.at(-1)!;
    if (stations.length > 1) arrivalStation.t = Math.max(arrivalStation.t, stations.at(-2)!.t + min(5));
    const arrivedAt = Math.max(arrival, arrivalStation.t);
    let lost:
      { afterT: number; vehicleId?: string; people: PeopleCounts; stretcherCases: number } | undefined;
    if (fault === 'missing' || fault === 'detached') {
      const s = rng.int(0, stations.length - 2);
      const afterT = (stations[s]!.t + stations[s + 1]!.t) / 2;
      const bus = load.byVehicle[rng.int(0, BUSES_PER_CONVOY - 1)]!;
      if (fault === 'missing') {
        const category =
          (['men', 'women', 'boys', 'girls'] as const).find((c) => bus.people[c] >= 4) ?? 'men';
        const k = Math.min(rng.int(1, 4), bus.people[category]);
        lost = { afterT, people: { ...noPeople(), [category]: k }, stretcherCases: 0 };
      } else
        lost = { afterT, vehicleId: bus.vehicleId, people: bus.people, stretcherCases: bus.stretcherCases };
      faults.push({
        id: faultId,
        kind: fault,
        convoy: code,
        at: new Date(afterT).toISOString(),
        observableAt: null,
      });
    }
    const lostFault = lost ? faults.at(-1)! : undefined;
    const observed = (time: number, revealing: boolean) => {
      if (!lostFault || !revealing || time <= Date.parse(lostFault.at)) return;
      const iso = new Date(time).toISOString();
      if (lostFault.observableAt === null || iso < lostFault.observableAt) lostFault.observableAt = iso;
    };

    let lateCheckpoint: string | undefined;
    let duplicateCheckpoint: string | undefined;
    let overcountCheckpoint: string | undefined;
    const watched = stations.filter((s) => s.kind === 'entry' || s.kind === 'exit');
    if (fault === 'late' || fault === 'duplicate' || fault === 'overcount') {
      const s = watched[rng.int(0, watched.length - 1)]!;
      faults.push({
        id: faultId,
        kind: fault,
        convoy: code,
        at: new Date(s.t).toISOString(),
        observableAt: null,
      });
      if (fault === 'late') lateCheckpoint = s.checkpointId;
      if (fault === 'duplicate') duplicateCheckpoint = s.checkpointId;
      if (fault === 'overcount') overcountCheckpoint = s.checkpointId;
    }

    const plates = new Map(topology.vehicles.map((v) => [v.id, v.plate]));
    for (const s of stations) {
      const gone = lost && s.t > lost.afterT ? lost : undefined;
      const people = gone ? subtractPeople(load.people, gone.people) : load.people;
      const stretcherCases = load.stretcherCases - (gone?.stretcherCases ?? 0);
      const present = vehicleIds.filter((v) => !(gone?.vehicleId === v));
      const place = s.checkpointId
        ? { checkpointId: s.checkpointId }
        : { receptionPointId: s.receptionPointId! };
      const delay = rng.real(0, 1);
      const enumeratorAt = s.t + min(delay);
      const late = s.checkpointId !== undefined && s.checkpointId === lateCheckpoint;
      const tally = emit(
        'PassageRecorded',
        enumeratorAt,
        {
          passageId: id(enumeratorAt),
          ...place,
          convoyId,
          source: 'enumerator',
          scope: 'convoy',
          people,
          stretcherCases,
          vehicles: present.length,
        },
        late ? enumeratorAt + min(rng.real(120, 300)) : enumeratorAt,
      );
      if (!late) observed(enumeratorAt, gone !== undefined);
      if (s.checkpointId && (s.kind === 'entry' || s.kind === 'exit')) {
        const n = total(people);
        // What the rules allow a camera: its noise stays inside; an overcount fault sits at the limit.
        const allowed = tolerance({ total: n, errorPct: options.policy.cameraErrorPct }, n);
        const noise = Math.floor((n * options.policy.cameraErrorPct) / 100);
        const counted = s.checkpointId === overcountCheckpoint ? n + allowed : n + rng.int(-noise, noise);
        const cameraAt = s.t + min(rng.real(0, 0.5));
        const camera = emit('PassageRecorded', cameraAt, {
          passageId: id(cameraAt),
          checkpointId: s.checkpointId,
          source: 'camera',
          scope: 'convoy',
          peopleTotal: Math.max(0, counted),
          plates: present.map((v) => plates.get(v)!),
          deviceId: `CAM-${s.checkpointId.slice(-6)}`,
        });
        observed(
          cameraAt,
          gone !== undefined && (gone.vehicleId !== undefined || total(gone.people) > 2 * allowed),
        );
        if (s.checkpointId === duplicateCheckpoint) {
          uploads.push({ uploadAt: Math.round(cameraAt + min(rng.real(1, 10))), event: camera });
          uploads.push({ uploadAt: Math.round(enumeratorAt + min(rng.real(1, 10))), event: tally });
        }
      }
      if (s.kind === 'intermediate') {
        const droneAt = s.t + min(rng.real(0, 2));
        emit('PassageRecorded', droneAt, {
          passageId: id(droneAt),
          checkpointId: s.checkpointId!,
          convoyId,
          source: 'drone',
          scope: 'convoy',
          vehicles: present.length,
          deviceId: 'DRONE-1',
        });
        observed(droneAt, gone?.vehicleId !== undefined);
      }
    }
    // GPS: every vehicle reports its position every few minutes while in transit.
    const every = min(options.positionEveryMinutes ?? 5);
    vehicleIds.forEach((v, k) => {
      for (let time = departure + every * ((k % 5) / 5 + 0.2); time < arrival; time += every) {
        if (lost?.vehicleId === v && time > lost.afterT) break;
        const location = locationAt(drive.kmAt(time));
        emit('PassageRecorded', time, {
          passageId: id(time),
          convoyId,
          source: 'position',
          scope: 'convoy',
          vehicleIds: [v],
          location: { type: 'Point', coordinates: location },
          deviceId: `GPS-${plates.get(v)!}`,
        });
      }
    });
    emit('ConvoyStatusChanged', arrivedAt + min(5), { convoyId, status: 'arrived' });
    endsAt = Math.max(endsAt, arrivedAt + min(5));
  });
  uploads.sort((a, b) => a.uploadAt - b.uploadAt);
  return { uploads, faults, convoys, endsAt };
}

function nearest<T extends { location: Position }>(points: readonly T[], p: Position): T {
  return points.reduce((best, q) =>
    distanceMetres(q.location, p) < distanceMetres(best.location, p) ? q : best,
  );
}
