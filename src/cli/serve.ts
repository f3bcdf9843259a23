import { rebuildIfDue } from '../app/log/rebuild.js';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createContext, ROOT, type AppContext } from '../app/context.js';
import { UpstreamLinks } from '../app/sync/links.js';
import { SiteId } from '../contracts/sync/sync.js';
import { assertNoPendingRotation, checkMasterKey } from '../app/protection/master-key.js';
import { loadMasterKey } from '../app/protection/personal-crypto.js';
import { purgeExpiredPersonalData } from '../app/protection/retention.js';
import { listOperationsFor } from '../app/records/resources.js';
import { SYSTEM_CALLER } from '../app/access/permissions.js';
import { createToken } from '../app/access/tokens.js';
import { startServer } from '../api/server.js';
import type { DemoToken, RunningServer } from '../api/server.js';
import { startAccountabilityClock } from '../app/accountability/clock.js';
import { ensureDemoSimulation } from '../app/accountability/simulation.js';
import { openStore } from '../store/store.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { driveServer } from './drive.js';
import { type Cli, type GlobalOptions, storeConfig } from './io.js';
import { loadScenario } from './scenario.js';

interface ServeOptions {
  port: number;
  host: string;
  demo: boolean;
  simulation: boolean;
  keyFile: string;
  trustedProxy?: string[];
  site?: string;
  upstream?: string;
  upstreamToken?: string[];
  resumeOffline?: boolean;
  syncIntervalMs: number;
  syncRetryMaxMs: number;
}

const DEMO_SPEED = 60;

