import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lines, useFixtures, type Tree } from '../src/index.ts';

// The boundaries live in the repository's oxlint config; these tests lint fixture trees laid out
// like the workspace with that same config, so each rule is shown to fire where it should and
// to stay quiet on the imports the packages really use.
const config = readFileSync(fileURLToPath(new URL('../../../.oxlintrc.json', import.meta.url)), 'utf8');
const oxlintBin = fileURLToPath(new URL('../../../node_modules/oxlint/bin/oxlint', import.meta.url));

interface Diagnostic {
  code: string;
  help?: string;
  filename: string;
  labels: { span: { line: number } }[];
}

/** Lints `dir` with the repository's config; returns the exit status and the output. */
function oxlint(dir: string, format: 'json' | 'default'): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [oxlintBin, '--deny-warnings', '-f', format, '.'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  // oxlint colours its report under CI=true even with NO_COLOR; the test reads the text.
  return { status: result.status, output: stripVTControlCharacters(result.stdout + result.stderr) };
}

/** `file:line [boundary:rule]` for every restricted import oxlint reports in `dir`. */
function boundaryFindings(dir: string): string[] {
  const { output } = oxlint(dir, 'json');
  const diagnostics = (JSON.parse(output) as { diagnostics: Diagnostic[] }).diagnostics;
  return diagnostics
    .filter((d) => d.code === 'eslint(no-restricted-imports)')
    .map((d) => `${d.filename}:${d.labels[0]!.span.line} ${/^\[boundary:[a-z-]+\]/.exec(d.help ?? '')?.[0] ?? d.help}`)
    .sort();
}

const tree: Tree = {
  '.oxlintrc.json': config,
  'packages/build/src/bad.ts': lines(
    "export { run } from '@toolkit/cli';",
    "export { main } from '../../cli/src/main.ts';",
    "export { tempDir } from '@toolkit/test-support';",
    "export { helper } from '../test/helper.ts';",
    "export { atomicWrite } from '@toolkit/core';",
    "export { walk } from './walk.ts';",
  ),
  'packages/signing/src/bad.ts': lines(
    "export { parseTemplate } from '@toolkit/template';",
    "export { startCloud } from '@toolkit/cloud';",
    "export const template = await import('../../template/src/index.ts');",
    "export { UserInputError } from '@toolkit/core';",
  ),
  'packages/template/src/bad.ts': lines(
    "export { startServer } from '@toolkit/cloud/server';",
    "export { intrinsics } from '../../cloud/src/intrinsics.ts';",
    "export { readFileSync } from 'node:fs';",
    "export { readFile } from 'fs/promises';",
    "export { resolve } from 'node:path';",
  ),
  'packages/sam-transform/src/bad.ts': lines(
    "export { startCloud } from '@toolkit/cloud';",
    "export { deployStack } from '@toolkit/toolkit';",
    "export { buildZip } from '../../build/src/build-zip.ts';",
    "export { readFileSync } from 'node:fs';",
    "export { run } from '@toolkit/cli';",
    "export { resolveIntrinsics } from '@toolkit/intrinsics';",
    "export { applyGlobals } from '@toolkit/template';",
  ),
  'packages/intrinsics/src/bad.ts': lines(
    "export { signArtifacts } from '@toolkit/signing';",
    "export { UserInputError } from '@toolkit/core';",
  ),
  'packages/sam-transform/test/bad.test.ts': lines(
    "export { startTestCloud } from '@toolkit/cloud';",
    "export { lines } from '@toolkit/test-support';",
  ),
  'packages/toolkit/src/bad.ts': lines(
    "export { default as yargs } from 'yargs';",
    "export { Listr } from 'listr2';",
    "export { build } from 'esbuild';",
    "export { register } from 'tsx/esm/api';",
    "export type { Argv } from 'yargs';",
    "export { signArtifacts } from '@toolkit/signing';",
    "export { parseTemplate } from '@toolkit/template';",
  ),
  'packages/cloud/test/bad.test.ts': lines(
    "export { keyPair } from '../../signing/test/keys.ts';",
    "export { profile } from '@toolkit/signing/test/profile.ts';",
    "export { run } from '@toolkit/cli';",
    "export { startTestCloud } from '@toolkit/test-support';",
    "export { own } from './support/own.ts';",
    "export { engine } from '../src/engine.ts';",
  ),
  'packages/cli/test/render/bad.test.ts': lines(
    "export { zipOf } from '../../../build/test/zip-of.ts';",
    "export { runToolkit } from '../support/run-toolkit.ts';",
    "export { main } from '../../src/main.ts';",
  ),
  'packages/cli/src/bad.ts': lines(
    "export { runToolkit } from '../test/support/run-toolkit.ts';",
    "export { default as yargs } from 'yargs';",
    "export { deployStack } from '@toolkit/toolkit';",
  ),
  'packages/cli/bin/bundle.mjs': lines("export { build } from 'esbuild';"),
  'examples/release/release.ts': lines(
    "export { run } from '@toolkit/cli';",
    "export { deployStack } from '@toolkit/toolkit';",
  ),
};

