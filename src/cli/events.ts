import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { exportEvents, importEvents } from '../app/log/transfer.js';
import type { Cli } from './io.js';
import { progressBar } from './progress.js';

/** `corridor events export` and `corridor events import`: the log as NDJSON. */
export function registerEventCommands(program: Command, cli: Cli): void {
  const events = program.command('events').description('the event log');
  events
    .command('export')
    .description('write the log as NDJSON (one event a line) to standard output or --out')
    .option('--operation <id>', 'only this operation')
    .option('--out <file>', 'write to a file')
    .action((options: { operation?: string; out?: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const out = options.out ? createWriteStream(options.out) : cli.io.stdout;
        let n = 0;
        for await (const event of exportEvents(ctx, options.operation)) {
          if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
          n++;
        }
        if (options.out) await new Promise<void>((resolve) => out.end(resolve));
        cli.error(`exported ${n} events`);
      }),
    );
  events
    .command('import <file>')
    .description('append the events of an NDJSON export; events already here are skipped')
    .action((file: string, _options: unknown, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const bar = progressBar('importing (bytes)', cli.io.stderr);
        const input = file === '-' ? cli.io.stdin : createReadStream(file);
        const size = file === '-' ? 0 : statSync(file).size;
        const lines = createInterface({ input, crlfDelay: Infinity });
        const read = () => ('bytesRead' in input ? input.bytesRead : 0);
        const result = await importEvents(ctx, lines, () => bar.update(read(), Math.max(size, read())));
        bar.stop();
        cli.error(
          `read ${result.read} events: ${result.appended} appended, ${result.duplicates} already here`,
        );
      }),
    );
}
