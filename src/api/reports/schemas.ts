import { z } from 'zod';
import { named } from '../openapi.js';

// What the reports answer, for the OpenAPI document and the clients made from it. The report itself is
// built in domain/reports (its TypeScript types are the contract there); these schemas say its shape
// to the outside, down to the fields a partner reads, and let the rest be.

const Row = z.looseObject({});
const Coordinates = z.tuple([z.number(), z.number()]);

export const SitrepSchema = named(
  'Sitrep',
  z.looseObject({
    operation: z.looseObject({
      id: z.string(),
      name: z.string(),
      timezone: z.string(),
      description: z.string(),
    }),
    asOf: z.string().describe('the time the report is of (ISO 8601, UTC)'),
    basis: z
      .enum(['occurred', 'recorded', 'now'])
      .describe('now: from the current state; else the time basis of asOf'),
    events: z.number().int().nullable().describe('events in the log up to asOf (null for a live report)'),
    highlights: z.array(
      z.looseObject({
        text: z.string(),
        kind: z.string(),
        numbers: z.record(z.string(), z.number()),
        figures: z.array(z.string()).describe('the figures (by code) the sentence rests on'),
        metric: z.string().optional().describe('of a `reported` highlight: the metric the sources reported'),
        claims: z
          .array(
            z.looseObject({
              figure: z.string(),
              value: z.number().optional(),
              min: z.number().optional(),
              max: z.number().optional(),
              source: z.string(),
            }),
          )
          .optional()
          .describe('of a `reported` highlight: each source’s figure (a range has min and max)'),
      }),
    ),
    number: z
      .number()
      .int()
      .min(1)
      .describe('the report number: the day of the operation its period ends on'),
    period: z
      .looseObject({ from: z.string(), to: z.string() })
      .describe('from when the operation began to the latest thing the report holds (or asOf)'),
    gaps: z
      .array(
        z.looseObject({
          cluster: z.string().nullable().describe('the IASC cluster; null for power, which has none'),
          service: z.string(),
          down: z.array(Row),
          notRecorded: z.array(z.string()),
          noAid: z.array(z.string()),
        }),
      )
      .describe('per service, in the areas people returned to: down, not recorded, no aid of its cluster'),
    constraints: z.looseObject({
      access: z.array(Row),
      incidents: z.array(z.string()),
      hazards: z.array(z.string()),
    }),
    coordination: z.looseObject({ roles: z.array(Row), notifications: z.array(Row) }),
    contacts: z.array(
      z.looseObject({
        organisation: z.string(),
        name: z.string(),
        role: z.string(),
        contact: z.looseObject({
          name: z.string().optional(),
          title: z.string().optional(),
          email: z.string().optional(),
          phone: z.string().optional(),
          radio: z.string().optional(),
        }),
      }),
    ),
    overview: z.looseObject({
      stages: z.array(Row),
      corridors: z.record(z.string(), z.number()),
      convoys: z.record(z.string(), z.number()),
      commandPosts: z.number().int(),
      receptionPoints: z.number().int(),
      paper: z
        .looseObject({ tallies: z.number().int(), people: z.number().int(), manifests: z.number().int() })
        .describe('what came from printed sheets, entered later'),
    }),
    movements: z.array(Row),
    safety: z.looseObject({
      incidents: z.array(Row),
      hazards: z.array(Row),
      overrides: z.array(Row),
      windows: z.array(Row),
    }),
    recovery: z.array(Row),
    response: z.array(Row),
    figures: z.array(Row),
    comparisons: z.array(Row),
    disputes: z.array(Row),
    flagged: z.array(Row),
    map: z.looseObject({
      areas: z
        .array(z.looseObject({ code: z.string(), rings: z.array(z.array(Coordinates)) }))
        .describe('outlines of the neighbourhoods, thinned to about 30 m, as the map’s base'),
      corridors: z.array(
        z.looseObject({ code: z.string(), status: z.string(), coordinates: z.array(Coordinates) }),
      ),
      checkpoints: z.array(z.looseObject({ code: z.string(), coordinates: Coordinates })),
      hazards: z.array(Row),
      incidents: z.array(Row),
      receptionPoints: z.array(z.looseObject({ code: z.string(), coordinates: Coordinates })),
      commandPosts: z.array(z.looseObject({ code: z.string(), coordinates: Coordinates })),
      convoys: z.array(Row),
    }),
  }),
);

/** An RFC 7946 FeatureCollection, as the GeoJSON export answers. */
export const FeatureCollectionSchema = named(
  'FeatureCollection',
  z.looseObject({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.looseObject({
        type: z.literal('Feature'),
        geometry: z.looseObject({ type: z.string(), coordinates: z.array(z.unknown()) }),
        properties: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
);
