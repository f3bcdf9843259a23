import type { PeopleCounts } from '../contracts/common.js';
import type { EventPayload, EventPayloadInput } from '../contracts/events.js';
import { alongRoute, distanceMetres, routeProfile, type Position, type RouteProfile } from './geo.js';
import type { ProjectableEvent } from './projection.js';
import {
  addPeople,
  compareCounts,
  describe,
  total,
  type Difference,
  type StationCount,
} from './reconcile.js';

/**
 * The accountability rules: every person who boards is followed from the manifest through each
 * checkpoint to the reception point, and an alert is raised the moment the numbers or the timing stop
 * adding up. The state is a fold over the operation's events, kept in memory; each event updates only
 * the convoy (or corridor) it is about, and `tick(now)` evaluates the time-based rules of the convoys in
 * transit. Alerts are events too: the engine returns the `AlertRaised` / `AlertResolved` /
 * `PassageMatched` events it derives, already folded into its state, for the caller to append.
 *
 * Pure: no I/O and no clock; `now` and the id factory are passed in.
 */

export type Policy = EventPayload<'OperationCreated'>['accountability'];
type AlertKind = EventPayload<'AlertRaised'>['kind'];
type Severity = EventPayload<'AlertRaised'>['severity'];
type Source = EventPayload<'PassageRecorded'>['source'];

export type DerivedEvent =
  | { type: 'AlertRaised'; occurredAt: string; payload: EventPayload<'AlertRaised'> }
  | { type: 'AlertResolved'; occurredAt: string; payload: EventPayloadInput<'AlertResolved'> }
  | { type: 'PassageMatched'; occurredAt: string; payload: EventPayload<'PassageMatched'> };

export const DEFAULT_POLICY: Policy = {
  speedKmh: 20,
  overdueFactor: 1.5,
  overdueSlackMinutes: 15,
  stoppedAfterMinutes: 20,
  movedMetres: 100,
  cameraErrorPct: 3,
  windowWarningMinutes: 60,
};

const MINUTE = 60_000;
/** Within this of a checkpoint along the route, a position report counts as having reached it. */
const REACHED_KM = 0.2;
/** Clocks of different observers disagree a little; an order reversed by less than this is not flagged. */
const ORDER_GRACE_MS = 2 * MINUTE;
const CONVOY_KINDS: readonly AlertKind[] = [
  'people-missing',
  'people-surplus',
  'convoy-overdue',
  'convoy-stopped',
  'vehicle-detached',
  'out-of-order',
];

interface Checkpoint {
  id: string;
  code: string;
  name: string;
  corridorId: string;
  kind: 'entry' | 'exit' | 'intermediate';
  ordinal: number;
  location: Position;
  alongKm: number;
}

interface Corridor {
  id: string;
  code: string;
  route: RouteProfile;
  windows: { start: string; end: string }[];
  checkpoints: Checkpoint[];
}

interface Vehicle {
  id: string;
  code: string;
  plate: string;
  /** Convoys it was planned on, oldest first. */
  convoys: string[];
}

/** One source's reading at a station: the whole convoy as seen, or tallies of some vehicles. */
interface Reading {
  passageId: string;
  at: string;
  people?: PeopleCounts;
  total?: number;
  stretcherCases?: number;
  vehicles?: number;
  vehicleIds?: string[];
  errorPct: number;
}

interface Station {
  /** A checkpoint id, or `arrival` for the reception point. */
  id: string;
  label: string;
  ordinal: number;
  firstAt: string;
  whole: Map<Source, Reading>;
  partial: Map<Source, Map<string, Reading>>;
}

interface Convoy {
  id: string;
  code: string;
  corridorId: string;
  receptionPointId: string | undefined;
  vehicleIds: string[];
  status: 'planned' | 'boarding' | 'departed' | 'arrived';
  boardingAt?: string;
  departedAt?: string;
  arrivedAt?: string;
  manifest?: { people: PeopleCounts; stretcherCases: number; at: string };
  stations: Map<string, Station>;
  /** Progress along the route: (time, km) from passages and position reports, in time order. */
  track: { t: number; km: number }[];
  lastProgressAt: number;
  /** The first time each checkpoint was reached by a position report. */
  reachedByPosition: Map<string, number>;
  /** Where along the route the last progress was (km). */
  anchorKm: number | undefined;
}

interface Alert {
  id: string;
  code: string;
  key: string;
  kind: AlertKind;
  convoyId: string | undefined;
  corridorId: string | undefined;
  passageId: string | undefined;
  status: 'open' | 'acknowledged' | 'resolved';
  raisedAt: string;
  signature: string;
}

/** A condition that holds now; an alert is open for it, or is raised. */
interface Condition {
  key: string;
  kind: AlertKind;
  severity: Severity;
  reason: string;
  numbers: Record<string, number>;
  since: string;
  checkpointId?: string;
  vehicleId?: string;
  passageId?: string;
}

export interface StationReport {
  station: string;
  label: string;
  at: string | null;
  sources: {
    source: Source | 'manifest';
    people: PeopleCounts | null;
    total: number | null;
    stretcherCases: number | null;
    vehicles: number | null;
    errorPct: number;
  }[];
  best: { people: PeopleCounts | null; total: number; errorPct: number } | null;
}

