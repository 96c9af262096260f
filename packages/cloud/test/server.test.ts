import { Agent } from 'node:http';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ServiceError,
  cloudClientConfig,
  expandQueryParams,
  jsonResponse,
  queryCodec,
  queryResponse,
  readQueryRequest,
  restJsonCodec,
  toXml,
  type PluginFactory,
} from '../src/index.ts';
import { pluginFactories } from '../src/plugins/index.ts';
import { rawRequest, signFor, signedChunks, signedHeaders, type RawRequestOptions } from './raw-http.ts';
import { presignedUrl } from '../src/iam/presign.ts';
import { bodyBytes, startFixture, type CloudFixture } from './server-fixture.ts';

/** A plugin that answers with each codec, to check routing and error rendering. */
const probePlugins: PluginFactory[] = [
  () => ({
    name: 'probe-json',
    codec: restJsonCodec({ errorBody: 'lambda' }),
    migrate() {},
    async handle(request) {
      if (request.path === '/fail') throw new ServiceError('ResourceNotFoundException', 404, 'Function not found: x');
      if (request.path === '/crash') throw new Error('unexpected');
      return jsonResponse(200, { path: request.path, region: request.scope?.region });
    },
  }),
  () => ({
    name: 'probe-query',
    codec: queryCodec(),
    migrate() {},
    async handle(request) {
      const query = await readQueryRequest(request);
      if (query.action === 'Fail') throw new ServiceError('ValidationError', 400, 'Stack with id x does not exist');
      return queryResponse(request, query.action, 'urn:probe', { Echo: JSON.stringify(query.params) });
    },
  }),
];

const auth = signFor;

let fixture: CloudFixture;
const unexpected: unknown[] = [];
beforeAll(async () => {
  fixture = await startFixture({
    plugins: [...pluginFactories, ...probePlugins],
    onError: (error) => unexpected.push(error),
  });
  await fixture.s3.send(new CreateBucketCommand({ Bucket: 'vhost-bucket' }));
});
afterAll(() => fixture.close());

/** A raw HTTP exchange with the cloud. */
function raw(options: RawRequestOptions) {
  return rawRequest(fixture.cloud.endpoint, options);
}

