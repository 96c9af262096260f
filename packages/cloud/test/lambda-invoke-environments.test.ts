import { InvokeCommand } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { launchFor } from '../src/plugins/lambda/runtime/runtime-launch.ts';
import { sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { createCodeFunction, payloadJson, processAlive } from './lambda-invoke-fixtures.ts';

describe('Lambda execution environments under the pool limits', () => {
  let f: LambdaFixture;

  beforeAll(async () => {
    f = await startLambdaFixture({ knobs: { lambdaMaxEnvironments: 1, lambdaIdleMs: 200 } });
    await createCodeFunction(f.lambda, 'slow', {
      'index.js':
        'exports.handler = async () => { await new Promise((r) => setTimeout(r, 400)); return process.pid; };',
    });
  });
  afterAll(async () => {
    await f?.close();
  });

  it('throttles an invoke past the environment limit with TooManyRequestsException', async () => {
    const first = f.lambda.send(new InvokeCommand({ FunctionName: 'slow' }));
    // The first invoke holds the only environment once the cloud has started it.
    await expect
      .poll(async () => (await sdkError(f.lambda.send(new InvokeCommand({ FunctionName: 'slow' })))).name)
      .toBe('TooManyRequestsException');
    const pid = payloadJson((await first).Payload) as number;
    expect(processAlive(pid)).toBe(true);
  });

  it('keeps the head and tail of a flood of output, not all of it', async () => {
    await createCodeFunction(
      f.lambda,
      'flood',
      {
        'index.js':
          'exports.handler = async () => { for (let i = 0; i < 8; i++) process.stdout.write(String(i).padStart(2, "0") + "x".repeat(1 << 20) + "\\n"); return "done"; };',
      },
      { Timeout: 60 },
    );
    const out = await f.lambda.send(new InvokeCommand({ FunctionName: 'flood', LogType: 'Tail' }));
    expect(payloadJson(out.Payload)).toBe('done');
    const logs = new CloudWatchLogsClient(cloudClientConfig(f.cloud.endpoint, f.cloud.region));
    try {
      const found = await logs.send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/flood' }));
      const messages = (found.events ?? []).map((event) => event.message ?? '');
      expect(messages).toContain('[… output left out …]');
      expect(messages.some((m) => m.startsWith('00x'))).toBe(true);
      expect(messages.some((m) => m.startsWith('07x'))).toBe(true);
      expect(messages.some((m) => m.startsWith('03x'))).toBe(false);
    } finally {
      logs.destroy();
    }
  });

  it('queues Event invokes past the environment limit until one is free, without spending their retries', async () => {
    await createCodeFunction(
      f.lambda,
      'queued',
      {
        'index.js':
          'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, 100)); console.log("ran", event.n); };',
      },
      { Timeout: 30 },
    );
    for (const n of [1, 2, 3])
      await f.lambda.send(
        new InvokeCommand({ FunctionName: 'queued', InvocationType: 'Event', Payload: Buffer.from(`{"n":${n}}`) }),
      );
    const logs = new CloudWatchLogsClient(cloudClientConfig(f.cloud.endpoint, f.cloud.region));
    try {
      const ran = async () => {
        const found = await logs
          .send(new FilterLogEventsCommand({ logGroupName: '/aws/lambda/queued', filterPattern: 'ran' }))
          .catch(() => ({ events: [] }));
        return (found.events ?? []).map((event) => event.message?.split('\t').at(-1)).sort();
      };
      await expect.poll(ran, { timeout: 20_000 }).toEqual(['ran 1', 'ran 2', 'ran 3']);
    } finally {
      logs.destroy();
    }
  });

  it('stops an idle environment after the idle time', async () => {
    const pid = payloadJson((await f.lambda.send(new InvokeCommand({ FunctionName: 'slow' }))).Payload) as number;
    expect(processAlive(pid)).toBe(true);
    await expect.poll(() => processAlive(pid), { timeout: 5000 }).toBe(false);
  });
});

describe('runtimes the machine cannot run', () => {
  const input = {
    functionName: 'f',
    version: '$LATEST',
    handler: 'app.handler',
    memoryMb: 128,
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:1',
    logGroup: '/aws/lambda/f',
    logStream: 's',
    variables: {},
    taskRoot: '/nonexistent',
    layerRoots: [],
    clientsDir: '/nonexistent',
  };

  it('names the runtime and the missing interpreter', () => {
    expect(() => launchFor({ ...input, runtime: 'python3.12' }, '')).toThrow(
      'The local cloud cannot run runtime python3.12: python3 was not found on PATH.',
    );
    expect(() => launchFor({ ...input, runtime: 'ruby3.3' }, '')).toThrow('cannot run runtime ruby3.3');
  });
});
