import type { EventPayload } from '../../contracts/events.js';
import { alongRoute, routeProfile, type Position } from '../geo.js';
import { standsIn, statusStandsIn, type ProjectableEvent } from '../projection.js';
import { DEFAULT_SAFE_PASSAGE } from '../safe-passage/gates.js';
import { total, type StationCount } from './reconcile.js';
import { normalisePlate, stationCount, type CountAtStation, type Tally } from './counting.js';
import { SafetyState } from '../safe-passage/safety.js';
import type { Checkpoint, Convoy, Corridor, HeldPassage, Items, Station } from './model.js';
import { DEFAULT_POLICY, type Policy } from './model.js';

/**
 * What the accountability rules know of an operation: its corridors with their checkpoints along the
 * route, the fleet and its plates, and each convoy's manifest, the readings of every source at every
 * station, and its progress along the route. A fold over the operation's events (alerts aside), kept
 * in memory; each event changes only what it is about.
 */

/** Within this of a checkpoint along the route, a position report counts as having reached it. */
const REACHED_KM = 0.2;

interface Vehicle {
  code: string;
  /** Convoys it was planned on, oldest first. */
  convoys: string[];
}

type Passage = ProjectableEvent & { type: 'PassageRecorded' };

export class OperationState {
  policy: Policy = DEFAULT_POLICY;
  timezone = 'UTC';
  readonly corridors = new Map<string, Corridor>();
  readonly checkpoints = new Map<string, Checkpoint>();
  readonly receptionPoints = new Map<string, { code: string; location: Position; room?: Items }>();
  readonly vehicles = new Map<string, Vehicle>();
  readonly convoys = new Map<string, Convoy>();
  /** Departed and not arrived. */
  readonly inTransit = new Set<string>();
  /** Incidents, hazards, pause windows and the corridors adopted plans use. */
  readonly safety = new SafetyState();
  private readonly plates = new Map<string, string>();
  private readonly passages = new Map<string, HeldPassage>();

  fold(event: ProjectableEvent): void {
    this.foldRecords(event);
    this.foldConvoys(event);
    switch (event.type) {
      case 'IncidentReported':
      case 'IncidentStatusChanged':
      case 'HazardReported':
      case 'HazardStatusChanged':
      case 'PauseWindowAgreed':
      case 'PauseWindowCancelled':
      case 'PlanProposed':
      case 'PlanAdopted':
        this.safety.fold(event, this.corridors);
        break;
      default:
        break;
    }
  }

  /** The operation, its corridors and their checkpoints, reception points and vehicles. */
  private foldRecords(event: ProjectableEvent): void {
    switch (event.type) {
      case 'OperationCreated':
        this.policy = { ...DEFAULT_POLICY, ...event.payload.accountability };
        this.safety.policy = { ...DEFAULT_SAFE_PASSAGE, ...event.payload.safePassage };
        this.timezone = event.payload.timezone;
        break;
      case 'CorridorDeclared': {
        const p = event.payload;
        this.corridors.set(p.corridorId, {
          id: p.corridorId,
          code: p.code,
          status: 'planned',
          route: routeProfile(p.route.coordinates),
          windows: p.windows,
          ownWindows: p.windows,
          checkpoints: [],
        });
        break;
      }
      case 'CorridorStatusChanged': {
        const corridor = this.corridors.get(event.payload.corridorId);
        // Changed at two sites apart: a close stands (the first, if two), else the latest change, as in
        // the projections.
        if (corridor) statusStandsIn(corridor, event, event.payload.status, 'closed');
        break;
      }
      case 'CheckpointEstablished': {
        const p = event.payload;
        const corridor = this.corridors.get(p.corridorId);
        if (!corridor) break;
        const cp: Checkpoint = {
          id: p.checkpointId,
          code: p.code,
          corridorId: p.corridorId,
          kind: p.kind,
          ordinal: p.ordinal,
          alongKm: alongRoute(corridor.route, p.location.coordinates).alongKm,
        };
        this.checkpoints.set(cp.id, cp);
        corridor.checkpoints.push(cp);
        corridor.checkpoints.sort((a, b) => a.ordinal - b.ordinal || a.alongKm - b.alongKm);
        break;
      }
      case 'ReceptionPointEstablished':
        this.receptionPoints.set(event.payload.receptionPointId, {
          code: event.payload.code,
          location: event.payload.location.coordinates,
          ...(event.payload.room ? { room: event.payload.room } : {}),
        });
        break;
      case 'VehicleRegistered': {
        const p = event.payload;
        this.vehicles.set(p.vehicleId, { code: p.code, convoys: [] });
        this.plates.set(normalisePlate(p.plate), p.vehicleId);
        break;
      }
      default:
        break;
    }
  }

