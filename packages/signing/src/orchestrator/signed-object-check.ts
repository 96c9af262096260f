import { createHash } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { decodeEnvelopeComment } from '../format/envelope.ts';
import type { SignedContent } from '../format/built-zip-digest.ts';
import { SignedPackageError } from '../format/signed-package-error.ts';
import { ZIP_TAIL_BYTES, readZipTail } from '../format/zip-layout.ts';
import { isS3NotFound } from '../upload/s3-errors.ts';
import type { RunContext } from './run-context.ts';
import { withThrottleRetry } from './throttle-retry.ts';
import { messages } from '@toolkit/core';

/** The last bytes of a signed object, which hold its envelope, and what S3 says of the object. */
export interface SignedObjectTail {
  tail: Buffer;
  /** The whole object's size, from Content-Range. */
  size: number;
  etag: string | undefined;
  versionId: string | undefined;
}

/** One ranged GET of a signed object's last ZIP_TAIL_BYTES; undefined when the object is gone. */
export async function readSignedObjectTail(
  ctx: RunContext,
  object: { bucket: string; key: string; versionId?: string | undefined },
): Promise<SignedObjectTail | undefined> {
  try {
    const out = await withThrottleRetry(
      () =>
        ctx.s3.send(
          new GetObjectCommand({
            Bucket: object.bucket,
            Key: object.key,
            VersionId: object.versionId,
            Range: `bytes=-${ZIP_TAIL_BYTES}`,
          }),
          {
            abortSignal: ctx.signal,
          },
        ),
      ctx.retry(false),
    );
    const tail = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    // "bytes a-b/size"; a server that ignores Range sends the whole object, whose size is its length.
    const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
    const size = total === undefined ? tail.length : Number(total);
    return {
      tail: tail.subarray(Math.max(0, tail.length - ZIP_TAIL_BYTES)),
      size,
      etag: out.ETag,
      versionId: out.VersionId && out.VersionId !== 'null' ? out.VersionId : undefined,
    };
  } catch (error) {
    if (isS3NotFound(error)) return undefined;
    throw error;
  }
}

/**
 * True when the tail holds a toolkit-sig/1 envelope this version no longer accepts (e.g. a high-S
 * signature written before signatures were made low-S): such a signature is re-made, not reused.
 */
export function envelopeOutdated(tail: SignedObjectTail): boolean {
  try {
    decodeEnvelopeComment(readZipTail(tail.tail).comment);
    return false;
  } catch (error) {
    return error instanceof SignedPackageError && messages.SignatureBadEnvelope.is(error);
  }
}

/** What a signed object must sign: the zip built here. */
export interface SignedExpectation {
  content: SignedContent;
  /** SHA-256 (hex) of the whole built zip, as uploaded. */
  sha256: string;
  profileVersionArn: string;
  jobId: string;
}

/**
 * Why a signed object does not sign exactly the zip that was built (undefined when it does).
 * A toolkit-sig/1 envelope must carry the built zip's digest, the expected profile version and
 * job, and the object must be the built bytes' length plus the comment. A signed object in
 * another format (AWS's own, which is not published) is accepted only under `signedFormat: 'any'`,
 * and then the job's source version must hold the built zip's bytes: Signer signs what it read.
 */
export async function whatWasSignedProblem(
  ctx: RunContext,
  object: { bucket: string; key: string },
  tail: SignedObjectTail,
  expected: SignedExpectation,
  source: { bucket: string; key: string; versionId?: string | undefined } | undefined,
): Promise<string | undefined> {
  const where = `s3://${object.bucket}/${object.key}`;
  let envelope;
  let signedLength: number;
  try {
    const layout = readZipTail(tail.tail);
    envelope = decodeEnvelopeComment(layout.comment);
    signedLength = tail.size - tail.tail.length + layout.commentLengthOffset;
  } catch (error) {
    if (!(error instanceof SignedPackageError)) throw error;
    if (ctx.signedFormat === 'any') return sourceProblem(ctx, source, expected.sha256);
    return `the signed object ${where} is not a signed zip (${error.message}); expected SHA-384 ${expected.content.digest}`;
  }
  if (envelope === null) {
    if (ctx.signedFormat === 'any') return sourceProblem(ctx, source, expected.sha256);
    return `the signed object ${where} carries no toolkit-sig/1 signature; expected SHA-384 ${expected.content.digest}`;
  }
  if (envelope.digest !== expected.content.digest || signedLength !== expected.content.length) {
    return `what was signed is not the zip that was built: expected SHA-384 ${expected.content.digest} (${expected.content.length} bytes), found SHA-384 ${envelope.digest} (${signedLength} bytes) in ${where}; the uploaded object may have been replaced before signing`;
  }
  if (envelope.profileVersionArn !== expected.profileVersionArn) {
    return `the signed object ${where} is signed by ${envelope.profileVersionArn}, not by ${expected.profileVersionArn}`;
  }
  if (!envelope.jobArn.endsWith(`/${expected.jobId}`))
    return `the signed object ${where} was signed by job ${envelope.jobArn}, not by job ${expected.jobId}`;
  return undefined;
}

/** Why the object version a job signed is not the built zip: its S3 SHA-256 checksum, else its bytes hashed here. */
async function sourceProblem(
  ctx: RunContext,
  source: { bucket: string; key: string; versionId?: string | undefined } | undefined,
  sha256: string,
): Promise<string | undefined> {
  if (!source)
    return `the signing job names no source object, so what it signed cannot be checked against the built zip (SHA-256 ${sha256})`;
  const where = `s3://${source.bucket}/${source.key}${source.versionId ? ` version ${source.versionId}` : ''}`;
  const params = { Bucket: source.bucket, Key: source.key, VersionId: source.versionId };
  const head = await withThrottleRetry(
    () => ctx.s3.send(new HeadObjectCommand({ ...params, ChecksumMode: 'ENABLED' }), { abortSignal: ctx.signal }),
    ctx.retry(false),
  );
  // A multipart object's checksum (`…-N`) is of its parts, not of the whole: hash the bytes instead.
  let found =
    head.ChecksumSHA256 && !head.ChecksumSHA256.includes('-')
      ? Buffer.from(head.ChecksumSHA256, 'base64').toString('hex')
      : undefined;
  if (found === undefined) {
    const out = await withThrottleRetry(
      () => ctx.s3.send(new GetObjectCommand(params), { abortSignal: ctx.signal }),
      ctx.retry(false),
    );
    const hash = createHash('sha256');
    for await (const chunk of out.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
    found = hash.digest('hex');
  }
  if (found === sha256) return undefined;
  return `what was signed is not the zip that was built: expected SHA-256 ${sha256}, found SHA-256 ${found} in the signed source ${where}; the uploaded object may have been replaced before signing`;
}
