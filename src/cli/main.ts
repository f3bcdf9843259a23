import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import { checkAnchors, verifyLog, verifyProjections } from '../app/log/audit.js';
import { createContext, type AppContext } from '../app/context.js';
import { assertNoPendingRotation, checkMasterKey } from '../app/protection/master-key.js';
import { loadMasterKey } from '../app/protection/personal-crypto.js';
import { purgeExpiredPersonalData } from '../app/protection/retention.js';
import { loadScenarioEvents } from '../app/records/load-scenario.js';
import { rebuildProjections } from '../app/log/rebuild.js';
import { listOperationsFor } from '../app/records/resources.js';
import { SYSTEM_CALLER } from '../app/access/permissions.js';
import { createToken, DEVICE_KINDS, revokeToken, type DeviceKind } from '../app/access/tokens.js';
import { exportEvents, importEvents } from '../app/log/transfer.js';
import { startServer } from '../api/server.js';
import type { DemoToken } from '../api/server.js';
import { startAccountabilityClock } from '../app/accountability/clock.js';
import { ROLES, type Role } from '../contracts/common.js';
import { DomainError } from '../domain/errors.js';
import { openStore, type StoreConfig } from '../store/store.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { progressBar } from './progress.js';
import { driveServer } from './drive.js';
import { simulateCommand, type SimulateOptions } from './simulate.js';
import { ensureDemoSimulation } from '../app/accountability/simulation.js';
import { registerPlanCommands } from './plan.js';
import { registerHazardCommands } from './hazards.js';
import { registerUserCommands } from './users.js';
import { registerReportCommands } from './report.js';