  /** Convoys: planned, their manifests and status, and the passages seen of them. */
  private foldConvoys(event: ProjectableEvent): void {
    switch (event.type) {
      case 'ConvoyPlanned': {
        const p = event.payload;
        this.convoys.set(p.convoyId, {
          id: p.convoyId,
          code: p.code,
          corridorId: p.corridorId,
          receptionPointId: p.receptionPointId,
          vehicleIds: [...p.vehicleIds],
          status: 'planned',
          stations: new Map(),
          ordered: [],
          track: [],
          lastProgressAt: -Infinity,
          anchorKm: undefined,
          reachedByPosition: new Map(),
        });
        for (const v of p.vehicleIds) this.vehicles.get(v)?.convoys.push(p.convoyId);
        break;
      }
      case 'ManifestRecorded': {
        const convoy = this.convoys.get(event.payload.convoyId);
        if (convoy && standsIn(convoy, 'manifest', event))
          convoy.manifest = {
            people: event.payload.people,
            stretcherCases: event.payload.stretcherCases,
            ...(event.payload.carried ? { carried: event.payload.carried } : {}),
            at: event.occurredAt,
          };
        break;
      }
      case 'ConvoyStatusChanged': {
        const convoy = this.convoys.get(event.payload.convoyId);
        if (!convoy || !standsIn(convoy, 'status', event)) break;
        convoy.status = event.payload.status;
        if (convoy.status === 'boarding') convoy.boardingAt = event.occurredAt;
        if (convoy.status === 'departed') {
          convoy.departedAt = event.occurredAt;
          this.inTransit.add(convoy.id);
          this.addProgress(convoy, Date.parse(event.occurredAt), 0);
        }
        if (convoy.status === 'arrived') {
          convoy.arrivedAt = event.occurredAt;
          this.inTransit.delete(convoy.id);
        }
        break;
      }
      case 'PassageRecorded': {
        const p = event.payload;
        const convoyId = p.convoyId ?? this.matchConvoy(p, event.occurredAt)?.convoyId;
        this.passages.set(p.passageId, { event, ...(convoyId ? { convoyId } : {}) });
        if (convoyId) this.record(convoyId, event);
        break;
      }
      case 'PassageMatched': {
        const passage = this.passages.get(event.payload.passageId);
        // Matched at two sites apart: the latest match stands, as in the projections.
        if (!passage || !standsIn(passage, 'match', event) || passage.convoyId === event.payload.convoyId)
          break;
        passage.convoyId = event.payload.convoyId;
        this.record(event.payload.convoyId, passage.event);
        break;
      }
      case 'PassageVoided':
        this.voidPassage(event);
        break;
      default:
        break;
    }
  }

  /** Which convoy a passage without one belongs to, from the vehicles or plates seen. */
  matchConvoy(
    p: EventPayload<'PassageRecorded'>,
    at: string,
  ): { convoyId: string; method: 'plates' | 'vehicles' } | undefined {
    const byIds = p.vehicleIds ?? [];
    const plates = p.plates ?? [];
    const byPlates = plates.map((plate) => this.vehicleOfPlate(plate)).filter((v) => v !== undefined);
    if (byIds.length === 0 && plates.length === 0) return undefined;
    if (byPlates.length < plates.length) return undefined;
    const convoys = new Set<string>();
    for (const v of [...byIds, ...byPlates]) {
      const convoyId = this.convoyOfVehicleAt(v, at);
      if (!convoyId) return undefined;
      convoys.add(convoyId);
    }
    if (convoys.size !== 1) return undefined;
    const convoyId = [...convoys][0]!;
    const checkpoint = p.checkpointId ? this.checkpoints.get(p.checkpointId) : undefined;
    if (checkpoint && checkpoint.corridorId !== this.convoys.get(convoyId)!.corridorId) return undefined;
    return { convoyId, method: byIds.length > 0 ? 'vehicles' : 'plates' };
  }

