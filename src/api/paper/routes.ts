import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { enterSheet, ManifestSheetEntry, TallySheetEntry } from '../../app/paper/entry.js';
import { RegistrationFormEntry } from '../../app/paper/registration-entry.js';
import { sheetDocumentOf } from '../../app/paper/sheets.js';
import { pdfAnswer } from '../reports/routes.js';
import { jsonBody, operationOf, type RouteSpec } from '../routes.js';

/** A printed sheet's PDF, and entering what was written on it (issuing one is `POST .../sheets`). */
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
    {
      method: 'post',
      path: '/operations/{op}/sheets/{ref}/entry',
      tag: 'sheets',
      access: { kind: 'writes', types: ['SheetEntered', 'PersonRegistered'] },
      summary:
        'Enter what was written on a sheet: a manifest becomes ManifestRecorded, each tally row a PassageRecorded at the sheet’s checkpoint (an enumerator’s tally), with the sheet’s id and the time written on paper; a registration form, entered by the protection team, one sealed PersonRegistered with the sheet’s id. Entering the same again records nothing more; with other numbers or details it is refused (409)',
      body: z.union([ManifestSheetEntry, TallySheetEntry, RegistrationFormEntry]),
      ok: {
        status: 200,
        description: 'how many events the sheet became, and how many of them were recorded now',
        schema: z.strictObject({ sheet: z.string(), events: z.number().int(), recorded: z.number().int() }),
      },
      handler: async (c) =>
        c.json(
          await enterSheet(ctx, c.get('caller'), operationOf(c), c.req.param('ref')!, await jsonBody(c)),
        ),
    },
  ];
}
