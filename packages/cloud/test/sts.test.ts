import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { rawRequest, signFor } from './raw-http.ts';
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

  it('GetCallerIdentity names the developer identity for its key', async () => {
    const developer = fixture.cloud.credentials('developer');
    const sts = new STSClient({ ...cloudClientConfig(fixture.cloud.endpoint), credentials: developer });
    const who = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(who.Arn).toBe('arn:aws:iam::123456789012:user/developer');
    expect(who.UserId).toMatch(/^AIDA[0-9A-F]{17}$/);
  });

  it('refuses a key the state folder does not hold with InvalidClientTokenId', async () => {
    const sts = new STSClient(cloudClientConfig(fixture.cloud.endpoint, 'us-east-1', 'developer-1'));
    const refused = await sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => error);
    sts.destroy();
    expect(refused).toMatchObject({
      name: 'InvalidClientTokenId',
      message: 'The security token included in the request is invalid.',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('answers an unknown action with a query-protocol error', async () => {
    const response = await rawRequest(fixture.cloud.endpoint, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: signFor('sts') },
      body: 'Action=AssumeNothing&Version=2011-06-15',
    });
    expect(response.status).toBe(400);
    const text = response.body;
    expect(text).toContain('<Type>Sender</Type><Code>InvalidAction</Code>');
    expect(text).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/);
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
