import type { SafePassagePolicy } from '../../contracts/events.js';
import type { z } from 'zod';
import type { BlockedSegment } from './hazards.js';
import type { CorridorStatus } from '../records/lifecycle.js';

/**
 * The gates of the corridor lifecycle: the conditions each status needs, checked whenever a corridor
 * moves to it, and all of them reported at once so a coordinator sees everything that is missing.
 *
 * - notified: a movement notification for the corridor was sent with the notice the policy asks
 *   (48 h, or 24 h for an emergency, by default). Notification informs the parties; it asks no one's
 *   permission.
 * - ready: what notified needs, an entry and an exit checkpoint, no segment of the route across a
 *   suspected or confirmed hazard, and, when the policy requires them, every notified party's
 *   acknowledgement.
 * - open (also from suspended): what ready needs, inside a window (the corridor's own opening
 *   windows, or an agreed ceasefire or pause over its route), and no critical incident near the
 *   route that is still open.
 * - suspended and closed: none; stopping movement is always allowed.
 */

export type SafePassage = z.output<typeof SafePassagePolicy>;

/** The policy of an operation that set none (the contract's defaults; a test keeps the two equal). */
export const DEFAULT_SAFE_PASSAGE: SafePassage = {
  incidentRadiusM: 2000,
  onCriticalIncident: 'suspend',
  noticeHours: 48,
  emergencyNoticeHours: 24,
  requireAcknowledgements: false,
  requireWindow: true,
};

export interface NotificationFacts {
  code: string;
  sentAt: string;
  window: { start: string; end: string };
  emergency: boolean;
  /** Each notified party, and whether it has acknowledged. */
  parties: { organisationId: string; name: string; acknowledged: boolean }[];
}

export interface WindowFacts {
  /** A pause window's code, or undefined for one of the corridor's own opening windows. */
  code?: string;
  kind: string;
  start: string;
  end: string;
}

export interface IncidentFacts {
  code: string;
  type: string;
  distanceM: number;
  status: string;
}

export interface GateFacts {
  corridor: { code: string };
  policy: SafePassage;
  /** When the change happens. */
  at: string;
  /** The clock, when the change is not history being replayed: a window must not have ended by now. */
  now?: string;
  checkpoints: { entry: number; exit: number };
  blocked: readonly BlockedSegment[];
  notifications: readonly NotificationFacts[];
  windows: readonly WindowFacts[];
  /** Critical incidents within the policy's distance of the route that are not closed. */
  incidents: readonly IncidentFacts[];
}

const HOUR_MS = 3_600_000;

/**
 * A condition that does not hold: its kind and numbers (the console words it in the reader's
 * language) and the sentence the server gives (the API's `unmet`, the override's record).
 */
export interface GateCondition {
  kind:
    | 'no-notification'
    | 'short-notice'
    | 'no-entry-checkpoint'
    | 'no-exit-checkpoint'
    | 'hazard-on-route'
    | 'no-acknowledgement'
    | 'no-window'
    | 'outside-window'
    | 'critical-incident';
  params: Record<string, string | number>;
  text: string;
}

/** Every condition `to` needs that does not hold, with its kind and numbers; none when the corridor may go there. */
export function gateConditions(to: CorridorStatus, facts: GateFacts): GateCondition[] {
  if (to === 'notified') return notificationConditions(facts);
  if (to === 'ready') return readyConditions(facts);
  if (to === 'open') return [...readyConditions(facts), ...openConditions(facts)];
  return [];
}

/** The notice a notification gave (hours from sending to the start of the movement). */
export function noticeHours(n: Pick<NotificationFacts, 'sentAt' | 'window'>): number {
  return (Date.parse(n.window.start) - Date.parse(n.sentAt)) / HOUR_MS;
}

/** The notice period the policy asks of a notification. */
export function requiredNoticeHours(policy: SafePassage, emergency: boolean): number {
  return emergency ? policy.emergencyNoticeHours : policy.noticeHours;
}

