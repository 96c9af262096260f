import type { ClientRequest } from 'node:http';
import { CloudFormationClient, ValidateTemplateCommand } from '@aws-sdk/client-cloudformation';
import { CreateFunctionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LAMBDA_INVOKE_LIMIT,
  ServiceError,
  cloudClientConfig,
  jsonResponse,
  restJsonCodec,
  type PluginFactory,
} from '../src/index.ts';
import { pluginFactories } from '../src/plugins/index.ts';
import { ROLE, handlerZip, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { openRawRequest, rawRequest, signFor, type RawResponse } from './raw-http.ts';

/** Stands in for the future Invoke handler: reads its payload under Lambda's Invoke limit. */
const invokeProbe: PluginFactory = () => ({
  name: 'invoke-probe',
  codec: restJsonCodec({ errorBody: 'lambda' }),
  migrate() {},
  // The server reads a signed body under this bound to check its signature.
  requestBodyLimit: () => LAMBDA_INVOKE_LIMIT,
  async handle(request) {
    const payload = await request.readBody(LAMBDA_INVOKE_LIMIT);
    if (payload.length === 0) throw new ServiceError('InvalidRequestContentException', 400, 'empty');
    return jsonResponse(200, { bytes: payload.length });
  },
});

const authorization = signFor;

let f: LambdaFixture;
let cfn: CloudFormationClient;
beforeAll(async () => {
  f = await startLambdaFixture({ plugins: [...pluginFactories, invokeProbe] });
  cfn = new CloudFormationClient({ ...cloudClientConfig(f.cloud.endpoint, f.cloud.region), maxAttempts: 1 });
});
afterAll(async () => {
  cfn?.destroy();
  await f?.close();
});

/** Announces a body of `length` bytes and sends none of it: an answer can only come from the header. */
async function announce(
  method: string,
  path: string,
  headers: Record<string, string>,
  length: number,
): Promise<RawResponse> {
  const { request, response } = openRawRequest(f.cloud.endpoint, {
    method,
    path,
    headers: { ...headers, 'content-length': String(length) },
  });
  request.flushHeaders();
  const answer = await response;
  request.destroy();
  return answer;
}

/**
 * Streams a body of unannounced length in 64 KiB chunks, at most `cap` bytes,
 * until the answer comes; reports whether the body was still open then.
 */
async function stream(
  method: string,
  path: string,
  headers: Record<string, string>,
  cap: number,
): Promise<{ answer: RawResponse; sent: number; open: boolean }> {
  // Keep-alive, as SDK clients send it: a `Connection: close` request has its socket closed after the answer, and the
  // reset it meets while the client still sends can drop the answer before the client reads it.
  const streaming = { ...headers, 'transfer-encoding': 'chunked', connection: 'keep-alive' };
  const { request, response } = openRawRequest(f.cloud.endpoint, { method, path, headers: streaming });
  let answered = false;
  let open = false;
  const settled = response.then((answer) => {
    answered = true;
    open = !request.writableEnded;
    return answer;
  });
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  while (!answered && sent < cap) {
    sent += chunk.length;
    if (!request.write(chunk)) await Promise.race([drained(request), settled]);
  }
  const answer = await settled;
  request.destroy();
  return { answer, sent, open };
}

function drained(request: ClientRequest): Promise<void> {
  return new Promise((resolve) => request.once('drain', resolve));
}

describe('Lambda body limits', () => {
  it('answers a CreateFunction body over 50 MB zipped (base64) with RequestEntityTooLargeException 413', async () => {
    const headers = { authorization: authorization('lambda'), 'content-type': 'application/json' };
    const create = await announce('POST', '/2015-03-31/functions', headers, 69_905_068);
    expect(create.status).toBe(413);
    expect(create.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    expect(JSON.parse(create.body)).toEqual({
      Type: 'User',
      Message: 'Request must be smaller than 69905067 bytes for the CreateFunction operation',
    });
    const update = await announce('PUT', '/2015-03-31/functions/any/code', headers, 70_000_000);
    expect(JSON.parse(update.body).Message).toBe(
      'Request must be smaller than 69905067 bytes for the UpdateFunctionCode operation',
    );
  });

  it('stops reading a streamed JSON body past its bound and answers while the client still sends', async () => {
    const result = await stream(
      'PUT',
      '/2015-03-31/functions/any/configuration',
      { authorization: authorization('lambda'), 'content-type': 'application/json' },
      64 * 1024 * 1024,
    );
    expect(result.answer.status).toBe(413);
    expect(result.answer.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    expect(result.open).toBe(true);
    expect(result.sent).toBeLessThan(64 * 1024 * 1024);
  });

  it("reads a signed Invoke payload under Invoke's 6 MiB bound, not the 1 MiB of other JSON bodies", async () => {
    const answer = await rawRequest(f.cloud.endpoint, {
      method: 'POST',
      path: '/2015-03-31/functions/absent/invocations',
      headers: { authorization: authorization('lambda') },
      body: Buffer.alloc(2_000_000, 'x'),
    });
    expect(answer.status).not.toBe(413);
    expect(answer.status).toBe(404);
  });

  it('bounds Invoke payloads at 6 MB with RequestTooLargeException 413', async () => {
    const headers = { authorization: authorization('invoke-probe') };
    const over = await stream('POST', '/2015-03-31/functions/any/invocations', headers, 16 * 1024 * 1024);
    expect(over.answer.status).toBe(413);
    expect(over.answer.headers['x-amzn-errortype']).toBe('RequestTooLargeException');
    expect(JSON.parse(over.answer.body).Message).toBe(
      'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
    );
    const within = await rawRequest(f.cloud.endpoint, {
      method: 'POST',
      path: '/',
      headers,
      body: Buffer.alloc(6_291_456, 'x'),
    });
    expect(JSON.parse(within.body)).toEqual({ bytes: 6_291_456 });
  });

  it('still takes CreateFunction with its zip from the SDK', async () => {
    const created = await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'within-limits',
        Role: ROLE,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: handlerZip() },
      }),
    );
    expect(created.FunctionName).toBe('within-limits');
  });
});

