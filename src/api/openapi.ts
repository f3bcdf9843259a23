import { z } from 'zod';
import { ErrorBody } from '../contracts/resources.js';
import type { RouteSpec } from './routes.js';

/** How a request or an answer reads a schema: what a client sends, or what the server sends back. */
type Io = 'input' | 'output';

/**
 * Schemas with a name of their own in the document (`components.schemas`), so that a generated client
 * has named types: the error, each record and each request body. The routes name theirs with `named`.
 */
const NAMES = new Map<z.ZodType, string>();

/** Gives a schema its name in the OpenAPI document (the first name given is kept). */
export function named<T extends z.ZodType>(name: string, schema: T): T {
  if (!NAMES.has(schema)) NAMES.set(schema, name);
  return schema;
}
named('Error', ErrorBody);

/**
 * A zod schema as JSON Schema (2020-12, as OpenAPI 3.1 takes it). What the server sends back is read
 * as its output, where a trimming or normalising transform would say nothing: the value before the
 * transform is described instead (it has the same type).
 */
function jsonSchema(schema: z.ZodType, io: Io): Record<string, unknown> {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: (ctx) => {
      const def = (
        ctx.zodSchema as unknown as { _zod: { def: { type: string; in?: z.ZodType; out?: z.ZodType } } }
      )._zod.def;
      const transformed = (def.out as unknown as { _zod?: { def: { type: string } } } | undefined)?._zod?.def
        .type;
      if (io === 'output' && def.type === 'pipe' && transformed === 'transform' && def.in)
        Object.assign(ctx.jsonSchema, jsonSchema(def.in, io));
      // An answer is not parsed by its schema on the way out: a plain z.object says what it has at
      // least, a strict one all it has.
      const catchall = (def as { catchall?: { _zod: { def: { type: string } } } }).catchall?._zod.def.type;
      if (io === 'output' && def.type === 'object' && catchall !== 'never')
        delete ctx.jsonSchema.additionalProperties;
    },
  }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

/** The document's named schemas, filled as the routes are written, and a reference to each. */
class Components {
  readonly schemas: Record<string, unknown> = {};
  ref(schema: z.ZodType, io: Io, fallbackName?: string): Record<string, unknown> {
    const name = NAMES.get(schema) ?? fallbackName;
    if (!name) return jsonSchema(schema, io);
    if (!(name in this.schemas)) this.schemas[name] = jsonSchema(schema, io);
    return { $ref: `#/components/schemas/${name}` };
  }
}

const pascal = (words: string[]) =>
  words.map((w) => w.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase())).join('');
export function singular(word: string): string {
  if (/status$/.test(word)) return word;
  if (/statuses$/.test(word)) return word.replace(/es$/, '');
  return word.replace(/ies$/, 'y').replace(/([^s])s$/, '$1');
}
/** The verb of an action on a record (`POST .../alerts/{ref}/acknowledge` is acknowledgeAlert). */
const ACTION_VERBS: Record<string, (noun: string) => string> = {
  status: (noun) => `set${noun}Status`,
  progress: (noun) => `record${noun}Progress`,
  manifest: (noun) => `record${noun}Manifest`,
};

/**
 * The name a client generated from the document gives the call: its verb, then what it acts on, from
 * the path (`GET /operations/{op}/corridors` is listCorridors, `GET .../corridors/{ref}` getCorridor,
 * `POST .../corridors/{ref}/transitions` createCorridorTransition).
 */
