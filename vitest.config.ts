import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Install tests pack and npm-install the CLI (minutes, a native build): .ci/install-test runs them.
    exclude: [...configDefaults.exclude, '**/*.install.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['vitest.state-home.ts'],
    // The SDK's notice about its future Node.js floor is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
