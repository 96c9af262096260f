import { createHash, type Hash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Transform } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ServiceError } from '../../service-error.ts';
import { crc32c, crc64Digest, crc64Start, crc64Update, type Crc64State } from './crc-tables.ts';

/** The flexible checksum algorithms S3 knows. */
export const CHECKSUM_ALGORITHMS = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

/** Base64 checksum values by algorithm. */
export type Checksums = Partial<Record<ChecksumAlgorithm, string>>;

const DIGEST_BYTES: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

/** `x-amz-checksum-crc32` for `CRC32`, … */
export function checksumHeader(algorithm: ChecksumAlgorithm): string {
  return `x-amz-checksum-${algorithm.toLowerCase()}`;
}

/** Parses an algorithm name as clients send it (`crc32`, `CRC32`); undefined when absent. */
export function parseAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (!value) return undefined;
  const upper = value.toUpperCase() as ChecksumAlgorithm;
  if (CHECKSUM_ALGORITHMS.includes(upper)) return upper;
  throw new ServiceError(
    'InvalidRequest',
    400,
    `Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]`,
  );
}

/** Which checksums a request asks S3 to verify or compute, and the values it sent in headers. */
export function requestedChecksums(
  headers: IncomingHttpHeaders,
  extra?: ChecksumAlgorithm,
): {
  algorithms: Set<ChecksumAlgorithm>;
  expected: Checksums;
  trailer: ChecksumAlgorithm | undefined;
} {
  const algorithms = new Set<ChecksumAlgorithm>();
  const expected: Checksums = {};
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const value = headers[checksumHeader(algorithm)];
    if (typeof value === 'string') {
      validateChecksumValue(algorithm, value);
      algorithms.add(algorithm);
      expected[algorithm] = value;
    }
  }
  const sdk = header(headers, 'x-amz-sdk-checksum-algorithm');
  const sdkAlgorithm = sdk ? parseAlgorithm(sdk) : undefined;
  if (sdkAlgorithm) algorithms.add(sdkAlgorithm);
  if (extra) algorithms.add(extra);
  let trailer: ChecksumAlgorithm | undefined;
  const trailerName = header(headers, 'x-amz-trailer')?.trim().toLowerCase();
  if (trailerName?.startsWith('x-amz-checksum-')) {
    trailer = parseAlgorithm(trailerName.slice('x-amz-checksum-'.length));
    if (trailer) algorithms.add(trailer);
  }
  return { algorithms, expected, trailer };
}

/** Rejects a checksum value that is not base64 of the algorithm's digest length. */
export function validateChecksumValue(algorithm: ChecksumAlgorithm, value: string): void {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length !== DIGEST_BYTES[algorithm] || bytes.toString('base64') !== value) {
    throw new ServiceError('InvalidRequest', 400, `Value for ${checksumHeader(algorithm)} header is invalid.`);
  }
}

/** The error S3 answers when a body does not match the checksum its client sent. */
export function checksumMismatch(algorithm: ChecksumAlgorithm): ServiceError {
  return new ServiceError('BadDigest', 400, `The ${algorithm} you specified did not match the calculated checksum.`);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

type Running =
  | { kind: 'crc32'; value: number }
  | { kind: 'crc32c'; value: number }
  | { kind: 'crc64'; state: Crc64State }
  | { kind: 'hash'; hash: Hash };

/** A pass-through stream that computes the chosen checksums of what flows through it. */
export class ChecksumStream extends Transform {
  readonly #running = new Map<ChecksumAlgorithm, Running>();

  constructor(algorithms: Iterable<ChecksumAlgorithm>) {
    super();
    for (const algorithm of algorithms) this.#running.set(algorithm, start(algorithm));
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null, data?: Buffer) => void,
  ): void {
    for (const running of this.#running.values()) update(running, chunk);
    done(null, chunk);
  }

  /** The checksums, base64, once the stream has ended. */
  digests(): Checksums {
    const out: Checksums = {};
    for (const [algorithm, running] of this.#running) out[algorithm] = digest(running).toString('base64');
    return out;
  }
}

function start(algorithm: ChecksumAlgorithm): Running {
  switch (algorithm) {
    case 'CRC32':
      return { kind: 'crc32', value: 0 };
    case 'CRC32C':
      return { kind: 'crc32c', value: 0 };
    case 'CRC64NVME':
      return { kind: 'crc64', state: crc64Start() };
    case 'SHA1':
      return { kind: 'hash', hash: createHash('sha1') };
    case 'SHA256':
      return { kind: 'hash', hash: createHash('sha256') };
  }
}

function update(running: Running, chunk: Buffer): void {
  if (running.kind === 'crc32') running.value = crc32(chunk, running.value);
  else if (running.kind === 'crc32c') running.value = crc32c(chunk, running.value);
  else if (running.kind === 'crc64') crc64Update(running.state, chunk);
  else running.hash.update(chunk);
}

function digest(running: Running): Buffer {
  if (running.kind === 'crc32' || running.kind === 'crc32c') {
    const out = Buffer.alloc(4);
    out.writeUInt32BE(running.value >>> 0);
    return out;
  }
  if (running.kind === 'crc64') return crc64Digest(running.state);
  return running.hash.digest();
}

/** One checksum over whole bytes (for composite multipart checksums). */
export function checksumOf(algorithm: ChecksumAlgorithm, data: Buffer): string {
  const running = start(algorithm);
  update(running, data);
  return digest(running).toString('base64');
}