export class Accountability {
  private policy: Policy = DEFAULT_POLICY;
  private timezone = 'UTC';
  private readonly corridors = new Map<string, Corridor>();
  private readonly checkpoints = new Map<string, Checkpoint>();
  private readonly receptionPoints = new Map<string, { code: string; location: Position }>();
  private readonly vehicles = new Map<string, Vehicle>();
  private readonly plates = new Map<string, string>();
  private readonly convoys = new Map<string, Convoy>();
  private readonly inTransit = new Set<string>();
  private readonly passages = new Map<
    string,
    { convoyId?: string; event: ProjectableEvent & { type: 'PassageRecorded' } }
  >();
  private readonly alerts = new Map<string, Alert>();
  private readonly openByKey = new Map<string, Alert>();
  /** Open alerts by what they are about: a convoy, else a corridor, else a passage. */
  private readonly openByScope = new Map<string, Set<Alert>>();
  /** Conditions a person resolved by hand: not raised again unless their numbers change. */
  private readonly dismissed = new Map<string, string>();
  private maxAlertNumber = 0;
  private dryRun = false;

  constructor(
    readonly operationId: string,
    private readonly newId: () => string,
  ) {}

  get policyInUse(): Policy {
    return this.policy;
  }

  /** Fold one event into the state, deriving nothing (history being loaded). */
  apply(event: ProjectableEvent): void {
    this.fold(event);
  }

  /**
   * Fold one new event and return what it implies: alerts raised or resolved for the convoy (or
   * passage, or corridor) it concerns, and a passage matched to its convoy by the vehicles seen.
   */
  observe(event: ProjectableEvent, now: Date): DerivedEvent[] {
    const derived: DerivedEvent[] = [];
    const at = now.toISOString();
    this.fold(event);
    switch (event.type) {
      case 'PassageRecorded': {
        const p = event.payload;
        let convoyId = p.convoyId;
        if (convoyId === undefined) {
          const match = this.matchConvoy(p, event.occurredAt);
          if (match) {
            convoyId = match.convoyId;
            derived.push(
              this.emit({
                type: 'PassageMatched',
                occurredAt: at,
                payload: { passageId: p.passageId, convoyId, method: match.method },
              }),
            );
          } else if (p.checkpointId !== undefined || p.receptionPointId !== undefined || p.plates?.length) {
            derived.push(...this.raiseUnknown(event, at));
          }
        }
        if (convoyId !== undefined) derived.push(...this.evaluateConvoy(convoyId, now));
        break;
      }
      case 'PassageMatched':
        derived.push(
          ...this.resolveKeys([`unknown-convoy:${event.payload.passageId}`], at, 'matched to a convoy'),
        );
        derived.push(...this.evaluateConvoy(event.payload.convoyId, now));
        break;
      case 'ManifestRecorded':
        derived.push(...this.evaluateConvoy(event.payload.convoyId, now));
        break;
      case 'ConvoyStatusChanged': {
        derived.push(...this.evaluateConvoy(event.payload.convoyId, now));
        const convoy = this.convoys.get(event.payload.convoyId);
        if (convoy) derived.push(...this.evaluateCorridor(convoy.corridorId, now));
        break;
      }
      default:
        break;
    }
    return derived;
  }

  /** Whether `tick(now)` would derive anything; changes nothing (to skip a write when all is well). */
  wouldDerive(now: Date): boolean {
    const counter = this.maxAlertNumber;
    this.dryRun = true;
    try {
      return this.tick(now).length > 0;
    } finally {
      this.dryRun = false;
      this.maxAlertNumber = counter;
    }
  }

  /** The time-based rules (overdue, stopped, windows) for everything in transit, at `now`. */
  tick(now: Date): DerivedEvent[] {
    const derived: DerivedEvent[] = [];
    for (const id of [...this.inTransit]) derived.push(...this.evaluateConvoy(id, now));
    for (const id of this.corridors.keys()) derived.push(...this.evaluateCorridor(id, now));
    return derived;
  }

  // ---- folding ----------------------------------------------------------------------------------

