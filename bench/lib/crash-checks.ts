import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsCliPath } from './toolkit-command.ts';
import { cloudClientConfig } from '@toolkit/cloud';

/** An object a run was told was stored: it must survive any later crash. */
export interface AckedObject {
  bucket: string;
  key: string;
  versionId?: string;
  /** Hex SHA-256 of the body when the writer knew it. */
  sha256?: string;
}

/** A stack state a run was told was reached. */
export interface AckedStack {
  stackName: string;
  status: string;
  /** Whether a later, unacknowledged operation may have changed it since (the killed run's own). */
  mayHaveMoved: boolean;
}

/** Problems found, one line each; empty when every acknowledged object is intact. */
export async function checkObjects(endpoint: string, objects: readonly AckedObject[]): Promise<string[]> {
  const s3 = new S3Client(cloudClientConfig(endpoint));
  const problems: string[] = [];
  try {
    for (const object of objects) {
      const name = `s3://${object.bucket}/${object.key}${object.versionId ? `?versionId=${object.versionId}` : ''}`;
      try {
        const got = await s3.send(
          new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId }),
        );
        const bytes = Buffer.from(await got.Body!.transformToByteArray());
        const digest = createHash('sha256').update(bytes).digest('hex');
        if (object.sha256 && digest !== object.sha256)
          problems.push(`${name}: body changed (sha256 ${digest}, acknowledged ${object.sha256})`);
      } catch (error) {
        problems.push(`${name}: ${(error as Error).name}: ${(error as Error).message}`);
      }
    }
  } finally {
    s3.destroy();
  }
  return problems;
}

/** Problems with acknowledged stacks once the restarted cloud has settled them; empty when all hold. */
export async function checkStacks(endpoint: string, stacks: readonly AckedStack[]): Promise<string[]> {
  const problems: string[] = [];
  const statuses = await settledStackStatuses(endpoint);
  for (const stack of stacks) {
    const status = statuses.get(stack.stackName);
    if (!status) problems.push(`${stack.stackName}: gone (acknowledged ${stack.status})`);
    else if (!stack.mayHaveMoved && status !== stack.status)
      problems.push(`${stack.stackName}: ${status} (acknowledged ${stack.status})`);
    // An operation the crash cut short ends as *_FAILED (the engine marks it at restart); it must not hang or lose the stack.
    else if (
      stack.mayHaveMoved &&
      (status.endsWith('_IN_PROGRESS') || status.startsWith('DELETE_') || status === 'ROLLBACK_COMPLETE')
    ) {
      problems.push(`${stack.stackName}: ${status} after restart (it was ${stack.status})`);
    }
  }
  return problems;
}

/** Every stack's status, after waiting (bounded) for the restarted cloud to finish or roll back interrupted operations. */
async function settledStackStatuses(endpoint: string): Promise<Map<string, string>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const described = JSON.parse(await aws(endpoint, ['cloudformation', 'describe-stacks'])) as {
      Stacks: { StackName: string; StackStatus: string }[];
    };
    const statuses = new Map(described.Stacks.map((s) => [s.StackName, s.StackStatus]));
    if (![...statuses.values()].some((s) => s.endsWith('_IN_PROGRESS')) || Date.now() > deadline) return statuses;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Runs the AWS CLI against `endpoint` and returns its stdout. */
export function aws(endpoint: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      awsCliPath(),
      [...args, '--endpoint-url', endpoint, '--output', 'json'],
      {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          AWS_DEFAULT_REGION: 'us-east-1',
          AWS_PAGER: '',
        },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) =>
        error ? reject(new Error(`aws ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
  });
}
