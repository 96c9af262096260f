import { fixtureTree } from '@toolkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runToolkit } from './support/run-toolkit.ts';
import { messages } from '@toolkit/core';

/** AWS's validation refusals are the user's input to fix: exit 2 and one line, as for the toolkit's own checks. */
describe('toolkit deploy: a request AWS refuses as invalid', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'template.yaml':
        'Parameters:\n  Mode:\n    Type: String\n    AllowedValues: [Warn, Enforce]\nResources:\n  Store:\n    Type: AWS::S3::Bucket\n',
    }));
  });
  afterAll(() => cleanup());

  it('exits 2 with AWS message and no stack trace hint', async () => {
    const run = await runToolkit(['deploy', '--stack-name', 'modes', '--parameter-overrides', 'Mode=Sometimes'], {
      cwd: root,
    });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/error: Parameter 'Mode' must be one of AllowedValues\n$/);
    expect(run.stderr).not.toMatch(/--debug/);
  });

  it('reports it in the --json error document under its AWS name', async () => {
    const run = await runToolkit(
      ['deploy', '--stack-name', 'modes', '--parameter-overrides', 'Mode=Sometimes', '--json'],
      { cwd: root },
    );
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: messages.AwsValidation.code,
        message: "Parameter 'Mode' must be one of AllowedValues",
        exitCode: 2,
      },
    });
  });
});
