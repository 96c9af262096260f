import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, missingTool, tools, withCloud } from '@toolkit/test-support';

const bin = resolve(fileURLToPath(new URL('../bin/toolkit.mjs', import.meta.url)));

/** Runs the toolkit bin on a pseudo-terminal in `cwd`, typing `input`; resolves with what the terminal showed. */
function onTerminal(cwd: string, args: string[], input: string): Promise<{ exitCode: number; screen: string }> {
  return new Promise((done) => {
    const child = execFile(
      'script',
      ['-qec', [process.execPath, bin, ...args].join(' '), '/dev/null'],
      { cwd, env: { ...process.env, CI: 'true' } },
      (error, stdout) => done({ exitCode: error ? Number(error.code ?? 1) : 0, screen: stdout }),
    );
    child.stdin!.end(input);
  });
}

// util-linux `script` gives the command a pseudo-terminal, so the CLI sees a real TTY.
describe.skipIf(missingTool(tools.script))('toolkit delete on a terminal', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({ 'plain.yaml': 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n' }));
  });
  afterAll(() => cleanup());

  it('asks before deleting and deletes on "y"', async () => {
    const deployed = await runToolkit(['deploy', '--template-file', 'plain.yaml', '--stack-name', 'asked'], {
      cwd: root,
    });
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    const run = await onTerminal(root, ['delete', '--stack-name', 'asked'], 'y\n');
    expect(run.exitCode, run.screen).toBe(0);
    expect(run.screen).toContain('Delete stack asked in region us-east-1? [y/N]: ');
    expect(run.screen).toMatch(/Stack asked: DELETE_COMPLETE\r?\n/);
    await withCloud(projectStateDir(root), async ({ cloudformation }) => {
      await expect(cloudformation.send(new DescribeStacksCommand({ StackName: 'asked' }))).rejects.toThrow(
        /does not exist/,
      );
    });
  });
});