export function operationIdOf(r: Pick<RouteSpec, 'method' | 'path' | 'operationId'>): string {
  if (r.operationId) return r.operationId;
  const parts = r.path.split('/').filter(Boolean);
  const rest = parts[0] === 'operations' && parts[1] === '{op}' ? parts.slice(2) : parts;
  const byRef = rest.at(-1)?.startsWith('{') ?? false;
  const words = rest.filter((p) => !p.startsWith('{')).map((w) => w.replace('.', '-'));
  if (words.length === 0) return r.method === 'get' ? 'getOperation' : `${r.method}Operation`;
  const last = words.length - 1;
  // An action on one record: the word after its {ref}, when it names no collection.
  const action =
    r.method === 'post' &&
    rest.at(-2)?.startsWith('{') &&
    (!/s$/.test(words[last]!) || words[last]! in ACTION_VERBS);
  if (action && last > 0) {
    const noun = pascal(words.slice(0, last).map(singular));
    const verb = ACTION_VERBS[words[last]!];
    return verb ? verb(noun) : pascal([words[last]!]).replace(/^\w/, (c) => c.toLowerCase()) + noun;
  }
  const collection = r.method === 'get' && !byRef && /s$/.test(words[last]!) && !/status$/.test(words[last]!);
  const verb = r.method === 'get' ? (collection ? 'list' : 'get') : r.method === 'post' ? 'create' : 'update';
  const nouns = words.map((w, i) => (i < last || !collection ? singular(w) : w));
  return verb + pascal(nouns);
}

/** What each group of calls is for, in the reference. */
const TAGS: Record<string, string> = {
  meta: 'This document.',
  operations: 'The operations this token may see.',
  organisations: 'Who takes part: agencies, authorities, parties to the conflict, guarantors.',
  areas: 'Governorates, districts and neighbourhoods, with their p-codes and English and Arabic names.',
  'command-posts': 'The posts that watch the routes, each with the checkpoints and segments it watches.',
  corridors: 'The corridors, their routes and time windows, and their lifecycle through its gates.',
  checkpoints: 'Entry, exit and intermediate checkpoints along each corridor.',
  vehicles: 'The fleet: buses, ambulances and trucks, with their seats and stretchers.',
  'reception-points': 'Where evacuees are received, with their capacity.',
  convoys: 'Convoys, their vehicles, manifests by sex and age, and their movement.',
  passages: 'Counts at checkpoints by enumerators, cameras and drones; matched and voided.',
  alerts: 'Alerts raised when counts or timing stop adding up; acknowledged and resolved.',
  accountability: 'Every convoy reconciled, station by station, with its sources.',
  ingest: 'Counts from devices (cameras, drones, OpenDataCam).',
  figures: 'Figures claimed by named parties, with their sources, as they were reported.',
  'pickup-points': 'Where people wait to be moved, and how many.',
  plans: 'Trip schedules from the planner, with their proven bound; adopted into convoys.',
  hazards: 'Hazard areas (mines, explosive remnants, damage), their status and clearance.',
  'clearance-tasks': 'Clearance of a hazard area, its progress and its quality-assurance sign-off.',
  incidents: 'Incidents on or near the routes, verified and closed.',
  windows: 'Ceasefires and humanitarian pauses.',
  notifications: 'Movements notified to the parties, their acknowledgements and the printable notice.',
  acknowledgements: "The parties' acknowledgements of notified movements.",
  protection:
    'Personal data for protection officers: registrations, family groups, tracing (each read states its purpose).',
  admin: "The operation's tokens and sessions, for its administrators.",
  recovery: 'Returns, services, access and aid per neighbourhood.',
  returns: 'People returning to a neighbourhood, by sex and age, with the source.',
  'service-statuses': 'Power, water, health and other services per neighbourhood, with the source.',
  'access-statuses': 'Access to each neighbourhood, with the source.',
  'aid-deliveries': 'Aid delivered (who, what, where: 3W), by sector.',
  sheets:
    'Printed sheets for when the power fails (convoy manifests, checkpoint tallies, registration forms), each with a QR code naming it.',
  reports: 'The situation report (JSON, Markdown, HTML, PDF) and the exports (HXL CSV, GeoJSON).',
  events: 'The event log: every change as an event, appended once and read in order, or streamed.',
  sync: 'Replication between command-post nodes and headquarters.',
  console: "What the console reads to draw the operation's current state.",
};

const text = { type: 'string' };
const binary = { type: 'string', format: 'binary' };

function mediaOf(r: RouteSpec, components: Components, name: string): Record<string, unknown> {
  if (r.media)
    return Object.fromEntries(
      Object.entries(r.media).map(([type, schema]) => [
        type,
        {
          schema:
            schema === 'text' ? text : schema === 'binary' ? binary : components.ref(schema, 'output', name),
        },
      ]),
    );
  return { 'application/json': { schema: r.ok.schema ? components.ref(r.ok.schema, 'output', name) : {} } };
}

