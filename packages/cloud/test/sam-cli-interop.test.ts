import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { bodyBytes, startFixture, type CloudFixture } from './server-fixture.ts';
import { toolProblem, tools } from '@toolkit/test-support';

// SAM CLI itself is not installed here: sam-cli-calls.py makes the calls `sam package` and
// `sam deploy --signing-profiles` make, in SAM CLI's order and with its parameters, with boto3.

const SCRIPT = fileURLToPath(new URL('./sam-cli-calls.py', import.meta.url));
const pythonProblem = toolProblem(tools.boto3);

interface Call {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  outcome: string;
}

interface Report {
  calls: Call[];
  error?: string;
  result?: {
    signedFunction: string;
    signedLayer: string;
    functionVersion: string;
    reupload: string;
    created: {
      empty: boolean;
      changes: string[];
      final: string;
      outputs: { OutputKey: string; OutputValue: string }[];
    };
    unchanged: { empty: boolean };
    updated: { empty: boolean; changes: string[]; final: string };
  };
}

let f: CloudFixture;
let workdir = '';
beforeAll(async () => {
  f = await startFixture();
  workdir = await mkdtemp(join(tmpdir(), 'toolkit-sam-calls-'));
});
afterAll(async () => {
  await f?.close();
  await rm(workdir, { recursive: true, force: true });
});

function runScript(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('python3', [SCRIPT, f.cloud.endpoint, workdir], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('SAM CLI package and deploy --signing-profiles, call for call, against the local cloud', () => {
  it(
    'answers every S3, Signer and CloudFormation call SAM CLI makes, and deploys the signed code',
    { timeout: 120_000 },
    async () => {
      // Without python3 and boto3 this interop check cannot run: say so and fail, never pass quietly.
      expect(pythonProblem, `the SAM CLI interop check needs python3 with boto3: ${pythonProblem}`).toBeUndefined();
      const run = await runScript();
      const report = JSON.parse(run.stdout) as Report;
      const failed = report.calls.filter((call) => call.outcome.startsWith('FAILED'));
      expect({
        error: report.error,
        failed,
        stderr: run.stderr.split('\n').filter((line) => /Error|Traceback/.test(line)),
      }).toEqual({
        error: undefined,
        failed: [],
        stderr: [],
      });
      expect(run.code).toBe(0);

      const sequence = report.calls.map(
        (call) => `${call.service} ${call.operation}${call.outcome === 'ok' ? '' : ` (${call.outcome})`}`,
      );
      const signArtifact = (upload: string) => [
        's3 HeadObject (expected error 404)',
        `s3 ${upload}`,
        's3 GetObjectTagging',
        'signer StartSigningJob',
        'signer DescribeSigningJob (waiter successful_signing_job)',
        'signer DescribeSigningJob',
      ];
      const changeSet = (type: 'CREATE' | 'UPDATE', empty: boolean) => [
        ...(type === 'UPDATE' ? ['cloudformation GetTemplateSummary'] : []),
        empty ? 's3 HeadObject' : 's3 HeadObject (expected error 404)',
        ...(empty ? [] : ['s3 PutObject']),
        'cloudformation CreateChangeSet',
        'cloudformation DescribeChangeSet (waiter change_set_create_complete)',
        ...(empty
          ? []
          : [
              'cloudformation DescribeChangeSet (paginated)',
              'cloudformation DescribeStackEvents',
              'cloudformation ExecuteChangeSet',
              'cloudformation DescribeStackEvents (paginated)',
              `cloudformation DescribeStacks (waiter stack_${type.toLowerCase()}_complete)`,
              'cloudformation DescribeStacks',
            ]),
      ];
      expect(sequence).toEqual([
        ...signArtifact('PutObject'),
        ...signArtifact('CreateMultipartUpload+UploadPart+CompleteMultipartUpload'),
        's3 HeadObject',
        'cloudformation DescribeStacks (expected error ValidationError)',
        ...changeSet('CREATE', false),
        'cloudformation DescribeStacks',
        ...changeSet('UPDATE', true),
        ...changeSet('UPDATE', false),
      ]);

      const result = report.result!;
      // GetObjectTagging gave the version PutObject stored, and Signer signed exactly that one.
      const uploadedKey = result.reupload.replace('s3://sam-artifacts/', '');
      const head = await f.s3.send(new HeadObjectCommand({ Bucket: 'sam-artifacts', Key: uploadedKey }));
      expect(result.functionVersion).toBe(head.VersionId);
      expect(result.signedFunction).toMatch(/^s3:\/\/sam-artifacts\/sam-app\/signed_[0-9a-f-]{36}\.zip$/);
      expect(result.signedLayer).toMatch(/^s3:\/\/sam-artifacts\/sam-app\/signed_[0-9a-f-]{36}\.zip$/);
      expect(result.created).toMatchObject({ empty: false, final: 'CREATE_COMPLETE' });
      // The SAM transform suffixes a layer's logical id with a hash of its content.
      expect(result.created.changes.map((id) => id.replace(/^DepsLayer[0-9a-f]{10}$/, 'DepsLayer')).sort()).toEqual([
        'DepsLayer',
        'HelloFunction',
        'HelloFunctionRole',
      ]);
      expect(result.unchanged.empty).toBe(true);
      expect(result.updated).toMatchObject({ empty: false, final: 'UPDATE_COMPLETE', changes: ['HelloFunction'] });

      // The deployed function runs the signed package, byte for byte.
      const signed = await f.s3.send(
        new GetObjectCommand({
          Bucket: 'sam-artifacts',
          Key: result.signedFunction.replace('s3://sam-artifacts/', ''),
        }),
      );
      const signedSha = createHash('sha256')
        .update(await bodyBytes(signed.Body))
        .digest('base64');
      const lambda = new LambdaClient(cloudClientConfig(f.cloud.endpoint, f.cloud.region));
      const functionArn = result.created.outputs.find((output) => output.OutputKey === 'FunctionArn')?.OutputValue;
      const fn = await lambda.send(new GetFunctionCommand({ FunctionName: functionArn }));
      lambda.destroy();
      expect(fn.Configuration?.CodeSha256).toBe(signedSha);
    },
  );
});