describe('server', () => {
  it('binds to 127.0.0.1 only', () => {
    expect(fixture.cloud.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('routes by the credential scope and renders rest-json errors with the plugin codec', async () => {
    const ok = await raw({ path: '/hello', headers: { authorization: auth('probe-json') } });
    expect(JSON.parse(ok.body)).toEqual({ path: '/hello', region: 'us-east-1' });
    expect(ok.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const fail = await raw({ path: '/fail', headers: { authorization: auth('probe-json') } });
    expect(fail.status).toBe(404);
    expect(fail.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
    expect(JSON.parse(fail.body)).toEqual({ Type: 'User', Message: 'Function not found: x' });
    const crash = await raw({ path: '/crash', headers: { authorization: auth('probe-json') } });
    expect(crash.status).toBe(500);
    expect(crash.headers['x-amzn-errortype']).toBe('InternalError');
    expect(unexpected).toEqual([new Error('unexpected')]);
  });

  it('routes presigned URLs by X-Amz-Credential for S3 GET/PUT only', async () => {
    const s3Credential = encodeURIComponent('AKID/20240101/us-east-1/s3/aws4_request');
    const presigned = (method: string) =>
      new URL(
        presignedUrl({
          method,
          endpoint: fixture.cloud.endpoint,
          path: '/vhost-bucket/presigned.txt',
          identity: fixture.cloud.credentials(),
          region: 'us-east-1',
          service: 's3',
          now: new Date(),
          expiresSeconds: 60,
        }),
      );
    const putUrl = presigned('PUT');
    const put = await raw({ method: 'PUT', path: `${putUrl.pathname}${putUrl.search}`, body: 'presigned' });
    expect(put.status).toBe(200);
    const getUrl = presigned('GET');
    expect((await raw({ path: `${getUrl.pathname}${getUrl.search}` })).body).toBe('presigned');
    const credential = encodeURIComponent('AKID/20240101/us-east-1/probe-json/aws4_request');
    const other = await raw({ path: `/presigned?X-Amz-Credential=${credential}&X-Amz-Signature=00` });
    expect(other.status).toBe(403);
    expect(other.body).toContain('<Code>AccessDenied</Code>');
    const post = await raw({ method: 'POST', path: `/vhost-bucket?delete&X-Amz-Credential=${s3Credential}` });
    expect(post.status).toBe(403);
  });

  it('speaks the query protocol: flattened lists and maps, Result wrapper, ErrorResponse', async () => {
    const body =
      'Action=Probe&Version=2010-05-15&Parameters.member.1.ParameterKey=A&Parameters.member.1.ParameterValue=1' +
      '&Parameters.member.2.ParameterKey=B&Parameters.member.2.ParameterValue=%3Cx%3E&Capabilities.member.1=CAPABILITY_IAM';
    const ok = await raw({
      method: 'POST',
      path: '/',
      headers: { authorization: auth('probe-query'), 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(ok.status).toBe(200);
    const match =
      /^<ProbeResponse xmlns="urn:probe"><ProbeResult><Echo>(.*)<\/Echo><\/ProbeResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/ProbeResponse>$/.exec(
        ok.body,
      );
    expect(match).not.toBeNull();
    const echoed = JSON.parse(
      (match?.[1] ?? '')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
    expect(echoed.Parameters).toEqual([
      { ParameterKey: 'A', ParameterValue: '1' },
      { ParameterKey: 'B', ParameterValue: '<x>' },
    ]);
    expect(echoed.Capabilities).toEqual(['CAPABILITY_IAM']);
    const fail = await raw({
      method: 'POST',
      path: '/',
      headers: { authorization: auth('probe-query') },
      body: 'Action=Fail',
    });
    expect(fail.status).toBe(400);
    expect(fail.body).toMatch(
      /^<ErrorResponse><Error><Type>Sender<\/Type><Code>ValidationError<\/Code><Message>Stack with id x does not exist<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });

  it('answers an unknown service with an error instead of guessing', async () => {
    const res = await raw({ path: '/', headers: { authorization: auth('dynamodb') } });
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-errortype']).toBe('UnrecognizedClientException');
  });

  it('sends unsigned requests to S3, which refuses them as it refuses anonymous callers', async () => {
    const res = await raw({ path: '/' });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
  });

  it('answers HEAD errors without a body', async () => {
    const res = await raw({ method: 'HEAD', path: '/no-such-bucket-anywhere', headers: { authorization: auth('s3') } });
    expect(res.status).toBe(404);
    expect(res.body).toBe('');
  });

  it('takes the bucket from a virtual-host-style Host header', async () => {
    const port = new URL(fixture.cloud.endpoint).port;
    const put = await raw({
      method: 'PUT',
      path: '/by-host.txt',
      headers: { host: `vhost-bucket.localhost:${port}`, authorization: auth('s3') },
      body: 'via host',
    });
    expect(put.status).toBe(200);
    const get = await raw({ path: '/vhost-bucket/by-host.txt', headers: { authorization: auth('s3') } });
    expect(get.body).toBe('via host');
    const list = await raw({
      path: '/?list-type=2',
      headers: { host: `vhost-bucket.s3.localhost:${port}`, authorization: auth('s3') },
    });
    expect(list.body).toContain('<Key>by-host.txt</Key>');
  });

  it('serves the SDK with virtual-host-style addressing (bucket.localhost resolved to loopback)', async () => {
    // `*.localhost` does not resolve on every machine; the agent resolves it to 127.0.0.1 as RFC 6761 says it should.
    const lookup = ((_host: string, options: unknown, callback: (e: null, a: unknown, f?: number) => void) => {
      if ((options as { all?: boolean }).all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
      else callback(null, '127.0.0.1', 4);
    }) as unknown as NonNullable<ConstructorParameters<typeof Agent>[0]>['lookup'];
    const port = new URL(fixture.cloud.endpoint).port;
    const client = new S3Client({
      ...cloudClientConfig(`http://localhost:${port}`),
      forcePathStyle: false,
      requestHandler: { httpAgent: new Agent({ lookup }) },
    });
    await client.send(new PutObjectCommand({ Bucket: 'vhost-bucket', Key: 'sdk/virtual.txt', Body: 'virtual' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'vhost-bucket', Key: 'sdk/virtual.txt' }));
    expect((await bodyBytes(got.Body)).toString()).toBe('virtual');
    const list = await client.send(new ListObjectsV2Command({ Bucket: 'vhost-bucket', Prefix: 'sdk/' }));
    expect(list.Contents?.map((c) => c.Key)).toEqual(['sdk/virtual.txt']);
    client.destroy();
  });

  it('decodes signed aws-chunked bodies and checks every chunk signature', async () => {
    // Every chunk but the last holds at least 8 KiB, as S3 requires.
    const hello = 'hello'.padEnd(8192, '.');
    const headers = {
      authorization: auth('s3'),
      'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'content-encoding': 'aws-chunked',
      'x-amz-decoded-content-length': '8198',
    };
    const put = (path: string, tamper: boolean) => {
      const url = new URL(fixture.cloud.endpoint);
      const sent = signedHeaders(url, 'PUT', path, headers, undefined);
      const body = signedChunks(sent, [hello, ' world', '']);
      return raw({ method: 'PUT', path, headers: sent, body: tamper ? body.replace(' world', ' w0rld') : body });
    };
    expect((await put('/vhost-bucket/signed-chunks', false)).status).toBe(200);
    const got = await raw({ path: '/vhost-bucket/signed-chunks', headers: { authorization: auth('s3') } });
    expect(got.body).toBe(`${hello} world`);
    const head = await raw({
      method: 'HEAD',
      path: '/vhost-bucket/signed-chunks',
      headers: { authorization: auth('s3') },
    });
    expect(head.headers['content-encoding']).toBeUndefined();
    // A chunk whose data is not what its signature covers is refused, and nothing is stored.
    const tampered = await put('/vhost-bucket/tampered-chunks', true);
    expect(tampered.status).toBe(403);
    expect(tampered.body).toContain('<Code>SignatureDoesNotMatch</Code>');
    const missing = await raw({
      method: 'HEAD',
      path: '/vhost-bucket/tampered-chunks',
      headers: { authorization: auth('s3') },
    });
    expect(missing.status).toBe(404);
  });

  it('rejects a trailing checksum that does not match the aws-chunked body', async () => {
    const body = 'b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n';
    const put = await raw({
      method: 'PUT',
      path: '/vhost-bucket/bad-trailer',
      headers: {
        authorization: auth('s3'),
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '11',
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
      body,
    });
    expect(put.status).toBe(400);
    expect(put.body).toContain('<Code>BadDigest</Code>');
    expect(
      (await raw({ method: 'HEAD', path: '/vhost-bucket/bad-trailer', headers: { authorization: auth('s3') } })).status,
    ).toBe(404);
  });

  it('closes while a keep-alive client still holds a socket', async () => {
    const extra = await startFixture();
    const agent = new Agent({ keepAlive: true });
    const client = new S3Client({ ...cloudClientConfig(extra.cloud.endpoint), requestHandler: { httpAgent: agent } });
    await client.send(new CreateBucketCommand({ Bucket: 'keep-alive' }));
    await extra.close();
    await expect(client.send(new ListObjectsV2Command({ Bucket: 'keep-alive' }))).rejects.toThrow();
    client.destroy();
  });
});

describe('protocol helpers', () => {
  it('expands query-protocol lists and maps', () => {
    expect(
      expandQueryParams({
        'Tags.member.1.Key': 'k',
        'Tags.member.1.Value': 'v',
        'Attributes.entry.1.key': 'a',
        'Attributes.entry.1.value': 'b',
        'Names.2': 'second',
        'Names.1': 'first',
        Plain: 'p',
      }),
    ).toEqual({ Tags: [{ Key: 'k', Value: 'v' }], Attributes: { a: 'b' }, Names: ['first', 'second'], Plain: 'p' });
  });

  it('escapes XML text and repeats arrays', () => {
    expect(toXml({ A: `<&"'>`, B: [1, 2], C: { D: true }, E: undefined })).toBe(
      '<A>&lt;&amp;&quot;&apos;&gt;</A><B>1</B><B>2</B><C><D>true</D></C>',
    );
  });
});
