import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ToolkitError } from '@toolkit/core';
import { SAMPLE_EVENT_FLAGS } from '@toolkit/toolkit/sample-event-flags';
import { generateSampleEvent, listSampleEvents } from '@toolkit/toolkit/sample-events';

const generate = (service: string, event: string, flags: Record<string, string> = {}) =>
  generateSampleEvent(service, event, new Map(Object.entries(flags))) as Record<string, any>;

/** The error `run` throws, for its code and message. */
function thrown(run: () => unknown): ToolkitError {
  try {
    run();
  } catch (error) {
    if (error instanceof ToolkitError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('sample events (local generate-event)', () => {
  it('builds every sample with its defaults, each taking only flags the CLI declares', () => {
    const samples = listSampleEvents();
    expect(samples.map((s) => `${s.service} ${s.event}`)).toContain('s3 put');
    for (const sample of samples) {
      const event = generate(sample.service, sample.event);
      expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    }
    // The CLI declares exactly the flags the events take, from a list kept apart so that its start loads no event.
    const taken = new Set(samples.flatMap((sample) => Object.keys(sample.parameters)));
    expect([...SAMPLE_EVENT_FLAGS].sort()).toEqual([...taken].sort());
  });

  it('writes flag values where the service puts them: ARNs, encoded keys, base64 data, the body MD5', () => {
    const s3 = generate('s3', 'put', {
      bucket: 'photos',
      key: 'summer/a b+c.jpg',
      partition: 'aws-cn',
      region: 'cn-north-1',
    });
    expect(s3.Records[0].s3.bucket.arn).toBe('arn:aws-cn:s3:::photos');
    expect(s3.Records[0].s3.object.key).toBe('summer/a+b%2Bc.jpg');
    expect(s3.Records[0].awsRegion).toBe('cn-north-1');
    const sqs = generate('sqs', 'receive-message', { body: 'hello', 'queue-name': 'jobs' });
    expect(sqs.Records[0].md5OfBody).toBe(createHash('md5').update('hello').digest('hex'));
    expect(sqs.Records[0].eventSourceARN).toBe('arn:aws:sqs:us-east-1:123456789012:jobs');
    const kinesis = generate('kinesis', 'get-records', { data: 'payload' });
    expect(Buffer.from(kinesis.Records[0].kinesis.data, 'base64').toString()).toBe('payload');
    const logs = generate('cloudwatch', 'logs', { message: 'line one', 'log-group': '/aws/lambda/fn' });
    const batch = JSON.parse(gunzipSync(Buffer.from(logs.awslogs.data, 'base64')).toString());
    expect(batch).toMatchObject({ logGroup: '/aws/lambda/fn', logEvents: [{ message: 'line one' }] });
  });

  it('gives REST proxy events the path parameters their resource names, greedy or not', () => {
    const greedy = generate('apigateway', 'aws-proxy');
    expect(greedy.pathParameters).toEqual({ proxy: 'path/to/resource' });
    expect(greedy.requestContext.path).toBe('/prod/path/to/resource');
    const named = generate('apigateway', 'aws-proxy', {
      resource: '/users/{id}/orders/{order}',
      path: '/users/42/orders/a%20b',
      querystringparameters: '{}',
    });
    expect(named.pathParameters).toEqual({ id: '42', order: 'a b' });
    expect(named.queryStringParameters).toBeNull();
    const http = generate('apigateway', 'http-api-proxy', { stage: 'beta', method: 'GET' });
    expect(http.rawPath).toBe('/beta/path/to/resource');
    expect(http.requestContext.http.method).toBe('GET');
    const token = generate('apigateway', 'authorizer', { restApiId: 'api1', stage: 'v1' });
    expect(token.methodArn).toBe('arn:aws:execute-api:us-east-1:123456789012:api1/v1/POST/{proxy+}');
  });

  it('names the flag at fault: unknown samples, flags an event does not take, values it cannot hold', () => {
    expect(thrown(() => generate('s4', 'put')).message).toMatch(
      /^s4: no sample events for this service \(did you mean s3\?\)/,
    );
    expect(thrown(() => generate('s3', 'putt')).message).toBe(
      's3 putt: no such sample event (did you mean put?); s3 events: delete, put',
    );
    const notTaken = thrown(() => generate('s3', 'put', { body: 'x' }));
    expect(notTaken.code).toBe('TOOLKIT_E4041');
    expect(notTaken.message).toBe(
      '--body: s3 put does not take this flag; it takes --region, --partition, --bucket, --key',
    );
    expect(thrown(() => generate('sns', 'notification', { 'account-id': '12' })).message).toBe(
      '--account-id 12: an account id is 12 digits',
    );
    expect(thrown(() => generate('apigateway', 'aws-proxy', { method: 'get' })).code).toBe('TOOLKIT_E4042');
    expect(thrown(() => generate('apigateway', 'aws-proxy', { querystringparameters: '[1]' })).message).toContain(
      'expected a JSON object of strings',
    );
    expect(thrown(() => generate('apigateway', 'aws-proxy', { resource: '/users/{id}', path: 'users' })).message).toBe(
      '--path: /users does not match --resource /users/{id}',
    );
  });

  it('keeps flag names that look like object members out of prototypes', () => {
    const event = generate('apigateway', 'aws-proxy', {
      querystringparameters: '{"__proto__": "x", "constructor": "y"}',
    });
    expect(Object.keys(event.queryStringParameters as object)).toEqual(['__proto__', 'constructor']);
    const ownKey = new Map([['__proto__', 'x']]);
    expect(thrown(() => generateSampleEvent('s3', 'put', ownKey)).code).toBe('TOOLKIT_E4041');
  });
});
