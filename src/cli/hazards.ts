import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { recordHazards } from '../app/safe-passage/hazards.js';
import { SYSTEM_CALLER, type Caller } from '../app/access/permissions.js';
import { getOperation, listOperationsFor, resolveRef } from '../app/records/resources.js';
import { HAZARD_TYPES } from '../contracts/events.js';
import { InvalidInputError } from '../domain/errors.js';
import {
  HazardImportError,
  hazardsFromGeoJson,
  type HazardType,
} from '../domain/safe-passage/hazard-import.js';
import type { Cli } from './io.js';

function metres(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 100_000) throw new InvalidArgumentError('metres, more than 0');
  return n;
}

function condition(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError('PROP=VALUE, e.g. Main_Dam_2=2');
  const [key, v] = [value.slice(0, at), value.slice(at + 1)];
  return { ...previous, [key]: [...(previous[key] ?? []), v] };
}

interface ImportOptions {
  operation?: string;
  type: HazardType;
  bufferM: number;
  where?: Record<string, string[]>;
  sourceOrg?: string;
  attribution?: string;
  referenceProperty?: string;
  dryRun?: boolean;
}

/** `corridor hazards import FILE.geojson ...`: hazards from a damage assessment or a survey. */
export function registerHazardCommands(program: Command, cli: Cli): void {
  const hazards = program.command('hazards').description('hazard areas');
  hazards
    .command('import <file>')
    .description(
      'record the Polygon, MultiPolygon and Point features of a GeoJSON file as suspected hazards (points become 16-gons of --buffer-m); same values of one --where are alternatives',
    )
    .option('--operation <id>', 'operation (default: the only one, or aleppo-2016)')
    .addOption(
      new Option('--type <type>', 'the type of every hazard').choices(HAZARD_TYPES).makeOptionMandatory(),
    )
    .option('--buffer-m <metres>', 'radius of the area around a point', metres, 30)
    .option('--where <prop=value>', 'only features with this property value (repeatable)', condition)
    .option('--source-org <code>', 'the organisation the data comes from (code or id)')
    .option('--attribution <text>', 'the source document or attribution, kept with every hazard')
    .option('--reference-property <prop>', 'the property that identifies each feature in the source')
    .option('--dry-run', 'say what would be recorded, record nothing')
    .action((file: string, options: ImportOptions, command: Command) =>
      cli.withContext(command, async (ctx) => {
        const operations = await listOperationsFor(ctx, SYSTEM_CALLER);
        const operationId =
          options.operation ?? (operations.length === 1 ? String(operations[0]!.id) : 'aleppo-2016');
        await getOperation(ctx, SYSTEM_CALLER, operationId);
        let collection: unknown;
        try {
          collection = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        } catch (error) {
          throw new InvalidInputError(`cannot read ${file}: ${(error as Error).message}`);
        }
        const source: { organisationId?: string; document?: string } = {};
        if (options.sourceOrg)
          source.organisationId = await resolveRef(
            ctx,
            operationId,
            'organisations',
            options.sourceOrg,
            '--source-org',
          );
        if (options.attribution) source.document = options.attribution;
        let result;
        try {
          result = hazardsFromGeoJson(collection, {
            type: options.type,
            bufferM: options.bufferM,
            ...(options.where ? { filter: options.where } : {}),
            ...(options.referenceProperty ? { referenceProperty: options.referenceProperty } : {}),
            referencePrefix: basename(file),
            ...(Object.keys(source).length > 0 ? { source } : {}),
          });
        } catch (error) {
          if (error instanceof HazardImportError) throw new InvalidInputError(`${file}: ${error.message}`);
          throw error;
        }
        for (const s of result.skipped.slice(0, 10)) cli.error(`feature ${s.feature} left out: ${s.reason}`);
        const caller: Caller = { ...SYSTEM_CALLER, actor: 'system:cli:hazards-import', operationId };
        if (options.dryRun) {
          cli.error(
            `${result.hazards.length} hazards would be recorded in ${operationId} (${result.filteredOut} features filtered out, ${result.skipped.length} left out)`,
          );
          return;
        }
        const recorded = await recordHazards(ctx, caller, operationId, result.hazards);
        const codes = recorded.codes.length > 0 ? ` (${recorded.codes[0]} to ${recorded.codes.at(-1)})` : '';
        cli.error(
          `${recorded.appended} hazards recorded in ${operationId}${codes}, ${recorded.duplicates} already recorded; ${result.filteredOut} features filtered out, ${result.skipped.length} left out`,
        );
      }),
    );
}
