import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['node_modules/**', 'dist/**', '.nx/**', 'libs/proto/src/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Libs are imported only through their entry point, and the dependency
      // direction is enforced: apps use libs, libs never use apps, production
      // code never uses the test lab.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Tests of a lib may use the test lab; the lib's own code may not.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/__tests__/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:lib'] },
          ],
        },
      ],
    },
  },
  {
    // Exactly one module may spawn processes: the process lib.
    files: ['**/*.ts'],
    ignores: ['libs/process/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'execa', message: 'Run commands through @hitless/process.' },
        { name: 'child_process', message: 'Run commands through @hitless/process.' },
        { name: 'node:child_process', message: 'Run commands through @hitless/process.' },
      ] }],
    },
  },
];