function parametersOf(r: RouteSpec): unknown[] {
  const path = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: r.params?.[m[1]!] ? jsonSchema(r.params[m[1]!]!, 'input') : { type: 'string' },
  }));
  const query = r.query
    ? Object.entries(jsonSchema(r.query, 'input').properties as Record<string, Record<string, unknown>>).map(
        ([name, schema]) => {
          const { description, ...rest } = schema;
          return {
            name,
            in: 'query',
            required:
              (jsonSchema(r.query!, 'input').required as string[] | undefined)?.includes(name) ?? false,
            ...(description ? { description } : {}),
            schema: rest,
          };
        },
      )
    : [];
  return [...path, ...query];
}

/** The refusals a route may answer, each with the error body. */
function refusalsOf(r: RouteSpec): Record<string, unknown> {
  const error = (description: string) => ({
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  });
  const retry = { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } };
  const writes = r.method !== 'get';
  return {
    '400': error('the request is malformed: a parameter or the body is not what the route takes'),
    ...(r.auth === false
      ? {}
      : { '401': error('no token, or one unknown, revoked or expired'), '403': error('the role may not') }),
    '404': error('no such operation or record'),
    ...(writes
      ? {
          '409': error('the change conflicts with the state of things (a code taken, gates unmet)'),
          '413': error('the body is larger than the route takes'),
        }
      : {}),
    ...(writes || r.query ? { '422': error('a rule of the operation refuses it') } : {}),
    '429': { ...error('too many requests: wait as Retry-After says'), headers: retry },
    '503': {
      ...error('busy (maintenance, or the document renderer): retry as Retry-After says'),
      headers: retry,
    },
  };
}

/** The OpenAPI 3.1 document of the API, made from the same route list and zod contracts it runs on. */
export function openApiDocument(base: string, routes: readonly RouteSpec[], version: string): unknown {
  const components = new Components();
  components.ref(ErrorBody, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  const ids = new Set<string>();
  for (const r of routes) {
    const operationId = operationIdOf(r);
    if (ids.has(operationId)) throw new Error(`two routes are both ${operationId}: give one an operationId`);
    ids.add(operationId);
    const Name = operationId.charAt(0).toUpperCase() + operationId.slice(1);
    const operation: Record<string, unknown> = {
      operationId,
      summary: r.summary,
      tags: [r.tag],
      parameters: parametersOf(r),
      responses: {
        ...Object.fromEntries(
          [{ status: r.ok.status, description: r.ok.description }, ...(r.ok.also ?? [])].map((ok) => [
            ok.status,
            {
              description: ok.description,
              content: r.stream
                ? { 'text/event-stream': { schema: text } }
                : mediaOf(r, components, `${Name}Answer`),
            },
          ]),
        ),
        ...refusalsOf(r),
      },
      ...(r.auth === false ? { security: [] } : {}),
    };
    if (r.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: components.ref(r.body, 'input', `${Name}Body`) } },
      };
    paths[base + r.path] = { ...(paths[base + r.path] ?? {}), [r.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Corridor API',
      version,
      summary:
        'Humanitarian evacuations through corridors: plan, make passage safe, account for every person.',
      description: [
        'Every call under /api/v1 needs `Authorization: Bearer <token>` (`corridor token create`, or a',
        'session from `POST /api/auth/login`); this document and its reference page (/api/docs) need none.',
        'Writes are events: each takes an optional `eventId` (UUIDv7), so a write sent twice is recorded once.',
      ].join(' '),
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      // The operator of this server answers for it; the project's README says how to reach its maintainers.
      contact: { name: 'The operator of this server' },
    },
    servers: [{ url: '/', description: 'the server that published this document' }],
    tags: [...new Set(routes.map((r) => r.tag))]
      .sort()
      .map((name) => ({ name, ...(TAGS[name] ? { description: TAGS[name] } : {}) })),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: components.schemas,
    },
    security: [{ bearer: [] }],
    paths,
  };
}
