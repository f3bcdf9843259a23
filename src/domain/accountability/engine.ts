import {
  CONVOY_KINDS,
  convoyConditions,
  explanation,
  TIME_KINDS,
  timeConditions,
  unknownConvoyCondition,
  windowConditions,
} from './conditions.js';
import type { AlertKind, Condition, DerivedEvent } from './model.js';
import { convoyReport, corridorReport, type StationReport } from './reports.js';
import type { CorridorAccount, OpenAlert } from './corridor-accounts.js';
import { FamilyState } from './families.js';
import { roomConditions } from './item-conditions.js';
import { OperationState } from './state.js';
import type { ProjectableEvent } from '../projection.js';
import { formatCode } from '../codes.js';

export { DEFAULT_POLICY, type DerivedEvent, type Policy } from './model.js';
export type { StationReport } from './reports.js';
export type { CorridorAccount, OpenAlert } from './corridor-accounts.js';

/**
 * The accountability rules: every person who boards is followed from the manifest through each
 * checkpoint to the reception point, and an alert is raised the moment the numbers or the timing stop
 * adding up. The state (`accountability/state.ts`) is a fold over the operation's events, kept in
 * memory; each event re-evaluates only the convoy (or corridor, or passage) it is about
 * (`accountability/conditions.ts`), and `tick(now)` the time-based rules of the convoys in transit.
 * Alerts are events too: the engine returns the `AlertRaised` / `AlertResolved` / `PassageMatched`
 * events it derives, already folded into its state, for the caller to append.
 *
 * Pure: no I/O and no clock; `now` and the id factory are passed in.
 */

const WINDOW_KINDS: readonly AlertKind[] = ['window-ending', 'window-ended'];
const SAFETY_KINDS: readonly AlertKind[] = ['incident-near-corridor', 'hazard-on-route'];

interface Alert {
  id: string;
  key: string;
  kind: AlertKind;
  /** What it is about: a convoy, else a corridor, else a passage. */
  scope: string;
  /** Its numbers, to tell whether a condition resolved by hand has come back changed. */
  signature: string;
}

export class Accountability {
  private readonly state = new OperationState();
  private readonly openByKey = new Map<string, Alert>();
  private readonly openByScope = new Map<string, Set<Alert>>();
  private readonly alerts = new Map<string, Alert>();
  /** Conditions a person resolved by hand: not raised again unless their numbers change. */
  private readonly dismissed = new Map<string, string>();
  private maxAlertNumber = 0;
  private dryRun = false;
  private readonly families = new FamilyState();
  /** The family group the event being observed concerns. */
  private family: string | undefined;

  constructor(
    readonly operationId: string,
    private readonly newId: () => string,
    /** The tag this node puts in the alert codes it gives (domain/codes.ts): none at the root. */
    private readonly codeTag: string | null = null,
  ) {
    this.alertCode = new RegExp(`^ALR-${codeTag ? `${codeTag}-` : ''}(\\d+)$`);
  }

  private readonly alertCode: RegExp;

  /** Fold one event into the state, deriving nothing (history being loaded). */
  apply(event: ProjectableEvent): void {
    this.fold(event);
  }

  /**
   * Fold one new event and return what it implies: alerts raised or resolved for the convoy (or
   * passage, or corridor) it concerns, and a passage matched to its convoy by the vehicles seen.
   */
  observe(event: ProjectableEvent, now: Date): DerivedEvent[] {
    this.fold(event);
    const at = now.toISOString();
    switch (event.type) {
      case 'PassageRecorded':
        return this.observePassage(event, now);
      case 'PassageMatched': {
        const unknown = this.openByKey.get(`unknown-convoy:${event.payload.passageId}`);
        return [
          ...(unknown ? [this.resolve(unknown, at, 'matched to a convoy')] : []),
          ...this.evaluateConvoy(event.payload.convoyId, now),
          ...this.evaluateRoom(event.payload.convoyId, now),
        ];
      }
      case 'PassageVoided': {
        // Its convoy's counts change, and what it was counted to carry (so the room it needs); a tally
        // of no known convoy no longer needs one.
        const convoyId = this.state.convoyOfPassage(event.payload.passageId);
        const unknown = this.openByKey.get(`unknown-convoy:${event.payload.passageId}`);
        return [
          ...(unknown ? [this.resolve(unknown, at, 'the tally was voided')] : []),
          ...(convoyId ? this.evaluateConvoy(convoyId, now) : []),
          ...this.evaluateRoom(convoyId, now),
        ];
      }
      case 'ManifestRecorded':
        return [
          ...this.evaluateConvoy(event.payload.convoyId, now),
          ...this.evaluateRoom(event.payload.convoyId, now),
        ];
      case 'ConvoyPlanned':
        return this.evaluateRoom(event.payload.convoyId, now);
      case 'ConvoyStatusChanged': {
        const convoy = this.state.convoys.get(event.payload.convoyId);
        if (!convoy) return [];
        return [...this.evaluateConvoy(convoy.id, now), ...this.evaluateCorridor(convoy.corridorId, now)];
      }
      case 'IncidentReported': {
        const p = event.payload;
        const derived: DerivedEvent[] = [];
        // A critical incident near an open corridor suspends it at once, when the policy says so.
        if (p.severity === 'critical' && this.state.safety.policy.onCriticalIncident === 'suspend') {
          const open = [...this.state.corridors.values()].filter((c) => c.status === 'open');
          for (const corridor of this.state.safety.corridorsNear(p, open))
            derived.push(
              this.emit({
                type: 'CorridorStatusChanged',
                occurredAt: at < event.occurredAt ? event.occurredAt : at,
                payload: {
                  corridorId: corridor.id,
                  status: 'suspended',
                  reason: `critical incident ${p.code} (${p.type.replace('-', ' ')}) near the route; suspended by the operation's policy`,
                },
              }),
            );
        }
        return [...derived, ...this.evaluateSafety(now)];
      }
      case 'IncidentStatusChanged':
      case 'HazardReported':
      case 'HazardStatusChanged':
      case 'CorridorStatusChanged':
      case 'PlanAdopted':
        return this.evaluateSafety(now);
      case 'PauseWindowAgreed':
      case 'PauseWindowCancelled':
        return [...this.state.corridors.keys()].flatMap((id) => this.evaluateCorridor(id, now));
      case 'FamilyGroupRegistered':
      case 'PersonRegistered':
      case 'PersonAssigned':
      case 'PersonErased':
        return this.family === undefined ? [] : this.evaluateFamily(this.family, now);
      default:
        return [];
    }
  }