interface GlobalOptions {
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

async function withContext<T>(command: Command, fn: (ctx: AppContext) => Promise<T>): Promise<T> {
  const store = await openStore(storeConfig(command.optsWithGlobals<GlobalOptions>()));
  try {
    return await fn(createContext(store));
  } finally {
    await store.close();
  }
}

const DEMO_SPEED = 60;

/** `npm start`: a simulation operation, driven over HTTP at 60x, one run after another. */
async function runDemoSimulation(
  ctx: AppContext,
  url: string,
  signal: AbortSignal,
  demoTokens: DemoToken[] | undefined,
): Promise<void> {
  try {
    const op = await ensureDemoSimulation(ctx, SCENARIOS['aleppo-2016']!.events(), DEMO_SPEED);
    if (demoTokens) demoTokens.unshift(await demoToken(ctx, op));
    const { token } = await createToken(ctx, {
      operationId: op,
      role: 'coordinator',
      label: 'demo simulation driver',
      expiresAt: new Date(ctx.now().getTime() + 86_400_000).toISOString(),
    });
    console.error(
      `corridor: ${op} is a simulation: convoys, counts and alerts in it are made up (time x${DEMO_SPEED})`,
    );
    for (let seed = 1; !signal.aborted; seed++)
      await driveServer({
        target: url,
        token,
        seed,
        faults: 12,
        people: 34_000,
        speed: DEMO_SPEED,
        signal,
        log: () => {},
      });
  } catch (error) {
    if (!signal.aborted)
      console.error(
        `corridor: the demo simulation stopped: ${error instanceof Error ? error.message : String(error)}`,
      );
  }
}

/**
 * A coordinator token for a demo operation, offered on the console's sign-in page so that the demo
 * opens with one click. Only on a loopback address (see serve): anyone who can reach the page gets it.
 */
async function demoToken(ctx: AppContext, operationId: string): Promise<DemoToken> {
  const { token, role } = await createToken(ctx, {
    operationId,
    role: 'coordinator',
    label: 'demo console (offered on the sign-in page)',
    expiresAt: new Date(ctx.now().getTime() + 86_400_000).toISOString(),
  });
  return { operationId, role, token };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('a whole number');
  return n;
}

function port(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is 0-65535');
  return n;
}

async function loadScenario(ctx: AppContext, name: string): Promise<void> {
  const scenario = SCENARIOS[name];
  if (!scenario)
    throw new DomainError('not_found', `no scenario ${name}; there is ${Object.keys(SCENARIOS).join(', ')}`);
  const bar = progressBar(`loading ${name}`);
  const result = await loadScenarioEvents(ctx, scenario.operationId, scenario.events(), bar.update);
  bar.stop();
  console.error(
    result.appended > 0
      ? `loaded ${name}: ${result.appended} events appended${result.duplicates ? `, ${result.duplicates} already there` : ''}`
      : `${name} is already loaded (${result.duplicates} events, nothing added)`,
  );
}

export function buildProgram(): Command {
  const program = new Command('corridor')
    .description('Corridor: operations platform for humanitarian evacuations through corridors')
    .addOption(
      new Option('--db <path>', 'SQLite database file (env CORRIDOR_DB; default ./data/corridor.db)'),
    )
    .addOption(new Option('--pg <url>', 'PostgreSQL connection string (env DATABASE_URL)'))
    .showHelpAfterError();

  program
    .command('serve')
    .description('serve the API; loads the Aleppo 2016 demo into an empty database')
    .addOption(new Option('--port <port>', 'port').env('PORT').argParser(port).default(8080))
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--no-demo', 'do not load the demo operation into an empty database')
    .option('--no-simulation', 'do not drive the demo simulation operation')
    .addOption(
      new Option(
        '--key-file <path>',
        'master key for personal data (created when missing); CORRIDOR_MASTER_KEY takes precedence',
      )
        .env('CORRIDOR_KEY_FILE')
        .default('data/master.key'),
    )
    .action(
      async (
        options: { port: number; host: string; demo: boolean; simulation: boolean; keyFile: string },
        command: Command,
      ) => {
        if (!process.env.CORRIDOR_MASTER_KEY) assertNoPendingRotation(options.keyFile);
        const store = await openStore(storeConfig(command.optsWithGlobals<GlobalOptions>()));
        const masterKey = loadMasterKey({
          env: process.env.CORRIDOR_MASTER_KEY,
          keyFile: options.keyFile,
          create: true,
        });
        // A key that does not open this database's personal data is refused before anything is served.
        if (masterKey) await checkMasterKey(store.db, masterKey);
        const ctx = createContext(store, undefined, { masterKey });
        if (options.demo && (await listOperationsFor(ctx, SYSTEM_CALLER)).length === 0)
          await loadScenario(ctx, 'aleppo-2016');
        // The demo's tokens are offered on the sign-in page, on a loopback address only.
        const demoOperation = SCENARIOS['aleppo-2016']!.operationId;
        const demoTokens =
          options.demo && isLoopback(options.host)
            ? (await listOperationsFor(ctx, SYSTEM_CALLER)).some((o) => o.id === demoOperation)
              ? [await demoToken(ctx, demoOperation)]
              : []
            : undefined;
        const server = await startServer(ctx, {
          port: options.port,
          hostname: options.host,
          console: { demoTokens: demoTokens ?? [] },
        });
        const stopClock = startAccountabilityClock(ctx, 5000, (error) =>
          console.error(
            `corridor: accountability clock: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
        // Personal data past its retention is erased within the hour.
        const retention = setInterval(() => {
          purgeExpiredPersonalData(ctx).catch((error: unknown) =>
            console.error(`corridor: retention: ${error instanceof Error ? error.message : String(error)}`),
          );
        }, 3_600_000);
        retention.unref();
        console.error(`corridor: serving ${server.url} (database: ${store.dialect} ${store.location})`);
        console.error(
          `corridor: the console is at ${server.url}/ and the checkpoint tally at ${server.url}/tally`,
        );
        console.error(`corridor: get a token with: npx corridor token create --role coordinator`);
        const simulation = new AbortController();
        if (options.demo && options.simulation)
          void runDemoSimulation(ctx, server.url, simulation.signal, demoTokens);
        const stop = async () => {
          simulation.abort();
          stopClock();
          await server.close();
          await store.close();
          process.exit(0);
        };
        process.once('SIGINT', () => void stop());
        process.once('SIGTERM', () => void stop());
      },
    );

  program
    .command('scenario')
    .description('scenarios that ship with Corridor')
    .command('load <name>')
    .description(`load a scenario (${Object.keys(SCENARIOS).join(', ')}); loading it again adds nothing`)
    .action((name: string, _options: unknown, command: Command) =>
      withContext(command, (ctx) => loadScenario(ctx, name)),
    );

  program
    .command('simulate')
    .description(
      'simulate an operation with injected faults and report what the accountability rules noticed',
    )
    .option('--scenario <name>', 'the scenario whose topology is used', 'aleppo-2016')
    .option('--seed <n>', 'random seed', integer, 1)
    .option('--faults <n>', 'faults to inject, spread over the six kinds', integer, 50)
    .option('--people <n>', 'people to evacuate', integer, 34_000)
    .option('--start <time>', 'when the simulation starts (UTC)', '2016-12-15T06:00:00.000Z')
    .option('--json', 'print one JSON object on one line')
    .option('--target <url>', 'drive a running server over HTTP instead (with --token)')
    .option('--token <token>', 'a coordinator token of the simulation operation on --target')
    .option('--speed <factor>', 'with --target: how much faster than real time', integer, 60)
    .action(async (options: SimulateOptions & { target?: string; token?: string; speed: number }) => {
      if (options.target) {
        if (!options.token) throw new InvalidArgumentError('--target needs --token');
        await driveServer({ ...options, target: options.target, token: options.token });
      } else await simulateCommand(options);
    });

  const tokens = program.command('token').description('API tokens');
  tokens
    .command('create')
    .description('create a token; prints it alone on the last line')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).makeOptionMandatory())
    .option('--org <code>', "organisation code or id (default: the operation's coordinating body)")
    .option('--operation <id>', 'operation (default: the only one, or aleppo-2016)')
    .option('--label <text>', 'who or what the token is for')
    .addOption(
      new Option('--device-kind <kind>', 'for --role device: the kind of source').choices(DEVICE_KINDS),
    )
    .option('--device-id <id>', 'for --role device: the id its passages carry, e.g. CAM-CP71-A')
    .option('--expires-in-days <days>', 'expiry', (v) => {
      const n = Number(v);
      if (!(n > 0)) throw new InvalidArgumentError('a positive number of days');
      return n;
    })
    .action(
      (
        options: {
          role: Role;
          org?: string;
          operation?: string;
          label?: string;
          expiresInDays?: number;
          deviceKind?: DeviceKind;
          deviceId?: string;
        },
        command: Command,
      ) =>
        withContext(command, async (ctx) => {
          const operations = await listOperationsFor(ctx, SYSTEM_CALLER);
          const operationId =
            options.operation ?? (operations.length === 1 ? String(operations[0]!.id) : 'aleppo-2016');
          const created = await createToken(ctx, {
            operationId,
            role: options.role,
            ...(options.org ? { organisation: options.org } : {}),
            ...(options.label ? { label: options.label } : {}),
            ...(options.deviceKind || options.deviceId
              ? { device: { kind: options.deviceKind!, id: options.deviceId ?? '' } }
              : {}),
            ...(options.expiresInDays
              ? {
                  expiresAt: new Date(ctx.now().getTime() + options.expiresInDays * 86_400_000).toISOString(),
                }
              : {}),
          });
          console.error(
            `token ${created.id}: role ${created.role}, organisation ${created.organisationCode}, operation ${created.operationId}`,
          );
          console.log(created.token);
        }),
    );

  tokens
    .command('revoke <id>')
    .description('revoke a token by its id (printed when it was created); it stops working at once')
    .action((id: string, _options: unknown, command: Command) =>
      withContext(command, async (ctx) => {
        await revokeToken(ctx, id);
        console.error(`token ${id} revoked`);
      }),
    );

  const events = program.command('events').description('the event log');
  events
    .command('export')
    .description('write the log as NDJSON (one event a line) to standard output or --out')
    .option('--operation <id>', 'only this operation')
    .option('--out <file>', 'write to a file')
    .action((options: { operation?: string; out?: string }, command: Command) =>
      withContext(command, async (ctx) => {
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        let n = 0;
        for await (const event of exportEvents(ctx, options.operation)) {
          if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
          n++;
        }
        if (options.out) await new Promise<void>((resolve) => out.end(resolve));
        console.error(`exported ${n} events`);
      }),
    );
  events
    .command('import <file>')
    .description('append the events of an NDJSON export; events already here are skipped')
    .action((file: string, _options: unknown, command: Command) =>
      withContext(command, async (ctx) => {
        const bar = progressBar('importing (bytes)');
        const input = file === '-' ? process.stdin : createReadStream(file);
        const size = file === '-' ? 0 : statSync(file).size;
        const lines = createInterface({ input, crlfDelay: Infinity });
        const read = () => ('bytesRead' in input ? Number(input.bytesRead) : 0);
        const result = await importEvents(ctx, lines, () => bar.update(read(), Math.max(size, read())));
        bar.stop();
        console.error(
          `read ${result.read} events: ${result.appended} appended, ${result.duplicates} already here`,
        );
      }),
    );

  program
    .command('admin')
    .description('administration')
    .command('rebuild')
    .description('rebuild every projection table from the event log')
    .action((_options: unknown, command: Command) =>
      withContext(command, async (ctx) => {
        const bar = progressBar('rebuilding');
        const n = await rebuildProjections(ctx, bar.update);
        bar.stop();
        console.error(`rebuilt the projections from ${n} events`);
      }),
    );

  program
    .command('audit')
    .description('audit')
    .command('verify')
    .description(
      "walk every operation's hash chain and refold the projections; exit 0 when intact, 1 naming the first fault",
    )
    .option(
      '--expect <operation:events:hash...>',
      'heads printed by an earlier verify, kept outside the database',
    )
    .action((options: { expect?: string[] }, command: Command) =>
      withContext(command, async (ctx) => {
        const bar = progressBar('verifying');
        const result = await verifyLog(ctx, bar.update);
        bar.stop();
        if (!result.ok) {
          const bad = result.firstBad!;
          console.log(
            `FAILED at event seq ${bad.seq} id ${bad.id} (operation ${bad.operationId}): ${bad.reason}`,
          );
          console.log(`${result.verified} events before it verified`);
          process.exitCode = 1;
          return;
        }
        const anchors = await checkAnchors(ctx, options.expect ?? []);
        const projections = await verifyProjections(ctx);
        for (const problem of anchors) console.log(`FAILED anchor ${problem}`);
        if (!projections.ok) {
          const d = projections.firstDifference!;
          console.log(
            `FAILED projection ${d.table} row ${d.row}: ${d.reason} (corridor admin rebuild remakes it)`,
          );
        }
        if (anchors.length > 0 || !projections.ok) {
          process.exitCode = 1;
          return;
        }
        console.log(`ok: ${result.verified} events, hash chains intact, projections match the log`);
        // Copy these somewhere outside the database: a rewritten log cannot reproduce them.
        for (const h of result.heads) console.log(`head ${h.operationId}:${h.events}:${h.hash}`);
      }),
    );
  registerPlanCommands(program);
  registerHazardCommands(program, withContext);
  registerUserCommands(program, withContext);
  registerReportCommands(program, withContext);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof DomainError) {
      console.error(`corridor: ${error.message}`);
      if (error.details) console.error(JSON.stringify(error.details, null, 2));
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}
