import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const probe = fileURLToPath(new URL('./support/loaded-modules.mjs', import.meta.url));
const library = fileURLToPath(new URL('../src/index.ts', import.meta.url));
const packageEntry = fileURLToPath(new URL('../src/package-entry.ts', import.meta.url));

/** What the CLI alone needs: argument parsing, terminal rendering, bundling and the TypeScript loader. */
const cliOnly =
  /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?(?:yargs|yargs-parser|listr2|esbuild|tsx|smol-toml)\/|\/packages\/cli\//;

/** SDK clients `package` never calls: CloudFormation, Lambda and CloudWatch Logs deploy and read; STS names a managed bucket. */
const notPackaging =
  /\/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?@aws-sdk\/client-(?:cloudformation|lambda|cloudwatch-logs|sts)\//;

/** Every module `entry` loads when imported and, with `buildIn`, when it builds the template there. */
async function loadedModules(entry: string, buildIn?: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', probe, entry, ...(buildIn ? [buildIn] : [])], {
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const { resolved, required } = JSON.parse(stdout) as { resolved: string[]; required: string[] };
  return [...resolved.map((url) => (url.startsWith('file:') ? fileURLToPath(url) : url)), ...required];
}

describe('@toolkit/toolkit', () => {
  let project: string;
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'toolkit-library-'));
    await mkdir(join(project, 'src'));
    await writeFile(join(project, 'src', 'index.mjs'), 'export const handler = async () => 1;\n');
    await writeFile(
      join(project, 'template.yaml'),
      'Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src\n      Handler: index.handler\n      Runtime: nodejs20.x\n',
    );
  });
  afterAll(() => rm(project, { recursive: true, force: true }));

  it('imports and builds without loading yargs, listr2, esbuild, tsx or anything of the CLI', async () => {
    const loaded = await loadedModules(library, project);
    // The probe sees the library's own modules, so an empty answer would be the probe failing.
    expect(loaded.some((path) => path.endsWith('/packages/toolkit/src/build-template.ts'))).toBe(true);
    expect(loaded.some((path) => path.includes('/packages/build/src/'))).toBe(true);
    expect(loaded.filter((path) => cliOnly.test(path))).toEqual([]);
  });

  it('loads the S3 client for packaging, and no client that packaging into a named bucket does not call', async () => {
    const loaded = await loadedModules(packageEntry);
    expect(loaded.some((path) => /\/@aws-sdk\/client-s3\//.test(path))).toBe(true);
    expect(loaded.filter((path) => notPackaging.test(path))).toEqual([]);
  });
});
