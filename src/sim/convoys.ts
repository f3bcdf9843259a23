import type { PeopleCounts } from '../contracts/common.js';
import { alongRoute, distanceMetres, routeProfile, type Position, type RouteProfile } from '../domain/geo.js';
import { noPeople, total } from '../domain/accountability/reconcile.js';
import { Drive } from './drive.js';
import { BUSES_PER_CONVOY, type Load } from './loads.js';
import { Random } from './random.js';
import { Recorder } from './recorder.js';
import { Sightings } from './sightings.js';
import type { Fault, FaultKind, SimulationOptions, SimulationPlan, Upload } from './simulate.js';
import type { Topology } from './topology.js';

/**
 * Each convoy of a simulation (`simulate.ts`) in turn: planned, boarded and departed; driven along its
 * corridor; seen at each station; its vehicles' positions; its arrival. Faults are injected as it goes.
 */

/** A convoy of the simulation: its load, its corridor to a reception point, its departure and its fault. */
export interface Convoy {
  readonly load: Load;
  readonly id: string;
  readonly code: string;
  readonly corridor: Topology['corridors'][number];
  readonly route: RouteProfile;
  /** The route's last point; the reception point nearest to it, where the convoy goes on to. */
  readonly end: Position;
  readonly rp: Topology['receptionPoints'][number];
  readonly departure: number;
  readonly vehicleIds: string[];
  readonly fault: FaultKind | undefined;
  readonly faultId: string;
}

/** How a convoy drives its way: the drive, and the way's length (the route, then on to the reception point). */
export interface Way {
  readonly drive: Drive;
  readonly totalKm: number;
  /** From the route's end to the reception point. */
  readonly extraKm: number;
}

/** Where a convoy is seen on its way: a checkpoint, or the reception point, when it gets there. */
export interface Station {
  checkpointId?: string;
  receptionPointId?: string;
  kind: string;
  km: number;
  t: number;
}

/** Who a missing or detached fault takes out of a convoy after `afterT`, and the fault. */
export interface Loss {
  readonly afterT: number;
  readonly vehicleId?: string;
  readonly people: PeopleCounts;
  readonly stretcherCases: number;
  readonly fault: Fault;
}

/** The checkpoint whose records a late, duplicate or overcount fault changes. */
/** The checkpoint whose records each kind of noise changes (one kind per convoy). */
export type NoisyCheckpoints = Partial<Record<NoiseKind, string>>;
type NoiseKind = 'late' | 'duplicate' | 'overcount' | 'partial' | 'corrected' | 'voided';
const NOISE: readonly string[] = ['late', 'duplicate', 'overcount', 'partial', 'corrected', 'voided'];

/** The simulation's random numbers, clock and records, with each convoy's events in turn. */
export class Simulation {
  readonly rng: Random;
  readonly start: number;
  readonly faults: Fault[] = [];
  readonly convoys: SimulationPlan['convoys'] = [];
  private readonly rec: Recorder;
  private readonly sightings: Sightings;
  private readonly profiles: Map<string, RouteProfile>;

  constructor(
    private readonly topology: Topology,
    private readonly options: SimulationOptions,
  ) {
    this.rng = new Random(options.seed);
    this.rec = new Recorder(this.rng, options.timeScale ?? 1);
    this.start = options.start.getTime();
    this.profiles = new Map(topology.corridors.map((c) => [c.id, routeProfile(c.route)]));
    const plates = new Map(topology.vehicles.map((v) => [v.id, v.plate]));
    this.sightings = new Sightings(this.rec, options.policy, plates);
  }

  /** Every event made, in the order made. */
  get uploads(): Upload[] {
    return this.rec.uploads;
  }

