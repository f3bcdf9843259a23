import { z } from 'zod';
import { ErrorBody } from '../contracts/resources.js';
import type { RouteSpec } from './routes.js';

function schemaOf(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** The OpenAPI 3.1 document of the API, made from the same route list and zod contracts it runs on. */
export function openApiDocument(base: string, routes: readonly RouteSpec[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { description: 'error', content: { 'application/json': { schema: schemaOf(ErrorBody) } } };
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const operation: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      parameters: params,
      responses: {
        [r.ok.status]: {
          description: r.ok.description,
          content: r.stream
            ? { 'text/event-stream': { schema: { type: 'string' } } }
            : r.contentType
              ? { [r.contentType]: { schema: { type: 'string', format: 'binary' } } }
              : { 'application/json': { schema: r.ok.schema ? schemaOf(r.ok.schema) : {} } },
        },
        ...(r.body ? { '400': error, '409': error, '422': error } : {}),
        ...(r.auth === false ? {} : { '401': error, '403': error }),
        '404': error,
      },
      ...(r.auth === false ? { security: [] } : {}),
    };
    if (r.body) {
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(r.body) } },
      };
    }
    paths[base + r.path] = { ...(paths[base + r.path] ?? {}), [r.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Corridor API',
      version,
      description:
        'Operations platform for humanitarian evacuations through corridors. Every /api/v1 call needs `Authorization: Bearer <token>`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