  private fold(event: ProjectableEvent): void {
    switch (event.type) {
      case 'OperationCreated':
        this.policy = { ...DEFAULT_POLICY, ...event.payload.accountability };
        this.timezone = event.payload.timezone;
        break;
      case 'CorridorDeclared': {
        const p = event.payload;
        this.corridors.set(p.corridorId, {
          id: p.corridorId,
          code: p.code,
          route: routeProfile(p.route.coordinates),
          windows: p.windows,
          checkpoints: [],
        });
        break;
      }
      case 'CheckpointEstablished': {
        const p = event.payload;
        const corridor = this.corridors.get(p.corridorId);
        if (!corridor) break;
        const location = p.location.coordinates;
        const cp: Checkpoint = {
          id: p.checkpointId,
          code: p.code,
          name: p.name,
          corridorId: p.corridorId,
          kind: p.kind,
          ordinal: p.ordinal,
          location,
          alongKm: alongRoute(corridor.route, location).alongKm,
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
        });
        break;
      case 'VehicleRegistered': {
        const p = event.payload;
        this.vehicles.set(p.vehicleId, { id: p.vehicleId, code: p.code, plate: p.plate, convoys: [] });
        this.plates.set(normalisePlate(p.plate), p.vehicleId);
        break;
      }
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
          track: [],
          lastProgressAt: -Infinity,
          reachedByPosition: new Map(),
          anchorKm: undefined,
        });
        for (const v of p.vehicleIds) this.vehicles.get(v)?.convoys.push(p.convoyId);
        break;
      }
      case 'ManifestRecorded': {
        const convoy = this.convoys.get(event.payload.convoyId);
        if (convoy)
          convoy.manifest = {
            people: event.payload.people,
            stretcherCases: event.payload.stretcherCases,
            at: event.occurredAt,
          };
        break;
      }
      case 'ConvoyStatusChanged': {
        const convoy = this.convoys.get(event.payload.convoyId);
        if (!convoy) break;
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
        if (!passage || passage.convoyId === event.payload.convoyId) break;
        passage.convoyId = event.payload.convoyId;
        this.record(event.payload.convoyId, passage.event);
        break;
      }
      case 'AlertRaised': {
        const p = event.payload;
        const alert: Alert = {
          id: p.alertId,
          code: p.code,
          key: p.key,
          kind: p.kind,
          convoyId: p.convoyId,
          corridorId: p.corridorId,
          passageId: p.passageId,
          status: 'open',
          raisedAt: event.occurredAt,
          signature: signature(p.numbers),
        };
        this.alerts.set(alert.id, alert);
        this.openByKey.set(alert.key, alert);
        const scope = scopeOf(alert);
        const open = this.openByScope.get(scope) ?? new Set();
        open.add(alert);
        this.openByScope.set(scope, open);
        const n = /^ALR-(\d+)$/.exec(p.code);
        if (n) this.maxAlertNumber = Math.max(this.maxAlertNumber, Number(n[1]));
        break;
      }
      case 'AlertAcknowledged': {
        const alert = this.alerts.get(event.payload.alertId);
        if (alert && alert.status === 'open') alert.status = 'acknowledged';
        break;
      }
      case 'AlertResolved': {
        const alert = this.alerts.get(event.payload.alertId);
        if (!alert) break;
        alert.status = 'resolved';
        if (this.openByKey.get(alert.key) === alert) this.openByKey.delete(alert.key);
        this.openByScope.get(scopeOf(alert))?.delete(alert);
        if (event.payload.resolution === 'manual') this.dismissed.set(alert.key, alert.signature);
        break;
      }
      default:
        break;
    }
  }

  /** Which convoy a passage without one belongs to, from the vehicles or plates seen. */
  private matchConvoy(
    p: EventPayload<'PassageRecorded'>,
    at: string,
  ): { convoyId: string; method: 'plates' | 'vehicles' } | undefined {
    const byIds = p.vehicleIds ?? [];
    const byPlates = (p.plates ?? []).map((plate) => this.plates.get(normalisePlate(plate)));
    if (byIds.length === 0 && byPlates.length === 0) return undefined;
    if (byPlates.some((v) => v === undefined)) return undefined;
    const convoys = new Set<string>();
    for (const v of [...byIds, ...(byPlates as string[])]) {
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

  /** The convoy a vehicle was on at a time: boarded by then and not yet arrived. */
  private convoyOfVehicleAt(vehicleId: string, at: string): string | undefined {
    const vehicle = this.vehicles.get(vehicleId);
    if (!vehicle) return undefined;
    for (const id of [...vehicle.convoys].reverse()) {
      const c = this.convoys.get(id)!;
      const from = c.boardingAt ?? c.departedAt;
      if (from === undefined || from > at) continue;
      if (c.arrivedAt === undefined || c.arrivedAt >= at) return id;
    }
    return undefined;
  }

  /** Add a passage's reading to its convoy's station, and its progress to the convoy's track. */
  private record(convoyId: string, event: ProjectableEvent & { type: 'PassageRecorded' }): void {
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
      station = this.station(convoy, cp.id, `${cp.code} ${cp.kind}`, cp.ordinal, event.occurredAt);
      this.addProgress(convoy, t, cp.alongKm);
    } else if (p.receptionPointId !== undefined) {
      const rp = this.receptionPoints.get(p.receptionPointId);
      station = this.station(
        convoy,
        'arrival',
        `${rp?.code ?? 'reception point'} arrival`,
        Infinity,
        event.occurredAt,
      );
      this.addProgress(convoy, t, corridor?.route.lengthKm ?? 0);
    }
    if (!station) return;
    const vehicleIds = [
      ...(p.vehicleIds ?? []),
      ...(p.plates ?? []).flatMap((plate) => this.plates.get(normalisePlate(plate)) ?? []),
    ];
    const reading: Reading = {
      passageId: p.passageId,
      at: event.occurredAt,
      ...(p.people ? { people: p.people, total: total(p.people) } : {}),
      ...(p.peopleTotal !== undefined ? { total: p.peopleTotal } : {}),
      ...(p.stretcherCases !== undefined ? { stretcherCases: p.stretcherCases } : {}),
      ...(p.vehicles !== undefined
        ? { vehicles: p.vehicles }
        : vehicleIds.length > 0 && p.scope === 'convoy'
          ? { vehicles: new Set(vehicleIds).size }
          : {}),
      ...(vehicleIds.length > 0 ? { vehicleIds } : {}),
      errorPct: p.source === 'enumerator' ? 0 : (p.errorPct ?? this.policy.cameraErrorPct),
    };
    if (p.scope === 'vehicles') {
      const tallies = station.partial.get(p.source) ?? new Map<string, Reading>();
      station.partial.set(p.source, tallies);
      // A tally of several vehicles is one reading under each of them; `best` counts it once.
      for (const v of vehicleIds) {
        const earlier = tallies.get(v);
        if (!earlier || earlier.at <= reading.at) tallies.set(v, reading);
      }
    } else {
      const earlier = station.whole.get(p.source);
      // The latest count of a source stands (a later count at the same station is a recount); a
      // reading without people keeps the count it does not replace, and the most vehicles seen stand.
      if (!earlier) station.whole.set(p.source, reading);
      else {
        const [older, newer] = earlier.at <= reading.at ? [earlier, reading] : [reading, earlier];
        const counts = newer.total !== undefined ? newer : older;
        const sighting = (newer.vehicles ?? -1) >= (older.vehicles ?? -1) ? newer : older;
        station.whole.set(p.source, {
          ...counts,
          at: newer.at,
          ...(sighting.vehicles !== undefined ? { vehicles: sighting.vehicles } : {}),
          ...(sighting.vehicleIds ? { vehicleIds: sighting.vehicleIds } : {}),
        });
      }
    }
  }

  private station(convoy: Convoy, id: string, label: string, ordinal: number, at: string): Station {
    let station = convoy.stations.get(id);
    if (!station) {
      station = { id, label, ordinal, firstAt: at, whole: new Map(), partial: new Map() };
      convoy.stations.set(id, station);
    } else if (at < station.firstAt) station.firstAt = at;
    return station;
  }

  /** Progress is movement of at least `movedMetres` along the route since the last progress. */
  private addProgress(convoy: Convoy, t: number, km: number): void {
    const track = convoy.track;
    const last = track.at(-1);
    if (!last || last.t <= t) {
      track.push({ t, km });
      this.progressFrom(convoy, track.length - 1);
      return;
    }
    let i = track.length - 1;
    while (i > 0 && track[i - 1]!.t > t) i--;
    track.splice(i, 0, { t, km });
    convoy.lastProgressAt = -Infinity;
    convoy.anchorKm = undefined;
    this.progressFrom(convoy, 0);
  }

  private progressFrom(convoy: Convoy, from: number): void {
    const moved = this.policy.movedMetres / 1000;
    for (let i = from; i < convoy.track.length; i++) {
      const { t, km } = convoy.track[i]!;
      if (convoy.anchorKm === undefined || km - convoy.anchorKm > moved) {
        convoy.anchorKm = km;
        convoy.lastProgressAt = t;
      }
    }
  }

  // ---- evaluation --------------------------------------------------------------------------------

  private evaluateConvoy(convoyId: string, now: Date): DerivedEvent[] {
    const convoy = this.convoys.get(convoyId);
    if (!convoy) return [];
    const conditions = [
      ...this.countConditions(convoy),
      ...this.vehicleConditions(convoy),
      ...this.orderConditions(convoy),
      ...this.timeConditions(convoy, now),
    ];
    return this.reconcileAlerts(
      conditions,
      [...(this.openByScope.get(convoyId) ?? [])].filter((a) => CONVOY_KINDS.includes(a.kind)),
      now,
      { convoyId, corridorId: convoy.corridorId },
      (kind) => this.explain(convoy, kind),
    );
  }

  private evaluateCorridor(corridorId: string, now: Date): DerivedEvent[] {
    const corridor = this.corridors.get(corridorId);
    if (!corridor || corridor.windows.length === 0) return [];
    const conditions: Condition[] = [];
    const t = now.getTime();
    for (const w of corridor.windows) {
      const start = Date.parse(w.start);
      const end = Date.parse(w.end);
      if (t < start || t < end - this.policy.windowWarningMinutes * MINUTE) continue;
      const holding = [...this.inTransit]
        .map((id) => this.convoys.get(id)!)
        .filter((c) => c.corridorId === corridorId && c.departedAt! >= w.start && c.departedAt! < w.end);
      if (holding.length === 0) continue;
      const people = holding.reduce((sum, c) => sum + (this.best(c, this.lastStation(c))?.total ?? 0), 0);
      const ended = t >= end;
      const codes = holding.map((c) => c.code).join(', ');
      conditions.push({
        key: `${ended ? 'window-ended' : 'window-ending'}:${corridorId}:${w.end}`,
        kind: ended ? 'window-ended' : 'window-ending',
        severity: ended ? 'critical' : 'warning',
        reason: ended
          ? `${corridor.code}: its window ended at ${this.time(w.end)} with ${holding.length} convoy${holding.length === 1 ? '' : 's'} (${people} people) still in transit: ${codes}`
          : `${corridor.code}: its window ends at ${this.time(w.end)} and ${holding.length} convoy${holding.length === 1 ? ' is' : 's are'} (${people} people) still in transit: ${codes}`,
        numbers: { convoys: holding.length, people },
        since: new Date(ended ? end : end - this.policy.windowWarningMinutes * MINUTE).toISOString(),
      });
    }
    return this.reconcileAlerts(
      conditions,
      [...(this.openByScope.get(corridorId) ?? [])],
      now,
      { corridorId },
      () => `no convoy of ${corridor.code} is in transit any more`,
    );
  }

  /** Raise what holds and is not open yet; resolve what is open and no longer holds. */
  private reconcileAlerts(
    conditions: Condition[],
    open: readonly Alert[],
    now: Date,
    refs: { convoyId?: string; corridorId?: string },
    explain: (kind: AlertKind) => string,
  ): DerivedEvent[] {
    const at = now.toISOString();
    const derived: DerivedEvent[] = [];
    const holding = new Set(conditions.map((c) => c.key));
    for (const alert of open)
      if (!holding.has(alert.key)) derived.push(this.resolve(alert, at, explain(alert.kind)));
    // A condition dismissed by hand that no longer holds may be raised again if it comes back.
    const scope = refs.convoyId ?? refs.corridorId;
    if (scope !== undefined)
      for (const key of this.dismissed.keys())
        if (key.includes(scope) && !holding.has(key)) this.dismissed.delete(key);
    for (const c of conditions) {
      if (this.openByKey.has(c.key)) continue;
      if (this.dismissed.has(c.key)) {
        if (this.dismissed.get(c.key) === signature(c.numbers)) continue;
        this.dismissed.delete(c.key);
      }
      this.maxAlertNumber += 1;
      derived.push(
        this.emit({
          type: 'AlertRaised',
          occurredAt: at,
          payload: {
            alertId: this.newId(),
            code: `ALR-${String(this.maxAlertNumber).padStart(4, '0')}`,
            kind: c.kind,
            severity: c.severity,
            key: c.key,
            reason: c.reason,
            numbers: c.numbers,
            since: c.since,
            ...(refs.convoyId ? { convoyId: refs.convoyId } : {}),
            ...(refs.corridorId ? { corridorId: refs.corridorId } : {}),
            ...(c.checkpointId ? { checkpointId: c.checkpointId } : {}),
            ...(c.passageId ? { passageId: c.passageId } : {}),
            ...(c.vehicleId ? { vehicleId: c.vehicleId } : {}),
          },
        }),
      );
    }
    return derived;
  }

  private resolve(alert: Alert, at: string, note: string): DerivedEvent {
    return this.emit({
      type: 'AlertResolved',
      occurredAt: at,
      payload: { alertId: alert.id, resolution: 'explained', note },
    });
  }

  private resolveKeys(keys: string[], at: string, note: string): DerivedEvent[] {
    return keys.flatMap((k) => {
      const alert = this.openByKey.get(k);
      return alert ? [this.resolve(alert, at, note)] : [];
    });
  }

  /** Fold a derived event at once, so that the state is what the log will hold. */
  private emit<T extends DerivedEvent>(event: T): T {
    if (this.dryRun) return event;
    this.fold({
      id: '',
      operationId: this.operationId,
      organisation: null,
      type: event.type,
      occurredAt: event.occurredAt,
      payload: event.type === 'AlertResolved' ? { resolution: 'explained', ...event.payload } : event.payload,
    } as ProjectableEvent);
    return event;
  }

  private raiseUnknown(event: ProjectableEvent & { type: 'PassageRecorded' }, at: string): DerivedEvent[] {
    const p = event.payload;
    const place = p.checkpointId
      ? this.checkpoints.get(p.checkpointId)?.code
      : p.receptionPointId
        ? this.receptionPoints.get(p.receptionPointId)?.code
        : 'a location';
    const unknownPlates = (p.plates ?? []).filter((plate) => !this.plates.has(normalisePlate(plate)));
    const why =
      unknownPlates.length > 0
        ? `unregistered plate${unknownPlates.length === 1 ? '' : 's'} ${unknownPlates.join(', ')}`
        : p.plates?.length || p.vehicleIds?.length
          ? 'its vehicles are on no convoy, or on different ones, at that time'
          : 'it names no convoy and no vehicle';
    const seen = p.people ? total(p.people) : p.peopleTotal;
    return this.reconcileAlerts(
      [
        {
          key: `unknown-convoy:${p.passageId}`,
          kind: 'unknown-convoy',
          severity: 'warning',
          reason: `A ${p.source} passage at ${place} at ${this.time(event.occurredAt)}${seen !== undefined ? ` (${seen} people)` : ''}${p.vehicles !== undefined ? ` (${p.vehicles} vehicles)` : ''} matches no convoy: ${why}`,
          numbers: {
            ...(seen !== undefined ? { people: seen } : {}),
            ...(p.vehicles !== undefined ? { vehicles: p.vehicles } : {}),
          },
          since: event.occurredAt,
          ...(p.checkpointId ? { checkpointId: p.checkpointId } : {}),
          passageId: p.passageId,
        },
      ],
      [],
      new Date(at),
      {},
      () => '',
    );
  }

  /** People missing, or more people than before, between consecutive stations that counted them. */
  private countConditions(convoy: Convoy): Condition[] {
    const chain: { id: string; label: string; at: string; count: StationCount }[] = [];
    if (convoy.manifest) {
      const m = convoy.manifest;
      chain.push({
        id: 'manifest',
        label: 'the manifest',
        at: m.at,
        count: { people: m.people, total: total(m.people), stretcherCases: m.stretcherCases, errorPct: 0 },
      });
    }
    for (const s of this.orderedStations(convoy)) {
      const count = this.best(convoy, s);
      if (count) chain.push({ id: s.id, label: s.label, at: s.firstAt, count });
    }
    const out: Condition[] = [];
    for (let i = 1; i < chain.length; i++) {
      const before = chain[i - 1]!;
      const after = chain[i]!;
      const differences = compareCounts(before.count, after.count);
      const missing = differences.filter((d) => d.delta > 0);
      const more = differences.filter((d) => d.delta < 0);
      const checkpointId = this.checkpoints.has(after.id) ? after.id : undefined;
      if (missing.length > 0)
        out.push({
          key: `people-missing:${convoy.id}:${after.id}`,
          kind: 'people-missing',
          severity: 'critical',
          reason: `${convoy.code}: ${describe(missing, 'fewer')} at ${after.label} than at ${before.label}, ${this.time(after.at)}`,
          numbers: numbersOf(missing, before.count.total, after.count.total),
          since: after.at,
          ...(checkpointId ? { checkpointId } : {}),
        });
      if (more.length > 0)
        out.push({
          key: `people-surplus:${convoy.id}:${after.id}`,
          kind: 'people-surplus',
          severity: 'warning',
          reason: `${convoy.code}: ${describe(more, 'more')} at ${after.label} than at ${before.label}, ${this.time(after.at)}: possibly a manifest or counting error`,
          numbers: numbersOf(more, before.count.total, after.count.total),
          since: after.at,
          ...(checkpointId ? { checkpointId } : {}),
        });
    }
    return out;
  }

  /** A convoy seen at its latest station with fewer vehicles than it left with. */
  private vehicleConditions(convoy: Convoy): Condition[] {
    const expected = convoy.vehicleIds.length;
    if (expected === 0) return [];
    let latest: { station: Station; seen: number; ids: Set<string> | undefined } | undefined;
    for (const s of this.orderedStations(convoy)) {
      let seen: number | undefined;
      let ids: Set<string> | undefined;
      for (const r of s.whole.values()) {
        if (r.vehicles === undefined) continue;
        if (seen === undefined || r.vehicles > seen) {
          seen = r.vehicles;
          ids = r.vehicleIds ? new Set(r.vehicleIds) : undefined;
        }
      }
      if (seen !== undefined) latest = { station: s, seen, ids };
    }
    if (!latest || latest.seen >= expected) return [];
    const gone = latest.ids ? convoy.vehicleIds.filter((v) => !latest.ids!.has(v)) : [];
    const names = gone.map((v) => this.vehicles.get(v)?.code ?? v);
    const checkpointId = this.checkpoints.has(latest.station.id) ? latest.station.id : undefined;
    return [
      {
        key: `vehicle-detached:${convoy.id}`,
        kind: 'vehicle-detached',
        severity: 'critical',
        reason: `${convoy.code}: ${latest.seen} of ${expected} vehicles at ${latest.station.label}${names.length > 0 ? ` (${names.join(', ')} not seen)` : ''}, ${this.time(latest.station.firstAt)}`,
        numbers: { expected, seen: latest.seen },
        since: latest.station.firstAt,
        ...(checkpointId ? { checkpointId } : {}),
        ...(gone.length === 1 ? { vehicleId: gone[0]! } : {}),
      },
    ];
  }

  /** A passage at a later checkpoint dated before one at an earlier checkpoint. */
  private orderConditions(convoy: Convoy): Condition[] {
    const out: Condition[] = [];
    const stations = this.orderedStations(convoy);
    for (let k = 1; k < stations.length; k++) {
      const after = stations[k]!;
      const before = stations
        .slice(0, k)
        .find(
          (s) =>
            s.ordinal < after.ordinal && Date.parse(after.firstAt) < Date.parse(s.firstAt) - ORDER_GRACE_MS,
        );
      if (!before) continue;
      out.push({
        key: `out-of-order:${convoy.id}:${after.id}`,
        kind: 'out-of-order',
        severity: 'info',
        reason: `${convoy.code}: recorded at ${after.label} at ${this.time(after.firstAt)}, before its passage at ${before.label} at ${this.time(before.firstAt)}: a clock or the convoy may be wrong`,
        numbers: {},
        since: after.firstAt,
        ...(this.checkpoints.has(after.id) ? { checkpointId: after.id } : {}),
      });
    }
    return out;
  }

  /** Overdue at the next checkpoint, and stopped, for a convoy in transit at `now`. */
  private timeConditions(convoy: Convoy, now: Date): Condition[] {
    if (convoy.status !== 'departed' || convoy.departedAt === undefined) return [];
    const out: Condition[] = [];
    const t = now.getTime();
    const stoppedAfter = this.policy.stoppedAfterMinutes * MINUTE;
    if (t - convoy.lastProgressAt > stoppedAfter) {
      const minutes = Math.floor((t - convoy.lastProgressAt) / MINUTE);
      out.push({
        key: `convoy-stopped:${convoy.id}`,
        kind: 'convoy-stopped',
        severity: 'warning',
        reason: `${convoy.code} has not moved for ${minutes} min (last progress ${this.time(new Date(convoy.lastProgressAt).toISOString())}; the threshold is ${this.policy.stoppedAfterMinutes} min)`,
        numbers: { minutes: this.policy.stoppedAfterMinutes },
        since: new Date(convoy.lastProgressAt + stoppedAfter).toISOString(),
      });
    }
    const next = this.nextExpected(convoy);
    if (next && t > next.expectedAt) {
      out.push({
        key: `convoy-overdue:${convoy.id}:${next.id}`,
        kind: 'convoy-overdue',
        severity: 'warning',
        reason: `${convoy.code} is overdue at ${next.label}: expected by ${this.time(new Date(next.expectedAt).toISOString())}, last seen at ${next.from} ${this.time(new Date(next.fromAt).toISOString())}`,
        numbers: { expectedAt: next.expectedAt },
        since: new Date(next.expectedAt).toISOString(),
        ...(this.checkpoints.has(next.id) ? { checkpointId: next.id } : {}),
      });
    }
    return out;
  }

  /** The next place a convoy in transit should reach, and by when. */
  private nextExpected(
    convoy: Convoy,
  ): { id: string; label: string; expectedAt: number; from: string; fromAt: number } | undefined {
    const corridor = this.corridors.get(convoy.corridorId);
    if (!corridor) return undefined;
    let from = { label: 'departure', km: 0, t: Date.parse(convoy.departedAt!) };
    let next: { id: string; label: string; km: number } | undefined;
    for (const cp of corridor.checkpoints) {
      const reached = this.reachedAt(convoy, cp.id);
      if (reached !== undefined) {
        from = { label: `${cp.code} ${cp.kind}`, km: cp.alongKm, t: reached };
        next = undefined;
      } else if (!next) next = { id: cp.id, label: `${cp.code} ${cp.kind}`, km: cp.alongKm };
    }
    if (!next) {
      if (convoy.stations.has('arrival')) return undefined;
      const rp = convoy.receptionPointId ? this.receptionPoints.get(convoy.receptionPointId) : undefined;
      const end = corridor.route.coordinates.at(-1)!;
      const extraKm = rp ? distanceMetres(end, rp.location) / 1000 : 0;
      next = {
        id: 'arrival',
        label: rp ? `${rp.code} arrival` : 'arrival',
        km: corridor.route.lengthKm + extraKm,
      };
    }
    const hours = Math.max(0, next.km - from.km) / this.policy.speedKmh;
    const expectedAt =
      from.t + hours * 3_600_000 * this.policy.overdueFactor + this.policy.overdueSlackMinutes * MINUTE;
    return { ...next, expectedAt, from: from.label, fromAt: from.t };
  }

  private reachedAt(convoy: Convoy, checkpointId: string): number | undefined {
    const station = convoy.stations.get(checkpointId);
    const byPassage = station ? Date.parse(station.firstAt) : undefined;
    const byPosition = convoy.reachedByPosition.get(checkpointId);
    if (byPassage === undefined) return byPosition;
    return byPosition === undefined ? byPassage : Math.min(byPassage, byPosition);
  }

  private explain(convoy: Convoy, kind: AlertKind): string {
    const last = this.lastStation(convoy);
    const where = last ? ` (last at ${last.label}, ${this.time(last.firstAt)})` : '';
    switch (kind) {
      case 'convoy-overdue':
        return `${convoy.code} has been seen further on${where}`;
      case 'convoy-stopped':
        return `${convoy.code} is moving again: progress at ${this.time(new Date(convoy.lastProgressAt).toISOString())}`;
      case 'vehicle-detached':
        return `${convoy.code}: all its vehicles are accounted for${where}`;
      case 'people-missing':
      case 'people-surplus':
        return `${convoy.code}: the counts now agree within their tolerance${where}`;
      default:
        return `${convoy.code}: no longer holds${where}`;
    }
  }

  // ---- reading the state -------------------------------------------------------------------------

  private orderedStations(convoy: Convoy): Station[] {
    return [...convoy.stations.values()].sort((a, b) => a.ordinal - b.ordinal);
  }

  private lastStation(convoy: Convoy): Station | undefined {
    return this.orderedStations(convoy).at(-1);
  }

  /** The best people count at a station: an exact tally if there is one, a camera's otherwise. */
  private best(convoy: Convoy, station: Station | undefined): StationCount | undefined {
    if (!station) return undefined;
    for (const source of ['enumerator', 'camera'] as const) {
      const whole = station.whole.get(source);
      if (whole && whole.total !== undefined) return countOf(whole);
      const tallies = station.partial.get(source);
      if (tallies && convoy.vehicleIds.length > 0 && convoy.vehicleIds.every((v) => tallies.has(v))) {
        const readings = [...new Set(convoy.vehicleIds.map((v) => tallies.get(v)!))];
        if (readings.some((r) => r.total === undefined)) continue;
        const withPeople = readings.every((r) => r.people !== undefined);
        return {
          ...(withPeople ? { people: readings.reduce((s, r) => addPeople(s, r.people!), zero()) } : {}),
          total: readings.reduce((s, r) => s + r.total!, 0),
          ...(readings.every((r) => r.stretcherCases !== undefined)
            ? { stretcherCases: readings.reduce((s, r) => s + r.stretcherCases!, 0) }
            : {}),
          errorPct: Math.max(...readings.map((r) => r.errorPct)),
        };
      }
    }
    return undefined;
  }

  /** Per convoy: the manifest against every station's counts, by source. */
  convoyReport(convoyId: string): { stations: StationReport[]; inTransit: boolean } | undefined {
    const convoy = this.convoys.get(convoyId);
    if (!convoy) return undefined;
    const stations: StationReport[] = [];
    if (convoy.manifest) {
      const m = convoy.manifest;
      stations.push({
        station: 'manifest',
        label: 'manifest',
        at: m.at,
        sources: [
          {
            source: 'manifest',
            people: m.people,
            total: total(m.people),
            stretcherCases: m.stretcherCases,
            vehicles: convoy.vehicleIds.length,
            errorPct: 0,
          },
        ],
        best: { people: m.people, total: total(m.people), errorPct: 0 },
      });
    }
    for (const s of this.orderedStations(convoy)) {
      const best = this.best(convoy, s);
      stations.push({
        station: s.id,
        label: s.label,
        at: s.firstAt,
        sources: [...s.whole.entries()].map(([source, r]) => ({
          source,
          people: r.people ?? null,
          total: r.total ?? null,
          stretcherCases: r.stretcherCases ?? null,
          vehicles: r.vehicles ?? null,
          errorPct: r.errorPct,
        })),
        best: best ? { people: best.people ?? null, total: best.total, errorPct: best.errorPct } : null,
      });
    }
    return { stations, inTransit: this.inTransit.has(convoyId) };
  }

  /**
   * Per corridor and day (the operation's time zone, by the day a convoy entered): people entered,
   * exited, in transit and arrived. Everyone who entered has exited or is on a convoy in transit when
   * no convoy of the corridor has an open alert for missing people or vehicles.
   */
  corridorReport(corridorId: string): CorridorReport | undefined {
    const corridor = this.corridors.get(corridorId);
    if (!corridor) return undefined;
    const entry = corridor.checkpoints.find((c) => c.kind === 'entry');
    const exit = corridor.checkpoints.find((c) => c.kind === 'exit');
    const days = new Map<string, Totals>();
    const all = emptyTotals('all');
    const unaccountedConvoys: string[] = [];
    for (const convoy of this.convoys.values()) {
      if (convoy.corridorId !== corridorId || convoy.departedAt === undefined) continue;
      const entryStation = entry ? convoy.stations.get(entry.id) : undefined;
      const entered = this.best(convoy, entryStation) ?? manifestCount(convoy);
      if (!entered) continue;
      const enteredAt = entryStation?.firstAt ?? convoy.departedAt;
      const exitStation = exit ? convoy.stations.get(exit.id) : undefined;
      const exited = this.best(convoy, exitStation);
      const arrivalStation = convoy.stations.get('arrival');
      const arrived =
        this.best(convoy, arrivalStation) ?? (convoy.status === 'arrived' ? (exited ?? entered) : undefined);
      const day = localDay(enteredAt, this.timezone);
      const d = days.get(day) ?? emptyTotals(day);
      days.set(day, d);
      for (const totals of [d, all]) {
        addTo(totals.entered, entered);
        if (exited) addTo(totals.exited, exited);
        if (arrived) addTo(totals.arrived, arrived);
        if (!exited && convoy.status !== 'arrived') addTo(totals.inTransit, entered);
        totals.convoys += 1;
      }
      const open = [...this.openByKey.values()].some(
        (a) => a.convoyId === convoy.id && (a.kind === 'people-missing' || a.kind === 'vehicle-detached'),
      );
      if (open) unaccountedConvoys.push(convoy.code);
    }
    return {
      corridor: corridor.code,
      accountedFor: unaccountedConvoys.length === 0,
      unaccountedConvoys,
      total: all,
      days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
    };
  }

  /** Open alerts' keys, for tests and the simulator. */
  openAlerts(): { key: string; kind: AlertKind; convoyId: string | undefined }[] {
    return [...this.openByKey.values()].map((a) => ({ key: a.key, kind: a.kind, convoyId: a.convoyId }));
  }

  private time(iso: string): string {
    return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  }
}