/** The notification the gates go by: the latest one sent with enough notice. */
export function standingNotification(facts: GateFacts): NotificationFacts | undefined {
  return facts.notifications
    .filter((n) => noticeHours(n) >= requiredNoticeHours(facts.policy, n.emergency))
    .sort((a, b) => (a.sentAt < b.sentAt ? 1 : -1))[0];
}

function notificationConditions(facts: GateFacts): GateCondition[] {
  const corridor = facts.corridor.code;
  if (facts.notifications.length === 0)
    return [
      {
        kind: 'no-notification',
        params: { corridor },
        text: `no movement notification has been sent for ${corridor}`,
      },
    ];
  if (standingNotification(facts)) return [];
  return facts.notifications.map((n) => {
    const need = requiredNoticeHours(facts.policy, n.emergency);
    const given = Math.round(noticeHours(n) * 10) / 10;
    return {
      kind: 'short-notice',
      params: { notification: n.code, hours: given, needed: need, emergency: n.emergency ? 1 : 0 },
      text: `${n.code} was sent ${hours(noticeHours(n))} before its window starts; the ${n.emergency ? 'emergency ' : ''}notice period is ${hours(need)}`,
    };
  });
}

function readyConditions(facts: GateFacts): GateCondition[] {
  const unmet = notificationConditions(facts);
  const corridor = facts.corridor.code;
  if (facts.checkpoints.entry === 0)
    unmet.push({
      kind: 'no-entry-checkpoint',
      params: { corridor },
      text: `${corridor} has no entry checkpoint`,
    });
  if (facts.checkpoints.exit === 0)
    unmet.push({
      kind: 'no-exit-checkpoint',
      params: { corridor },
      text: `${corridor} has no exit checkpoint`,
    });
  for (const b of facts.blocked)
    unmet.push({
      kind: 'hazard-on-route',
      params: { segment: b.segment, hazard: b.code, status: b.status },
      text: b.reason,
    });
  const standing = standingNotification(facts);
  if (facts.policy.requireAcknowledgements && standing)
    for (const party of standing.parties)
      if (!party.acknowledged)
        unmet.push({
          kind: 'no-acknowledgement',
          params: { party: party.name, notification: standing.code },
          text: `no acknowledgement from ${party.name} (${standing.code})`,
        });
  return unmet;
}

function openConditions(facts: GateFacts): GateCondition[] {
  const unmet: GateCondition[] = [];
  const inside = facts.windows.some(
    (w) => w.start <= facts.at && facts.at < w.end && (facts.now === undefined || facts.now < w.end),
  );
  const corridor = facts.corridor.code;
  if (!inside && (facts.policy.requireWindow || facts.windows.length > 0)) {
    if (facts.windows.length === 0)
      unmet.push({
        kind: 'no-window',
        params: { corridor },
        text: `no agreed ceasefire or pause window covers ${corridor}`,
      });
    else
      for (const w of facts.windows)
        unmet.push({
          kind: 'outside-window',
          params: { window: w.code ?? '', windowKind: w.kind, start: w.start, end: w.end },
          text: `outside the ${w.code === undefined ? 'opening window' : `${w.kind.replace('-', ' ')} window ${w.code}`} ${span(w)}`,
        });
  }
  for (const i of facts.incidents)
    unmet.push({
      kind: 'critical-incident',
      params: { incident: i.code, type: i.type, metres: Math.round(i.distanceM), status: i.status },
      text: `critical incident ${i.code} (${i.type.replace('-', ' ')}) ${Math.round(i.distanceM)} m from the route is ${i.status}, not closed`,
    });
  return unmet;
}

function hours(h: number): string {
  const rounded = Math.round(h * 10) / 10;
  return `${rounded} h`;
}

/** `2016-12-15T06:00Z..18:00Z`, the end's date left out when it is the start's. */
export function span(w: { start: string; end: string }): string {
  const short = (iso: string) => `${iso.slice(0, 16)}Z`;
  const start = short(w.start);
  const end = short(w.end);
  return `${start}..${end.slice(0, 10) === start.slice(0, 10) ? end.slice(11) : end}`;
}