/** An option given more than once, or comma-separated (from the environment): every value. */
export function listOf(value: string, previous: string[] | undefined): string[] {
  return [
    ...(previous ?? []),
    ...value
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
  ];
}
/** Without contact with its upstream this long, a site raises the time-based alerts itself. */
const WORKING_ALONE_MS = 120_000;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** `npm start`: a simulation operation, driven over HTTP at 60x, one run after another. */
async function runDemoSimulation(
  cli: Cli,
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
    cli.error(
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
    if (!signal.aborted) cli.error(`corridor: the demo simulation stopped: ${message(error)}`);
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

function port(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('a port is 0-65535');
  return n;
}

/** The demo's tokens, offered on the sign-in page on a loopback address only (undefined elsewhere). */
async function demoTokensFor(ctx: AppContext, options: ServeOptions): Promise<DemoToken[] | undefined> {
  const demoOperation = SCENARIOS['aleppo-2016']!.operationId;
  return options.demo && isLoopback(options.host)
    ? (await listOperationsFor(ctx, SYSTEM_CALLER)).some((o) => o.id === demoOperation)
      ? [await demoToken(ctx, demoOperation)]
      : []
    : undefined;
}

/**
 * The context serve runs on: its store (as this node's site), the master key checked against it, and
 * its links to its upstream when it has one (one per site token).
 */
async function serveContext(
  cli: Cli,
  options: ServeOptions,
  command: Command,
): Promise<{ ctx: AppContext; links: UpstreamLinks | undefined }> {
  const env = cli.io.env;
  if (!env.CORRIDOR_MASTER_KEY) assertNoPendingRotation(options.keyFile);
  if ((options.upstream === undefined) !== (options.upstreamToken === undefined))
    throw new InvalidArgumentError('--upstream and --upstream-token go together');
  if (options.upstreamToken?.length === 0)
    throw new InvalidArgumentError('--upstream-token is a site token made at the upstream, not empty');
  if (options.site !== undefined && !SiteId.safeParse(options.site).success)
    throw new InvalidArgumentError('a site id is 1 to 16 letters, digits and -, e.g. POST-3');
  const store = await openStore({
    ...storeConfig(command.optsWithGlobals<GlobalOptions>(), env),
    ...(options.site !== undefined ? { siteId: options.site } : {}),
  });
  try {
    const masterKey = loadMasterKey({ env: env.CORRIDOR_MASTER_KEY, keyFile: options.keyFile, create: true });
    // A key that does not open this database's personal data is refused before anything is served.
    if (masterKey) await checkMasterKey(store.db, masterKey);
    // A site token is for one operation: a post that works for several is given one for each.
    const links =
      options.upstream === undefined
        ? undefined
        : new UpstreamLinks(options.upstreamToken!, {
            url: options.upstream,
            intervalMs: options.syncIntervalMs,
            retryMaxMs: options.syncRetryMaxMs,
            ...(options.resumeOffline ? { resumeOffline: true } : {}),
          });
    const ctx = createContext(store, undefined, {
      masterKey,
      site: links?.siteRole(WORKING_ALONE_MS) ?? ROOT,
    });
    links?.attach(ctx);
    await links?.restoreGrants(store.db);
    const rebuilt = await rebuildIfDue(ctx);
    if (rebuilt !== null)
      cli.error(`corridor: upgraded: the tables were folded again from ${rebuilt} events`);
    // A site below another takes its operations from its upstream.
    if (!links && options.demo && (await listOperationsFor(ctx, SYSTEM_CALLER)).length === 0)
      await loadScenario(cli, ctx, 'aleppo-2016');
    return { ctx, links };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function serve(cli: Cli, options: ServeOptions, command: Command): Promise<void> {
  const { ctx, links } = await serveContext(cli, options, command);
  const { store } = ctx;
  let demoTokens: DemoToken[] | undefined;
  let server: RunningServer;
  try {
    demoTokens = links ? undefined : await demoTokensFor(ctx, options);
    server = await startServer(ctx, {
      port: options.port,
      hostname: options.host,
      console: { demoTokens: demoTokens ?? [] },
      ...(options.trustedProxy ? { trustedProxies: options.trustedProxy } : {}),
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const stopClock = startAccountabilityClock(ctx, 5000, (error) =>
    cli.error(`corridor: accountability clock: ${message(error)}`),
  );
  // Personal data past its retention is erased within the hour.
  const retention = setInterval(() => {
    purgeExpiredPersonalData(ctx).catch((error: unknown) =>
      cli.error(`corridor: retention: ${message(error)}`),
    );
  }, 3_600_000);
  retention.unref();
  cli.error(`corridor: serving ${server.url} (database: ${store.dialect} ${store.location})`);
  cli.error(`corridor: the console is at ${server.url}/ and the checkpoint tally at ${server.url}/tally`);
  cli.error(`corridor: get a token with: npx corridor token create --role coordinator`);
  cli.error(
    links
      ? `corridor: site ${store.siteId}, replicating with ${options.upstream} (${links.links.length === 1 ? 'one site token' : `${links.links.length} site tokens, an operation each`}; changes wait until the upstream has confirmed this site's sequence)`
      : `corridor: site ${store.siteId}, the root of its tree (no upstream)`,
  );
  links?.start();
  const simulation = new AbortController();
  if (!links && options.demo && options.simulation)
    void runDemoSimulation(cli, ctx, server.url, simulation.signal, demoTokens);
  cli.io.onShutdown(async () => {
    simulation.abort();
    await links?.stop();
    stopClock();
    clearInterval(retention);
    await server.close();
    await store.close();
  });
}

/** `corridor serve`. */
export function registerServeCommand(program: Command, cli: Cli): void {
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
    .addOption(
      new Option(
        '--trusted-proxy <address...>',
        'address of a reverse proxy in front of the server: its X-Forwarded-For names the client (for sign-in throttling and rate limits); comma-separated in the environment',
      )
        .env('CORRIDOR_TRUSTED_PROXY')
        .argParser(listOf),
    )
    .addOption(
      new Option('--site <id>', "this node's site, e.g. HQ or POST-3 (a new database takes it)").env(
        'CORRIDOR_SITE',
      ),
    )
    .addOption(
      new Option(
        '--upstream <url>',
        'the node this one replicates with (its headquarters, or another post); with --upstream-token',
      ).env('CORRIDOR_UPSTREAM'),
    )
    .addOption(
      new Option(
        '--upstream-token <token...>',
        'a site token made at the upstream for this site; a token is for one operation: give one for each operation the node works for (comma-separated in the environment)',
      )
        .env('CORRIDOR_UPSTREAM_TOKEN')
        .argParser(listOf),
    )
    .option(
      '--resume-offline',
      "accept changes before the upstream confirmed this site's sequence: only after a power cut on the node's own disk, never after restoring a backup",
    )
    .addOption(
      new Option('--sync-interval-ms <ms>', 'between replication rounds while the link is up')
        .argParser((v: string) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 50) throw new InvalidArgumentError('at least 50 ms');
          return n;
        })
        .default(5000),
    )
    .addOption(
      new Option(
        '--sync-retry-max-ms <ms>',
        'the longest wait between failed replication rounds (they back off from 1 s); each try costs a little of a paid link',
      )
        .argParser((v: string) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 100) throw new InvalidArgumentError('at least 100 ms');
          return n;
        })
        .default(60_000),
    )
    .action((options: ServeOptions, command: Command) => serve(cli, options, command));
}
