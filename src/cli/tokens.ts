import { type Command, InvalidArgumentError, Option } from 'commander';
import { listOperationsFor } from '../app/records/resources.js';
import { DEFAULT_SITE_GRANTS, SYSTEM_CALLER } from '../app/access/permissions.js';
import { createToken, DEVICE_KINDS, revokeToken, type DeviceKind } from '../app/access/tokens.js';
import { GRANTABLE_ROLES, ROLES, type Role } from '../contracts/common.js';
import { moveSite } from '../app/sync/site-names.js';
import type { Cli } from './io.js';

interface CreateOptions {
  role: Role;
  org?: string;
  operation?: string;
  label?: string;
  expiresInDays?: number;
  deviceKind?: DeviceKind;
  deviceId?: string;
  site?: string;
  grant?: string[];
}

function days(value: string): number {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError('a positive number of days');
  return n;
}

/** `corridor token create` and `corridor token revoke`, and `corridor site move` (sites are given tokens). */
export function registerTokenCommands(program: Command, cli: Cli): void {
  program
    .command('site')
    .description('the sites that replicate through this node')
    .command('move <site>')
    .description(
      'a site first seen through one node below this one now replicates through another (e.g. a forward checkpoint pointed at another post): its events are taken from that one',
    )
    .requiredOption('--under <site>', 'the site it now replicates through')
    .action((site: string, options: { under: string }, command: Command) =>
      cli.withContext(command, async (ctx) => {
        await moveSite(ctx, site, options.under);
        cli.log(`site ${site} now replicates through ${options.under}`);
      }),
    );
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
    .option('--site <id>', 'for --role site: the site of the node that replicates with this one, e.g. POST-3')
    .option(
      '--grant <roles>',
      `for --role site: the roles whose records that node may send up, comma-separated, of ${GRANTABLE_ROLES.join(', ')} (default: ${DEFAULT_SITE_GRANTS.join(', ')}); a node records only what it may send up`,
      // Given again, it adds to the roles before; an empty name is refused by createToken.
      (value: string, before: string[] | undefined) => [
        ...(before ?? []),
        ...value.split(',').map((r) => r.trim()),
      ],
    )
    .option('--expires-in-days <days>', 'expiry', days)
    .action((options: CreateOptions, command: Command) =>
      cli.withContext(command, async (ctx) => {
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
          ...(options.site !== undefined ? { site: options.site } : {}),
          ...(options.grant !== undefined ? { grants: options.grant } : {}),
          ...(options.expiresInDays
            ? { expiresAt: new Date(ctx.now().getTime() + options.expiresInDays * 86_400_000).toISOString() }
            : {}),
        });
        cli.error(
          `token ${created.id}: role ${created.role}, organisation ${created.organisationCode}, operation ${created.operationId}${
            created.grants ? `, grants ${created.grants.join(', ') || 'no role'}` : ''
          }`,
        );
        cli.log(created.token);
      }),
    );

  tokens
    .command('revoke <id>')
    .description('revoke a token by its id (printed when it was created); it stops working at once')
    .action((id: string, _options: unknown, command: Command) =>
      cli.withContext(command, async (ctx) => {
        await revokeToken(ctx, id);
        cli.error(`token ${id} revoked`);
      }),
    );
}
