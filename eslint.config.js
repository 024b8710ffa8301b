import js from '@eslint/js'
import svelte from 'eslint-plugin-svelte'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Imports that would break the package boundaries written in ARCHITECTURE.md. */
const noUpwardImports = (forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((name) => ({
        group: [`@rouages/${name}`, `@rouages/${name}/*`, `**/${name}/src/*`],
        message: `this package must not import from ${name}/ (see ARCHITECTURE.md)`,
      })),
    },
  ],
})

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      '**/build/',
      '**/.svelte-kit/',
      '**/.turbo/',
      'app/src/lib/paraglide/',
      'tests/bench/results/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-throw-literal': 'error',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  { files: ['shared/**'], rules: noUpwardImports(['server', 'app', 'tests']) },
  {
    // shared/ runs in the browser too: no Node built-ins outside its tests.
    files: ['shared/src/**/*.ts'],
    ignores: ['shared/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared/ runs in the browser: no Node built-ins' },
            ...['server', 'app', 'tests'].map((name) => ({
              group: [`@rouages/${name}`, `@rouages/${name}/*`, `**/${name}/src/*`],
              message: `this package must not import from ${name}/ (see ARCHITECTURE.md)`,
            })),
          ],
        },
      ],
    },
  },
  { files: ['server/**'], rules: noUpwardImports(['app', 'tests']) },
  { files: ['app/**'], rules: noUpwardImports(['server', 'tests']) },
  {
    files: ['**/*.js', '**/*.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
)
