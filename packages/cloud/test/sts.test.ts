import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

let fixture: CloudFixture;
beforeAll(async () => {
  fixture = await startFixture({ accountId: '123456789012' });
});
afterAll(() => fixture.close());

describe('STS', () => {
  it('GetCallerIdentity names the account root for the test key', async () => {
    const sts = new STSClient(cloudClientConfig(fixture.cloud.endpoint));
    const who = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(who.Account).toBe('123456789012');
    expect(who.Arn).toBe('arn:aws:iam::123456789012:root');
    expect(who.UserId).toBe('123456789012');
    expect(who.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GetCallerIdentity names an IAM user for any other access key', async () => {
    const sts = new STSClient(cloudClientConfig(fixture.cloud.endpoint, 'us-east-1', 'developer-1'));
    const who = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(who.Arn).toBe('arn:aws:iam::123456789012:user/developer-1');
    expect(who.UserId).toMatch(/^AIDA[0-9A-F]{17}$/);
  });

  it('answers an unknown action with a query-protocol error', async () => {
    const response = await fetch(fixture.cloud.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization:
          'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00',
      },
      body: 'Action=AssumeNothing&Version=2011-06-15',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('<Type>Sender</Type><Code>InvalidAction</Code>');
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