  /** A passage: its convoy's rules, or a match to a convoy by the vehicles seen, or an unknown convoy. */
  private observePassage(event: ProjectableEvent & { type: 'PassageRecorded' }, now: Date): DerivedEvent[] {
    const at = now.toISOString();
    const p = event.payload;
    // A position or a sighting away from any station moves the convoy on, and counts nothing.
    const counts = p.checkpointId !== undefined || p.receptionPointId !== undefined;
    if (p.convoyId !== undefined)
      return counts
        ? [...this.evaluateConvoy(p.convoyId, now), ...this.evaluateRoom(p.convoyId, now)]
        : this.evaluateConvoy(p.convoyId, now, 'time');
    const match = this.state.matchConvoy(p, event.occurredAt);
    if (match)
      return [
        this.emit({
          type: 'PassageMatched',
          occurredAt: at,
          payload: { passageId: p.passageId, convoyId: match.convoyId, method: match.method },
        }),
        ...this.evaluateConvoy(match.convoyId, now),
        ...this.evaluateRoom(match.convoyId, now),
      ];
    // A position or a drone sighting somewhere with nothing to identify it is only noted.
    if (p.checkpointId === undefined && p.receptionPointId === undefined && !p.plates?.length) return [];
    return this.reconcile([unknownConvoyCondition(this.state, event)], [], at, {}, () => '');
  }

