import { DescribeStacksCommand, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { GetFunctionCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCfnFixture, type CfnFixture } from './cloudformation-fixtures.ts';
import { ROLE, handlerZip, sdkError } from './lambda-fixtures.ts';
import { rawRequest, signFor, type RawRequestOptions } from './raw-http.ts';
import { bodyBytes } from './server-fixture.ts';

const CONSOLE_ORIGIN = 'http://console.localhost:3000';
const EVIL_ORIGIN = 'http://attacker.example';
const BUCKET = 'victim-bucket';
const FORM = 'application/x-www-form-urlencoded';

/** A query credential as a page can put in a URL (no Authorization header needs no preflight). */
const queryCredential = (service: string) =>
  `X-Amz-Credential=${encodeURIComponent(`test/20240101/us-east-1/${service}/aws4_request`)}`;
const authorization = signFor;

let f: CfnFixture;
beforeAll(async () => {
  f = await startCfnFixture({ allowedOrigins: [CONSOLE_ORIGIN] });
  await f.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await f.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'keep.txt', Body: 'keep' }));
  await f.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'evil.zip', Body: 'attacker code' }));
  await f.cfn.send(
    new CreateStackCommand({
      StackName: 'victim',
      TemplateBody: JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } } }),
    }),
  );
  await f.waitForStack('victim');
});
afterAll(() => f?.close());

function raw(options: RawRequestOptions) {
  return rawRequest(f.cloud.endpoint, options);
}

async function stackStatus(name: string): Promise<string | undefined> {
  const { Stacks } = await f.cfn.send(new DescribeStacksCommand({ StackName: name }));
  return Stacks?.[0]?.StackStatus;
}

async function keys(): Promise<string[]> {
  const listed = await f.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (listed.Contents ?? []).map((object) => object.Key ?? '');
}

describe('DNS rebinding: the Host must be loopback', () => {
  it('refuses a foreign Host with 421 and an AWS error body', async () => {
    const port = new URL(f.cloud.endpoint).port;
    for (const host of [
      `rebind.attacker.example:${port}`,
      `localhost.attacker.example:${port}`,
      `127.0.0.1.nip.io:${port}`,
      `10.0.0.1:${port}`,
    ]) {
      const res = await raw({ path: `/${BUCKET}`, headers: { host } });
      expect(res.status, host).toBe(421);
      expect(res.body).toContain('<Code>MisdirectedRequest</Code>');
      expect(res.body).not.toContain('keep.txt');
    }
  });

  it('serves loopback names and addresses, virtual-hosted buckets included', async () => {
    const port = new URL(f.cloud.endpoint).port;
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `127.0.0.2:${port}`,
      `[::1]:${port}`,
      `${BUCKET}.localhost:${port}`,
    ]) {
      const path = host.startsWith(BUCKET) ? '/?list-type=2' : `/${BUCKET}?list-type=2`;
      const res = await raw({ path, headers: { host, authorization: authorization('s3') } });
      expect(res.status, host).toBe(200);
      expect(res.body).toContain('<Key>keep.txt</Key>');
    }
  });
});

describe('cross-site requests', () => {
  it('refuses Lambda CreateFunction sent as text/plain from another origin', async () => {
    const body = JSON.stringify({
      FunctionName: 'planted',
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: handlerZip().toString('base64') },
    });
    const fromPage = await raw({
      method: 'POST',
      path: `/2015-03-31/functions?${queryCredential('lambda')}`,
      headers: { origin: EVIL_ORIGIN, 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
      body,
    });
    expect(fromPage.status).toBe(403);
    // Without the browser headers the query credential alone no longer routes to Lambda…
    const bare = await raw({
      method: 'POST',
      path: `/2015-03-31/functions?${queryCredential('lambda')}`,
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(bare.status).toBe(403);
    // …and a signed request must still send its JSON as JSON.
    const signed = await raw({
      method: 'POST',
      path: '/2015-03-31/functions',
      headers: { authorization: authorization('lambda'), 'content-type': 'text/plain' },
      body,
    });
    expect(signed.status).toBe(415);
    expect(signed.headers['x-amzn-errortype']).toBe('UnsupportedMediaTypeException');
    expect((await sdkError(f.lambda.send(new GetFunctionCommand({ FunctionName: 'planted' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('refuses CloudFormation DeleteStack posted by a form on another origin', async () => {
    const fromPage = await raw({
      method: 'POST',
      path: `/?${queryCredential('cloudformation')}`,
      headers: { origin: EVIL_ORIGIN, 'content-type': FORM },
      body: 'Action=DeleteStack&Version=2010-05-15&StackName=victim',
    });
    expect(fromPage.status).toBe(403);
    const bare = await raw({
      method: 'POST',
      path: `/?${queryCredential('cloudformation')}`,
      headers: { 'content-type': FORM },
      body: 'Action=DeleteStack&StackName=victim',
    });
    expect(bare.status).toBe(403);
    expect(bare.body).toContain('<Code>AccessDenied</Code>');
    expect(await stackStatus('victim')).toBe('CREATE_COMPLETE');
  });

  it('refuses S3 DeleteObjects from another site', async () => {
    const body = `<Delete><Object><Key>keep.txt</Key></Object><Object><Key>evil.zip</Key></Object></Delete>`;
    const withOrigin = await raw({
      method: 'POST',
      path: `/${BUCKET}?delete`,
      headers: { origin: EVIL_ORIGIN, 'content-type': 'text/plain' },
      body,
    });
    expect(withOrigin.status).toBe(403);
    expect(withOrigin.body).toContain('<Code>AccessDenied</Code>');
    const sameSite = await raw({
      method: 'POST',
      path: `/${BUCKET}?delete`,
      headers: { 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' },
      body,
    });
    expect(sameSite.status).toBe(403);
    expect((await keys()).sort()).toEqual(['evil.zip', 'keep.txt']);
  });

  it('serves an origin the cloud was started to allow', async () => {
    const res = await raw({
      path: `/${BUCKET}?list-type=2`,
      headers: { origin: `${CONSOLE_ORIGIN}/`, 'sec-fetch-site': 'same-site', authorization: authorization('s3') },
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain('<Key>keep.txt</Key>');
  });
});

describe('prototype pollution through the query codec', () => {
  it('refuses a polluting form POST, and PutObject then stores exactly its own bytes', async () => {
    const polluting = [
      `__proto__.x-amz-copy-source=${BUCKET}%2Fevil.zip`,
      `constructor.prototype.x-amz-copy-source=${BUCKET}%2Fevil.zip`,
      `Tags.entry.1.key=__proto__&Tags.entry.1.value=x`,
    ];
    for (const parameter of polluting) {
      const res = await raw({
        method: 'POST',
        path: '/',
        headers: { authorization: authorization('sts'), 'content-type': FORM },
        body: `Action=GetCallerIdentity&Version=2011-06-15&${parameter}`,
      });
      expect(res.status, parameter).toBe(400);
      expect(res.body).toContain('<Code>ValidationError</Code>');
    }
    expect(Object.prototype).not.toHaveProperty('x-amz-copy-source');
    const own = Buffer.from('the zip this client built');
    await f.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'artifact.zip', Body: own }));
    const stored = await f.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'artifact.zip' }));
    expect(await bodyBytes(stored.Body)).toEqual(own);
  });
});
