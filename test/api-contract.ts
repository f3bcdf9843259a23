import { gunzipSync } from 'node:zlib';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { createApi } from '../src/api/app.js';

/**
 * Holds every answer the API tests get to the OpenAPI document the API publishes: the status must be
 * one the operation declares, the media type one of its answer's, and a JSON body must validate against
 * the declared schema (ajv, JSON Schema 2020-12 as OpenAPI 3.1 has it). A test whose API goes through
 * `checkedApi` fails on the first answer the document does not describe.
 */

type Api = ReturnType<typeof createApi>;
type Doc = {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

let checker: {
  doc: Doc;
  ajv: Ajv2020;
  routes: { method: string; template: string; pattern: RegExp }[];
} | null = null;
const compiled = new Map<string, ValidateFunction>();

async function checkerOf(api: Api) {
  if (checker) return checker;
  const doc = (await (await api.request('/api/v1/openapi.json')).json()) as Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema(doc, 'api');
  const routes = Object.entries(doc.paths).flatMap(([template, methods]) =>
    Object.keys(methods).map((method) => ({
      method,
      template,
      // A literal segment is preferred to a parameter (`.../reconciliation` before `.../{ref}`).
      pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
    })),
  );
  routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  checker = { doc, ajv, routes };
  return checker;
}

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** What is wrong with one answer by the document, or null when it is what the document says. */
export async function contractProblem(
  api: Api,
  method: string,
  url: string,
  res: Response,
): Promise<string | null> {
  const { doc, ajv, routes } = await checkerOf(api);
  const path = new URL(url, 'http://local').pathname;
  if (!path.startsWith('/api/v1/')) return null;
  const route = routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
  // A path the API has no route for answers its 404 (tested elsewhere); it has no operation to hold to.
  if (!route) return null;
  const answers = doc.paths[route.template]![route.method]!.responses;
  const answer = answers[String(res.status)];
  const where = `${method} ${route.template} answered ${res.status}`;
  if (!answer) return `${where}, a status the document does not declare (${Object.keys(answers).join(', ')})`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!answer.content) return null;
  if (!(type in answer.content))
    return `${where} as ${type}, not as the document says (${Object.keys(answer.content).join(', ')})`;
  if (type !== 'application/json' && type !== 'application/geo+json') return null;
  const ref = `api#/paths/${pointer(route.template)}/${route.method}/responses/${res.status}/content/${pointer(type)}/schema`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.getSchema(ref)!;
    compiled.set(ref, validate);
  }
  // Hono's request() hands the bytes as sent: a gzipped answer is read unzipped, as a client would.
  const bytes = Buffer.from(await res.clone().arrayBuffer());
  const gzipped = res.headers.get('content-encoding') === 'gzip';
  const body: unknown = JSON.parse((gzipped ? gunzipSync(bytes) : bytes).toString('utf8'));
  if (validate(body)) return null;
  return `${where}: the body is not what the document says: ${ajv.errorsText(validate.errors, { separator: '; ' })}`;
}

/** The API, each answer of which is held to the document (see above); a mismatch throws. */
export function checkedApi(api: Api): Api {
  const request = api.request.bind(api);
  return new Proxy(api, {
    get(target, key, receiver) {
      if (key !== 'request') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<Api['request']>) => {
        const res = await request(...args);
        const [input, init] = args;
        const url = typeof input === 'string' ? input : input instanceof Request ? input.url : String(input);
        const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
        const problem = await contractProblem(api, method, url, res);
        if (problem) throw new Error(`the API broke its OpenAPI document: ${problem}`);
        return res;
      };
    },
  });
}
