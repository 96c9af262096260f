import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetFunctionConfigurationCommand, InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { cloudClientConfig } from '@toolkit/cloud';
import type { Benchmark, BenchmarkResult } from '../lib/benchmark.ts';
import { createVersionedBucket } from '../lib/cloud-clients.ts';
import { startLocalCloud } from '../lib/local-cloud-process.ts';
import { runMeasured } from '../lib/measured-process.ts';
import { toolkitSpec } from '../lib/toolkit-command.ts';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Echo:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: echo/
      Runtime: nodejs22.x
      Handler: index.handler
Outputs:
  EchoName:
    Value: !Ref Echo
`;
const HANDLER = 'export const handler = async (event) => ({ echo: event.n });\n';

/** B9: cold start (deploy → first response) and warm invoke latency against a bare handler call. */
export const b9Invoke: Benchmark = {
  id: 'B9',
  title: 'invoke a deployed Node.js function: cold start, then warm invokes',
  target: 'warm invoke overhead over a bare handler call: p50 ≤ 2 ms, p99 ≤ 10 ms',
  async run(ctx): Promise<BenchmarkResult> {
    const cloud = await startLocalCloud({ stateDir: await ctx.scratch('b9-cloud') });
    const project = await ctx.scratch('b9-project');
    await mkdir(join(project, 'echo'));
    await writeFile(join(project, 'template.yaml'), TEMPLATE);
    await writeFile(join(project, 'echo', 'index.mjs'), HANDLER);
    await createVersionedBucket(cloud.endpoint, 'b9-artifacts');
    const lambda = new LambdaClient({ ...cloudClientConfig(cloud.endpoint), maxAttempts: 1 });
    try {
      ctx.log('B9 deploy and first invoke');
      const coldStarted = performance.now();
      const deploy = await runMeasured(
        toolkitSpec(
          [
            'deploy',
            '--json',
            '--template-file',
            'template.yaml',
            '--stack-name',
            'b9',
            '--endpoint-url',
            cloud.endpoint,
            '--s3-bucket',
            'b9-artifacts',
            '--capabilities',
            'CAPABILITY_IAM',
          ],
          { cwd: project, env: cloud.env },
        ),
      );
      const functionName = (JSON.parse(deploy.stdout) as { outputs: Record<string, string> }).outputs.EchoName!;
      const firstStarted = performance.now();
      await invokeOnce(lambda, functionName, 0);
      const firstInvokeMs = performance.now() - firstStarted;
      const coldMs = performance.now() - coldStarted;

      ctx.log(`B9 ${ctx.config.warmInvokes} warm invokes and bare handler calls`);
      const { handler } = (await import(pathToFileURL(join(project, 'echo', 'index.mjs')).href)) as {
        handler: (event: unknown) => Promise<unknown>;
      };
      const warm: number[] = [];
      const bare: number[] = [];
      // The same SDK call shape to the same endpoint with no function run: what the runtime hop adds is the rest.
      const read: number[] = [];
      // As many untimed rounds first: the client's and the cloud's code is still being compiled for
      // the first thousand or so calls (their p50 is about 0.5 ms above the steady state's).
      const rounds = ctx.config.warmInvokes;
      // Interleaved, so both see the same machine load.
      for (let i = -rounds; i < rounds; i++) {
        const timed = i >= 0;
        let started = performance.now();
        await invokeOnce(lambda, functionName, i);
        if (timed) warm.push(performance.now() - started);
        started = performance.now();
        await handler({ n: i });
        if (timed) bare.push(performance.now() - started);
        started = performance.now();
        await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: functionName }));
        if (timed) read.push(performance.now() - started);
      }
      const p = (values: number[], q: number) => percentile(values, q);
      const overhead50 = p(warm, 0.5) - p(bare, 0.5);
      const overhead99 = p(warm, 0.99) - p(bare, 0.99);
      const summary = (contender: string, values: number[]) => ({
        contender,
        runs: values.length,
        medianWallMs: p(values, 0.5),
        minWallMs: Math.min(...values),
        maxWallMs: Math.max(...values),
        medianRssKb: 0,
        maxRssKb: 0,
      });
      return {
        id: this.id,
        title: this.title,
        target: this.target,
        rows: [
          {
            workload: 'one Node.js function',
            summaries: [
              summary('cold: toolkit deploy → first response', [coldMs]),
              summary('first invoke (init included)', [firstInvokeMs]),
            ],
          },
          {
            workload: 'one Node.js function',
            summaries: [
              summary('warm invoke (SDK → cloud → runtime)', warm),
              summary('bare handler call', bare),
              summary('GetFunctionConfiguration (SDK → cloud, no runtime)', read),
            ],
            ratioLabel: `overhead p50 ${overhead50.toFixed(2)} ms, p99 ${overhead99.toFixed(2)} ms`,
          },
        ],
        checks: [
          { target: 'p50 overhead ≤ 2 ms', measured: `${overhead50.toFixed(2)} ms`, pass: overhead50 <= 2 },
          { target: 'p99 overhead ≤ 10 ms', measured: `${overhead99.toFixed(2)} ms`, pass: overhead99 <= 10 },
        ],
        notes: [
          `warm invoke p50 ${p(warm, 0.5).toFixed(2)} ms, p99 ${p(warm, 0.99).toFixed(2)} ms; bare call p50 ${p(bare, 0.5).toFixed(3)} ms, p99 ${p(bare, 0.99).toFixed(3)} ms (${warm.length} each, interleaved, after ${rounds} untimed rounds)`,
          `GetFunctionConfiguration p50 ${p(read, 0.5).toFixed(2)} ms, p99 ${p(read, 0.99).toFixed(2)} ms: the SDK and HTTP share of the overhead`,
          `cold start ${coldMs.toFixed(0)} ms = deploy ${deploy.wallMs.toFixed(0)} ms + first invoke ${firstInvokeMs.toFixed(0)} ms`,
        ],
      };
    } finally {
      lambda.destroy();
      await cloud.stop();
    }
  },
};

async function invokeOnce(lambda: LambdaClient, functionName: string, n: number): Promise<void> {
  const out = await lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(`{"n":${n}}`) }));
  const body = JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString()) as { echo?: number };
  if (out.FunctionError || body.echo !== n) throw new Error(`B9: invoke ${n} answered ${JSON.stringify(body)}`);
}

/** The q-quantile (nearest rank). */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
