import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** An import of one of these top-level folders of src/, from a file at any depth below src/. */
function layers(...names) {
  return { regex: `^(\\.\\./)+(${names.join('|')})(/|$)` };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Rows are typed by their table (domain/rows.ts): a String() or Number() of a typed column is noise.
      '@typescript-eslint/no-unnecessary-type-conversion': 'error',
    },
  },
  {
    // Matchers such as expect.any() are typed `any` by Vitest; tests compare loose records on purpose.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // Sizes a reader can hold in mind: no file over 400 lines, no function over 80. Named exceptions:
    // the migrations (frozen once shipped: a migration never changes) and the demo scenario's data
    // (`scenarios/`: lists of events, not logic).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['**/*.test.ts', '**/*.test.tsx', 'src/store/migrations/**'],
    rules: {
      'max-lines': ['error', { max: 400 }],
      'max-lines-per-function': ['error', { max: 80 }],
    },
  },
  {
    // Layering from ARCHITECTURE.md: the inner layers never reach outwards, from any depth of a folder.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'domain/ is pure: no I/O.' },
            { ...layers('store', 'app', 'api', 'cli'), message: 'domain/ is pure: no outer layers.' },
            {
              ...layers('contracts'),
              allowTypeImports: true,
              message: 'domain/ may only import types from contracts/.',
            },
          ],
        },
      ],
    },
  },
  {
    // The planner is pure too: it reads no files (callers pass bytes) and reaches no outer layer.
    files: ['src/planner/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'planner/ is pure: no I/O.' },
            {
              ...layers('store', 'app', 'api', 'cli', 'sim', 'domain'),
              message: 'planner/ is pure: nothing of the project but contract types.',
            },
            {
              ...layers('contracts'),
              allowTypeImports: true,
              message: 'planner/ may only import types from contracts/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/api/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              ...layers('store', 'cli'),
              message: 'api/ goes through app/ (and contracts/), never the store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(store/(?!store\\.js$)|api/(?!server\\.js$))',
              message: 'cli/ goes through app/; it only opens the store and starts the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/app/**/*.ts', 'src/store/**/*.ts', 'src/contracts/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ ...layers('api', 'cli'), message: 'Inner layers do not import api/ or cli/.' }] },
      ],
    },
  },
  {
    // The console and the tally run in the browser: React hooks rules, browser globals, and only the
    // contracts of the project (ARCHITECTURE.md: web imports only contracts/).
    files: ['src/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(domain|planner|sim|app|store|api|cli)(/|$)',
              message: 'web/ imports only contracts/ of the project.',
            },
            { group: ['node:*'], message: 'web/ runs in the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/sw/**/*.ts'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly' },
    },
  },
  prettier,
);
