import type { IncomingHttpHeaders } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import type { ServiceRequest } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import { AwsChunkedDecoder } from './aws-chunked-decoder.ts';
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

/**
 * Streams a PutObject/UploadPart body into `store`: aws-chunked framing decoded,
 * requested checksums computed on the way, then Content-MD5, `x-amz-checksum-*`
 * (header or trailer), `x-amz-content-sha256` and the length verified.
 */
export async function ingestBody<T extends { size: number; md5: string; sha256: string }>(
  request: ServiceRequest,
  store: (body: Readable) => Promise<T>,
  extraAlgorithm?: ChecksumAlgorithm,
): Promise<IngestedBody<T>> {
  const headers = request.headers;
  const expectedMd5 = contentMd5(headers);
  const wanted = requestedChecksums(headers, extraAlgorithm);
  const chunked = isAwsChunked(headers);
  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  const checksums = new ChecksumStream(wanted.algorithms);
  const body = chain(request.stream, decoder ? [decoder, checksums] : [checksums]);
  const stored = await store(body);

  const declared = chunked ? headerOf(headers, 'x-amz-decoded-content-length') : headerOf(headers, 'content-length');
  if (declared !== undefined && Number(declared) !== stored.size) {
    throw new ServiceError('IncompleteBody', 400, 'You did not provide the number of bytes specified by the Content-Length HTTP header');
  }
  if (expectedMd5 !== undefined && expectedMd5 !== stored.md5) {
    throw new ServiceError('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.', {
      ExpectedDigest: Buffer.from(expectedMd5, 'hex').toString('base64'),
      CalculatedDigest: Buffer.from(stored.md5, 'hex').toString('base64'),
    });
  }
  const computed = checksums.digests();
  const expected: Checksums = { ...wanted.expected };
  if (wanted.trailer && decoder) {
    const value = decoder.trailers.get(checksumHeader(wanted.trailer));
    if (value !== undefined) {
      validateChecksumValue(wanted.trailer, value);
      expected[wanted.trailer] = value;
    }
  }
  for (const [algorithm, value] of Object.entries(expected) as [ChecksumAlgorithm, string][]) {
    if (computed[algorithm] !== value) throw checksumMismatch(algorithm);
  }
  const contentSha = headerOf(headers, 'x-amz-content-sha256');
  if (contentSha && /^[0-9a-f]{64}$/.test(contentSha) && contentSha !== stored.sha256) {
    throw new ServiceError('XAmzContentSHA256Mismatch', 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", {
      ClientComputedContentSHA256: contentSha,
      S3ComputedContentSHA256: stored.sha256,
    });
  }
  return { stored, size: stored.size, md5: stored.md5, sha256: stored.sha256, checksums: computed };
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
  const kept = encoding.split(',').map((part) => part.trim()).filter((part) => part && part !== 'aws-chunked');
  return kept.length ? kept.join(',') : undefined;
}

function contentMd5(headers: IncomingHttpHeaders): string | undefined {
  const value = headerOf(headers, 'content-md5');
  if (value === undefined) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== 16 || bytes.toString('base64') !== value.trim()) {
    throw new ServiceError('InvalidDigest', 400, 'The Content-MD5 you specified was invalid.', { 'Content-MD5': value });
  }
  return bytes.toString('hex');
}

function headerOf(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Pipes the request through transforms without letting a transform's failure destroy
 * the request socket (the server still has to answer). A request that ends early
 * fails the chain instead of leaving it waiting.
 */
function chain(source: Readable, transforms: Transform[]): Readable {
  let current: Readable = source;
  for (const transform of transforms) {
    const upstream = current;
    upstream.on('error', (error) => transform.destroy(error));
    upstream.pipe(transform);
    current = transform;
  }
  const first = transforms[0];
  source.on('close', () => {
    if (first && !source.readableEnded) first.destroy(new ServiceError('IncompleteBody', 400, 'The request body terminated unexpectedly'));
  });
  return current;
}