  vehicleOfPlate(plate: string): string | undefined {
    return this.plates.get(normalisePlate(plate));
  }

  /** The convoy a vehicle was on at a time: boarded by then and not yet arrived. */
  private convoyOfVehicleAt(vehicleId: string, at: string): string | undefined {
    for (const id of [...(this.vehicles.get(vehicleId)?.convoys ?? [])].reverse()) {
      const c = this.convoys.get(id)!;
      const from = c.boardingAt ?? c.departedAt;
      if (from === undefined || from > at) continue;
      if (c.arrivedAt === undefined || c.arrivedAt >= at) return id;
    }
    return undefined;
  }

  /** Add a passage's reading to its convoy's station, and its progress to the convoy's track. */
  private record(convoyId: string, event: Passage): void {
    const convoy = this.convoys.get(convoyId);
    if (!convoy) return;
    const p = event.payload;
    const t = Date.parse(event.occurredAt);
    const corridor = this.corridors.get(convoy.corridorId);
    if (p.location && corridor) {
      const km = alongRoute(corridor.route, p.location.coordinates).alongKm;
      this.addProgress(convoy, t, km);
      for (const cp of corridor.checkpoints)
        if (km >= cp.alongKm - REACHED_KM && !(convoy.reachedByPosition.get(cp.id)! <= t))
          convoy.reachedByPosition.set(cp.id, t);
    }
    let station: Station | undefined;
    if (p.checkpointId !== undefined) {
      const cp = this.checkpoints.get(p.checkpointId);
      if (!cp) return;
      station = stationOf(convoy, cp.id, `${cp.code} ${cp.kind}`, cp.ordinal, event.occurredAt);
      this.addProgress(convoy, t, cp.alongKm);
    } else if (p.receptionPointId !== undefined) {
      const rp = this.receptionPoints.get(p.receptionPointId);
      const label = `${rp?.code ?? 'reception point'} arrival`;
      station = stationOf(convoy, 'arrival', label, Infinity, event.occurredAt);
      this.addProgress(convoy, t, corridor?.route.lengthKm ?? 0);
    }
    if (!station) return;
    const passage = this.passages.get(p.passageId)!;
    const tally = this.tallyOf(event);
    if (passage.voided) tally.voided = passage.voided;
    passage.tally = tally;
    station.tallies.push(tally);
    station.count = undefined;
  }

  /** A passage as a tally: what `stationCount` counts, the same as a report makes of its row. */
  private tallyOf(event: Passage): Tally {
    const p = event.payload;
    const vehicleIds = [
      ...(p.vehicleIds ?? []),
      ...(p.plates ?? []).flatMap((plate) => this.vehicleOfPlate(plate) ?? []),
    ];
    return {
      id: p.passageId,
      at: event.occurredAt,
      source: p.source,
      scope: p.scope,
      vehicleIds,
      ...(p.people ? { people: p.people, total: total(p.people) } : {}),
      ...(p.peopleTotal !== undefined ? { total: p.peopleTotal } : {}),
      ...(p.stretcherCases !== undefined ? { stretcherCases: p.stretcherCases } : {}),
      ...(p.carried ? { carried: p.carried } : {}),
      ...(p.vehicles !== undefined
        ? { vehicles: p.vehicles }
        : vehicleIds.length > 0 && p.scope === 'convoy'
          ? { vehicles: new Set(vehicleIds).size }
          : {}),
      errorPct: p.source === 'enumerator' ? 0 : (p.errorPct ?? this.policy.cameraErrorPct),
      by: event.organisation,
      ...(event.actor ? { recorder: event.actor } : {}),
      ...(p.corrects !== undefined ? { corrects: p.corrects, reason: p.reason ?? '' } : {}),
    };
  }

