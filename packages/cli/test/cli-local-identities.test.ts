import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureTree, missingTool, startTestCloud, tools, type TestCloud } from '@toolkit/test-support';
import { runToolkit } from './support/run-toolkit.ts';

const AUDITOR_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['lambda:Get*', 'lambda:List*', 'sts:GetCallerIdentity'], Resource: '*' }],
};

let project: { dir: string; cleanup(): Promise<void> };
let cloud: TestCloud;
let stateArgs: string[];
beforeAll(async () => {
  project = await fixtureTree({
    'auditor.json': JSON.stringify(AUDITOR_POLICY),
    'broken.json': '{\n  "Statement": [\n    { "Effect": "Allow", }\n  ]\n}\n',
    'bad-effect.json': JSON.stringify({ Statement: [{ Effect: 'Maybe', Action: '*', Resource: '*' }] }),
    'state/.keep': '',
  });
  cloud = await startTestCloud(join(project.dir, 'state'));
  stateArgs = ['--state-dir', 'state'];
});
afterAll(async () => {
  await cloud?.close();
  await project?.cleanup();
});

/** The AWS CLI with exactly the given credentials environment (no profile files of the user's). */
function aws(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--output', 'json', ...args],
      {
        env: {
          PATH: process.env.PATH,
          HOME: project.dir,
          AWS_CONFIG_FILE: join(project.dir, 'aws-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(project.dir, 'aws-credentials'),
          AWS_PAGER: '',
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('toolkit local identity create / local credentials', () => {
  it('creates an identity from a policy file and prints its credentials for the serving cloud', async () => {
    const created = await runToolkit(
      ['local', 'identity', 'create', 'auditor', '--policy', 'auditor.json', ...stateArgs, '--json'],
      {
        cwd: project.dir,
      },
    );
    expect(created.stderr).toBe('');
    expect(created.exitCode).toBe(0);
    const identity = JSON.parse(created.stdout) as { arn: string; accessKeyId: string };
    expect(identity.arn).toBe('arn:aws:iam::000000000000:user/auditor');
    expect(identity.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);

    const printed = await runToolkit(['local', 'credentials', '--identity', 'auditor', ...stateArgs], {
      cwd: project.dir,
    });
    expect(printed.exitCode).toBe(0);
    expect(printed.stdout).toContain(`export AWS_ACCESS_KEY_ID=${identity.accessKeyId}\n`);
    expect(printed.stdout).toMatch(/^export AWS_SECRET_ACCESS_KEY=\S{40}$/m);
    expect(printed.stdout).toContain(`export AWS_ENDPOINT_URL=${cloud.cloud.endpoint}\n`);
  });

  it('refuses an existing name, a policy file that is not JSON (file:line:col) and a bad policy element, exit 2', async () => {
    const again = await runToolkit(
      ['local', 'identity', 'create', 'developer', '--policy', 'auditor.json', ...stateArgs],
      {
        cwd: project.dir,
      },
    );
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("the identity 'developer' already exists");
    const broken = await runToolkit(['local', 'identity', 'create', 'x', '--policy', 'broken.json', ...stateArgs], {
      cwd: project.dir,
    });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain(`${join(project.dir, 'broken.json')}:3:`);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    const badEffect = await runToolkit(
      ['local', 'identity', 'create', 'y', '--policy', 'bad-effect.json', ...stateArgs],
      {
        cwd: project.dir,
      },
    );
    expect(badEffect.exitCode).toBe(2);
    expect(badEffect.stderr).toContain("$.Statement[0].Effect: must be 'Allow' or 'Deny'");
    const missing = await runToolkit(['local', 'identity', 'create', 'z', ...stateArgs], { cwd: project.dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('--policy');
    const unknown = await runToolkit(['local', 'credentials', '--identity', 'nobody', ...stateArgs], {
      cwd: project.dir,
    });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("identity 'nobody' does not exist");
  });

  it.skipIf(missingTool(tools.awsCli))('writes an AWS CLI profile the AWS CLI then uses as that identity', async () => {
    const env = {
      AWS_CONFIG_FILE: join(project.dir, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(project.dir, 'aws-credentials'),
    };
    const written = await runToolkit(
      ['local', 'credentials', '--identity', 'developer', '--profile-name', 'dev', ...stateArgs, '--json'],
      {
        cwd: project.dir,
        env,
      },
    );
    expect(written.exitCode).toBe(0);
    expect(await readFile(env.AWS_CONFIG_FILE, 'utf8')).toContain(
      `[profile dev]\nregion = us-east-1\nendpoint_url = ${cloud.cloud.endpoint}\n`,
    );
    const who = await aws(['--profile', 'dev', 'sts', 'get-caller-identity'], {});
    expect(who.stderr).toBe('');
    expect(JSON.parse(who.stdout).Arn).toBe('arn:aws:iam::000000000000:user/developer');
    const refused = await aws(
      [
        '--profile',
        'dev',
        'lambda',
        'create-code-signing-config',
        '--allowed-publishers',
        'SigningProfileVersionArns=arn:aws:signer:us-east-1:000000000000:/signing-profiles/P/v',
      ],
      {},
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      'An error occurred (AccessDeniedException) when calling the CreateCodeSigningConfig operation: User: arn:aws:iam::000000000000:user/developer is not authorized to perform: lambda:CreateCodeSigningConfig on resource: * with an explicit deny in an identity-based policy',
    );
  });
});
