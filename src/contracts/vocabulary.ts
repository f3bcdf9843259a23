import { z } from 'zod';
import { Code, Name, Timestamp } from './common.js';

/** The words and small shapes the event payloads of every capability share. */
export * from './kinds.js';

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
