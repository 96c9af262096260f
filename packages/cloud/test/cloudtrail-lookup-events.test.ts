import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTool, tools } from '@toolkit/test-support';
import { readSignatureValidationMetrics } from '../src/index.ts';
import { ROLE, handlerZip, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { rawRequest, signFor } from './raw-http.ts';

const run = promisify(execFile);

// CloudTrail's event history holds the warnings of Warn-accepted deployments, as AWS documents for
// code signing; the AWS CLI reads them with LookupEvents, as a user reviewing a function would.
describe.skipIf(missingTool(tools.awsCli))('CloudTrail LookupEvents: Warn-accepted deployments', () => {
  let f: LambdaFixture;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    f = await startLambdaFixture();
    env = {
      PATH: process.env.PATH,
      HOME: f.stateDir,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_DEFAULT_REGION: f.cloud.region,
      AWS_CONFIG_FILE: join(f.stateDir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(f.stateDir, 'no-aws-credentials'),
    };
    const { CodeSigningConfig } = await f.lambda.send(
      new CreateCodeSigningConfigCommand({
        AllowedPublishers: {
          SigningProfileVersionArns: [`arn:aws:signer:us-east-1:000000000000:/signing-profiles/P/abcdefghij`],
        },
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
      }),
    );
    const deploy = { Runtime: 'nodejs20.x' as const, Role: ROLE, Handler: 'index.handler' };
    for (const name of ['warned', 'other']) {
      await f.lambda.send(
        new CreateFunctionCommand({
          ...deploy,
          FunctionName: name,
          Code: { ZipFile: handlerZip() },
          CodeSigningConfigArn: CodeSigningConfig!.CodeSigningConfigArn,
        }),
      );
    }
    await f.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'warned', ZipFile: handlerZip('again') }));
    // Without a configuration nothing is checked, so nothing is recorded.
    await f.lambda.send(
      new CreateFunctionCommand({ ...deploy, FunctionName: 'free', Code: { ZipFile: handlerZip() } }),
    );
  });
  afterAll(async () => {
    await f?.close();
  });

  async function aws(...args: string[]): Promise<{ Events: Record<string, unknown>[]; NextToken?: string }> {
    const { stdout } = await run('aws', [...args, '--endpoint-url', f.cloud.endpoint, '--output', 'json'], { env });
    return JSON.parse(stdout) as { Events: Record<string, unknown>[]; NextToken?: string };
  }

  it("lists a function's Warn-accepted deployments, newest first, with Lambda's validation results", async () => {
    const { Events } = await aws(
      'cloudtrail',
      'lookup-events',
      '--lookup-attributes',
      'AttributeKey=ResourceName,AttributeValue=warned',
    );
    expect(Events.map((e) => e.EventName)).toEqual(['UpdateFunctionCode20150331v2', 'CreateFunction20150331']);
    const records = readSignatureValidationMetrics(f.stateDir).records.filter((r) => r.functionName === 'warned');
    expect(records).toHaveLength(2);
    for (const [index, event] of Events.entries()) {
      const record = records[records.length - 1 - index]!;
      expect(event).toMatchObject({
        EventSource: 'lambda.amazonaws.com',
        ReadOnly: 'false',
        Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'warned' }],
      });
      // The AWS CLI v1 prints JSON 1.1 timestamps as the epoch seconds the wire carries.
      expect(new Date(Math.round((event.EventTime as number) * 1000)).toISOString()).toBe(record.recordedAt);
      const detail = JSON.parse(event.CloudTrailEvent as string) as Record<string, unknown>;
      expect(detail).toMatchObject({
        eventID: event.EventId,
        eventName: event.EventName,
        eventSource: 'lambda.amazonaws.com',
        awsRegion: f.cloud.region,
        recipientAccountId: f.cloud.accountId,
        requestParameters: { functionName: 'warned' },
        additionalEventData: {
          codeSigningPolicy: 'Warn',
          signatureValidationErrors: [
            { artifactArn: f.functionArn('warned'), failure: 'unsigned', reason: 'the package is not signed' },
          ],
        },
      });
    }
  });

  /** LookupEvents as raw signed JSON 1.1 (the AWS CLI, a Python start of seconds per call, reads the listing above). */
  async function lookup(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const answer = await rawRequest(f.cloud.endpoint, {
      method: 'POST',
      path: '/',
      headers: {
        authorization: signFor('cloudtrail'),
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents',
      },
      body: JSON.stringify(body),
    });
    return { status: answer.status, json: JSON.parse(answer.body) as Record<string, unknown> };
  }
  const names = (json: Record<string, unknown>) =>
    (json.Events as { Resources: { ResourceName: string }[] }[]).map((e) => e.Resources[0]!.ResourceName);

  it('filters by event name and time, pages with NextToken, and refuses what CloudTrail refuses', async () => {
    expect(names((await lookup({})).json).sort()).toEqual(['other', 'warned', 'warned']);
    const created = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateFunction20150331' }],
    });
    expect(names(created.json).sort()).toEqual(['other', 'warned']);
    expect((await lookup({ StartTime: Date.parse('2099-01-01T00:00:00Z') / 1000 })).json.Events).toEqual([]);
    const first = await lookup({ MaxResults: 2 });
    const second = await lookup({ MaxResults: 2, NextToken: first.json.NextToken });
    expect([...names(first.json), ...names(second.json)].sort()).toEqual(['other', 'warned', 'warned']);
    expect(second.json.NextToken).toBeUndefined();
    const refused = async (body: Record<string, unknown>) => {
      const answer = await lookup(body);
      expect(answer.status).toBe(400);
      return answer.json.__type;
    };
    expect(await refused({ MaxResults: 51 })).toBe('InvalidMaxResultsException');
    expect(await refused({ NextToken: 'bm90LWEtdG9rZW4' })).toBe('InvalidNextTokenException');
    expect(await refused({ StartTime: 1_900_000_000, EndTime: 1_800_000_000 })).toBe('InvalidTimeRangeException');
    expect(await refused({ LookupAttributes: [{ AttributeKey: 'Color', AttributeValue: 'red' }] })).toBe(
      'InvalidLookupAttributesException',
    );
    expect(
      await refused({
        LookupAttributes: [
          { AttributeKey: 'ResourceName', AttributeValue: 'warned' },
          { AttributeKey: 'EventName', AttributeValue: 'CreateFunction20150331' },
        ],
      }),
    ).toBe('InvalidLookupAttributesException');
  });
});
