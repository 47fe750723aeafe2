// Two tiers: unit tests (pure logic, *.spec.ts) run in parallel; integration tests
// (*.int-spec.ts: real HAProxy, network namespaces, iptables) run one at a time.
// Decorators parse so that unit tests can load Nest controllers (the OpenAPI document reads their schemas and routes).
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } }, module: { type: 'commonjs' } }];
const moduleNameMapper = {
  '^@hitless/(process|haproxy|reload|lab|log|proto|agent-wire|grpc-transport|pki|kernel-lab|rollout|api-contract)$': '<rootDir>/libs/$1/src/index.ts',
};
const common = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', setupFilesAfterEnv: ['<rootDir>/test/integration-timeout.ts'], testMatch: ['<rootDir>/{apps,libs,test}/**/*.int-spec.ts'] },
  ],
};
