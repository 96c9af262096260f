import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyBytes, startFixture, type CloudFixture } from './server-fixture.ts';
import { missingTool, tools } from '@toolkit/test-support';

const run = promisify(execFile);

let fixture: CloudFixture;
let work = '';

/** Runs `aws --endpoint-url <cloud> …args` with test credentials; resolves its stdout. */
async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run('aws', ['--endpoint-url', fixture.cloud.endpoint, ...args], {
    cwd: work,
    env: {
      PATH: process.env.PATH,
      HOME: work,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(work, 'no-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-credentials'),
    },
  });
  return stdout;
}

describe.skipIf(missingTool(tools.awsCli))('AWS CLI against the local cloud', () => {
  beforeAll(async () => {
    fixture = await startFixture();
    work = await mkdtemp(join(tmpdir(), 'toolkit-awscli-'));
  });
  afterAll(async () => {
    await fixture?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('makes a bucket, copies files up and down, and lists them', async () => {
    expect(await aws('s3', 'mb', 's3://cli-bucket')).toBe('make_bucket: cli-bucket\n');
    await writeFile(join(work, 'up.txt'), 'hello from the cli\n');
    expect(await aws('s3', 'cp', 'up.txt', 's3://cli-bucket/docs/up.txt', '--no-progress')).toBe(
      'upload: ./up.txt to s3://cli-bucket/docs/up.txt\n',
    );
    const got = await fixture.s3.send(new GetObjectCommand({ Bucket: 'cli-bucket', Key: 'docs/up.txt' }));
    expect((await bodyBytes(got.Body)).toString()).toBe('hello from the cli\n');
    expect(got.ContentType).toBe('text/plain');

    expect(await aws('s3', 'cp', 's3://cli-bucket/docs/up.txt', 'down.txt', '--no-progress')).toBe(
      'download: s3://cli-bucket/docs/up.txt to ./down.txt\n',
    );
    expect(await readFile(join(work, 'down.txt'), 'utf8')).toBe('hello from the cli\n');

    expect(await aws('s3', 'ls')).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d cli-bucket\n$/);
    expect(await aws('s3', 'ls', 's3://cli-bucket')).toBe('                           PRE docs/\n');
    expect(await aws('s3', 'ls', 's3://cli-bucket', '--recursive')).toMatch(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {9}19 docs\/up\.txt\n$/,
    );
  });

  it('turns versioning on and reads it back', async () => {
    expect(await aws('s3api', 'get-bucket-versioning', '--bucket', 'cli-bucket')).toBe('');
    await aws(
      's3api',
      'put-bucket-versioning',
      '--bucket',
      'cli-bucket',
      '--versioning-configuration',
      'Status=Enabled',
    );
    expect(JSON.parse(await aws('s3api', 'get-bucket-versioning', '--bucket', 'cli-bucket'))).toEqual({
      Status: 'Enabled',
    });
    const put = JSON.parse(
      await aws('s3api', 'put-object', '--bucket', 'cli-bucket', '--key', 'v.txt', '--body', 'up.txt'),
    );
    expect(put.VersionId).toMatch(/^[\w-]{32}$/);
    const head = JSON.parse(
      await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'v.txt', '--version-id', put.VersionId),
    );
    expect(head).toMatchObject({ ContentLength: 19, VersionId: put.VersionId });
  });

  it('uploads and downloads a multipart file intact', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32BE(i, i);
    await writeFile(join(work, 'big.bin'), big);
    await aws('s3', 'cp', 'big.bin', 's3://cli-bucket/big.bin', '--no-progress');
    const head = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big.bin'));
    expect(head.ETag).toMatch(/-\d+"$/);
    await aws('s3', 'cp', 's3://cli-bucket/big.bin', 'big-down.bin', '--no-progress');
    expect((await readFile(join(work, 'big-down.bin'))).equals(big)).toBe(true);
  });

  it('reports S3 errors the way the CLI expects', async () => {
    const failure = await aws('s3api', 'head-bucket', '--bucket', 'absent-bucket').catch(
      (error: { stderr: string }) => error.stderr,
    );
    expect(failure).toContain('An error occurred (404) when calling the HeadBucket operation: Not Found');
    const noKey = await aws('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'nope', 'out.bin').catch(
      (error: { stderr: string }) => error.stderr,
    );
    expect(noKey).toContain(
      'An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.',
    );
  });
});
