import { CloudFormationClient, ListStacksCommand } from '@aws-sdk/client-cloudformation';
import { LambdaClient, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { CreateBucketCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ListSigningProfilesCommand, SignerClient } from '@aws-sdk/client-signer';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig } from '../src/index.ts';
import { presignedUrl } from '../src/iam/presign.ts';
import { sdkError } from './lambda-fixtures.ts';
import { rawRequest, signFor, signedHeaders } from './raw-http.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

let f: CloudFixture;
beforeAll(async () => {
  f = await startFixture();
  await f.s3.send(new CreateBucketCommand({ Bucket: 'signed' }));
  await f.s3.send(new PutObjectCommand({ Bucket: 'signed', Key: 'object.txt', Body: 'content' }));
});
afterAll(() => f.close());

type Credentials = { accessKeyId: string; secretAccessKey: string };

/** One cheap call per service, made with the given credentials and region; resolves its error (or undefined). */
async function callEvery(credentials: Credentials, region = 'us-east-1') {
  const config = { ...cloudClientConfig(f.cloud.endpoint, region), credentials, maxAttempts: 1 };
  const clients = {
    s3: new S3Client(config),
    sts: new STSClient(config),
    lambda: new LambdaClient(config),
    signer: new SignerClient(config),
    cloudformation: new CloudFormationClient(config),
  };
  try {
    return {
      s3: await sdkError(clients.s3.send(new ListBucketsCommand({}))),
      sts: await sdkError(clients.sts.send(new GetCallerIdentityCommand({}))),
      lambda: await sdkError(clients.lambda.send(new ListFunctionsCommand({}))),
      signer: await sdkError(clients.signer.send(new ListSigningProfilesCommand({}))),
      cloudformation: await sdkError(clients.cloudformation.send(new ListStacksCommand({}))),
    };
  } finally {
    for (const client of Object.values(clients)) client.destroy();
  }
}

const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('SigV4 verification', () => {
  it('refuses a wrong secret in every service, each in its own words', async () => {
    const errors = await callEvery({ accessKeyId: 'test', secretAccessKey: 'not-the-secret' });
    expect(errors).toEqual({
      s3: {
        name: 'SignatureDoesNotMatch',
        status: 403,
        message:
          'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
        type: undefined,
      },
      sts: { name: 'SignatureDoesNotMatch', status: 403, message: MISMATCH, type: 'Sender' },
      lambda: { name: 'InvalidSignatureException', status: 403, message: MISMATCH, type: 'User' },
      signer: { name: 'InvalidSignatureException', status: 403, message: MISMATCH, type: undefined },
      cloudformation: { name: 'SignatureDoesNotMatch', status: 403, message: MISMATCH, type: 'Sender' },
    });
  });

  it('refuses an access key the state folder does not hold', async () => {
    const errors = await callEvery({ accessKeyId: 'AKIANOTAKEY', secretAccessKey: 'whatever' });
    expect(Object.fromEntries(Object.entries(errors).map(([service, e]) => [service, [e.name, e.status]]))).toEqual({
      s3: ['InvalidAccessKeyId', 403],
      sts: ['InvalidClientTokenId', 403],
      lambda: ['UnrecognizedClientException', 403],
      signer: ['UnrecognizedClientException', 403],
      cloudformation: ['InvalidClientTokenId', 403],
    });
  });

  it('refuses a scope that names no region, and a signature moved to another region', async () => {
    const errors = await callEvery(f.cloud.credentials(), 'moon-base');
    expect(errors.s3).toMatchObject({
      name: 'AuthorizationHeaderMalformed',
      status: 400,
      message: "The authorization header is malformed; the region 'moon-base' is wrong; expecting 'us-east-1'",
    });
    expect(errors.lambda).toMatchObject({ name: 'InvalidSignatureException', status: 403 });
    expect(errors.sts).toMatchObject({
      name: 'SignatureDoesNotMatch',
      message: 'Credential should be scoped to a valid region. ',
    });
    const url = new URL(f.cloud.endpoint);
    const headers = signedHeaders(url, 'GET', '/signed/object.txt', { authorization: signFor('s3') }, undefined);
    const moved = headers.authorization?.replace('/us-east-1/s3/', '/eu-west-1/s3/') ?? '';
    const answer = await rawRequest(f.cloud.endpoint, {
      path: '/signed/object.txt',
      headers: { ...headers, authorization: moved },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses a signature made for another service, and a body changed after signing', async () => {
    const url = new URL(f.cloud.endpoint);
    const path = '/2015-03-31/functions';
    const headers = signedHeaders(url, 'GET', path, { authorization: signFor('lambda') }, undefined);
    // The same signature presented as Signer's: the scope names the service, so the signature no longer matches.
    const asSigner = headers.authorization?.replace('/lambda/aws4_request', '/signer/aws4_request') ?? '';
    const moved = await rawRequest(f.cloud.endpoint, { path, headers: { ...headers, authorization: asSigner } });
    expect(moved.status).toBe(403);
    expect(moved.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    const body = 'Action=GetCallerIdentity&Version=2011-06-15';
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: signFor('sts') };
    const sent = signedHeaders(url, 'POST', '/', form, body);
    const changed = await rawRequest(f.cloud.endpoint, {
      method: 'POST',
      path: '/',
      headers: sent,
      body: body.replace('GetCallerIdentity', 'GetCallerIdentitx'),
    });
    expect(changed.status).toBe(403);
    expect(changed.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses a request signed outside the 15-minute clock skew', async () => {
    const s3 = new S3Client({
      ...cloudClientConfig(f.cloud.endpoint),
      systemClockOffset: -20 * 60_000,
      maxAttempts: 1,
    });
    const refused = await sdkError(s3.send(new ListBucketsCommand({})));
    s3.destroy();
    expect(refused).toMatchObject({ name: 'RequestTimeTooSkewed', status: 403 });
  });

  it('serves a presigned GET, and refuses it expired or with its query tampered', async () => {
    const presign = (now: Date, expiresSeconds = 60) =>
      new URL(
        presignedUrl({
          endpoint: f.cloud.endpoint,
          path: '/signed/object.txt',
          identity: f.cloud.credentials(),
          region: 'us-east-1',
          service: 's3',
          now,
          expiresSeconds,
        }),
      );
    const get = (url: URL) => rawRequest(f.cloud.endpoint, { path: `${url.pathname}${url.search}` });
    const fresh = presign(new Date());
    expect((await get(fresh)).body).toBe('content');
    const expired = await get(presign(new Date(Date.now() - 3_600_000)));
    expect(expired.status).toBe(403);
    expect(expired.body).toContain('<Code>AccessDenied</Code><Message>Request has expired</Message>');
    const longer = new URL(fresh);
    longer.searchParams.set('X-Amz-Expires', '604800');
    const tampered = await get(longer);
    expect(tampered.status).toBe(403);
    expect(tampered.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const otherKey = new URL(fresh.href.replace('/signed/object.txt', '/signed/other.txt'));
    expect((await get(otherKey)).body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses unsigned and SigV2 requests', async () => {
    const unsigned = await rawRequest(f.cloud.endpoint, { path: '/signed/object.txt' });
    expect(unsigned.status).toBe(403);
    expect(unsigned.body).toContain('<Code>AccessDenied</Code>');
    const v2 = await rawRequest(f.cloud.endpoint, {
      path: '/signed/object.txt',
      headers: { authorization: 'AWS test:c2lnbmF0dXJl' },
    });
    expect(v2.status).toBe(400);
    expect(v2.body).toContain('<Code>InvalidRequest</Code>');
  });
});
