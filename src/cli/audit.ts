import type { Command } from 'commander';
import { checkAnchors, verifyLog, verifyProjections } from '../app/log/audit.js';
import { rebuildProjections } from '../app/log/rebuild.js';
import type { AppContext } from '../app/context.js';
import type { Cli } from './io.js';
import { progressBar } from './progress.js';

/** `corridor audit verify`: exit 0 when the log and the projections are intact, 1 naming the first fault. */
async function verify(cli: Cli, ctx: AppContext, expect: string[]): Promise<void> {
  const bar = progressBar('verifying', cli.io.stderr);
  const result = await verifyLog(ctx, bar.update);
  bar.stop();
  if (!result.ok) {
    const bad = result.firstBad!;
    cli.log(
      `FAILED at event seq ${bad.seq} id ${bad.id} (operation ${bad.operationId}, site ${bad.site}): ${bad.reason}`,
    );
    cli.log(`${result.verified} events before it verified`);
    cli.exitCode = 1;
    return;
  }
  const anchors = await checkAnchors(ctx, expect);
  const projections = await verifyProjections(ctx);
  for (const problem of anchors) cli.log(`FAILED anchor ${problem}`);
  if (!projections.ok) {
    const d = projections.firstDifference!;
    cli.log(`FAILED projection ${d.table} row ${d.row}: ${d.reason} (corridor admin rebuild remakes it)`);
  }
  if (anchors.length > 0 || !projections.ok) {
    cli.exitCode = 1;
    return;
  }
  cli.log(`ok: ${result.verified} events, hash chains intact, projections match the log`);
  // Copy these somewhere outside the database: a rewritten log cannot reproduce them. Every node that
  // holds a site's events prints the same head for it.
  for (const h of result.heads) cli.log(`head ${h.operationId}:${h.site}:${h.events}:${h.hash}`);
}

/** `corridor admin rebuild` and `corridor audit verify`. */
export function registerAuditCommands(program: Command, cli: Cli): void {
  program
    .command('admin')
    .description('administration')
    .command('rebuild')
    .description('rebuild every projection table from the event log')
    .action((_options: unknown, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const bar = progressBar('rebuilding', cli.io.stderr);
        const n = await rebuildProjections(ctx, bar.update);
        bar.stop();
        cli.error(`rebuilt the projections from ${n} events`);
      }),
    );

  program
    .command('audit')
    .description('audit')
    .command('verify')
    .description(
      "walk every site's hash chain of every operation and refold the projections; print each chain's head; exit 0 when intact, 1 naming the first fault",
    )
    .option(
      '--expect <operation:site:events:hash...>',
      'heads printed by an earlier verify, kept outside the database',
    )
    .action((options: { expect?: string[] }, command: Command) =>
      cli.withContext(command, (ctx) => verify(cli, ctx, options.expect ?? [])),
    );
}
