import nx from '@nx/eslint-plugin';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

// The layers, innermost first; each project.json carries one `layer:` tag.
//   contract      libs/proto: the generated gRPC code; depends on nothing of ours.
//   api-contract  libs/api-contract: the REST API's schemas, its vocabulary (states, outcomes, change
//                 records) and its client; zod only, loads in a browser. Below the domain: the domain
//                 takes those words from it, so the server and its clients cannot drift apart.
//   domain        haproxy, reload, rollout, pki, process, log: the logic; never the gRPC contract, never gRPC or HTTP.
//   edge          agent-wire (wire <-> domain), grpc-transport: contract + domain.
//   app           apps/*: any of the above; never test/.
// Besides, `platform:browser` marks what the dashboard's browser bundle may load: only the API contract.
//   test-lab   lab, kernel-lab: lab hosts for tests, the demo and benchmarks; used only by tests and test/.
//   test       test/: cross-app suites, the demo, benchmarks; everything (apps reached by path).
const CONTRACT_PACKAGES = ['@grpc/grpc-js', '@bufbuild/protobuf', '@bufbuild/protobuf/*'];
const API_CONTRACT_PACKAGES = ['zod'];
const TRANSPORT_PACKAGES = ['@grpc/*', '@nestjs/*', 'express'];

function layers({ inTests }) {
  const lab = inTests ? ['layer:test-lab'] : [];
  return [
    // Tests of the contract may run its generator through @hitless/process (generated-code.spec.ts).
    inTests
      ? { sourceTag: 'layer:contract', onlyDependOnLibsWithTags: ['layer:domain'] }
      : { sourceTag: 'layer:contract', onlyDependOnLibsWithTags: [], allowedExternalImports: CONTRACT_PACKAGES },
    { sourceTag: 'layer:api-contract', onlyDependOnLibsWithTags: [], allowedExternalImports: API_CONTRACT_PACKAGES },
    { sourceTag: 'layer:domain', onlyDependOnLibsWithTags: ['layer:api-contract', 'layer:domain', ...lab], bannedExternalImports: TRANSPORT_PACKAGES },
    { sourceTag: 'layer:edge', onlyDependOnLibsWithTags: ['layer:contract', 'layer:api-contract', 'layer:domain', ...lab] },
    { sourceTag: 'layer:app', onlyDependOnLibsWithTags: ['layer:contract', 'layer:api-contract', 'layer:domain', 'layer:edge', ...lab] },
    { sourceTag: 'layer:test-lab', onlyDependOnLibsWithTags: ['layer:api-contract', 'layer:domain', 'layer:test-lab'] },
    { sourceTag: 'layer:test', onlyDependOnLibsWithTags: ['layer:contract', 'layer:api-contract', 'layer:domain', 'layer:edge', 'layer:test-lab'] },
    // The dashboard runs in a browser: libs with Node imports (the HAProxy model, the engine) cannot load there.
    { sourceTag: 'platform:browser', onlyDependOnLibsWithTags: ['platform:browser'] },
  ];
}

// Exactly one module may spawn processes: the process lib.
const PROCESS_IMPORTS = [
  { name: 'execa', message: 'Run commands through @hitless/process.' },
  { name: 'child_process', message: 'Run commands through @hitless/process.' },
  { name: 'node:child_process', message: 'Run commands through @hitless/process.' },
];
const NODE_BUILTINS = ['node:*', ...builtinModules.flatMap((name) => [name, `${name}/*`])];

const boundaries = (options) => ['error', { enforceBuildableLibDependency: false, allow: [], ...options }];

export default [
  { ignores: ['node_modules/**', 'dist/**', '.nx/**', 'libs/proto/src/generated/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Libs are imported only through their entry point, and the layers above are enforced.
      '@nx/enforce-module-boundaries': boundaries({ depConstraints: layers({ inTests: false }) }),
      // Several wire messages share a name with the domain type they carry (ReloadResult,
      // ConfigChange, ...): the contract is always reached as `wire.X`, so a reader never meets
      // one name for two types.
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='@hitless/proto'] > :matches(ImportSpecifier, ImportDefaultSpecifier)",
          message: "Import the contract as a namespace: import * as wire from '@hitless/proto'.",
        },
        {
          selector: "ImportDeclaration[source.value='@hitless/proto'] > ImportNamespaceSpecifier[local.name!='wire']",
          message: "Name the contract's namespace `wire`: import * as wire from '@hitless/proto'.",
        },
      ],
    },
  },
  {
    // Tests of a project may use the test lab; its own code may not.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/__tests__/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ depConstraints: layers({ inTests: true }) }) },
  },
  {
    // test/ drives the apps (and checks what the build and package scripts make) from outside, so it
    // reaches into them by path; libs only through their entry point.
    files: ['test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries({ depConstraints: layers({ inTests: true }), allow: ['^(\\.\\./)+(apps|scripts)/'] }) },
  },
  {
    files: ['**/*.ts'],
    ignores: ['libs/process/**'],
    rules: { 'no-restricted-imports': ['error', { paths: PROCESS_IMPORTS }] },
  },
  {
    // Code that the dashboard's browser bundle loads (its unit tests run in Node and may use Node).
    files: ['apps/dashboard/**/*.ts', 'libs/api-contract/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: PROCESS_IMPORTS, patterns: [{ group: NODE_BUILTINS, message: 'This code runs in a browser: no Node built-ins.' }] }],
    },
  },
];