describe('import boundaries', () => {
  const fixture = useFixtures();

  it('reports every forbidden import with its file, line and rule, and nothing else', () => {
    const { dir } = fixture(tree);
    expect(boundaryFindings(dir)).toEqual([
      'examples/release/release.ts:1 [boundary:no-cli]',
      'packages/build/src/bad.ts:1 [boundary:no-cli]',
      'packages/build/src/bad.ts:2 [boundary:no-cli]',
      'packages/build/src/bad.ts:3 [boundary:src-no-test-code]',
      'packages/build/src/bad.ts:4 [boundary:src-no-test-code]',
      'packages/cli/src/bad.ts:1 [boundary:src-no-test-code]',
      'packages/cli/test/render/bad.test.ts:1 [boundary:test-no-foreign-tests]',
      'packages/cloud/test/bad.test.ts:1 [boundary:test-no-foreign-tests]',
      'packages/cloud/test/bad.test.ts:2 [boundary:test-no-foreign-tests]',
      'packages/cloud/test/bad.test.ts:3 [boundary:no-cli]',
      'packages/intrinsics/src/bad.ts:1 [boundary:transform-standalone]',
      'packages/sam-transform/src/bad.ts:1 [boundary:transform-standalone]',
      'packages/sam-transform/src/bad.ts:2 [boundary:transform-standalone]',
      'packages/sam-transform/src/bad.ts:3 [boundary:transform-standalone]',
      'packages/sam-transform/src/bad.ts:4 [boundary:no-file-io]',
      'packages/sam-transform/src/bad.ts:5 [boundary:no-cli]',
      'packages/sam-transform/test/bad.test.ts:1 [boundary:no-cloud]',
      'packages/signing/src/bad.ts:1 [boundary:signing-not-template]',
      'packages/signing/src/bad.ts:2 [boundary:no-cloud]',
      'packages/signing/src/bad.ts:3 [boundary:signing-not-template]',
      'packages/template/src/bad.ts:1 [boundary:no-cloud]',
      'packages/template/src/bad.ts:2 [boundary:no-cloud]',
      'packages/template/src/bad.ts:3 [boundary:no-file-io]',
      'packages/template/src/bad.ts:4 [boundary:no-file-io]',
      'packages/toolkit/src/bad.ts:1 [boundary:toolkit-no-cli-deps]',
      'packages/toolkit/src/bad.ts:2 [boundary:toolkit-no-cli-deps]',
      'packages/toolkit/src/bad.ts:3 [boundary:toolkit-no-cli-deps]',
      'packages/toolkit/src/bad.ts:4 [boundary:toolkit-no-cli-deps]',
      'packages/toolkit/src/bad.ts:5 [boundary:toolkit-no-cli-deps]',
    ]);
  });

  it('fails the run and names the file, line and rule in the default output', () => {
    const { dir } = fixture({
      '.oxlintrc.json': config,
      'packages/signing/src/verdict.ts': lines(
        "import { parseTemplate } from '@toolkit/template';",
        'export { parseTemplate };',
      ),
    });
    const { status, output } = oxlint(dir, 'default');
    expect(status).toBe(1);
    expect(output).toContain('packages/signing/src/verdict.ts:1:1');
    expect(output).toContain('[boundary:signing-not-template] @toolkit/signing never imports @toolkit/template');
  });
});
