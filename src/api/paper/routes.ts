import type { AppContext } from '../../app/context.js';
import { sheetDocumentOf } from '../../app/paper/sheets.js';
import { pdfAnswer } from '../reports/routes.js';
import { operationOf, type RouteSpec } from '../routes.js';

/** A printed sheet's PDF (issuing one is `POST .../sheets`, the generic create). */
export function paperRoutes(ctx: AppContext): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/operations/{op}/sheets/{ref}/document.pdf',
      tag: 'sheets',
      access: { kind: 'read' },
      summary:
        'A printed sheet as a PDF on its paper (A4 or US Letter) and in its language, with the QR code that names it: a convoy manifest, a checkpoint tally for a day, or a blank registration form',
      media: { 'application/pdf': 'binary' },
      ok: { status: 200, description: 'the sheet' },
      handler: (c) =>
        pdfAnswer(c, async () => {
          const sheet = await sheetDocumentOf(ctx, c.get('caller'), operationOf(c), c.req.param('ref')!);
          return { job: { kind: 'sheet', sheet }, filename: `${sheet.code}-${sheet.kind}.pdf` };
        }),
    },
  ];
}
