import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeStackEventsCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateCodeSigningConfigCommand,
  GetFunctionConfigurationCommand,
  UpdateCodeSigningConfigCommand,
} from '@aws-sdk/client-lambda';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { DescribeSigningJobCommand, RevokeSignatureCommand } from '@aws-sdk/client-signer';
import { copyExample } from './support/example-project.ts';
import { projectStateDir, runToolkit, type ToolkitRun } from './support/run-toolkit.ts';
import { flipByteInFirstEntry } from './support/zip-tamper.ts';
import { type CloudClients, fixtureTree, openCloud, withCloud } from '@toolkit/test-support';

interface DeployDocument {
  stackName: string;
  status: string;
  changeSet: { action: string; logicalResourceId: string }[];
  outputs: Record<string, string>;
  warnings: string[];
}

interface PackageDocument {
  outputTemplate: string;
  artifacts: { id: string; signing: null | { jobId: string; signedKey: string; reused: boolean } }[];
}

interface MetricsDocument {
  functions: { functionName: string; functionArn: string; signatureValidationErrors: number }[];
  records: { functionName: string; artifactArn: string; failure: string; reason: string }[];
}

function parsed<T>(run: ToolkitRun): T {
  expect(run.exitCode, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

// Lambda's words for the two rejections (InvalidCodeSignatureException, CodeVerificationFailedException).
const integrityFailure = 'The code signature failed the integrity check';
const verificationFailure =
  'Lambda cannot deploy the function. The function or layer might be signed using a signature that the client is not configured to accept';

const artifactBucket = 'toolkit-artifacts-000000000000-us-east-1';

/** Points a packaged template's code at another object version. */
async function repointPackagedCode(file: string, from: string, to: { key: string; versionId: string }): Promise<void> {
  const text = await readFile(file, 'utf8');
  expect(text).toContain(`Key: ${from}`);
  await writeFile(
    file,
    text.replace(`Key: ${from}`, `Key: ${to.key}`).replace(/^(\s+)Version: .*$/m, `$1Version: ${to.versionId}`),
  );
}

async function stackStatus(clients: CloudClients, stackName: string): Promise<string | undefined> {
  return (await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0]
    ?.StackStatus;
}

describe('toolkit deploy under an Enforce code signing configuration', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });
  const stateDir = () => projectStateDir(root);
  const signed = ['--signing-profiles', 'HelloFunction=ReleaseSigning'];
  const deployTemplate = (template: string, ...args: string[]) =>
    toolkit(
      'deploy',
      '--template-file',
      template,
      '--stack-name',
      'hello-signed',
      '--capabilities',
      'CAPABILITY_IAM',
      ...args,
    );
  const deployHello = (...args: string[]) => deployTemplate('hello/template.yaml', ...args);
  const packageHello = async (output: string) =>
    parsed<PackageDocument>(
      await toolkit(
        'package',
        '--template-file',
        'hello/template.yaml',
        ...signed,
        '--output-template-file',
        output,
        '--json',
      ),
    ).artifacts[0]!.signing!;
  const release = (text: string) =>
    writeFile(join(root, 'hello/src/index.mjs'), `export const handler = async () => ${JSON.stringify(text)};\n`);
  let functionArn: string;
  let firstRelease: string;
  const functionConfig = () =>
    withCloud(stateDir(), ({ lambda }) =>
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn })),
    );

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({}));
    await copyExample('admin', join(root, 'admin'));
    await copyExample('hello-signed', join(root, 'hello'));
    firstRelease = await readFile(join(root, 'hello/src/index.mjs'), 'utf8');
    const admin = await toolkit('deploy', '--template-file', 'admin/template.yaml', '--stack-name', 'toolkit-admin');
    expect(admin.exitCode, admin.stderr).toBe(0);
    functionArn = parsed<DeployDocument>(await deployHello(...signed, '--json')).outputs.HelloFunctionArn!;
  });
  afterAll(() => cleanup());

  it('rejects unsigned code, and the new stack rolls back', async () => {
    const run = await toolkit(
      'deploy',
      '--template-file',
      'hello/template.yaml',
      '--stack-name',
      'hello-unsigned',
      '--capabilities',
      'CAPABILITY_IAM',
    );
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(verificationFailure);
    expect(run.stderr).toMatch(/error: Stack hello-unsigned ended in ROLLBACK_COMPLETE/);
    expect(await withCloud(stateDir(), (c) => stackStatus(c, 'hello-unsigned'))).toBe('ROLLBACK_COMPLETE');
  });

  it('rejects code tampered with after signing; the stack rolls back and the function keeps its code', async () => {
    const before = await functionConfig();
    await release('second release');
    const signing = await packageHello('hello/packaged.yaml');
    const tampered = await withCloud(stateDir(), async ({ s3 }) => {
      const object = await s3.send(new GetObjectCommand({ Bucket: artifactBucket, Key: signing.signedKey }));
      const bytes = flipByteInFirstEntry(Buffer.from(await object.Body!.transformToByteArray()));
      const put = await s3.send(
        new PutObjectCommand({ Bucket: artifactBucket, Key: 'tampered/hello.zip', Body: bytes }),
      );
      return { key: 'tampered/hello.zip', versionId: put.VersionId! };
    });
    await repointPackagedCode(join(root, 'hello/packaged.yaml'), signing.signedKey, tampered);

    const run = await deployTemplate('hello/packaged.yaml');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(integrityFailure);
    expect(run.stderr).toMatch(/error: Stack hello-signed ended in UPDATE_ROLLBACK_COMPLETE/);
    await withCloud(stateDir(), async (clients) => {
      expect(await stackStatus(clients, 'hello-signed')).toBe('UPDATE_ROLLBACK_COMPLETE');
      const events =
        (await clients.cloudformation.send(new DescribeStackEventsCommand({ StackName: 'hello-signed' })))
          .StackEvents ?? [];
      const failed = events.find(
        (e) => e.LogicalResourceId === 'HelloFunction' && e.ResourceStatus === 'UPDATE_FAILED',
      );
      expect(failed?.ResourceStatusReason).toContain(integrityFailure);
      const after = await clients.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
      expect(after.CodeSha256).toBe(before.CodeSha256);
      expect(after.SigningJobArn).toBe(before.SigningJobArn);
    });
    await writeFile(join(root, 'hello/src/index.mjs'), firstRelease);
  });

  it('re-signs when the signature it would reuse was revoked', async () => {
    // Same code as deployed: the cached signature is reused and nothing changes.
    const unchanged = parsed<DeployDocument>(await deployHello(...signed, '--no-fail-on-empty-changeset', '--json'));
    expect(unchanged.status).toBe('NO_CHANGES');
    const before = await functionConfig();
    const revokedJob = before.SigningJobArn!.split('/').pop()!;
    await withCloud(stateDir(), ({ signer }) =>
      signer.send(new RevokeSignatureCommand({ jobId: revokedJob, reason: 'key handled badly' })),
    );

    const redeployed = parsed<DeployDocument>(await deployHello(...signed, '--json'));
    expect(redeployed.status).toBe('UPDATE_COMPLETE');
    expect(redeployed.changeSet).toEqual([
      expect.objectContaining({ action: 'Modify', logicalResourceId: 'HelloFunction' }),
    ]);
    expect(redeployed.warnings).toEqual([]);
    const after = await functionConfig();
    // Same entries, new envelope: CodeSha256 (of the whole signed zip) changes with the signature.
    expect(after.SigningJobArn).not.toBe(before.SigningJobArn);
    expect(after.SigningProfileVersionArn).toBe(before.SigningProfileVersionArn);
    const newJob = after.SigningJobArn!.split('/').pop()!;
    await withCloud(stateDir(), async ({ signer }) => {
      const job = await signer.send(new DescribeSigningJobCommand({ jobId: newJob }));
      expect(job.status).toBe('Succeeded');
      expect(job.revocationRecord?.revokedAt).toBeUndefined();
    });
    const cache = JSON.parse(await readFile(join(root, 'hello/.toolkit/signatures.json'), 'utf8')) as {
      entries: { jobId: string }[];
    };
    expect(cache.entries.map((e) => e.jobId)).toContain(newJob);
    expect(cache.entries.map((e) => e.jobId)).not.toContain(revokedJob);
  });

  it('rejects a packaged artifact whose signature was revoked, and accepts it with a warning once the admin stack says Warn', async () => {
    await release('third release');
    const signing = await packageHello('hello/packaged-revoked.yaml');
    expect(signing.reused).toBe(false);
    await withCloud(stateDir(), ({ signer }) =>
      signer.send(new RevokeSignatureCommand({ jobId: signing.jobId, reason: 'withdrawn release' })),
    );
    const before = await functionConfig();

    const enforced = await deployTemplate('hello/packaged-revoked.yaml');
    expect(enforced.exitCode).toBe(1);
    expect(enforced.stderr).toContain(verificationFailure);
    expect(enforced.stderr).toMatch(/UPDATE_ROLLBACK_COMPLETE/);
    expect((await functionConfig()).CodeSha256).toBe(before.CodeSha256);

    const toWarn = await toolkit(
      'deploy',
      '--template-file',
      'admin/template.yaml',
      '--stack-name',
      'toolkit-admin',
      '--parameter-overrides',
      'UntrustedArtifactOnDeployment=Warn',
      '--json',
    );
    expect(parsed<DeployDocument>(toWarn).changeSet).toEqual([
      expect.objectContaining({ action: 'Modify', logicalResourceId: 'ReleaseCodeSigningConfig' }),
    ]);

    const warned = await deployTemplate('hello/packaged-revoked.yaml', '--json');
    const document = parsed<DeployDocument>(warned);
    expect(document.status).toBe('UPDATE_COMPLETE');
    expect(document.warnings).toHaveLength(1);
    expect(document.warnings[0]).toMatch(/under Warn: .*revoked/i);
    expect(warned.stderr).toContain(`warning: ${document.warnings[0]}`);
    const after = await functionConfig();
    expect(after.CodeSha256).not.toBe(before.CodeSha256);
  });

  it('rejects tampered code even under Warn', async () => {
    const run = await deployTemplate('hello/packaged.yaml');
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(integrityFailure);
    expect(await withCloud(stateDir(), (c) => stackStatus(c, 'hello-signed'))).toBe('UPDATE_ROLLBACK_COMPLETE');
  });
});

