import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE, handlerZip, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { ZipSigner } from './lambda-signing-fixtures.ts';
import { missingTool, tools } from '@toolkit/test-support';

const run = promisify(execFile);

describe.skipIf(missingTool(tools.awsCli))('AWS CLI against the local Lambda', () => {
  let f: LambdaFixture;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    f = await startLambdaFixture();
    env = {
      PATH: process.env.PATH,
      HOME: f.stateDir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: f.cloud.region,
      AWS_CONFIG_FILE: join(f.stateDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(f.stateDir, 'no-aws-credentials'),
    };
  });
  afterAll(async () => {
    await f?.close();
  });

  /** Runs `aws lambda …` against the endpoint; resolves stdout parsed as JSON. */
  async function lambda(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run('aws', ['lambda', ...args, '--endpoint-url', f.cloud.endpoint, '--output', 'json'], {
      env,
    });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  /** Runs a command that must fail; resolves its stderr. */
  async function lambdaFails(...args: string[]): Promise<string> {
    try {
      await run('aws', ['lambda', ...args, '--endpoint-url', f.cloud.endpoint, '--output', 'json'], { env });
    } catch (error) {
      return (error as { stderr: string }).stderr;
    }
    throw new Error('expected the AWS CLI to fail');
  }

  it('create-code-signing-config prints the configuration', async () => {
    const out = await lambda(
      'create-code-signing-config',
      '--description',
      'cli',
      '--allowed-publishers',
      'SigningProfileVersionArns=arn:aws:signer:us-east-1:000000000000:/signing-profiles/Cli/abcdefghij',
      '--code-signing-policies',
      'UntrustedArtifactOnDeployment=Enforce',
    );
    const csc = out.CodeSigningConfig as Record<string, unknown>;
    expect(csc.CodeSigningConfigArn).toMatch(
      /^arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[a-z0-9]{17}$/,
    );
    expect(csc).toMatchObject({
      Description: 'cli',
      AllowedPublishers: {
        SigningProfileVersionArns: ['arn:aws:signer:us-east-1:000000000000:/signing-profiles/Cli/abcdefghij'],
      },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    });
  });

  it('create-function --zip-file fileb:// prints the configuration, with the signer under a CSC', async () => {
    const signer = new ZipSigner(f.cloud, f.s3);
    try {
      await signer.init();
      const profile = await signer.profile('CliProfile');
      const { signed, jobId } = await signer.sign(handlerZip('cli'), 'CliProfile');
      const zipPath = join(f.stateDir, 'signed.zip');
      await writeFile(zipPath, signed);
      const csc = (
        await lambda(
          'create-code-signing-config',
          '--allowed-publishers',
          `SigningProfileVersionArns=${profile.profileVersionArn}`,
          '--code-signing-policies',
          'UntrustedArtifactOnDeployment=Enforce',
        )
      ).CodeSigningConfig as { CodeSigningConfigArn: string };

      const out = await lambda(
        'create-function',
        '--function-name',
        'cli-fn',
        '--runtime',
        'nodejs20.x',
        '--role',
        ROLE,
        '--handler',
        'index.handler',
        '--zip-file',
        `fileb://${zipPath}`,
        '--code-signing-config-arn',
        csc.CodeSigningConfigArn,
      );
      expect(out).toMatchObject({
        FunctionName: 'cli-fn',
        FunctionArn: f.functionArn('cli-fn'),
        CodeSize: signed.length,
        CodeSha256: createHash('sha256').update(signed).digest('base64'),
        Version: '$LATEST',
        State: 'Active',
        SigningProfileVersionArn: profile.profileVersionArn,
        SigningJobArn: `arn:aws:signer:us-east-1:000000000000:/signing-jobs/${jobId}`,
      });

      const unsignedPath = join(f.stateDir, 'unsigned.zip');
      await writeFile(unsignedPath, handlerZip('unsigned'));
      const stderr = await lambdaFails(
        'create-function',
        '--function-name',
        'cli-unsigned',
        '--runtime',
        'nodejs20.x',
        '--role',
        ROLE,
        '--handler',
        'index.handler',
        '--zip-file',
        `fileb://${unsignedPath}`,
        '--code-signing-config-arn',
        csc.CodeSigningConfigArn,
      );
      expect(stderr).toContain(
        `An error occurred (CodeVerificationFailedException) when calling the CreateFunction operation: Lambda cannot deploy the function. The function or layer might be signed using a signature that the client is not configured to accept. Check the provided signature for ${f.functionArn('cli-unsigned')}.`,
      );
    } finally {
      signer.destroy();
    }
  });

  it('get-function prints the configuration and a code location', async () => {
    const out = await lambda('get-function', '--function-name', 'cli-fn');
    expect(out.Configuration).toMatchObject({ FunctionName: 'cli-fn', Runtime: 'nodejs20.x' });
    expect(out.Code).toMatchObject({ RepositoryType: 'S3' });
    const notFound = await lambdaFails('get-function', '--function-name', 'cli-ghost');
    expect(notFound).toContain(
      `An error occurred (ResourceNotFoundException) when calling the GetFunction operation: Function not found: ${f.functionArn('cli-ghost')}`,
    );
  });
});
