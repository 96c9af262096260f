import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceError, jsonResponse, restJsonCodec, type PluginFactory } from '../src/index.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';
import { signFor, signedHeaders } from './raw-http.ts';

/** Plugins that fail in the ways a plugin's own error handling cannot catch. */
const failingPlugins: PluginFactory[] = [
  () => ({
    name: 'probe-stream',
    codec: restJsonCodec(),
    migrate() {},
    async handle(request) {
      if (request.path === '/ok') return jsonResponse(200, { ok: true });
      // An answer whose body fails before its first byte, as a file that vanished would.
      const body = new Readable({
        read() {
          this.destroy(new Error('body source failed'));
        },
      });
      return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body };
    },
  }),
  () => ({
    name: 'probe-broken-codec',
    codec: {
      protocol: 'broken',
      error() {
        throw new Error('codec failed');
      },
    },
    migrate() {},
    async handle() {
      throw new ServiceError('ValidationException', 400, 'refused');
    },
  }),
];

const auth = signFor;

let fixture: CloudFixture;
const reported: unknown[] = [];
beforeAll(async () => {
  fixture = await startFixture({ plugins: failingPlugins, onError: (error) => reported.push(error) });
});
afterAll(() => fixture.close());

function get(
  path: string,
  service: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(fixture.cloud.endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        path,
        headers: signedHeaders(url, 'GET', path, { authorization: auth(service) }, undefined),
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the server safety net', () => {
  it('answers 500 InternalError for an answer body that fails before its first byte, and serves on', async () => {
    const failed = await get('/stream', 'probe-stream');
    expect(failed.status).toBe(500);
    expect(failed.headers['x-amzn-errortype']).toBe('InternalError');
    expect(JSON.parse(failed.body)).toEqual({ message: 'We encountered an internal error. Please try again.' });
    expect(reported).toEqual([new Error('body source failed')]);
    expect(JSON.parse((await get('/ok', 'probe-stream')).body)).toEqual({ ok: true });
  });

  it('answers 500 InternalError when even rendering the error fails, and reports it', async () => {
    const failed = await get('/anything', 'probe-broken-codec');
    expect(failed.status).toBe(500);
    expect(failed.headers['x-amzn-errortype']).toBe('InternalError');
    expect(failed.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reported.at(-1)).toEqual(new Error('codec failed'));
    expect(JSON.parse((await get('/ok', 'probe-stream')).body)).toEqual({ ok: true });
  });
});
