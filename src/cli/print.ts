import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InvalidInputError } from '../domain/errors.js';
import { Option, type Command } from 'commander';
import { SYSTEM_CALLER } from '../app/access/permissions.js';
import { sheetPdf } from '../app/paper/sheet-pdf.js';
import { sheetDocumentOf } from '../app/paper/sheets.js';
import { createResource } from '../app/records/resources.js';
import { PAPER_SIZES, SHEET_LANGUAGES } from '../contracts/paper/events.js';
import type { Cli } from './io.js';

interface PrintOptions {
  operation: string;
  out: string;
  paper: string;
  lang: string;
  convoy?: string;
  checkpoint?: string;
  date?: string;
}

/**
 * `corridor print manifest|tally|form`: issue a sheet (its id and code are recorded, so what is
 * written on it comes back once) and write its PDF.
 */
export function registerPrintCommands(program: Command, cli: Cli): void {
  const print = program
    .command('print')
    .description('printable sheets with a QR code, for when the power fails: manifests, tallies, forms');
  const common = (c: Command) =>
    c
      .requiredOption('--operation <id>', 'operation')
      .requiredOption('--out <file>', 'the PDF to write')
      .addOption(new Option('--paper <size>', 'paper size').choices(PAPER_SIZES).default('a4'))
      .addOption(new Option('--lang <lang>', 'language of the sheet').choices(SHEET_LANGUAGES).default('en'));
  const issue =
    (kind: string, fields: Record<string, string>) => async (options: PrintOptions, command: Command) =>
      cli.withContext(command, async (ctx) => {
        // Where the PDF goes is checked before the sheet is issued: no sheet is recorded without its paper.
        try {
          accessSync(dirname(resolve(options.out)), constants.W_OK);
        } catch {
          throw new InvalidInputError(
            `cannot write ${options.out}: its folder does not exist or is not writable`,
            {
              field: 'out',
            },
          );
        }
        const sheet = await createResource(ctx, SYSTEM_CALLER, options.operation, 'sheets', {
          kind,
          paper: options.paper,
          lang: options.lang,
          ...fields,
        });
        const document = await sheetDocumentOf(ctx, SYSTEM_CALLER, options.operation, String(sheet.id));
        writeFileSync(options.out, await sheetPdf(document));
        cli.error(`wrote ${options.out}: sheet ${document.code} (${kind})`);
      });
  common(print.command('manifest').description("a convoy's manifest sheet"))
    .requiredOption('--convoy <code>', 'the convoy (CVY-0147)')
    .action((options: PrintOptions, command: Command) =>
      issue('manifest', { convoyId: options.convoy! })(options, command),
    );
  common(print.command('tally').description("a checkpoint's tally sheet for a day"))
    .requiredOption('--checkpoint <code>', 'the checkpoint (CP-12)')
    .requiredOption('--date <day>', 'the day, YYYY-MM-DD in the operation’s time zone')
    .action((options: PrintOptions, command: Command) =>
      issue('tally', { checkpointId: options.checkpoint!, day: options.date! })(options, command),
    );
  common(print.command('form').description('a blank registration form for the protection team')).action(
    (options: PrintOptions, command: Command) => issue('registration', {})(options, command),
  );
}
