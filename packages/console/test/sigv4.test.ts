import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { signRequest, type UnsignedRequest } from '../src/app/sigv4.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const host = '127.0.0.1:4566';
const when = new Date('2026-12-02T04:05:06.789Z');

type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: Data): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** The hash constructor smithy's signer takes, on Node's crypto. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: Data) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

/** What the AWS SDK's own signer puts in the Authorization header for the same request. */
async function sdkAuthorization(request: UnsignedRequest, service: string): Promise<string> {
  const signer = new SignatureV4({
    service,
    region: 'us-east-1',
    credentials,
    sha256: NodeSha256,
    uriEscapePath: service !== 's3',
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 4566,
      path: request.path,
      query: Object.fromEntries(request.query),
      headers: { ...request.headers, host, 'x-amz-content-sha256': await sha256Hex(request.body) },
      body: request.body,
    },
    { signingDate: when },
  );
  return String(signed.headers.authorization);
}

async function sha256Hex(body: Uint8Array): Promise<string> {
  return createHash('sha256').update(body).digest('hex');
}

const text = (value: string) => new TextEncoder().encode(value);

// The console's one signing step, checked against the SDK's signer: when the cloud verifies
// signatures, the console's requests must carry exactly what an SDK would send.
describe("the console's SigV4 signing", () => {
  const cases: [string, string, UnsignedRequest][] = [
    [
      'a Lambda GET with an encoded ARN in its path',
      'lambda',
      {
        method: 'GET',
        path: `/2020-04-22/code-signing-configs/${encodeURIComponent('arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123')}/functions`,
        query: new URLSearchParams(),
        headers: {},
        body: new Uint8Array(),
      },
    ],
    [
      'a Signer PUT with a JSON body',
      'signer',
      {
        method: 'PUT',
        path: '/signing-profiles/Release_1',
        query: new URLSearchParams(),
        headers: { 'content-type': 'application/json' },
        body: text('{"platformId":"AWSLambda-SHA384-ECDSA","signatureValidityPeriod":{"value":135,"type":"MONTHS"}}'),
      },
    ],
    [
      'an S3 GET with a query and a key that needs encoding',
      's3',
      {
        method: 'GET',
        path: `/bucket/${encodeURIComponent('dir')}/${encodeURIComponent("a b+c(ü)'*.zip")}`,
        query: new URLSearchParams({ versionId: 'v1/2+3', 'list-type': '2' }),
        headers: {},
        body: new Uint8Array(),
      },
    ],
    [
      'a CloudFormation query POST',
      'cloudformation',
      {
        method: 'POST',
        path: '/',
        query: new URLSearchParams(),
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: text('Action=DescribeStacks&Version=2010-05-15&StackName=walk'),
      },
    ],
  ];

  it.each(cases)('signs %s as the SDK does', async (_title, service, request) => {
    const headers = await signRequest(request, host, service, 'us-east-1', credentials, when);
    expect(headers['x-amz-date']).toBe('20261202T040506Z');
    expect(headers.authorization).toBe(await sdkAuthorization(request, service));
  });
});
