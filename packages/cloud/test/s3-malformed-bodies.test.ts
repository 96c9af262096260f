import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signFor, signedHeaders } from './raw-http.ts';
import { spawnCloud, type CloudProcess } from './server-process.ts';

// Hostile request bodies against a cloud in its own process: each must get an S3 error
// (or a closed connection), leave nothing stored, and the process must go on serving.

const auth = signFor('s3');
const chunkedHeaders = {
  authorization: auth,
  'content-encoding': 'aws-chunked',
  'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
};

let cloud: CloudProcess;
let stateDir = '';
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'toolkit-malformed-'));
  cloud = await spawnCloud(stateDir);
  expect((await send('PUT', '/bodies')).status).toBe(200);
});
afterAll(async () => {
  if (cloud) {
    cloud.child.kill('SIGTERM');
    await cloud.exited;
  }
  await rm(stateDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Answer> {
  const url = new URL(cloud.endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: url.port,
        method,
        path,
        headers: signedHeaders(url, method, path, { authorization: auth, ...headers }, body),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function errorCode(answer: Answer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
}

/** The process still runs and answers: a fresh object goes in and comes back. */
async function expectServing(key: string): Promise<void> {
  expect(cloud.child.exitCode).toBeNull();
  expect((await send('PUT', `/bodies/${key}`, { 'content-length': '2' }, 'ok')).status).toBe(200);
  expect((await send('GET', `/bodies/${key}`)).body).toBe('ok');
}

/** No body left half-received: temp files are gone once the failed request is answered. */
async function expectNoTempFiles(dir = join(stateDir, 'tmp')): Promise<void> {
  await vi.waitFor(async () => expect(await readdir(dir)).toEqual([]), { timeout: 2_000, interval: 20 });
}

const malformed: { name: string; body: string; code: string; headers?: Record<string, string> }[] = [
  { name: 'a chunk-size line that is not hex', body: 'zz\r\nhello\r\n0\r\n\r\n', code: 'IncompleteBody' },
  {
    name: 'bad hex before a chunk signature',
    body: `5x;chunk-signature=${'a'.repeat(64)}\r\nhello\r\n0\r\n\r\n`,
    code: 'IncompleteBody',
  },
  { name: 'a chunk shorter than announced', body: '10\r\nhello', code: 'IncompleteBody' },
  { name: 'chunk data without its CRLF terminator', body: '5\r\nhelloXX0\r\n\r\n', code: 'IncompleteBody' },
  { name: 'no final zero-size chunk', body: '5\r\nhello\r\n', code: 'IncompleteBody' },
  { name: 'bare LF framing', body: '5\nhello\n0\n\n', code: 'IncompleteBody' },
  { name: 'a size line that never ends', body: 'a'.repeat(20_000), code: 'IncompleteBody' },
  { name: 'a size beyond any object', body: `${'f'.repeat(40)}\r\nhello\r\n0\r\n\r\n`, code: 'IncompleteBody' },
  {
    name: 'an announced checksum trailer that never comes',
    body: '5\r\nhello\r\n0\r\n\r\n',
    code: 'IncompleteBody',
    headers: { 'x-amz-trailer': 'x-amz-checksum-crc32' },
  },
  { name: 'a non-final chunk under 8 KiB', body: '1\r\na\r\n1\r\nb\r\n0\r\n\r\n', code: 'InvalidChunkSizeError' },
];

describe('malformed aws-chunked PutObject bodies', () => {
  it.each(malformed.map((entry, index) => ({ ...entry, index })))(
    '$name: S3 error, nothing stored, process alive',
    async (entry) => {
      const key = `bad-${entry.index}`;
      const answer = await send(
        'PUT',
        `/bodies/${key}`,
        { ...chunkedHeaders, 'x-amz-decoded-content-length': '5', ...entry.headers },
        entry.body,
      );
      expect(answer.status).toBe(400);
      expect(errorCode(answer)).toBe(entry.code);
      expect((await send('HEAD', `/bodies/${key}`)).status).toBe(404);
      await expectNoTempFiles();
      await expectServing(`after-${entry.index}`);
    },
  );

  it('names the chunk and its size in InvalidChunkSizeError, as S3 does', async () => {
    const answer = await send(
      'PUT',
      '/bodies/small-chunks',
      { ...chunkedHeaders, 'x-amz-decoded-content-length': '8195' },
      `${'2000'}\r\n${'x'.repeat(8192)}\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n`,
    );
    expect(errorCode(answer)).toBe('InvalidChunkSizeError');
    expect(answer.body).toContain('<Chunk>3</Chunk><BadChunkSize>2</BadChunkSize>');
  });

  it('a client that goes away mid-body only loses its own connection', async () => {
    const url = new URL(cloud.endpoint);
    const socket = connect(Number(url.port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write(
      'PUT /bodies/cut HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
        `Authorization: ${auth}\r\nContent-Encoding: aws-chunked\r\nx-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER\r\n` +
        'x-amz-decoded-content-length: 100000\r\nContent-Length: 100100\r\n\r\n186a0\r\nstart of a long chunk',
    );
    socket.destroy();
    await closed;
    await expectNoTempFiles();
    expect((await send('HEAD', '/bodies/cut')).status).toBe(404);
    await expectServing('after-cut');
  });
});

describe('malformed aws-chunked UploadPart bodies', () => {
  it('answer IncompleteBody and leave no part behind', async () => {
    const created = await send('POST', '/bodies/multi?uploads');
    const uploadId = /<UploadId>([^<]+)<\/UploadId>/.exec(created.body)?.[1] ?? '';
    expect(uploadId).not.toBe('');
    for (const [index, body] of ['zz\r\nhello\r\n0\r\n\r\n', '10\r\nhello', '5\r\nhelloXX'].entries()) {
      const answer = await send(
        'PUT',
        `/bodies/multi?partNumber=${index + 1}&uploadId=${uploadId}`,
        { ...chunkedHeaders, 'x-amz-decoded-content-length': '5' },
        body,
      );
      expect(errorCode(answer)).toBe('IncompleteBody');
    }
    const parts = await send('GET', `/bodies/multi?uploadId=${uploadId}`);
    expect(parts.status).toBe(200);
    expect(parts.body).not.toContain('<Part>');
    await expectNoTempFiles(join(stateDir, 'uploads', uploadId));
    await expectServing('after-parts');
  });
});

describe('answers that fail while being produced', () => {
  it('a GET whose stored body has vanished answers 500 InternalError and the process serves on', async () => {
    expect((await send('PUT', '/bodies/vanishing', { 'content-length': '4' }, 'gone')).status).toBe(200);
    const sha256 = createHash('sha256').update('gone').digest('hex');
    const blob = join(stateDir, 'blobs', sha256.slice(0, 2), sha256);
    expect(await readdir(dirname(blob))).toContain(basename(blob));
    await unlink(blob);
    const answer = await send('GET', '/bodies/vanishing');
    expect(answer.status).toBe(500);
    expect(errorCode(answer)).toBe('InternalError');
    await expectServing('after-vanished');
  });
});
