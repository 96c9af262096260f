import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTool, tools } from '@toolkit/test-support';
import { cloudClientConfig } from '../src/index.ts';
import { startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { createCodeFunction } from './lambda-invoke-fixtures.ts';

const run = promisify(execFile);

describe.skipIf(missingTool(tools.awsCli))('AWS CLI invokes a function and reads its logs', () => {
  let f: LambdaFixture;
  let env: NodeJS.ProcessEnv;
  let logs: CloudWatchLogsClient;

  beforeAll(async () => {
    f = await startLambdaFixture();
    logs = new CloudWatchLogsClient(cloudClientConfig(f.cloud.endpoint, f.cloud.region));
    env = {
      PATH: process.env.PATH,
      HOME: f.stateDir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: f.cloud.region,
      AWS_CONFIG_FILE: join(f.stateDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(f.stateDir, 'no-aws-credentials'),
    };
    await createCodeFunction(f.lambda, 'hello', {
      'index.js':
        'exports.handler = async (event) => { console.log("saying hello to", event.name); return { hello: event.name }; };',
    });
  });
  afterAll(async () => {
    logs?.destroy();
    await f?.close();
  });

  async function aws(...args: string[]): Promise<Record<string, unknown>> {
    const { stdout } = await run('aws', [...args, '--endpoint-url', f.cloud.endpoint, '--output', 'json'], { env });
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  it('aws lambda invoke writes the result and the log tail; aws logs reads the log group', async () => {
    const outFile = join(f.stateDir, 'out.json');
    const meta = await aws(
      'lambda',
      'invoke',
      '--function-name',
      'hello',
      '--payload',
      '{"name":"cli"}',
      '--log-type',
      'Tail',
      outFile,
    );
    expect(meta).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(await readFile(outFile, 'utf8'))).toEqual({ hello: 'cli' });
    expect(Buffer.from(meta.LogResult as string, 'base64').toString()).toContain('\tINFO\tsaying hello to cli\n');

    // Listing through the SDK keeps this file to three AWS CLI runs (each starts Python).
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/aws/lambda/' }));
    expect(groups.logGroups).toEqual([expect.objectContaining({ logGroupName: '/aws/lambda/hello' })]);
    const streams = (await logs.send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/hello' }))).logStreams!;
    expect(streams).toHaveLength(1);
    expect(streams[0]!.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    const events = (
      await aws(
        'logs',
        'get-log-events',
        '--log-group-name',
        '/aws/lambda/hello',
        '--log-stream-name',
        streams[0]!.logStreamName!,
        '--start-from-head',
      )
    ).events as { message: string }[];
    const messages = events.map((event) => event.message);
    expect(messages[0]).toMatch(/^START RequestId: \S+ Version: \$LATEST$/);
    expect(messages.some((m) => m.endsWith('\tINFO\tsaying hello to cli'))).toBe(true);
    expect(messages.at(-2)).toMatch(/^END RequestId: /);
    expect(messages.at(-1)).toMatch(
      /^REPORT RequestId: \S+\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB/,
    );

    const filtered = (
      await aws('logs', 'filter-log-events', '--log-group-name', '/aws/lambda/hello', '--filter-pattern', 'REPORT')
    ).events as {
      message: string;
    }[];
    expect(filtered).toHaveLength(1);
  });

  it('CloudWatch Logs names a missing log group as AWS does', async () => {
    const failure = await logs
      .send(new DescribeLogStreamsCommand({ logGroupName: '/aws/lambda/none' }))
      .catch((error: Error) => error);
    expect(failure).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'The specified log group does not exist.',
    });
  });
});
