import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lines, readZip, useFixtureProjects } from '@toolkit/test-support';
import { runToolkit } from './support/run-toolkit.ts';

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

const template = lines(
  'Resources:',
  '  Hello:',
  '    Type: AWS::Serverless::Function',
  '    Properties:',
  '      CodeUri: fn/',
  '      Handler: bootstrap',
  '      Runtime: provided.al2023',
  '    Metadata:',
  '      BuildMethod: makefile',
);

describe('toolkit build: BuildMethod makefile', () => {
  const project = useFixtureProjects();

  it('runs make build-<LogicalId> with ARTIFACTS_DIR and zips what it put there', async () => {
    const dir = await project({
      'template.yaml': template,
      'fn/Makefile': lines('build-Hello:', '\tprintf "built by make\\n" > "$(ARTIFACTS_DIR)/bootstrap"'),
      'fn/notes.txt': 'not in the zip',
    });
    const run = await runToolkit(['build', '--json'], { cwd: dir, env: toolEnv });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const [hello] = (JSON.parse(run.stdout) as { artifacts: Array<{ zip: string; buildMethod: string }> }).artifacts;
    expect(hello!.buildMethod).toBe('makefile');
    const entries = await readZip(hello!.zip);
    expect(entries.map((e) => [e.name, e.content.toString()])).toEqual([['bootstrap', 'built by make\n']]);
    expect(existsSync(join(dir, 'fn/bootstrap'))).toBe(false);
  });

  it('fails with exit 1 quoting make when the Makefile has no build target for the function', async () => {
    const dir = await project({ 'template.yaml': template, 'fn/Makefile': lines('build-Other:', '\ttrue') });
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`error: Function Hello (${join(dir, 'fn/Makefile')}): \`make -f`);
    expect(run.stderr).toContain("No rule to make target 'build-Hello'");
  });

  it('refuses BuildMethod makefile without a Makefile with exit 2', async () => {
    const dir = await project({ 'template.yaml': template, 'fn/main.c': '' });
    const run = await runToolkit(['build'], { cwd: dir, env: toolEnv });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`Hello has BuildMethod makefile but ${join(dir, 'fn/Makefile')} does not exist.`);
  });
});
