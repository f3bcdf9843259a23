import { Command, Option } from 'commander';
import { DomainError } from '../domain/errors.js';
import { Cli, CliExit, configureProgram, type CliIo, processIo } from './io.js';

export { Cli, processIo, storeConfig, type CliIo } from './io.js';

type Register = (program: Command, cli: Cli) => void;

/**
 * Each top-level command and where it is registered, loaded when it is asked for: `corridor plan` does
 * not read the server's, the store's or the reports' code (about 1.4 s of start-up), which matters most
 * where the time limit is the whole command's. Help without a command loads them all.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve.js')).registerServeCommand,
  scenario: async () => (await import('./scenario.js')).registerScenarioCommands,
  simulate: async () => (await import('./simulate.js')).registerSimulateCommand,
  token: async () => (await import('./tokens.js')).registerTokenCommands,
  site: async () => (await import('./tokens.js')).registerTokenCommands,
  events: async () => (await import('./events.js')).registerEventCommands,
  admin: async () => (await import('./audit.js')).registerAuditCommands,
  audit: async () => (await import('./audit.js')).registerAuditCommands,
  plan: async () => (await import('./plan.js')).registerPlanCommands,
  network: async () => (await import('./plan.js')).registerPlanCommands,
  hazards: async () => (await import('./hazards.js')).registerHazardCommands,
  user: async () => (await import('./users.js')).registerUserCommands,
  protection: async () => (await import('./users.js')).registerProtectionCommands,
  report: async () => (await import('./report.js')).registerReportCommands,
  export: async () => (await import('./report.js')).registerReportCommands,
  print: async () => (await import('./print.js')).registerPrintCommands,
};

/** The top-level command `argv` asks for (after the global options), if it names one. */
function commandOf(argv: readonly string[]): string | undefined {
  const args = argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--db' || a === '--pg') i++;
    // Help asked for before the command is the whole program's (`corridor --help plan`).
    else if (a === '-h' || a === '--help') return undefined;
    else if (!a.startsWith('-')) return Object.hasOwn(COMMANDS, a) ? a : undefined;
  }
  return undefined;
}

/** The `corridor` command, writing through `cli`'s io: the command `argv` asks for, or all of them. */
export async function buildProgram(cli: Cli, argv: readonly string[] = []): Promise<Command> {
  const program = new Command('corridor');
  configureProgram(program, cli.io);
  program
    .description('Corridor: operations platform for humanitarian evacuations through corridors')
    .addOption(
      new Option('--db <path>', 'SQLite database file (env CORRIDOR_DB; default ./data/corridor.db)'),
    )
    .addOption(new Option('--pg <url>', 'PostgreSQL connection string (env DATABASE_URL)'))
    .showHelpAfterError();
  const asked = commandOf(argv);
  const loaders = asked ? [COMMANDS[asked]!] : Object.values(COMMANDS);
  // One module may register two commands (plan and network, admin and audit): each is registered once.
  const registers = new Set(await Promise.all(loaders.map((load) => load())));
  for (const register of registers) register(program, cli);
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
    await (await buildProgram(cli, argv)).parseAsync(argv);
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