  /** The convoy a passage counts for, if it is matched to one. */
  convoyOfPassage(passageId: string): string | undefined {
    return this.passages.get(passageId)?.convoyId;
  }

  private voidPassage(event: Extract<ProjectableEvent, { type: 'PassageVoided' }>): void {
    const passage = this.passages.get(event.payload.passageId);
    // Voided at two sites apart: the first voiding stands, as in the projections.
    if (!passage || !standsIn(passage, 'void', event, 'earliest')) return;
    const voided = {
      at: event.occurredAt,
      reason: event.payload.reason,
      by: event.organisation,
      ...(event.actor ? { recorder: event.actor } : {}),
    };
    // A passage of no convoy yet keeps its void for when it is matched.
    passage.voided = voided;
    if (!passage.tally) return;
    passage.tally.voided = voided;
    const convoy = passage.convoyId ? this.convoys.get(passage.convoyId) : undefined;
    for (const station of convoy?.ordered ?? [])
      if (station.tallies.includes(passage.tally)) station.count = undefined;
  }

  /** Progress is movement of more than `movedMetres` along the route since the last progress. */
  private addProgress(convoy: Convoy, t: number, km: number): void {
    const track = convoy.track;
    let from = track.length;
    if (track.length === 0 || track.at(-1)!.t <= t) track.push({ t, km });
    else {
      // A late record: put it in its place and find the progress again from the start.
      from = track.length - 1;
      while (from > 0 && track[from - 1]!.t > t) from--;
      track.splice(from, 0, { t, km });
      from = 0;
      convoy.lastProgressAt = -Infinity;
      convoy.anchorKm = undefined;
    }
    const moved = this.policy.movedMetres / 1000;
    for (let i = Math.min(from, track.length - 1); i < track.length; i++) {
      const point = track[i]!;
      if (convoy.anchorKm === undefined || point.km - convoy.anchorKm > moved) {
        convoy.anchorKm = point.km;
        convoy.lastProgressAt = point.t;
      }
    }
  }

  /** A convoy's stations in order along its way. */
  stationsOf(convoy: Convoy): readonly Station[] {
    return convoy.ordered;
  }

  /** What a station counted of a convoy, by the one definition (counting.ts); kept until it changes. */
  countAt(convoy: Convoy, station: Station): CountAtStation {
    station.count ??= stationCount(station.tallies, {
      vehicleIds: convoy.vehicleIds,
      ...(convoy.manifest ? { manifestTotal: total(convoy.manifest.people) } : {}),
    });
    return station.count;
  }

  /** The people count a station's tallies make for a convoy, if they make one. */
  best(convoy: Convoy, station: Station | undefined): StationCount | undefined {
    return station ? (this.countAt(convoy, station).count ?? undefined) : undefined;
  }

  /** When a convoy first reached a checkpoint, by a passage there or by a position report. */
  reachedAt(convoy: Convoy, checkpointId: string): number | undefined {
    const station = convoy.stations.get(checkpointId);
    const byPassage = station?.firstMs;
    const byPosition = convoy.reachedByPosition.get(checkpointId);
    if (byPassage === undefined) return byPosition;
    return byPosition === undefined ? byPassage : Math.min(byPassage, byPosition);
  }
}

function stationOf(convoy: Convoy, id: string, label: string, ordinal: number, at: string): Station {
  let station = convoy.stations.get(id);
  if (!station) {
    station = {
      id,
      label,
      ordinal,
      firstAt: at,
      firstMs: Date.parse(at),
      tallies: [],
    };
    convoy.stations.set(id, station);
    convoy.ordered.push(station);
    convoy.ordered.sort((a, b) => a.ordinal - b.ordinal);
  } else if (at < station.firstAt) {
    station.firstAt = at;
    station.firstMs = Date.parse(at);
  }
  return station;
}
