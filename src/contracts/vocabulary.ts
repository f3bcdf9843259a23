import { z } from 'zod';
import { Code, Name, Timestamp } from './common.js';

/** The words and small shapes the event payloads of every capability share. */

export const ORGANISATION_ROLES = [
  'coordinating-body',
  'un-agency',
  'red-cross-red-crescent',
  'ngo',
  'authority',
  'party-to-conflict',
  'guarantor',
  'media',
  'other',
] as const;
/** The corridor lifecycle: notified to the parties, ready (every gate holds), open, suspended, closed. */
export const CORRIDOR_STATUSES = ['planned', 'notified', 'ready', 'open', 'suspended', 'closed'] as const;
/** A corridor's colour by its status, the same on the console's map and in the reports' maps. */
export const CORRIDOR_STATUS_COLOURS: Record<(typeof CORRIDOR_STATUSES)[number], string> = {
  planned: '#6e40c9',
  notified: '#9a6700',
  ready: '#0e7c86',
  open: '#1a7f37',
  suspended: '#d1242f',
  closed: '#8c959f',
};
export const CONVOY_STATUSES = ['planned', 'boarding', 'departed', 'arrived'] as const;
export const CHECKPOINT_KINDS = ['entry', 'exit', 'intermediate'] as const;
export const AREA_KINDS = ['governorate', 'district', 'subdistrict', 'neighbourhood', 'other'] as const;
export const PASSAGE_SOURCES = ['enumerator', 'camera', 'drone', 'position'] as const;
/** Whether a passage reports the whole convoy as seen, or a tally of some of its vehicles. */
export const PASSAGE_SCOPES = ['convoy', 'vehicles'] as const;
export const MATCH_METHODS = ['plates', 'vehicles', 'manual'] as const;
export const ALERT_KINDS = [
  'people-missing',
  'people-surplus',
  'convoy-overdue',
  'convoy-stopped',
  'vehicle-detached',
  'unknown-convoy',
  'out-of-order',
  'window-ending',
  'window-ended',
  'incident-near-corridor',
  'hazard-on-route',
  'family-split',
  // Something carried (a wheelchair, oxygen) counted at one station and fewer of it at the next.
  'items-missing',
  // The convoys bound for a reception point bring more pets or equipment than it has room for.
  'room-short',
  // Decisions of two sites that cannot both stand (app/sync/conflicts.ts).
  'conflict',
] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
/**
 * What people carry with them, counted like people: luggage, pets, mobility aids (wheelchairs,
 * crutches) and medical equipment (oxygen, dialysis, medicines that need cold).
 */
export const CARRIED_KINDS = [
  'luggage',
  'pets',
  'wheelchairs',
  'crutches',
  'oxygen',
  'dialysis',
  'cold-medicines',
] as const;
export type CarriedKind = (typeof CARRIED_KINDS)[number];
/** The kinds of item some of these counts counted, in the vocabulary's order (a kind none counted is not 0). */
export function countedKinds(counts: readonly { carried?: Partial<Record<string, number>> | undefined }[]) {
  return CARRIED_KINDS.filter((k) => counts.some((c) => c.carried?.[k] !== undefined));
}
export const ALERT_RESOLUTIONS = ['explained', 'manual'] as const;
export const FIGURE_METHODS = ['counted', 'estimated', 'computed'] as const;
export const FIGURE_QUALIFIERS = ['exact', 'about', 'more-than', 'less-than'] as const;
export const HAZARD_TYPES = [
  'explosive-ordnance',
  'debris',
  'damaged-road',
  'damaged-bridge',
  'flooding',
  'other',
] as const;
/** Land release (IMAS 07.11): suspected -> confirmed -> cleared, or released or cancelled on the way. */
export const HAZARD_STATUSES = ['suspected', 'confirmed', 'cleared', 'released', 'cancelled'] as const;
export const HAZARD_EVIDENCE_KINDS = ['report', 'survey', 'imagery'] as const;
export const CLEARANCE_TASK_STATUSES = ['started', 'completed'] as const;
export const INCIDENT_TYPES = [
  'ceasefire-violation',
  'shelling',
  'shooting',
  'convoy-blocked',
  'security-search',
  'medical-emergency',
  'road-accident',
  'other',
] as const;
export const INCIDENT_SEVERITIES = ['minor', 'moderate', 'serious', 'critical'] as const;
/** Reported, then verified or not (an unverified report may be verified later), then closed. */
export const INCIDENT_STATUSES = ['reported', 'verified', 'unverified', 'closed'] as const;
export const PAUSE_WINDOW_KINDS = ['ceasefire', 'humanitarian-pause'] as const;
/** Recovery per area (see src/app/recovery/recovery.ts): the services whose status is followed over time. */
export const SERVICE_KINDS = ['power', 'water', 'health', 'bakery', 'school'] as const;
export const SERVICE_STATUSES = ['functional', 'partly', 'not-functional'] as const;
export const ACCESS_STATUSES = ['accessible', 'restricted', 'inaccessible'] as const;
/** Sectors of the "who does what where" (3W) view, as the humanitarian clusters name them. */
export const AID_SECTORS = [
  'food',
  'wash',
  'health',
  'shelter',
  'nfi',
  'protection',
  'education',
  'nutrition',
  'logistics',
  'other',
] as const;

