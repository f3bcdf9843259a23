import type { EventEmitter } from 'node:events';
import type { Command, OptionValueSource } from 'commander';
import type { AppContext } from '../app/context.js';
import type { StoreConfig } from '../store/store.js';

/** Standard output or standard error: the process's own, or a test's. */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean; columns?: number; hasColors?(): boolean };

/**
 * Where one run of the CLI reads and writes. `main` gives it the process's streams and environment; a
 * test gives it buffers and an environment of its own (process.env is never changed).
 */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Read only by `events import -` and by `user create` (the password); opened only then. */
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  /** serve, once it listens: how it stops. The process stops it on SIGINT or SIGTERM, then exits 0. */
  onShutdown(stop: () => Promise<void>): void;
}

/** The process's own streams and environment, for bin/corridor.js. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    onShutdown(stop) {
      const exit = () =>
        void (async () => {
          await stop();
          process.exit(0);
        })();
      process.once('SIGINT', exit);
      process.once('SIGTERM', exit);
    },
  };
}

export interface GlobalOptions {
  db?: string;
  pg?: string;
}

/** --pg, then --db, then DATABASE_URL, then CORRIDOR_DB, then ./data/corridor.db. */
export function storeConfig(options: GlobalOptions, env: NodeJS.ProcessEnv = process.env): StoreConfig {
  if (options.pg) return { pgUrl: options.pg };
  if (options.db) return { sqlitePath: options.db };
  if (env.DATABASE_URL) return { pgUrl: env.DATABASE_URL };
  return { sqlitePath: env.CORRIDOR_DB || 'data/corridor.db' };
}

export type WithContext = <T>(command: Command, fn: (ctx: AppContext) => Promise<T>) => Promise<T>;

/** One run of the CLI: its io, and the exit code its command asks for. */
export class Cli {
  exitCode = 0;

  constructor(readonly io: CliIo) {}

  /** A line to standard output (as console.log printed it). */
  log(line: string): void {
    this.io.stdout.write(`${line}\n`);
  }

  /** A line to standard error (as console.error printed it). */
  error(line: string): void {
    this.io.stderr.write(`${line}\n`);
  }

  /**
   * Opens the store of the global options for `fn`, and closes it however `fn` ends. The store and the
   * application are loaded here, not with the CLI: `corridor plan` needs neither, and loading them took
   * 0.85 s of a time limit that counts from the process's start.
   */
  readonly withContext: WithContext = async (command, fn) => {
    const [{ openStore }, { createContext }, { rebuildIfDue }, { keptSiteRole }] = await Promise.all([
      import('../store/store.js'),
      import('../app/context.js'),
      import('../app/log/rebuild.js'),
      import('../app/sync/grants.js'),
    ]);
    const store = await openStore(storeConfig(command.optsWithGlobals<GlobalOptions>(), this.io.env));
    try {
      // A site's database (its upstream told it grants) is worked as its server works it.
      const site = await keptSiteRole(store.db);
      const ctx = createContext(store, undefined, site ? { site } : {});
      const rebuilt = await rebuildIfDue(ctx);
      if (rebuilt !== null)
        this.error(`corridor: upgraded: the tables were folded again from ${rebuilt} events`);
      return await fn(ctx);
    } finally {
      await store.close();
    }
  };
}

/** Commander wanted the process to exit with this code (its message, if any, is written already). */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

/**
 * Commander's output, exits and option environment variables go through the run's io. Called on the
 * program before any subcommand is added (subcommands copy these settings when they are made).
 */
export function configureProgram(program: Command, io: CliIo): void {
  program
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => (io.stdout.isTTY ? io.stdout.columns : undefined) as number,
      getErrHelpWidth: () => (io.stderr.isTTY ? io.stderr.columns : undefined) as number,
      getOutHasColors: () =>
        useColor(io.env) ?? (io.stdout.isTTY === true && io.stdout.hasColors?.() === true),
      getErrHasColors: () =>
        useColor(io.env) ?? (io.stderr.isTTY === true && io.stderr.hasColors?.() === true),
    })
    .exitOverride((error) => {
      throw new CliExit(error.exitCode);
    });
  if (io.env !== process.env) program.hook('preAction', (_program, action) => optionsFromEnv(action, io.env));
}

/** Commander's reading of NO_COLOR, FORCE_COLOR and CLICOLOR_FORCE, from the run's environment. */
function useColor(env: NodeJS.ProcessEnv): boolean | undefined {
  if (env.NO_COLOR || env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR || env.CLICOLOR_FORCE !== undefined) return true;
  return undefined;
}

const OVERRIDABLE: OptionValueSource[] = ['default', 'config', 'env'];

/**
 * Commander takes an option's environment variable (`.env()`) from process.env while it parses; a run
 * with an environment of its own takes it from there instead, as commander would have, before the action.
 */
function optionsFromEnv(action: Command, env: NodeJS.ProcessEnv): void {
  for (let command: Command | null = action; command; command = command.parent) {
    for (const option of command.options) {
      if (!option.envVar) continue;
      const key = option.attributeName();
      if (command.getOptionValueSource(key) === 'env')
        command.setOptionValueWithSource(
          key,
          option.defaultValue,
          option.defaultValue === undefined ? undefined : 'default',
        );
      if (!(option.envVar in env)) continue;
      if (
        command.getOptionValue(key) !== undefined &&
        !OVERRIDABLE.includes(command.getOptionValueSource(key))
      )
        continue;
      // Commander's own listener parses the value (or reports it) as it does for process.env.
      const events = command as unknown as EventEmitter;
      if (option.required || option.optional) events.emit(`optionEnv:${option.name()}`, env[option.envVar]);
      else events.emit(`optionEnv:${option.name()}`);
    }
  }
}
