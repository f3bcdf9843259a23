import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import { exportEvents, importEvents, restoreEvents } from '../app/log/transfer.js';
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
  events
    .command('restore <files...>')
    .description(
      'after this node was restored from a backup, before it serves: take back what it lost from exports made at the other nodes of its operations (`events export --operation OP` there), in one go, as replication would',
    )
    .action((files: string[], _options: unknown, command: Command) =>
      cli.withContext(command, async (ctx) => {
        for (const file of files)
          if (!existsSync(file)) throw new InvalidArgumentError(`${file}: no such file`);
        // Each file read when its turn comes: a reader made earlier would lose the lines it read first.
        const exports = files.map((file) => ({
          name: file,
          lines: (async function* () {
            yield* createInterface({ input: createReadStream(file), crlfDelay: Infinity });
          })(),
        }));
        const result = await restoreEvents(ctx, exports);
        cli.error(
          `read ${result.read} events from ${files.length} export${files.length === 1 ? '' : 's'}: ${result.appended} appended, ${result.duplicates} already here or in an earlier export`,
        );
      }),
    );
}
