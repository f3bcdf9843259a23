import type { Context } from 'hono';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { operationRecovery } from '../../app/recovery/recovery.js';
import { exportDataset } from '../../app/reports/exports.js';
import { sitrepHtml, sitrepMarkdown, sitrepPdf } from '../../app/reports/sitrep-render.js';
import { sitrepOf } from '../../app/reports/sitrep.js';
import type { ApiEnv } from '../access/auth.js';
import type { RouteSpec } from '../routes.js';

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
      tag: 'reports',
      access: { kind: 'read' },
      summary:
        'The situation report (format json, md, html or pdf): now from the projections, or as of a past time (asOf) from the events that had occurred (basis=occurred) or been recorded (basis=recorded) by then',
      contentType: 'application/json',
      ok: { status: 200, description: 'the report' },
      handler: async (c) => {
        const { sitrep, format } = await sitrepOf(ctx, caller(c), operationOf(c), c.req.query());
        const name = `sitrep-${sitrep.operation.id}-${sitrep.asOf.slice(0, 10)}`;
        if (format === 'json') return c.json(sitrep);
        if (format === 'html') return c.html(sitrepHtml(sitrep));
        if (format === 'md')
          return c.body(sitrepMarkdown(sitrep), 200, { 'Content-Type': 'text/markdown; charset=utf-8' });
        const bytes = await sitrepPdf(sitrep);
        return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': 'application/pdf',
          'Content-Disposition': `inline; filename="${name}.pdf"`,
        });
      },
    },
    {
      method: 'get',
      path: '/operations/{op}/exports/{dataset}',
      tag: 'reports',
      access: { kind: 'read' },
      summary:
        'An export: movements, returns, services, aid or figures as HXL-tagged CSV (hashtag row under the header row), or geojson (corridors, checkpoints, hazards, areas); now, or as of a past time (asOf, basis) like the situation report',
      contentType: 'text/csv',
      ok: { status: 200, description: 'the file' },
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