describe('query body limits', () => {
  it("answers a TemplateBody over 51,200 bytes with CloudFormation's ValidationError", async () => {
    const template = (bytes: number) => {
      const shell = JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket' } }, Metadata: { Pad: '' } });
      return shell.replace('"Pad":""', `"Pad":"${'p'.repeat(bytes - shell.length)}"`);
    };
    expect(Buffer.byteLength(template(51_200))).toBe(51_200);
    await cfn.send(new ValidateTemplateCommand({ TemplateBody: template(51_200) }));
    const body = template(51_201);
    const error = await sdkError(cfn.send(new ValidateTemplateCommand({ TemplateBody: body })));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toBe(
      `1 validation error detected: Value '${body}' at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200`,
    );
  });

  it('stops reading a query body past its bound', async () => {
    const result = await stream(
      'POST',
      '/',
      { authorization: authorization('cloudformation'), 'content-type': 'application/x-www-form-urlencoded' },
      64 * 1024 * 1024,
    );
    expect(result.answer.status).toBe(413);
    expect(result.answer.body).toContain('<Code>RequestEntityTooLarge</Code>');
    expect(result.open).toBe(true);
  });

  it('answers a query parameter name of 5,000 segments with a ValidationError', async () => {
    const name = Array.from({ length: 5_000 }, () => 'A').join('.');
    const res = await rawRequest(f.cloud.endpoint, {
      method: 'POST',
      path: '/',
      headers: { authorization: authorization('cloudformation'), 'content-type': 'application/x-www-form-urlencoded' },
      body: `Action=ListStacks&${name}=1`,
    });
    expect(res.status).toBe(400);
    expect(res.body).toContain('<Code>ValidationError</Code>');
    expect(res.body).toContain('has 5000 segments; at most 16 are accepted');
  });
});

describe('S3 XML document limits', () => {
  it('answers a DeleteObjects document over 4 MiB with MaxMessageLengthExceeded and still takes one within it', async () => {
    const headers = { authorization: authorization('s3') };
    await rawRequest(f.cloud.endpoint, { method: 'PUT', path: '/xml-limits', headers });
    const over = await announce('POST', '/xml-limits?delete', headers, 4_194_305);
    expect(over.status).toBe(400);
    expect(over.body).toContain('<Code>MaxMessageLengthExceeded</Code>');
    const within = await rawRequest(f.cloud.endpoint, {
      method: 'POST',
      path: '/xml-limits?delete',
      headers,
      body: '<Delete><Object><Key>a</Key></Object></Delete>',
    });
    expect(within.status, within.body).toBe(200);
    expect(within.body).toContain('<Deleted><Key>a</Key>');
  });
});
