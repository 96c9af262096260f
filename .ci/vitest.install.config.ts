import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import base from '../vitest.config.ts';

// Runs only the install tests the default run leaves out (see vitest.config.ts): they pack the
// CLI and install the tarball with npm, building the native SQLite addon, which takes minutes.
export default defineConfig({
  ...base,
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: { ...base.test, include: ['packages/*/test/**/*.install.test.ts'], exclude: configDefaults.exclude },
});
