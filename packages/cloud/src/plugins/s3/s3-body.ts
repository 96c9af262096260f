import type { IncomingHttpHeaders } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import type { ServiceRequest } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import { AwsChunkedDecoder, incompleteBody } from './aws-chunked-decoder.ts';
import {
  ChecksumStream,
  checksumHeader,
  checksumMismatch,
  requestedChecksums,
  validateChecksumValue,
  type ChecksumAlgorithm,
  type Checksums,
} from './checksums.ts';

/** A request body after it was stored and verified. */
export interface IngestedBody<T> {
  stored: T;
  size: number;
  md5: string;
  sha256: string;
  /** Checksums the client sent or asked for, verified, base64. */
  checksums: Checksums;
}

/** Where an ingested body goes: `verify` runs once the bytes are on disk, before they are committed. */
export type BodySink<T> = (body: Readable, verify: (stored: StoredBody) => void) => Promise<T>;

/** The digests a sink reports of what it stored. */
export interface StoredBody {
  size: number;
  md5: string;
  sha256: string;
}

/** Smallest size S3 accepts for every aws-chunked chunk but the last. */
const MIN_CHUNK_SIZE = 8192;

/**
 * Streams a PutObject/UploadPart body into `store`: aws-chunked framing decoded,
 * requested checksums computed on the way, then Content-MD5, `x-amz-checksum-*`
 * (header or trailer), `x-amz-content-sha256` and the length verified before the
 * sink commits anything. A broken or short body rejects with S3's error; it never
 * leaves an unhandled stream error behind.
 */
export async function ingestBody<T extends StoredBody>(
  request: ServiceRequest,
  store: BodySink<T>,
  extraAlgorithm?: ChecksumAlgorithm,
): Promise<IngestedBody<T>> {
  const headers = request.headers;
  const expectedMd5 = contentMd5(headers);
  const wanted = requestedChecksums(headers, extraAlgorithm);
  const chunked = isAwsChunked(headers);
  const decoder = chunked
    ? new AwsChunkedDecoder({
        minChunkSize: MIN_CHUNK_SIZE,
        ...(request.chunkSigning ? { signing: request.chunkSigning } : {}),
      })
    : undefined;
  const checksums = new ChecksumStream(wanted.algorithms);
  const body = chain(request.stream, decoder ? [decoder, checksums] : [checksums]);
  let computed: Checksums = {};
  let stored: T;
  try {
    stored = await store(body.output, (written) => {
      computed = verifyBody(headers, written, { chunked, expectedMd5, wanted, decoder, checksums });
    });
  } catch (error) {
    // The first failure along the chain says best what went wrong (a framing error, not "premature close").
    throw body.failure() ?? error;
  }
  return { stored, size: stored.size, md5: stored.md5, sha256: stored.sha256, checksums: computed };
}

interface Expectations {
  chunked: boolean;
  expectedMd5: string | undefined;
  wanted: ReturnType<typeof requestedChecksums>;
  decoder: AwsChunkedDecoder | undefined;
  checksums: ChecksumStream;
}

/** Checks a fully received body against what the request declared; returns the computed checksums. */
function verifyBody(headers: IncomingHttpHeaders, stored: StoredBody, expect: Expectations): Checksums {
  const declared = expect.chunked
    ? headerOf(headers, 'x-amz-decoded-content-length')
    : headerOf(headers, 'content-length');
  if (declared !== undefined && Number(declared) !== stored.size) {
    throw new ServiceError(
      'IncompleteBody',
      400,
      'You did not provide the number of bytes specified by the Content-Length HTTP header',
    );
  }
  if (expect.expectedMd5 !== undefined && expect.expectedMd5 !== stored.md5) {
    throw new ServiceError('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: Buffer.from(expect.expectedMd5, 'hex').toString('base64'),
      CalculatedDigest: Buffer.from(stored.md5, 'hex').toString('base64'),
    });
  }
  const computed = expect.checksums.digests();
  const expected: Checksums = { ...expect.wanted.expected };
  const trailer = expect.wanted.trailer;
  if (trailer && expect.decoder) {
    const value = expect.decoder.trailers.get(checksumHeader(trailer));
    // A trailer announced in x-amz-trailer but never sent: the body ended too early.
    if (value === undefined) throw incompleteBody();
    validateChecksumValue(trailer, value);
    expected[trailer] = value;
  }
  for (const [algorithm, value] of Object.entries(expected) as [ChecksumAlgorithm, string][]) {
    if (computed[algorithm] !== value) throw checksumMismatch(algorithm);
  }
  const contentSha = headerOf(headers, 'x-amz-content-sha256');
  if (contentSha && /^[0-9a-f]{64}$/.test(contentSha) && contentSha !== stored.sha256) {
    throw new ServiceError(
      'XAmzContentSHA256Mismatch',
      400,
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      {
        ClientComputedContentSHA256: contentSha,
        S3ComputedContentSHA256: stored.sha256,
      },
    );
  }
  return computed;
}

/** Whether the body uses aws-chunked framing. */
export function isAwsChunked(headers: IncomingHttpHeaders): boolean {
  const encoding = headerOf(headers, 'content-encoding') ?? '';
  const sha = headerOf(headers, 'x-amz-content-sha256') ?? '';
  return encoding.split(',').some((part) => part.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** Content-Encoding as stored with the object: without the `aws-chunked` transfer framing. */
export function storedContentEncoding(headers: IncomingHttpHeaders): string | undefined {
  const encoding = headerOf(headers, 'content-encoding');
  if (!encoding) return undefined;
  const kept = encoding
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part && part !== 'aws-chunked');
  return kept.length ? kept.join(',') : undefined;
}

function contentMd5(headers: IncomingHttpHeaders): string | undefined {
  const value = headerOf(headers, 'content-md5');
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== value.trim()) {
    throw new ServiceError('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.', {
      'Content-MD5': value,
    });
  }
  return bytes.toString('hex');
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Pipes the request through transforms without letting a transform's failure destroy
 * the request socket (the server still has to answer). Every stage has an error
 * listener from the start, so a failure before the sink attaches its own is recorded,
 * passed downstream, and never becomes an unhandled 'error'. A request that ends
 * early fails the chain instead of leaving it waiting.
 */
function chain(source: Readable, transforms: Transform[]): { output: Readable; failure(): Error | undefined } {
  let first: Error | undefined;
  const record = (error: Error) => {
    first ??= error;
  };
  let current: Readable = source;
  for (const transform of transforms) {
    const upstream = current;
    upstream.on('error', (error) => transform.destroy(error));
    transform.on('error', record);
    upstream.pipe(transform);
    current = transform;
  }
  source.on('error', record);
  source.on('close', () => {
    if (!source.readableEnded) transforms[0]?.destroy(incompleteBody());
  });
  return { output: current, failure: () => first };
}