  /** Convoy i from planning to arrival; returns when its arrival is recorded. */
  convoy(load: Load, i: number, perWave: number, fault: FaultKind | undefined): number {
    const c = this.announce(load, i, perWave, fault);
    const way = this.drive(c);
    const stations = this.stations(c, way);
    const arrivedAt = Math.max(way.drive.end, stations.at(-1)!.t);
    const loss = this.loss(c, stations);
    const noisy = this.noisy(c, stations);
    for (const s of stations) this.sightings.passage(c, s, loss, noisy);
    this.sightings.positions(c, way, loss, this.options.positionEveryMinutes ?? 5);
    this.rec.emit('ConvoyStatusChanged', arrivedAt + this.rec.min(5), { convoyId: c.id, status: 'arrived' });
    return arrivedAt + this.rec.min(5);
  }

  /** Convoy i planned, boarding, its manifest and its departure. */
  private announce(load: Load, i: number, perWave: number, fault: FaultKind | undefined): Convoy {
    const { topology, options } = this;
    const wave = Math.floor(i / perWave);
    const slot = i % perWave;
    const corridor = topology.corridors[slot % topology.corridors.length]!;
    const end = corridor.route.at(-1)!;
    const rp = nearest(topology.receptionPoints, end);
    const departure = this.start + wave * this.rec.min(240) + this.rec.min(slot * 6);
    const number = (options.firstConvoyNumber ?? 1) + i;
    const code = `CVY-${String(number).padStart(4, '0')}`;
    const convoyId = this.rec.id(departure - this.rec.min(90));
    const vehicleIds = load.byVehicle.map((b) => b.vehicleId);
    const faultId = `F-${String(this.faults.length + 1).padStart(3, '0')}`;
    this.convoys.push({ id: convoyId, code, people: total(load.people) });

    this.rec.emit('ConvoyPlanned', departure - this.rec.min(90), {
      convoyId,
      code,
      corridorId: corridor.id,
      vehicleIds,
      receptionPointId: rp.id,
      plannedDeparture: new Date(departure).toISOString(),
    });
    this.rec.emit('ConvoyStatusChanged', departure - this.rec.min(60), { convoyId, status: 'boarding' });
    this.rec.emit('ManifestRecorded', departure - this.rec.min(15), {
      convoyId,
      people: load.people,
      stretcherCases: load.stretcherCases,
      byVehicle: load.byVehicle,
    });
    this.rec.emit('ConvoyStatusChanged', departure, { convoyId, status: 'departed' });
    const route = this.profiles.get(corridor.id)!;
    return { load, id: convoyId, code, corridor, route, end, rp, departure, vehicleIds, fault, faultId };
  }

  /**
   * The drive: legs along the route at a random speed, with short pauses, then on to the reception
   * point. A stopped fault halts the convoy between its first and last checkpoints for longer than
   * the policy allows.
   */
  private drive(c: Convoy): Way {
    const { rng, options } = this;
    const speed = (20 * rng.real(0.8, 1.1)) / this.rec.scale; // km per hour of sim time
    const extraKm = distanceMetres(c.end, c.rp.location) / 1000;
    const totalKm = c.route.lengthKm + extraKm;
    const pauses = rng.chance(0.3) ? [{ km: rng.real(0.2, 0.8) * totalKm, minutes: rng.real(2, 8) }] : [];
    if (c.fault === 'stopped') {
      const cps = c.corridor.checkpoints.map((cp) => alongRoute(c.route, cp.location).alongKm);
      const from = cps[0] ?? 0;
      const to = cps.at(-1) ?? c.route.lengthKm;
      const halt = {
        km: from + (to - from) * rng.real(0.3, 0.7),
        minutes: options.policy.stoppedAfterMinutes + rng.real(15, 40),
      };
      pauses.splice(0, pauses.length, halt);
    }
    const drive = new Drive(
      c.departure + this.rec.min(2),
      totalKm,
      speed / 3_600_000,
      pauses.map((p) => ({ km: p.km, ms: this.rec.min(p.minutes) })),
    );
    if (c.fault === 'stopped') {
      const haltsAt = drive.timeAt(pauses[0]!.km);
      this.faults.push({
        id: c.faultId,
        kind: 'stopped',
        convoy: c.code,
        at: new Date(haltsAt).toISOString(),
        observableAt: new Date(haltsAt + this.rec.min(options.policy.stoppedAfterMinutes)).toISOString(),
      });
    }
    return { drive, totalKm, extraKm };
  }

