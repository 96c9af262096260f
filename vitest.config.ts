import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Install tests pack and npm-install the CLI (minutes, a native build): .ci/install-test runs them.
    exclude: [...configDefaults.exclude, '**/*.install.test.ts'],
    // Generous: the external tools some tests run (the AWS CLI, cfn-lint, Python) take tens of seconds
    // to start on a loaded 2-core machine; a hang still fails, only later.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Most files wait on child processes (the CLI, the AWS CLI, Python) and loopback I/O, not on the
    // CPU: four at once keeps a 2-core machine busy where one per core left it idle half the time.
    maxWorkers: 4,
    globalSetup: ['vitest.state-home.ts'],
    // The SDK's notice about its future Node.js floor is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
