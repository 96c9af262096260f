import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import type { TestCloud } from '@toolkit/test-support';

const run = promisify(execFile);

/**
 * Runs `aws cloudformation package` (the AWS CLI's own artifact exporter, the reference) in `dir`
 * against the local cloud, into a new bucket `bucket`, writing the packaged template to `output`.
 */
export async function awsCliPackage(dir: string, cloud: TestCloud, bucket: string, output: string): Promise<void> {
  await cloud.s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const args = ['--template-file', 'template.yaml', '--s3-bucket', bucket, '--output-template-file', output];
  await run('aws', ['cloudformation', 'package', ...args], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      // The exporter's S3 client takes no --endpoint-url; it reads this one.
      AWS_ENDPOINT_URL: cloud.endpoint,
      AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    },
  });
}