export const Minutes = z
  .number()
  .min(0)
  .max(7 * 24 * 60);

/**
 * How the accountability rules judge an operation's convoys (see src/domain/accountability/engine.ts). An
 * operation sets its own; the defaults suit buses on damaged urban roads.
 */
export const AccountabilityPolicy = z.strictObject({
  /** Planning speed of a convoy along its route, for the time it is expected at the next checkpoint. */
  speedKmh: z.number().min(1).max(5000).default(20),
  /** A convoy is overdue after the planned time times this factor, plus the slack. */
  overdueFactor: z.number().min(1).max(20).default(1.5),
  overdueSlackMinutes: Minutes.default(15),
  /** In transit without a passage or a position that moved at least `movedMetres`, for this long. */
  stoppedAfterMinutes: Minutes.refine((m) => m > 0, 'must be more than 0').default(20),
  movedMetres: z.number().min(0).max(100_000).default(100),
  /** The error a camera's people count may have, in percent of the count (at least one person). */
  cameraErrorPct: z.number().min(0).max(50).default(3),
  /** How long before a corridor's window ends a convoy still in transit raises an alert. */
  windowWarningMinutes: Minutes.default(60),
});

/**
 * How an operation guards its corridors (see src/domain/safe-passage/gates.ts and docs/safe-passage.md). The notice
 * periods follow humanitarian notification practice: notification informs the parties, it does not ask
 * their permission; an operation may still require their acknowledgements before a corridor is ready.
 */
export const SafePassagePolicy = z.strictObject({
  /** A critical incident this close to the route of an open corridor acts on it. */
  incidentRadiusM: z.number().min(0).max(100_000).default(2000),
  /** What a critical incident near an open corridor does: suspend it at once, or raise an alert. */
  onCriticalIncident: z.enum(['suspend', 'alert']).default('suspend'),
  /** Hours between a movement notification and the start of the movement it notifies. */
  noticeHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(48),
  emergencyNoticeHours: z
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  /** Every notified party must acknowledge before the corridor is ready. */
  requireAcknowledgements: z.boolean().default(false),
  /**
   * A corridor opens only inside a window: its own opening windows or an agreed ceasefire or
   * humanitarian pause that covers its route. Without this, a corridor with no window at all may open.
   */
  requireWindow: z.boolean().default(true),
});

export const Stage = z
  .strictObject({ key: Code, name: Name, start: Timestamp, end: Timestamp.optional() })
  .refine((s) => s.end === undefined || s.start < s.end, {
    message: 'a stage must end after it starts',
    path: ['end'],
  });

/**
 * Age groups per operation (HXL disaggregation): children under `childUnder` years, elderly from
 * `elderlyFrom`; adults in between. Operations differ (for example 18/60, or 15/65).
 */
export const AgeBands = z
  .strictObject({
    childUnder: z.number().int().min(1).max(30),
    elderlyFrom: z.number().int().min(40).max(100),
  })
  .refine((b) => b.childUnder < b.elderlyFrom, {
    message: 'children must be younger than the elderly',
    path: ['elderlyFrom'],
  });

export const Plate = Name.refine((s) => s.length <= 32, 'a plate has at most 32 characters');

/** Where an event was first recorded (a device or store) and its number there. */
export const OriginSite = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'a site id is letters, digits and . _ : -');
export const OriginSeq = z
  .number()
  .int()
  .min(0)
  .max(2 ** 40);
