import { CreateStackCommand, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, FilterLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { codeZip } from './lambda-invoke-fixtures.ts';

/** Logs each record it gets on one line, `RECORD {eventName} {key}`, and the whole record after it. */
const RECORDER = codeZip({
  'index.js': `exports.handler = async (event) => {
  for (const record of event.Records) console.log('RECORD', record.eventName, record.s3.object.key, JSON.stringify(record));
};
`,
});

/** SAM's S3 events: created objects under `in/` ending `.txt`, and every removal, on one function. */
const TEMPLATE = (bucket: string, key: string) => `
Transform: AWS::Serverless-2016-10-31
Resources:
  Uploads:
    Type: AWS::S3::Bucket
    Properties: { VersioningConfiguration: { Status: Enabled } }
  Recorder:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      CodeUri: s3://${bucket}/${key}
      Events:
        Created:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
            Filter: { S3Key: { Rules: [{ Name: prefix, Value: in/ }, { Name: suffix, Value: .txt }] } }
        Removed:
          Type: S3
          Properties: { Bucket: !Ref Uploads, Events: s3:ObjectRemoved:* }
  Unpermitted:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: arn:aws:iam::000000000000:role/none
      Code: { S3Bucket: ${bucket}, S3Key: ${key} }
Outputs:
  Bucket: { Value: !Ref Uploads }
  RecorderName: { Value: !Ref Recorder }
  UnpermittedArn: { Value: !GetAtt Unpermitted.Arn }
`;

describe('S3 event notifications invoke Lambda functions', () => {
  let f: CfnFixture;
  let logs: CloudWatchLogsClient;
  const outputs = new Map<string, string>();
  beforeAll(async () => {
    f = await startCfnFixture();
    logs = new CloudWatchLogsClient({ ...cloudClientConfig(f.cloud.endpoint, f.cloud.region), maxAttempts: 1 });
    const code = await f.upload('code/recorder.zip', RECORDER);
    await f.cfn.send(
      new CreateStackCommand({
        StackName: 'notify',
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'],
        TemplateBody: TEMPLATE(f.artifactBucket, code.key),
      }),
    );
    const stack = await f.waitForStack('notify');
    expect([stack.StackStatus, stack.StackStatusReason]).toEqual(['CREATE_COMPLETE', undefined]);
    const { Stacks } = await f.cfn.send(new DescribeStacksCommand({ StackName: 'notify' }));
    for (const o of Stacks?.[0]?.Outputs ?? []) outputs.set(o.OutputKey ?? '', o.OutputValue ?? '');
  });
  afterAll(async () => {
    logs?.destroy();
    await f?.close();
  });

  const bucket = () => outputs.get('Bucket') ?? '';
  /** The records the function logged, in order; waits (a bounded number of polls) until `count` arrived. */
  async function recorded(count: number): Promise<{ line: string; record: any }[]> {
    for (let attempt = 0; attempt < 400; attempt++) {
      // The log group exists from the function's first log line on.
      const { events = [] } = await logs
        .send(new FilterLogEventsCommand({ logGroupName: `/aws/lambda/${outputs.get('RecorderName')}` }))
        .catch((error: unknown) => {
          if ((error as Error).name === 'ResourceNotFoundException') return { events: [] };
          throw error;
        });
      const lines = events.map((e) => e.message ?? '').filter((m) => m.includes('RECORD '));
      if (lines.length >= count)
        return lines.map((line) => ({
          line: line.slice(line.indexOf('RECORD ')),
          record: JSON.parse(line.slice(line.indexOf('{'))),
        }));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`fewer than ${count} records arrived`);
  }

  it('sends matching creations and every removal, with S3’s record: encoded key, size, ETag, version', async () => {
    const put = await f.s3.send(new PutObjectCommand({ Bucket: bucket(), Key: 'in/a b.txt', Body: 'hello' }));
    await f.s3.send(new PutObjectCommand({ Bucket: bucket(), Key: 'out/skipped.txt', Body: 'x' }));
    await f.s3.send(new PutObjectCommand({ Bucket: bucket(), Key: 'in/skipped.json', Body: 'x' }));
    await f.s3.send(
      new CopyObjectCommand({ Bucket: bucket(), Key: 'in/copy.txt', CopySource: `${bucket()}/in/a%20b.txt` }),
    );
    await f.s3.send(new DeleteObjectCommand({ Bucket: bucket(), Key: 'out/skipped.txt' }));
    const records = await recorded(3);
    // Asynchronous invokes may run side by side: their records are compared in name order.
    const byLine = [...records].sort((a, b) => a.line.localeCompare(b.line));
    expect(byLine.map((r) => r.line.split(' ').slice(0, 3).join(' '))).toEqual([
      'RECORD ObjectCreated:Copy in/copy.txt',
      'RECORD ObjectCreated:Put in/a+b.txt',
      'RECORD ObjectRemoved:DeleteMarkerCreated out/skipped.txt',
    ]);
    const [copied, created] = byLine;
    expect(created!.record).toMatchObject({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      s3: {
        bucket: { name: bucket(), arn: `arn:aws:s3:::${bucket()}` },
        object: { key: 'in/a+b.txt', size: 5, eTag: put.ETag?.replaceAll('"', ''), versionId: put.VersionId },
      },
    });
    expect(created!.record.s3.object.sequencer < copied!.record.s3.object.sequencer).toBe(true);
  });

  it('reports the configuration SAM wrote, and refuses destinations S3 could not validate', async () => {
    const config = await f.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket() }));
    expect(config.LambdaFunctionConfigurations?.map((c) => [c.Events, c.Filter?.Key?.FilterRules])).toEqual([
      [
        ['s3:ObjectCreated:*'],
        [
          { Name: 'Prefix', Value: 'in/' },
          { Name: 'Suffix', Value: '.txt' },
        ],
      ],
      [['s3:ObjectRemoved:*'], undefined],
    ]);
    const refused = (configuration: object) =>
      f.s3.send(
        new PutBucketNotificationConfigurationCommand({ Bucket: bucket(), NotificationConfiguration: configuration }),
      );
    await expect(
      refused({
        LambdaFunctionConfigurations: [
          { LambdaFunctionArn: outputs.get('UnpermittedArn'), Events: ['s3:ObjectCreated:*'] },
        ],
      }),
    ).rejects.toMatchObject({
      name: 'InvalidArgument',
      message: 'Unable to validate the following destination configurations',
    });
    await expect(
      refused({
        QueueConfigurations: [{ QueueArn: 'arn:aws:sqs:us-east-1:000000000000:q', Events: ['s3:ObjectCreated:*'] }],
      }),
    ).rejects.toMatchObject({ name: 'InvalidArgument' });
    // Refused configurations leave the bucket's as it was.
    const after = await f.s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: bucket() }));
    expect(after.LambdaFunctionConfigurations).toHaveLength(2);
  });
});
