import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { MAX_NESTED_STACK_DEPTH } from '@toolkit/template';
import { packageJson } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';
import { countObjectVersions, fixtureTree, startTestCloud, type TestCloud } from '@toolkit/test-support';

// Templates that nest the next level twice: a tree of 2^depth stacks over only depth+1 files.
// Packaging must treat each file once, so its plan and its uploads grow with the files, not the tree.

const DEPTH = 20;

/** Level `i` of a chain: `copies` nested stacks of level i+1, or at the last level a function. */
function level(i: number, last: number, copies: string[]): string {
  const body =
    i === last
      ? [
          '  Fn:',
          '    Type: AWS::Lambda::Function',
          '    Properties:',
          '      Code: src',
          '      Handler: index.handler',
          '      Runtime: nodejs22.x',
          '      Role: arn:aws:iam::000000000000:role/r',
        ]
      : copies.flatMap((id) => [
          `  ${id}:`,
          '    Type: AWS::CloudFormation::Stack',
          '    Properties:',
          `      TemplateURL: level-${i + 1}.yaml`,
        ]);
  return ['Resources:', ...body, ''].join('\n');
}

/** A chain of `last`+1 template files, the first named template.yaml. */
function chain(last: number, copies: string[]): Record<string, string> {
  const files: Record<string, string> = { 'src/index.js': 'exports.handler = async () => "level";\n' };
  for (let i = 0; i <= last; i++) files[i === 0 ? 'template.yaml' : `level-${i}.yaml`] = level(i, last, copies);
  return files;
}

describe('toolkit package: nested templates referenced twice per level', () => {
  let stateDir = '';
  let cloud: TestCloud;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'toolkit-nested-depth-'));
    cloud = await startTestCloud(stateDir);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    await cloud?.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  async function project(files: Record<string, string>): Promise<string> {
    const { dir, cleanup } = await fixtureTree(files);
    cleanups.push(cleanup);
    return dir;
  }

  it(`plans and uploads each distinct template once in a doubled chain ${DEPTH} deep`, async () => {
    const dir = await project(chain(DEPTH, ['A', 'B']));
    const dry = await runToolkit(['package', '--dry-run', '--json'], { cwd: dir });
    expect(dry.exitCode, dry.stderr).toBe(0);
    const plan = (JSON.parse(dry.stdout) as { plan: { id: string; action: string; source: string }[] }).plan;
    // The leaf's function once (not once per each of the 2^20 paths to it), and each file's two references to the next (2 × 20).
    expect(plan.filter((p) => p.action === 'zip-folder').map((p) => p.id)).toEqual([
      `${Array(DEPTH).fill('A').join('/')}/Fn`,
    ]);
    const references = plan.filter((p) => p.action === 'package-template');
    expect(references).toHaveLength(2 * DEPTH);
    expect(new Set(references.map((p) => p.source)).size).toBe(DEPTH);
    // A reference is named by the first path to the file that holds it.
    expect(plan.filter((p) => p.source.endsWith('level-3.yaml')).map((p) => p.id)).toEqual(['A/A/A', 'A/A/B']);

    await cloud.s3.send(new CreateBucketCommand({ Bucket: 'nested-depth' }));
    await cloud.s3.send(
      new PutBucketVersioningCommand({ Bucket: 'nested-depth', VersioningConfiguration: { Status: 'Enabled' } }),
    );
    const run = packageJson(
      await runToolkit(['package', '--json', '--s3-bucket', 'nested-depth', ...cloud.targetArgs], { cwd: dir }),
    );
    expect(run.artifacts).toHaveLength(1);
    // One zip and one object per nested template file.
    expect(await countObjectVersions(cloud.s3, 'nested-depth')).toBe(1 + DEPTH);
    const listed = await cloud.s3.send(new ListObjectsV2Command({ Bucket: 'nested-depth' }));
    expect(listed.Contents?.filter((o) => o.Key?.endsWith('.template'))).toHaveLength(DEPTH);
  });

  it(`refuses nesting deeper than ${MAX_NESTED_STACK_DEPTH} levels with exit 2, naming the chain of files`, async () => {
    const dir = await project(chain(MAX_NESTED_STACK_DEPTH + 1, ['Next']));
    const run = await runToolkit(['package', '--dry-run'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    const deepest = `level-${MAX_NESTED_STACK_DEPTH}.yaml:`;
    expect(run.stderr).toContain(`${deepest}`);
    expect(run.stderr).toContain(
      `Nested templates go deeper than ${MAX_NESTED_STACK_DEPTH} levels: template.yaml -> level-1.yaml (Next) -> level-2.yaml (Next/Next) -> `,
    );
    expect(run.stderr).toContain(
      `-> level-${MAX_NESTED_STACK_DEPTH + 1}.yaml (${Array(MAX_NESTED_STACK_DEPTH + 1)
        .fill('Next')
        .join('/')})`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a template reused deeper than the limit allows, though it was first reached in bounds', async () => {
    // The root nests level-1 directly and through a stack of wrappers; the chain below level-1 fits only the short way.
    const files = chain(MAX_NESTED_STACK_DEPTH, ['Next']);
    files['template.yaml'] = [
      'Resources:',
      '  Short:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: level-1.yaml',
      '  Long:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: wrapper.yaml',
      '',
    ].join('\n');
    files['wrapper.yaml'] = [
      'Resources:',
      '  Inner:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties:',
      '      TemplateURL: level-1.yaml',
      '',
    ].join('\n');
    const dir = await project(files);
    const run = await runToolkit(['package', '--dry-run'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      `Nested templates go deeper than ${MAX_NESTED_STACK_DEPTH} levels: template.yaml -> wrapper.yaml (Long) -> level-1.yaml (Long/Inner) (${MAX_NESTED_STACK_DEPTH - 1} more levels of nested templates below it)`,
    );
  });

  it('names the id to sign when --signing-profiles reaches a shared template by another path', async () => {
    const dir = await project(chain(2, ['A', 'B']));
    const run = await runToolkit(['package', '--dry-run', '--signing-profiles', 'B/A/Fn=Release'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      '--signing-profiles: B/A/Fn reaches a template nested at several places, which is packaged once under the first path to it: use A/A/Fn',
    );
    const ok = await runToolkit(['package', '--dry-run', '--json', '--signing-profiles', 'A/A/Fn=Release'], {
      cwd: dir,
    });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const plan = (JSON.parse(ok.stdout) as { plan: { id: string; sign: { profileName: string } | null }[] }).plan;
    expect(plan.filter((p) => p.sign).map((p) => [p.id, p.sign?.profileName])).toEqual([['A/A/Fn', 'Release']]);
  });
});