  /** The time-based rules (overdue, stopped, windows) for everything in transit, at `now`. */
  tick(now: Date): DerivedEvent[] {
    return [
      ...[...this.state.inTransit].flatMap((id) => this.evaluateConvoy(id, now, 'time')),
      ...[...this.state.corridors.keys()].flatMap((id) => this.evaluateCorridor(id, now)),
    ];
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

  /** Per convoy: the manifest against every station's counts, by source. */
  convoyReport(convoyId: string): { stations: StationReport[]; inTransit: boolean } | undefined {
    return convoyReport(this.state, convoyId);
  }

  /**
   * Per corridor and day: entered, exited, in transit, arrived, and whether all are accounted for,
   * given the operation's open alerts (the alerts table, as a report reads it).
   */
  corridorReport(
    corridor: { id: string; code: string; name: string; status: string },
    alerts: readonly OpenAlert[],
  ): CorridorAccount {
    return corridorReport(this.state, corridor, alerts);
  }

  private fold(event: ProjectableEvent): void {
    switch (event.type) {
      case 'AlertRaised': {
        const p = event.payload;
        const alert: Alert = {
          id: p.alertId,
          key: p.key,
          kind: p.kind,
          scope: p.convoyId ?? p.corridorId ?? p.passageId ?? p.key,
          signature: signature(p.numbers),
        };
        this.alerts.set(alert.id, alert);
        this.openByKey.set(alert.key, alert);
        const open = this.openByScope.get(alert.scope) ?? new Set();
        this.openByScope.set(alert.scope, open.add(alert));
        const n = this.alertCode.exec(p.code);
        if (n) this.maxAlertNumber = Math.max(this.maxAlertNumber, Number(n[1]));
        break;
      }
      case 'AlertResolved': {
        const alert = this.alerts.get(event.payload.alertId);
        if (!alert) break;
        if (this.openByKey.get(alert.key) === alert) this.openByKey.delete(alert.key);
        this.openByScope.get(alert.scope)?.delete(alert);
        if (event.payload.resolution === 'manual') this.dismissed.set(alert.key, alert.signature);
        break;
      }
      default:
        this.family = this.families.fold(event);
        this.state.fold(event);
    }
  }

  /** The convoy's rules, all of them or only the time-based ones (`tick`, position reports). */
  private evaluateConvoy(convoyId: string, now: Date, rules: 'all' | 'time' = 'all'): DerivedEvent[] {
    const convoy = this.state.convoys.get(convoyId);
    if (!convoy) return [];
    const kinds = rules === 'all' ? CONVOY_KINDS : TIME_KINDS;
    const open = [...(this.openByScope.get(convoyId) ?? [])].filter((a) => kinds.includes(a.kind));
    return this.reconcile(
      rules === 'all' ? convoyConditions(this.state, convoy, now) : timeConditions(this.state, convoy, now),
      open,
      now.toISOString(),
      { convoyId, corridorId: convoy.corridorId },
      (kind) => explanation(this.state, convoy, kind),
    );
  }

  /** A family group's members on different convoys. */
  private evaluateFamily(groupId: string, now: Date): DerivedEvent[] {
    const key = `family-split:${groupId}`;
    const open = this.openByKey.get(key);
    return this.reconcile(
      this.families.conditions(
        groupId,
        (id) => {
          const convoy = this.state.convoys.get(id);
          if (!convoy) return undefined;
          const rp = convoy.receptionPointId
            ? this.state.receptionPoints.get(convoy.receptionPointId)
            : undefined;
          return { code: convoy.code, receptionPoint: rp?.code };
        },
        now.toISOString(),
      ),
      open ? [open] : [],
      now.toISOString(),
      {},
      () => 'the family group is on one convoy again',
    );
  }

  /** The room of the reception point a convoy is bound for, for what its convoys bring. */
  private evaluateRoom(convoyId: string | undefined, now: Date): DerivedEvent[] {
    const rp = this.state.convoys.get(convoyId ?? '')?.receptionPointId;
    if (rp === undefined || !this.state.receptionPoints.get(rp)?.room) return [];
    const [key, conditions] = [`room-short:${rp}`, roomConditions(this.state, rp)];
    // Resolved by hand and since then no longer short: raised again if it comes back.
    if (conditions.length === 0) this.dismissed.delete(key);
    const open = this.openByKey.get(key);
    const resolved = () => 'the convoys bound for it bring no more than it has room for';
    return this.reconcile(conditions, open ? [open] : [], now.toISOString(), {}, resolved);
  }

  /** The safety rules (incidents near, hazards across) of every corridor. */
  private evaluateSafety(now: Date): DerivedEvent[] {
    return [...this.state.corridors.values()].flatMap((corridor) =>
      this.reconcile(
        this.state.safety.conditions(corridor),
        [...(this.openByScope.get(corridor.id) ?? [])].filter((a) => SAFETY_KINDS.includes(a.kind)),
        now.toISOString(),
        { corridorId: corridor.id },
        (kind) =>
          kind === 'hazard-on-route'
            ? `the hazard no longer blocks ${corridor.code} (cleared, released or cancelled, or the corridor is not in use)`
            : `the incident is closed, or ${corridor.code} is no longer open`,
      ),
    );
  }

  private evaluateCorridor(corridorId: string, now: Date): DerivedEvent[] {
    const corridor = this.state.corridors.get(corridorId);
    if (!corridor) return [];
    const open = [...(this.openByScope.get(corridorId) ?? [])].filter((a) => WINDOW_KINDS.includes(a.kind));
    if (corridor.windows.length === 0 && open.length === 0) return [];
    return this.reconcile(
      windowConditions(this.state, corridor, now),
      open,
      now.toISOString(),
      { corridorId },
      () => `no convoy of ${corridor.code} is in transit any more`,
    );
  }

  /** Raise what holds and is not open yet; resolve what is open and no longer holds. */
  private reconcile(
    conditions: readonly Condition[],
    open: readonly Alert[],
    at: string,
    refs: { convoyId?: string; corridorId?: string },
    explain: (kind: AlertKind) => string,
  ): DerivedEvent[] {
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
      if (this.openByKey.has(c.key) || this.dismissed.get(c.key) === signature(c.numbers)) continue;
      this.maxAlertNumber += 1;
      const { checkpointId, passageId, vehicleId } = c;
      derived.push(
        this.emit({
          type: 'AlertRaised',
          occurredAt: at,
          payload: {
            alertId: this.newId(),
            code: formatCode('alerts', this.maxAlertNumber, this.codeTag),
            kind: c.kind,
            severity: c.severity,
            key: c.key,
            reason: c.reason(),
            numbers: c.numbers,
            since: c.since,
            ...(refs.convoyId ? { convoyId: refs.convoyId } : {}),
            ...(refs.corridorId ? { corridorId: refs.corridorId } : {}),
            ...(checkpointId ? { checkpointId } : {}),
            ...(passageId ? { passageId } : {}),
            ...(vehicleId ? { vehicleId } : {}),
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

  /** Fold a derived event at once, so that the state is what the log will hold. */
  private emit(event: DerivedEvent): DerivedEvent {
    if (!this.dryRun) this.fold({ ...event, id: '', operationId: this.operationId, organisation: null });
    return event;
  }
}

function signature(numbers: Record<string, number>): string {
  return JSON.stringify(Object.entries(numbers).sort(([a], [b]) => a.localeCompare(b)));
}
