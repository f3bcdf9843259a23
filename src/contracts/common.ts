import { z } from 'zod';
import { normalPCode, PCODE_PATTERN } from './kinds.js';
export { PEOPLE_CATEGORIES, VEHICLE_KINDS, type PeopleCategory } from './kinds.js';

/** Operation ids are short slugs chosen by people (`aleppo-2016`), not UUIDs. */
export const OperationId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'an operation id is 2-63 lower-case letters, digits or dashes');

// Ids are compared as text, so they are kept in lower case whatever case a client sends.
export const Uuid = z.uuid().transform((s) => s.toLowerCase());
export const Uuid7 = z
  .uuid({ version: 'v7', message: 'event ids are UUIDv7' })
  .transform((s) => s.toLowerCase());

/** Short typed codes people say on the radio: COR-3, CP-12, POST-2, CVY-0147. */
export const Code = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9]{0,11}(-[A-Z0-9]{1,12}){0,3}$/,
    'a code is upper-case letters and digits with dashes, e.g. COR-3',
  );

/** A reference in a request body: the record's UUID or its code. Event payloads use UUIDs only. */
export const Ref = z.union([Uuid, Code]);

/**
 * UTC ISO 8601 with an explicit offset; normalised to `Z` with milliseconds when stored. Years 0001-9999
 * only: an offset can push an edge time into a year that ISO strings (and string comparison) cannot hold.
 */
export const Timestamp = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .refine((s) => /^(?!0000)\d{4}-/.test(s), 'a time must fall in the years 0001 to 9999');

/** Free text: PostgreSQL cannot store NUL, so nobody may send it. */
export function text(max: number) {
  return z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'text must not contain NUL characters')
    .refine((s) => !LONE_SURROGATE.test(s), 'text must be well-formed Unicode (no lone surrogates)');
}

// Half of a UTF-16 pair on its own: no UTF-8 form, so each database would store something else.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const Name = text(200)
  .transform((s) => s.trim())
  .refine((s) => s.length > 0, 'must not be empty');
export const Text = text(4000);
/** A p-code (OCHA's place code, SY02), written as the COD-AB writes it (`normalPCode`). */
export const PCode = z
  .string()
  .max(64)
  .transform(normalPCode)
  .pipe(z.string().regex(PCODE_PATTERN, 'a p-code is letters and digits, as the COD-AB gives it (SY02)'));

const Longitude = z.number().min(-180).max(180);
const Latitude = z.number().min(-90).max(90);
export const Position = z.tuple([Longitude, Latitude]);

export const Point = z.strictObject({ type: z.literal('Point'), coordinates: Position });
export const LineString = z.strictObject({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2).max(100_000),
});
/** Corners a ring, and a whole area, may have: room for an admin boundary (Aleppo's has 4,763). */
export const MAX_RING_CORNERS = 10_000;
export const MAX_AREA_CORNERS = 50_000;
const corners = (rings: readonly (readonly unknown[])[]) => rings.reduce((n, r) => n + r.length, 0);
const Ring = z
  .array(Position)
  .min(4)
  .max(MAX_RING_CORNERS, `a polygon ring has at most ${MAX_RING_CORNERS.toLocaleString('en')} corners`)
  // Runs even when the ring is too short or has bad positions (those are reported on their own).
  .refine((r) => {
    const [first, last] = [r[0], r.at(-1)];
    return !first || !last || (first[0] === last[0] && first[1] === last[1]);
  }, 'a polygon ring must be closed');
const AREA_TOO_LARGE = `an area has at most ${MAX_AREA_CORNERS.toLocaleString('en')} corners in all`;
export const Polygon = z.strictObject({
  type: z.literal('Polygon'),
  coordinates: z
    .array(Ring)
    .min(1)
    .refine((rings) => corners(rings) <= MAX_AREA_CORNERS, AREA_TOO_LARGE),
});
export const MultiPolygon = z.strictObject({
  type: z.literal('MultiPolygon'),
  coordinates: z
    .array(z.array(Ring).min(1))
    .min(1)
    .refine((polygons) => corners(polygons.flat()) <= MAX_AREA_CORNERS, AREA_TOO_LARGE),
});
export const AreaGeometry = z.discriminatedUnion('type', [Polygon, MultiPolygon]);

export const TimeWindow = z
  .strictObject({ start: Timestamp, end: Timestamp })
  .refine((w) => w.start < w.end, 'a time window must end after it starts');

const Count = z.number().int().min(0).max(1_000_000);

export const PeopleCounts = z.strictObject({
  men: Count.default(0),
  women: Count.default(0),
  boys: Count.default(0),
  girls: Count.default(0),
  elderlyMen: Count.default(0),
  elderlyWomen: Count.default(0),
});
export type PeopleCounts = z.output<typeof PeopleCounts>;

export { Count };

/** Items carried, by kind (CARRIED_KINDS): a kind left out was not counted, which is not 0. */
export const Carried = z
  .strictObject({
    luggage: Count.optional(),
    pets: Count.optional(),
    wheelchairs: Count.optional(),
    crutches: Count.optional(),
    oxygen: Count.optional(),
    dialysis: Count.optional(),
    'cold-medicines': Count.optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'count at least one kind of item');
export type Carried = z.output<typeof Carried>;

export const ROLES = [
  'coordinator',
  'post-officer',
  'enumerator',
  'protection',
  'viewer',
  'reporting',
  'device',
  // Looks after the operation's tokens and sessions; reads the operational picture, records nothing.
  'admin',
  // Another Corridor node (a command post) that replicates the operation's events with this one.
  'site',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/**
 * The roles that record something (a test holds them to the table of who writes what): those a site
 * token may grant its node, whose records it then sends up.
 */
export const GRANTABLE_ROLES = [
  'coordinator',
  'post-officer',
  'enumerator',
  'device',
  'reporting',
  'protection',
] as const satisfies readonly Role[];
export type GrantedRole = (typeof GRANTABLE_ROLES)[number];
