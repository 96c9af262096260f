import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerZip } from './lambda-fixtures.ts';
import { startSignerFixture, type SignerFixture } from './signer-fixtures.ts';
import { missingTool, tools } from '@toolkit/test-support';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the AWS CLI against the local cloud with throwaway credentials. */
function aws(endpoint: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      'aws',
      ['--endpoint-url', endpoint, '--output', 'json', ...args],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
          ...env,
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function json(result: CliResult): Record<string, unknown> {
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

describe.skipIf(missingTool(tools.awsCli))('the AWS CLI against the local Signer', () => {
  let f: SignerFixture;
  let endpoint: string;
  let version: string;
  beforeAll(async () => {
    f = await startSignerFixture();
    endpoint = f.cloud.endpoint;
    await f.versionedBucket('cli-src');
    version = await f.upload('cli-src', 'fn.zip', handlerZip('cli'));
  });
  afterAll(async () => f?.close());

  it('creates a profile, signs, describes and revokes', async () => {
    const profile = json(
      await aws(endpoint, [
        'signer',
        'put-signing-profile',
        '--profile-name',
        'CliProfile',
        '--platform-id',
        'AWSLambda-SHA384-ECDSA',
        '--signature-validity-period',
        'value=2,type=YEARS',
      ]),
    );
    expect(profile.arn).toBe('arn:aws:signer:us-east-1:000000000000:/signing-profiles/CliProfile');
    expect(profile.profileVersion).toMatch(/^[a-zA-Z0-9]{10}$/);
    expect(profile.profileVersionArn).toBe(`${String(profile.arn)}/${String(profile.profileVersion)}`);

    const started = json(
      await aws(endpoint, [
        'signer',
        'start-signing-job',
        '--profile-name',
        'CliProfile',
        '--source',
        `s3={bucketName=cli-src,key=fn.zip,version=${version}}`,
        '--destination',
        's3={bucketName=cli-src,prefix=signed/}',
      ]),
    );
    const jobId = started.jobId as string;
    expect(jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.jobOwner).toBe('000000000000');

    let job = json(await aws(endpoint, ['signer', 'describe-signing-job', '--job-id', jobId]));
    while (job.status === 'InProgress')
      job = json(await aws(endpoint, ['signer', 'describe-signing-job', '--job-id', jobId]));
    expect(job).toMatchObject({
      jobId,
      status: 'Succeeded',
      statusReason: 'Signing Succeeded',
      profileName: 'CliProfile',
      profileVersion: profile.profileVersion,
      platformId: 'AWSLambda-SHA384-ECDSA',
      source: { s3: { bucketName: 'cli-src', key: 'fn.zip', version } },
      signedObject: { s3: { bucketName: 'cli-src', key: `signed/${jobId}.zip` } },
    });
    // The CLI prints timestamps as the service sends them: epoch seconds.
    expect(typeof job.createdAt).toBe('number');
    expect((job.signatureExpiresAt as number) - (job.completedAt as number)).toBeGreaterThan(700 * 86_400);

    const revoked = await aws(endpoint, ['signer', 'revoke-signature', '--job-id', jobId, '--reason', 'rotated keys']);
    expect(revoked).toEqual({ code: 0, stdout: '', stderr: '' });
    const after = json(await aws(endpoint, ['signer', 'describe-signing-job', '--job-id', jobId]));
    expect(after.revocationRecord).toMatchObject({
      reason: 'rotated keys',
      revokedBy: 'arn:aws:iam::000000000000:root',
    });

    const listed = json(await aws(endpoint, ['signer', 'list-signing-jobs', '--is-revoked']));
    expect((listed.jobs as { jobId: string }[]).map((j) => j.jobId)).toEqual([jobId]);

    const revocationArgs = [
      'signer',
      'get-revocation-status',
      '--signature-timestamp',
      new Date().toISOString(),
      '--platform-id',
      'AWSLambda-SHA384-ECDSA',
      '--profile-version-arn',
      profile.profileVersionArn as string,
      '--job-arn',
      `arn:aws:signer:us-east-1:000000000000:/signing-jobs/${jobId}`,
      '--certificate-hashes',
      'abc',
    ];
    // botocore prepends the model's `data-` host prefix even to --endpoint-url; loopback has no such host.
    const prefixed = await aws(endpoint, revocationArgs);
    expect(prefixed.code).not.toBe(0);
    expect(prefixed.stderr).toContain(`http://data-127.0.0.1:${f.cloud.port}/revocations`);
    const status = json(await aws(endpoint, revocationArgs, { AWS_DISABLE_HOST_PREFIX_INJECTION: 'true' }));
    expect(status.revokedEntities).toEqual([`arn:aws:signer:us-east-1:000000000000:/signing-jobs/${jobId}`]);
  });

  it('prints service errors the way the CLI prints AWS errors', async () => {
    const missing = await aws(endpoint, ['signer', 'get-signing-profile', '--profile-name', 'NoSuchProfile']);
    expect(missing.code).toBe(255);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toBe(
      'An error occurred (ResourceNotFoundException) when calling the GetSigningProfile operation: Signing profile NoSuchProfile does not exist.',
    );
    const invalid = await aws(endpoint, [
      'signer',
      'put-signing-profile',
      '--profile-name',
      'TooLong',
      '--platform-id',
      'AWSLambda-SHA384-ECDSA',
      '--signature-validity-period',
      'value=136,type=MONTHS',
    ]);
    expect(invalid.code).toBe(255);
    expect(invalid.stderr).toContain(
      'An error occurred (ValidationException) when calling the PutSigningProfile operation: The signature validity period must be between 1 day and 135 months',
    );
  });
});