  /** Stations: each checkpoint, then the reception point, in the order the convoy gets there. */
  private stations(c: Convoy, { drive, totalKm }: Way): Station[] {
    const stations: Station[] = [
      ...c.corridor.checkpoints.map((cp) => ({
        checkpointId: cp.id,
        kind: cp.kind,
        km: Math.min(alongRoute(c.route, cp.location).alongKm, totalKm),
      })),
      { receptionPointId: c.rp.id, kind: 'arrival', km: totalKm },
    ].map((s) => ({ ...s, t: Math.max(drive.timeAt(s.km), c.departure + this.rec.min(1)) }));
    stations.sort((a, b) => a.t - b.t);
    // People get off at the reception point a few minutes after the last checkpoint, even next to it.
    const arrivalStation = stations.at(-1)!;
    if (stations.length > 1)
      arrivalStation.t = Math.max(arrivalStation.t, stations.at(-2)!.t + this.rec.min(5));
    return stations;
  }

  /**
   * A missing fault (a few people of one bus) or a detached one (a whole bus): lost between two
   * stations. Faults between stations change what is seen after.
   */
  private loss(c: Convoy, stations: readonly Station[]): Loss | undefined {
    if (c.fault !== 'missing' && c.fault !== 'detached') return undefined;
    const { rng } = this;
    const s = rng.int(0, stations.length - 2);
    const afterT = (stations[s]!.t + stations[s + 1]!.t) / 2;
    const bus = c.load.byVehicle[rng.int(0, BUSES_PER_CONVOY - 1)]!;
    let lost: Omit<Loss, 'fault'>;
    if (c.fault === 'missing') {
      const category = (['men', 'women', 'boys', 'girls'] as const).find((k) => bus.people[k] >= 4) ?? 'men';
      const k = Math.min(rng.int(1, 4), bus.people[category]);
      lost = { afterT, people: { ...noPeople(), [category]: k }, stretcherCases: 0 };
    } else
      lost = { afterT, vehicleId: bus.vehicleId, people: bus.people, stretcherCases: bus.stretcherCases };
    const fault: Fault = {
      id: c.faultId,
      kind: c.fault,
      convoy: c.code,
      at: new Date(afterT).toISOString(),
      observableAt: null,
    };
    this.faults.push(fault);
    return { ...lost, fault };
  }

  /** A late, duplicate or overcount fault: at an entry or exit checkpoint, which it names. */
  private noisy(c: Convoy, stations: readonly Station[]): NoisyCheckpoints {
    if (c.fault === undefined || !NOISE.includes(c.fault)) return {};
    // An entry or exit checkpoint (a camera watches those); any checkpoint on a corridor without them.
    const checkpoints = stations.filter((s) => s.checkpointId !== undefined);
    const watched = checkpoints.filter((s) => s.kind === 'entry' || s.kind === 'exit');
    const candidates = watched.length > 0 ? watched : checkpoints;
    if (candidates.length === 0) return {};
    const s = candidates[this.rng.int(0, candidates.length - 1)]!;
    this.faults.push({
      id: c.faultId,
      kind: c.fault,
      convoy: c.code,
      at: new Date(s.t).toISOString(),
      observableAt: null,
    });
    return { [c.fault as NoiseKind]: s.checkpointId! };
  }
}

function nearest<T extends { location: Position }>(points: readonly T[], p: Position): T {
  return points.reduce((best, q) =>
    distanceMetres(q.location, p) < distanceMetres(best.location, p) ? q : best,
  );
}
