import { type Command, Option } from 'commander';
import { userInfo } from 'node:os';
import {
  accountLog,
  createUser,
  disableUser,
  grantMembership,
  removeMembership,
} from '../app/access/accounts.js';
import { rotateKeyFile } from '../app/protection/master-key.js';
import { purgeExpiredPersonalData } from '../app/protection/retention.js';
import { RuleViolatedError } from '../domain/errors.js';
import { ROLES } from '../contracts/common.js';
import type { Cli } from './io.js';

/** The password: CORRIDOR_PASSWORD, or the first line of standard input (never an argument, which `ps` shows). */
async function password(cli: Cli): Promise<string> {
  if (cli.io.env.CORRIDOR_PASSWORD) return cli.io.env.CORRIDOR_PASSWORD;
  const chunks: Buffer[] = [];
  for await (const chunk of cli.io.stdin) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8').split('\n')[0] ?? '';
}

/** Who is at the command line, for the account log: `cli:<login>`. */
function commandLineUser(cli: Cli): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return `cli:${cli.io.env.USER ?? 'unknown'}`;
  }
}

/** `corridor user ...`: accounts for the people who sign in to the console, and their log. */
export function registerUserCommands(program: Command, cli: Cli): void {
  const users = program
    .command('user')
    .description('accounts of people who sign in (the console, /api/auth/login)');
  users
    .command('create')
    .description('create an account; the password comes from CORRIDOR_PASSWORD or the first line of stdin')
    .requiredOption('--email <email>', 'the sign-in name')
    .requiredOption('--name <name>', 'the person')
    .action((options: { email: string; name: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const user = await createUser(
          ctx,
          { email: options.email, name: options.name, password: await password(cli) },
          commandLineUser(cli),
        );
        cli.error(`user ${user.email} created (${user.id})`);
      }),
    );
  users
    .command('grant')
    .description('give a user a role in an operation (replacing the role they had there)')
    .requiredOption('--email <email>', 'the user')
    .requiredOption('--operation <id>', 'the operation')
    .addOption(
      new Option('--role <role>', 'what they may do there')
        .choices(ROLES.filter((r) => r !== 'device' && r !== 'site'))
        .makeOptionMandatory(),
    )
    .option('--org <code>', "their organisation (default: the operation's coordinating body)")
    .action((options: { email: string; operation: string; role: string; org?: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const m = await grantMembership(
          ctx,
          {
            email: options.email,
            operationId: options.operation,
            role: options.role,
            ...(options.org ? { organisation: options.org } : {}),
          },
          commandLineUser(cli),
        );
        cli.error(
          `${m.email} is ${m.role} of ${m.organisation} in ${m.operationId}; ${m.sessionsEnded} session(s) under the old role ended`,
        );
      }),
    );
  users
    .command('revoke')
    .description("take a user's membership of an operation away; their sessions there end at once")
    .requiredOption('--email <email>', 'the user')
    .requiredOption('--operation <id>', 'the operation')
    .action((options: { email: string; operation: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const m = await removeMembership(
          ctx,
          { email: options.email, operationId: options.operation },
          commandLineUser(cli),
        );
        cli.error(
          `${m.email} is no longer a member of ${m.operationId}; ${m.sessionsEnded} session(s) ended`,
        );
      }),
    );
  users
    .command('disable')
    .description('disable an account: it signs in no more, and all its sessions end at once')
    .requiredOption('--email <email>', 'the user')
    .action((options: { email: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const u = await disableUser(ctx, { email: options.email }, commandLineUser(cli));
        cli.error(`${u.email} disabled at ${u.disabledAt}; ${u.sessionsEnded} session(s) ended`);
      }),
    );
  registerAccountLogCommand(users, cli);
}

/** `corridor user log`. */
function registerAccountLogCommand(users: Command, cli: Cli): void {
  users
    .command('log')
    .description('what was done to accounts, newest first: created, granted, removed, disabled, by whom')
    .option('--email <email>', 'only this user')
    .option('--limit <n>', 'how many lines', (v) => Number(v), 100)
    .action((options: { email?: string; limit: number }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > 10_000)
          throw new RuleViolatedError('--limit is a whole number from 1 to 10000');
        const rows = await accountLog(ctx, {
          limit: options.limit,
          ...(options.email ? { email: options.email } : {}),
        });
        for (const r of rows)
          cli.log(
            [r.at, r.actor, r.action, r.email, r.operation_id ?? '', r.detail ?? ''].join('\t').trimEnd(),
          );
      }),
    );
}

/** `corridor protection rotate-key` and `corridor protection purge`: the personal data and its key. */
export function registerProtectionCommands(program: Command, cli: Cli): void {
  const protection = program.command('protection').description('personal data');
  protection
    .command('rotate-key')
    .description(
      'a new master key in the key file, every person key re-wrapped with it (stop the server first); backups made before can then no longer be read for personal data',
    )
    .addOption(
      new Option('--key-file <path>', 'the master key file')
        .env('CORRIDOR_KEY_FILE')
        .default('data/master.key'),
    )
    .action((options: { keyFile: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        if (cli.io.env.CORRIDOR_MASTER_KEY)
          throw new RuleViolatedError(
            'rotate-key writes the new key to the key file: unset CORRIDOR_MASTER_KEY and give --key-file',
          );
        const r = await rotateKeyFile(ctx.store, options.keyFile);
        cli.error(
          `${r.resumed ? 'finished the rotation that was cut short: ' : ''}${r.rewrapped} person keys re-wrapped; ${options.keyFile} holds the new master key and the old one is gone`,
        );
      }),
    );
  protection
    .command('purge')
    .description('erase the personal data of operations closed longer ago than their retention period')
    .option('--dry-run', 'say what would be erased, erase nothing')
    .action((options: { dryRun?: boolean }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        for (const r of await purgeExpiredPersonalData(ctx, { dryRun: options.dryRun === true }))
          cli.error(
            `${r.operationId}: ${r.erased.length} ${options.dryRun ? 'would be ' : ''}erased, ${r.kept.length} kept for open tracing requests`,
          );
      }),
    );
}
