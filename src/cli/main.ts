import { Command, Option } from 'commander';
import { DomainError } from '../domain/errors.js';
import { registerAuditCommands } from './audit.js';
import { registerEventCommands } from './events.js';
import { registerHazardCommands } from './hazards.js';
import { Cli, CliExit, configureProgram, type CliIo, processIo } from './io.js';
import { registerPlanCommands } from './plan.js';
import { registerPrintCommands } from './print.js';
import { registerReportCommands } from './report.js';
import { registerScenarioCommands } from './scenario.js';
import { registerServeCommand } from './serve.js';
import { registerSimulateCommand } from './simulate.js';
import { registerTokenCommands } from './tokens.js';
import { registerProtectionCommands, registerUserCommands } from './users.js';

export { Cli, processIo, storeConfig, type CliIo } from './io.js';

/** The `corridor` command, writing through `cli`'s io. */
export function buildProgram(cli: Cli): Command {
  const program = new Command('corridor');
  configureProgram(program, cli.io);
  program
    .description('Corridor: operations platform for humanitarian evacuations through corridors')
    .addOption(
      new Option('--db <path>', 'SQLite database file (env CORRIDOR_DB; default ./data/corridor.db)'),
    )
    .addOption(new Option('--pg <url>', 'PostgreSQL connection string (env DATABASE_URL)'))
    .showHelpAfterError();
  registerServeCommand(program, cli);
  registerScenarioCommands(program, cli);
  registerSimulateCommand(program, cli);
  registerTokenCommands(program, cli);
  registerEventCommands(program, cli);
  registerAuditCommands(program, cli);
  registerPlanCommands(program, cli);
  registerHazardCommands(program, cli);
  registerUserCommands(program, cli);
  registerProtectionCommands(program, cli);
  registerReportCommands(program, cli);
  registerPrintCommands(program, cli);
  return program;
}

/**
 * Runs the command of `argv` (node, script, arguments...) and resolves to its exit code; a domain error
 * is a message and exit code 2. Any other error is thrown (the process prints it and exits 1). `serve`
 * resolves once it listens, and stops through `io.onShutdown`.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const cli = new Cli(io);
  try {
    await buildProgram(cli).parseAsync(argv);
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode;
    if (error instanceof DomainError) {
      cli.error(`corridor: ${error.message}`);
      if (error.details) cli.error(JSON.stringify(error.details, null, 2));
      return 2;
    }
    throw error;
  }
  return cli.exitCode;
}

/** bin/corridor.js: the process's arguments, streams and environment; the exit code is the process's. */
export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv, processIo());
  if (code !== 0) process.exitCode = code;
}
