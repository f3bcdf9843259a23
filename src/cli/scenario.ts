import type { Command } from 'commander';
import type { AppContext } from '../app/context.js';
import { loadScenarioEvents } from '../app/records/load-scenario.js';
import { DomainError } from '../domain/errors.js';
import { SCENARIOS } from '../../scenarios/index.js';
import type { Cli } from './io.js';
import { progressBar } from './progress.js';

/** Appends the events of a scenario that ships with Corridor (none that are there already). */
export async function loadScenario(cli: Cli, ctx: AppContext, name: string): Promise<void> {
  const scenario = SCENARIOS[name];
  if (!scenario)
    throw new DomainError('not_found', `no scenario ${name}; there is ${Object.keys(SCENARIOS).join(', ')}`);
  const bar = progressBar(`loading ${name}`, cli.io.stderr);
  const result = await loadScenarioEvents(ctx, scenario.operationId, scenario.events(), bar.update);
  bar.stop();
  cli.error(
    result.appended > 0
      ? `loaded ${name}: ${result.appended} events appended${result.duplicates ? `, ${result.duplicates} already there` : ''}`
      : `${name} is already loaded (${result.duplicates} events, nothing added)`,
  );
}

/** `corridor scenario load NAME`. */
export function registerScenarioCommands(program: Command, cli: Cli): void {
  program
    .command('scenario')
    .description('scenarios that ship with Corridor')
    .command('load <name>')
    .description(`load a scenario (${Object.keys(SCENARIOS).join(', ')}); loading it again adds nothing`)
    .action((name: string, _options: unknown, command: Command) =>
      cli.withContext(command, (ctx) => loadScenario(cli, ctx, name)),
    );
}