export interface PeopleTotals {
  people: PeopleCounts;
  total: number;
}
export interface Totals {
  day: string;
  convoys: number;
  entered: PeopleTotals;
  exited: PeopleTotals;
  inTransit: PeopleTotals;
  arrived: PeopleTotals;
}
export interface CorridorReport {
  corridor: string;
  accountedFor: boolean;
  unaccountedConvoys: string[];
  total: Totals;
  days: Totals[];
}

function emptyTotals(day: string): Totals {
  const none = () => ({ people: zero(), total: 0 });
  return { day, convoys: 0, entered: none(), exited: none(), inTransit: none(), arrived: none() };
}

function addTo(t: PeopleTotals, c: StationCount): void {
  if (c.people) t.people = addPeople(t.people, c.people);
  t.total += c.total;
}

function manifestCount(convoy: Convoy): StationCount | undefined {
  const m = convoy.manifest;
  return m
    ? { people: m.people, total: total(m.people), stretcherCases: m.stretcherCases, errorPct: 0 }
    : undefined;
}

function countOf(r: Reading): StationCount {
  return {
    ...(r.people ? { people: r.people } : {}),
    total: r.total!,
    ...(r.stretcherCases !== undefined ? { stretcherCases: r.stretcherCases } : {}),
    errorPct: r.errorPct,
  };
}

function numbersOf(d: readonly Difference[], before: number, after: number): Record<string, number> {
  const out: Record<string, number> = { before, after };
  for (const x of d) out[x.key] = Math.abs(x.delta);
  return out;
}

function zero(): PeopleCounts {
  return { men: 0, women: 0, boys: 0, girls: 0, elderlyMen: 0, elderlyWomen: 0 };
}

function scopeOf(alert: Alert): string {
  return alert.convoyId ?? alert.corridorId ?? alert.passageId ?? alert.key;
}

function signature(numbers: Record<string, number>): string {
  return JSON.stringify(Object.entries(numbers).sort(([a], [b]) => a.localeCompare(b)));
}

export function normalisePlate(plate: string): string {
  return plate.toUpperCase().replace(/[\s-]/g, '');
}

function localDay(iso: string, timezone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
