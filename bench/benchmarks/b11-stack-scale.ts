import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cloudClientConfig } from '@toolkit/cloud';
import type { Benchmark, BenchmarkResult, ResultRow } from '../lib/benchmark.ts';
import { createVersionedBucket } from '../lib/cloud-clients.ts';
import { startLocalCloud } from '../lib/local-cloud-process.ts';
import { summarise, type Sample } from '../lib/statistics.ts';

/** A stack of `functions` Lambda functions, each with a log group its environment names (2 resources each). */
function stackTemplate(functions: number, changedMarker: string): string {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < functions; i++) {
    resources[`Logs${i}`] = { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 7 } };
    resources[`Fn${i}`] = {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Role: 'arn:aws:iam::000000000000:role/bench',
        Code: { ZipFile: `exports.handler = async () => '${i === 0 ? changedMarker : 'same'}';` },
        Environment: { Variables: { LOG_GROUP: { Ref: `Logs${i}` } } },
      },
    };
  }
  return JSON.stringify({ Resources: resources });
}

/**
 * B11: the CloudFormation engine's cost per resource event. A first deploy of 10 / 50 / 200
 * functions (20 / 100 / 400 resources), then redeploys that change one function: with a
 * constant per-event cost the 200-function redeploy takes about as long as the 10-function one.
 */
export const b11StackScale: Benchmark = {
  id: 'B11',
  title: 'local CloudFormation: first deploy of 10 / 50 / 200 functions, then one-function redeploys',
  target: 'the 200-function redeploy within 1.5× of the 10-function one',
  async run(ctx): Promise<BenchmarkResult> {
    const cloud = await startLocalCloud({ stateDir: await ctx.scratch('b7-cloud') });
    const config = { ...cloudClientConfig(cloud.endpoint), maxAttempts: 1 };
    const cfn = new CloudFormationClient(config);
    const s3 = new S3Client(config);
    const bucket = 'b7-templates';
    let uploads = 0;
    // Templates of 200 functions pass CloudFormation's 51,200-byte TemplateBody limit: send them through S3.
    const templateUrl = async (body: string) => {
      const key = `template-${++uploads}.json`;
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      return `${cloud.endpoint}/${bucket}/${key}`;
    };
    // The end is the time of the stack's own *_COMPLETE event, as the engine stamped it: polling
    // only finds out that it happened, so the 10 ms between polls does not round the result.
    const timed = async (stackName: string, start: () => Promise<unknown>): Promise<Sample> => {
      const started = Date.now();
      await start();
      for (;;) {
        const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
        const status = Stacks?.[0]?.StackStatus ?? '';
        if (status.endsWith('_COMPLETE') && !status.includes('ROLLBACK')) break;
        if (/(FAILED|ROLLBACK)/.test(status)) throw new Error(`B11: ${stackName} ended in ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const { StackEvents = [] } = await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }));
      const completed = StackEvents.find(
        (event) => event.LogicalResourceId === stackName && (event.ResourceStatus ?? '').endsWith('_COMPLETE'),
      )?.Timestamp;
      if (!completed) throw new Error(`B11: ${stackName} has no completion event`);
      return { wallMs: completed.getTime() - started, peakRssKb: 0 };
    };
    try {
      await createVersionedBucket(cloud.endpoint, bucket);
      const rows: ResultRow[] = [];
      const redeployMedians = new Map<number, number>();
      for (const functions of ctx.config.stackSizes) {
        const stackName = `b7-${functions}`;
        ctx.log(`B11 ${functions} functions`);
        const firstUrl = await templateUrl(stackTemplate(functions, 'v0'));
        const first = await timed(stackName, () =>
          cfn.send(new CreateStackCommand({ StackName: stackName, TemplateURL: firstUrl })),
        );
        const redeploys: Sample[] = [];
        // Run 0 is an untimed warm-up: the smallest stack goes first, and would otherwise pay for a cold engine.
        for (let run = 0; run <= ctx.config.runs; run++) {
          const url = await templateUrl(stackTemplate(functions, `v${run + 1}`));
          const sample = await timed(stackName, () =>
            cfn.send(new UpdateStackCommand({ StackName: stackName, TemplateURL: url })),
          );
          if (run > 0) redeploys.push(sample);
        }
        const a = summarise(`first deploy (${2 * functions} resources)`, [first]);
        const b = summarise('redeploy, one function changed', redeploys);
        redeployMedians.set(functions, b.medianWallMs);
        rows.push({ workload: `${functions} functions`, summaries: [a, b] });
      }
      const sizes = ctx.config.stackSizes;
      const smallest = redeployMedians.get(sizes[0]!) ?? Number.NaN;
      const largest = redeployMedians.get(sizes.at(-1)!) ?? Number.NaN;
      const ratio = largest / smallest;
      rows.at(-1)!.ratioLabel = `redeploy ${ratio.toFixed(2)}× the ${sizes[0]}-function one`;
      return {
        id: this.id,
        title: this.title,
        target: this.target,
        rows,
        checks: [
          {
            target: `redeploy of ${sizes.at(-1)} functions ≤ 1.5× that of ${sizes[0]} (medians)`,
            measured: `${ratio.toFixed(2)}×`,
            pass: ratio <= 1.5,
          },
        ],
        notes: [
          'Timed through the CloudFormation API, without packaging: from the UpdateStack call to the time of the stack’s UPDATE_COMPLETE event.',
        ],
      };
    } finally {
      cfn.destroy();
      s3.destroy();
      await cloud.stop();
    }
  },
};