describe('toolkit deploy under a Warn code signing configuration', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({}));
    await copyExample('admin', join(root, 'admin'));
    await copyExample('hello-signed', join(root, 'hello'));
  });
  afterAll(() => cleanup());

  it('deploys unsigned code with a warning, and local metrics counts the SignatureValidationErrors', async () => {
    const admin = await toolkit(
      'deploy',
      '--template-file',
      'admin/template.yaml',
      '--stack-name',
      'toolkit-admin',
      '--parameter-overrides',
      'UntrustedArtifactOnDeployment=Warn',
    );
    expect(admin.exitCode, admin.stderr).toBe(0);
    const empty = await toolkit('local', 'metrics');
    expect(empty.stdout).toBe('No signature validation errors recorded.\n');

    const run = await toolkit(
      'deploy',
      '--template-file',
      'hello/template.yaml',
      '--stack-name',
      'hello-unsigned',
      '--capabilities',
      'CAPABILITY_IAM',
      '--json',
    );
    const document = parsed<DeployDocument>(run);
    expect(document.status).toBe('CREATE_COMPLETE');
    expect(document.warnings).toHaveLength(1);
    expect(document.warnings[0]).toMatch(
      /^Lambda accepted code of hello-unsigned-HelloFunction-\w+ under Warn: .*\(SignatureValidationErrors\)$/,
    );
    expect(run.stderr).toContain(`warning: ${document.warnings[0]}`);
    const functionArn = document.outputs.HelloFunctionArn!;
    const config = await withCloud(projectStateDir(root), ({ lambda }) =>
      lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn })),
    );
    expect(config.SigningJobArn).toBeUndefined();

    const metrics = parsed<MetricsDocument>(await toolkit('local', 'metrics', '--json'));
    expect(metrics.functions).toEqual([
      { functionName: functionArn.split(':').pop(), functionArn, signatureValidationErrors: 1 },
    ]);
    expect(metrics.records).toEqual([
      expect.objectContaining({
        functionName: functionArn.split(':').pop(),
        artifactArn: functionArn,
        failure: 'unsigned',
      }),
    ]);
    const human = await toolkit('local', 'metrics');
    expect(human.stdout).toMatch(new RegExp(`${functionArn.split(':').pop()}\\s+1\\n`));
  });
});

