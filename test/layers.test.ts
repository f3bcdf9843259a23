import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules of eslint.config.js hold at any depth of a folder: an import that reaches an outer
 * layer fails the lint whether it is written from `src/domain/x.ts` or from `src/domain/a/b/x.ts`.
 * Only the layer rule runs, without type information (building the type checker's program for each
 * snippet is what made this slow; the rule reads import paths only).
 */
const eslint = new ESLint({
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const use = (from: string) => `import { x } from '${from}';\nexport const y: unknown = x;\n`;

describe('the layer rules', () => {
  it('refuse an outer layer imported from deep inside domain/', async () => {
    const deep = 'src/domain/accountability/state.ts';
    expect(await restricted(deep, use('../../store/queries.js'))).toEqual([
      expect.stringContaining('domain/ is pure'),
    ]);
    expect(await restricted(deep, use('../../app/context.js'))).toHaveLength(1);
    expect(await restricted(deep, use('node:fs'))).toHaveLength(1);
    expect(await restricted(deep, use('../geo.js'))).toEqual([]);
    expect(
      await restricted(deep, `import type { X } from '../../contracts/events.js';\nexport type Y = X;\n`),
    ).toEqual([]);
  });

  it('refuse the store from the API and an outer layer from the planner, at any depth', async () => {
    expect(await restricted('src/api/app.ts', use('../store/queries.js'))).toHaveLength(1);
    expect(await restricted('src/planner/index.ts', use('../domain/geo.js'))).toHaveLength(1);
    expect(await restricted('src/app/log/record-changes.ts', use('../../api/app.js'))).toHaveLength(1);
    expect(await restricted('src/cli/main.ts', use('../store/queries.js'))).toHaveLength(1);
    expect(await restricted('src/cli/main.ts', use('../store/store.js'))).toEqual([]);
  });
});
