import { z } from 'zod';
import { Code, Name, Text, Timestamp, Uuid } from '../common.js';
import { FIGURE_METHODS, FIGURE_QUALIFIERS } from '../vocabulary.js';

/** The payloads of the reports events. Each is strict: unknown fields are refused. */
export const REPORTS_PAYLOADS = {
  FigureReported: z.strictObject({
    figureId: Uuid,
    code: Code,
    metric: z.string().regex(/^[a-z][a-z0-9_.]{1,63}$/, 'a metric is a lower-case key, e.g. people_departed'),
    label: Name,
    hxl: z
      .string()
      .regex(/^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$/, 'an HXL hashtag, e.g. #affected+f+children')
      .optional(),
    value: z.number().finite(),
    valueMax: z.number().finite().optional(),
    qualifier: z.enum(FIGURE_QUALIFIERS).default('exact'),
    unit: Name.refine((s) => s.length <= 32, 'a unit has at most 32 characters'),
    areaId: Uuid.optional(),
    asOf: Timestamp,
    sourceOrganisationId: Uuid,
    sourceDocument: Name,
    sourceDate: Timestamp.optional(),
    method: z.enum(FIGURE_METHODS),
    note: Text.optional(),
    /** For a computed figure: the query over the event log that produced it. */
    query: Text.optional(),
  }),
} as const;
