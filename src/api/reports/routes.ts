import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { operationRecovery } from '../../app/recovery/recovery.js';
import { ExportDatasetParam, ExportQuery, exportDataset } from '../../app/reports/exports.js';
import {
  documentRenders,
  RendererUnavailableError,
  renderPdf,
  type RenderJob,
} from '../../app/reports/render-pool.js';
import { sitrepHtml, sitrepMarkdown } from '../../app/reports/sitrep-render.js';
import { SitrepQuery, sitrepOf } from '../../app/reports/sitrep.js';
import type { ApiEnv } from '../access/auth.js';
import { errorBody } from '../errors.js';
import type { RouteSpec } from '../routes.js';
import { FeatureCollectionSchema, SitrepSchema } from './schemas.js';

/**
 * Documents' data are computed here one at a time, each followed by a rest as long as it took (at
 * most a second), so that requests arriving meanwhile get at least half of this thread: on SQLite a
 * report is computed without waiting on I/O, and five at once would otherwise run back to back while
 * every other request waits. The renderer, slower than this, is what bounds how fast documents are
 * made. A computation that waits on I/O for long lets the next start after `REST_MAX_MS`.
 */
const REST_MAX_MS = 1000;
let gate: Promise<void> = Promise.resolve();
async function inTurn<T>(make: () => Promise<T>): Promise<T> {
  const previous = gate;
  let release = () => {};
  gate = new Promise<void>((resolve) => (release = resolve));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([previous, new Promise((resolve) => (timer = setTimeout(resolve, REST_MAX_MS)))]);
  clearTimeout(timer);
  const started = performance.now();
  try {
    return await make();
  } finally {
    setTimeout(release, Math.min(performance.now() - started, REST_MAX_MS)).unref();
  }
}

/**
 * A PDF answer, rendered in a worker thread (app/reports/render-pool.ts). `make` computes the
 * document's data and its file name here, in a turn of its own (`inTurn`); it runs inside the
 * caller's share of the renderer (at most 2 documents at once per caller, a third is a 429 before
 * anything is computed). A renderer that failed (its worker died or hung) is a 503 with Retry-After;
 * the next document starts a new worker.
 */
export function pdfAnswer(
  c: Context<ApiEnv>,
  make: () => Promise<{ job: RenderJob; filename: string }>,
): Promise<Response> {
  return documentRenders.run(c.get('caller').actor, async () => {
    const { job, filename } = await inTurn(make);
    let bytes: Uint8Array;
    try {
      bytes = await renderPdf(job);
    } catch (error) {
      if (!(error instanceof RendererUnavailableError)) throw error;
      throw new HTTPException(503, {
        res: Response.json(errorBody('unavailable', error.message), {
          status: 503,
          headers: { 'Retry-After': String(error.retryAfterSeconds) },
        }),
      });
    }
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="${filename}"`,
    });
  });
}

/** Recovery per area, the situation report and the exports (HXL CSV, GeoJSON). */
export function reportRoutes(ctx: AppContext, operationOf: (c: Context<ApiEnv>) => string): RouteSpec[] {
  const caller = (c: Context<ApiEnv>) => c.get('caller');
  return [
    {
      method: 'get',
      path: '/operations/{op}/recovery',
      tag: 'recovery',
      access: { kind: 'read' },
      summary:
        'Recovery per area: returns (by sex and age, from where), the latest status of each service and of access with source and date, aid deliveries by sector',
      ok: {
        status: 200,
        description: 'the areas with recovery records',
        schema: z.object({ areas: z.array(z.unknown()) }),
      },
      handler: async (c) => c.json(await operationRecovery(ctx, caller(c), operationOf(c))),
    },
    {
      method: 'get',
      path: '/operations/{op}/reports/sitrep',
      operationId: 'getSitrep',
      tag: 'reports',
      access: { kind: 'read' },
      summary:
        'The situation report (format json, md, html or pdf; the documents in English or Arabic by lang): now from the projections, or as of a past time (asOf) from the events that had occurred (basis=occurred) or been recorded (basis=recorded) by then',
      query: SitrepQuery,
      media: {
        'application/json': SitrepSchema,
        'text/markdown': 'text',
        'text/html': 'text',
        'application/pdf': 'binary',
      },
      ok: { status: 200, description: 'the report, in the format asked for' },
      handler: async (c) => {
        const report = () => sitrepOf(ctx, caller(c), operationOf(c), c.req.query());
        if (c.req.query('format') === 'pdf')
          return pdfAnswer(c, async () => {
            const { sitrep, lang } = await report();
            const filename = `sitrep-${sitrep.operation.id}-${sitrep.number}-${sitrep.asOf.slice(0, 10)}${lang === 'en' ? '' : `-${lang}`}.pdf`;
            return { job: { kind: 'sitrep', sitrep, lang }, filename };
          });
        const { sitrep, format, lang } = await report();
        if (format === 'html') return c.html(sitrepHtml(sitrep, lang));
        if (format === 'md')
          return c.body(sitrepMarkdown(sitrep, lang), 200, {
            'Content-Type': 'text/markdown; charset=utf-8',
            'Content-Language': lang,
          });
        return c.json(sitrep);
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/exports/{dataset}',
      tag: 'reports',
      access: { kind: 'read' },
      summary:
        'An export: movements, items (what people carried), returns, services, aid or figures as HXL-tagged CSV (hashtag row under the header row), or geojson (corridors, checkpoints, hazards, areas); now, or as of a past time (asOf, basis) like the situation report',
      params: { dataset: ExportDatasetParam },
      query: ExportQuery,
      media: { 'text/csv': 'text', 'application/geo+json': FeatureCollectionSchema },
      ok: { status: 200, description: 'the file: CSV with HXL hashtags, or GeoJSON for the geojson dataset' },
      handler: async (c) => {
        const out = await exportDataset(
          ctx,
          caller(c),
          operationOf(c),
          c.req.param('dataset')!,
          c.req.query(),
        );
        return c.body(out.body, 200, {
          'Content-Type': out.contentType,
          'Content-Disposition': `attachment; filename="${out.filename}"`,
        });
      },
    },
  ];
}
