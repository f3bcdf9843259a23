import { writeFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { SYSTEM_CALLER } from '../app/access/permissions.js';
import { EXPORT_DATASETS, exportDataset } from '../app/reports/exports.js';
import { sitrepHtml, sitrepMarkdown, sitrepPdf } from '../app/reports/sitrep-render.js';
import { REPORT_FORMATS, sitrepOf } from '../app/reports/sitrep.js';
import type { Cli } from './io.js';

interface SitrepOptions {
  operation: string;
  asOf?: string;
  basis: string;
  format: string;
  lang: string;
  out?: string;
  jumpFactor?: string;
}

/** Bytes to a file, or text to standard output (a PDF needs --out or a pipe). */
function emit(cli: Cli, body: string | Uint8Array, out: string | undefined): void {
  if (out) {
    writeFileSync(out, body);
    cli.error(`wrote ${out}`);
  } else if (typeof body === 'string') cli.io.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
  else cli.io.stdout.write(body);
}

/** `corridor report sitrep ...` and `corridor export DATASET ...`. */
export function registerReportCommands(program: Command, cli: Cli): void {
  const report = program.command('report').description('situation reports');
  report
    .command('sitrep')
    .description(
      'the situation report of an operation: now from the projections, or --as-of a past time from the events of the log up to then',
    )
    .requiredOption('--operation <id>', 'operation')
    .option('--as-of <time>', 'UTC ISO 8601 time: the report as it could have been written then')
    .addOption(
      new Option('--basis <basis>', 'compare --as-of with when events occurred or were recorded')
        .choices(['occurred', 'recorded'])
        .default('occurred'),
    )
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('md'))
    .addOption(
      new Option('--lang <lang>', 'language of the md, html and pdf documents')
        .choices(['en', 'ar'])
        .default('en'),
    )
    .option('--jump-factor <n>', 'flag a value beyond this factor from the previous one of its series')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((options: SitrepOptions, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const { sitrep, format, lang } = await sitrepOf(ctx, SYSTEM_CALLER, options.operation, {
          format: options.format,
          lang: options.lang,
          basis: options.basis,
          ...(options.asOf ? { asOf: options.asOf } : {}),
          ...(options.jumpFactor ? { jumpFactor: options.jumpFactor } : {}),
        });
        if (format === 'json') emit(cli, JSON.stringify(sitrep, null, 2), options.out);
        else if (format === 'md') emit(cli, sitrepMarkdown(sitrep, lang), options.out);
        else if (format === 'html') emit(cli, sitrepHtml(sitrep, lang), options.out);
        else emit(cli, await sitrepPdf(sitrep, lang), options.out);
      }),
    );

  program
    .command('export <dataset>')
    .description(
      `export ${EXPORT_DATASETS.join(', ')}: HXL-tagged CSV (a hashtag row under the header row), or GeoJSON`,
    )
    .requiredOption('--operation <id>', 'operation')
    .option('--as-of <time>', 'UTC ISO 8601 time: the data as it stood then')
    .option('--out <file>', 'write to a file instead of standard output')
    .option('--no-bom', 'leave out the UTF-8 byte-order mark a CSV begins with (Excel needs it)')
    .action(
      (
        dataset: string,
        options: { operation: string; asOf?: string; out?: string; bom: boolean },
        command: Command,
      ) =>
        cli.withContext(command, async (ctx) => {
          const out = await exportDataset(ctx, SYSTEM_CALLER, options.operation, dataset, {
            ...(options.asOf ? { asOf: options.asOf } : {}),
            bom: String(options.bom),
          });
          emit(cli, out.body, options.out);
        }),
    );
}
