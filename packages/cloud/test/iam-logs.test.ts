import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig, createStateIdentity } from '../src/index.ts';
import { sdkError } from './lambda-fixtures.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

const ACCOUNT = '000000000000';
let f: CloudFixture;
const clients: CloudWatchLogsClient[] = [];
const logsAs = (credentials: { accessKeyId: string; secretAccessKey: string }) => {
  const client = new CloudWatchLogsClient({ ...cloudClientConfig(f.cloud.endpoint), credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  f = await startFixture();
  await logsAs(f.cloud.credentials('admin')).send(new CreateLogGroupCommand({ logGroupName: '/aws/lambda/orders' }));
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await f?.close();
});

describe('CloudWatch Logs under IAM', () => {
  it("lets the developer read its functions' logs", async () => {
    const dev = logsAs(f.cloud.credentials('developer'));
    const groups = await dev.send(new DescribeLogGroupsCommand({}));
    expect(groups.logGroups?.map((g) => g.logGroupName)).toEqual(['/aws/lambda/orders']);
  });

  it('refuses an identity whose policy grants no logs action, naming the log group', async () => {
    const created = await createStateIdentity(
      f.stateDir,
      ACCOUNT,
      'lambda-only',
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'lambda:*', Resource: '*' }] }),
    );
    if (created === 'exists') throw new Error('the identity exists already');
    const outsider = logsAs(created);
    const refused = await sdkError(
      outsider.send(new GetLogEventsCommand({ logGroupName: '/aws/lambda/orders', logStreamName: 's' })),
    );
    expect(refused.name).toBe('AccessDeniedException');
    expect(refused.message).toBe(
      `User: arn:aws:iam::${ACCOUNT}:user/lambda-only is not authorized to perform: logs:GetLogEvents on resource: arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/orders because no identity-based policy allows the logs:GetLogEvents action`,
    );
  });
});