const shortLivedApp = `Transform: AWS::Serverless-2016-10-31
Parameters:
  CodeSigningConfigArn:
    Type: String
Resources:
  Clocked:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Runtime: nodejs22.x
      Handler: index.handler
      CodeSigningConfigArn: !Ref CodeSigningConfigArn
Outputs:
  ClockedArn:
    Value: !GetAtt Clocked.Arn
`;

describe('toolkit deploy with expired signatures (one cloud, its clock moved forward)', () => {
  const day = 86_400_000;
  let offsetMs = 0;
  let root: string;
  let cleanup: () => Promise<void>;
  let cloud: Awaited<ReturnType<typeof openCloud>>;
  let cscArn: string;
  let functionArn: string;
  const toolkit = (...args: string[]) => runToolkit([...args, '--endpoint-url', cloud.endpoint], { cwd: root });
  const stateDir = () => join(root, 'cloud-state');
  const deploy = (...args: string[]) =>
    toolkit('deploy', '--stack-name', 'clocked', '--capabilities', 'CAPABILITY_IAM', ...args);
  const setPolicy = (policy: 'Warn' | 'Enforce') =>
    cloud.lambda.send(
      new UpdateCodeSigningConfigCommand({
        CodeSigningConfigArn: cscArn,
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy },
      }),
    );
  const codeSha = async () =>
    (await cloud.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }))).CodeSha256;

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'template.yaml': shortLivedApp,
      'src/index.mjs': 'export const handler = async () => 1;\n',
    }));
    cloud = await openCloud({ stateDir: stateDir(), clock: () => new Date(Date.now() + offsetMs) });
  });
  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('deploys code signed by a one-day profile, then rejects a signature that expired since packaging', async () => {
    const profile = parsed<{ profileVersionArn: string }>(
      await toolkit('local', 'profile', 'create', 'ShortLived', '--validity', '1day', '--json'),
    );
    const csc = await cloud.lambda.send(
      new CreateCodeSigningConfigCommand({
        AllowedPublishers: { SigningProfileVersionArns: [profile.profileVersionArn] },
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
      }),
    );
    cscArn = csc.CodeSigningConfig!.CodeSigningConfigArn!;
    const signing = [
      '--signing-profiles',
      'Clocked=ShortLived',
      '--parameter-overrides',
      `CodeSigningConfigArn=${cscArn}`,
    ];
    const first = parsed<DeployDocument>(await deploy(...signing, '--json'));
    expect(first.status).toBe('CREATE_COMPLETE');
    functionArn = first.outputs.ClockedArn!;
    const deployed = await codeSha();

    await writeFile(join(root, 'src/index.mjs'), 'export const handler = async () => 2;\n');
    const packaged = parsed<PackageDocument>(
      await toolkit(
        'package',
        '--signing-profiles',
        'Clocked=ShortLived',
        '--output-template-file',
        'packaged.yaml',
        '--json',
      ),
    );
    const jobId = packaged.artifacts[0]!.signing!.jobId;
    const job = await cloud.signer.send(new DescribeSigningJobCommand({ jobId }));
    expect(Math.abs(job.signatureExpiresAt!.getTime() - job.createdAt!.getTime() - day)).toBeLessThan(60_000);

    offsetMs = 2 * day;
    const expired = await deploy('--template-file', 'packaged.yaml');
    expect(expired.exitCode).toBe(1);
    expect(expired.stderr).toContain(verificationFailure);
    expect(await stackStatus(cloud, 'clocked')).toBe('UPDATE_ROLLBACK_COMPLETE');
    expect(await codeSha()).toBe(deployed);
  });

  it('accepts the expired signature under Warn and records why', async () => {
    await setPolicy('Warn');
    const before = await codeSha();
    const run = parsed<DeployDocument>(await deploy('--template-file', 'packaged.yaml', '--json'));
    expect(run.status).toBe('UPDATE_COMPLETE');
    expect(await codeSha()).not.toBe(before);
    const metrics = parsed<MetricsDocument>(
      await runToolkit(['local', 'metrics', '--state-dir', stateDir(), '--json'], { cwd: root }),
    );
    expect(metrics.records).toEqual([expect.objectContaining({ artifactArn: functionArn, failure: 'expired' })]);
    expect(metrics.functions[0]?.signatureValidationErrors).toBe(1);
  });

  it('signs again from source, so the fresh signature passes Enforce', async () => {
    await setPolicy('Enforce');
    await writeFile(join(root, 'src/index.mjs'), 'export const handler = async () => 3;\n');
    const run = await deploy('--signing-profiles', 'Clocked=ShortLived', '--json');
    const document = parsed<DeployDocument>(run);
    expect(document.status).toBe('UPDATE_COMPLETE');
    const config = await cloud.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
    const job = await cloud.signer.send(
      new DescribeSigningJobCommand({ jobId: config.SigningJobArn!.split('/').pop()! }),
    );
    expect(job.signatureExpiresAt!.getTime()).toBeGreaterThan(Date.now() + offsetMs);
  });
});
