import { z } from 'zod';
import { Code, Uuid } from '../common.js';

/** The sheets Corridor prints for when the power fails, each with a QR code that names it. */
export const SHEET_KINDS = ['manifest', 'tally', 'registration'] as const;
export const PAPER_SIZES = ['a4', 'letter'] as const;
export const SHEET_LANGUAGES = ['en', 'ar'] as const;

/** A day as a date (2016-12-20), in the operation's time zone. */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'a day of the calendar');

/** The payloads of the paper events. Each is strict: unknown fields are refused. */
export const PAPER_PAYLOADS = {
  /**
   * A sheet printed: it is given an id (the UUID in its QR code) and a code people can type (SHT-0012),
   * so that what is written on it comes back as events once, whoever enters it and however often.
   * A manifest sheet is of a convoy; a tally sheet of a checkpoint and a day; a registration form of
   * neither.
   */
  SheetIssued: z.strictObject({
    sheetId: Uuid,
    code: Code,
    kind: z.enum(SHEET_KINDS),
    convoyId: Uuid.optional(),
    checkpointId: Uuid.optional(),
    day: Day.optional(),
    lang: z.enum(SHEET_LANGUAGES).default('en'),
    paper: z.enum(PAPER_SIZES).default('a4'),
  }),
  /**
   * What was written on a sheet, entered: the events it became are recorded with it, in one
   * transaction. `digest` is of the entry as typed, so entering the sheet again with anything else
   * written is refused rather than recorded twice.
   */
  SheetEntered: z.strictObject({
    sheetId: Uuid,
    rows: z.number().int().min(0).max(1000),
    digest: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in hex'),
  }),
};
