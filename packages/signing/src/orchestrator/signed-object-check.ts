import { GetObjectCommand } from '@aws-sdk/client-s3';
import { decodeEnvelopeComment } from '../format/envelope.ts';
import type { SignedContent } from '../format/built-zip-digest.ts';
import { SignedPackageError } from '../format/signed-package-error.ts';
import { ZIP_TAIL_BYTES, readZipTail } from '../format/zip-layout.ts';
import { isS3NotFound } from '../upload/s3-errors.ts';
import type { RunContext } from './run-context.ts';
import { withThrottleRetry } from './throttle-retry.ts';

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
        ctx.s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key, VersionId: object.versionId, Range: `bytes=-${ZIP_TAIL_BYTES}` }), {
          abortSignal: ctx.signal,
        }),
      ctx.retry(false),
    );
    const tail = Buffer.from((await out.Body?.transformToByteArray()) ?? []);
    // "bytes a-b/size"; a server that ignores Range sends the whole object, whose size is its length.
    const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
    const size = total === undefined ? tail.length : Number(total);
    return { tail: tail.subarray(Math.max(0, tail.length - ZIP_TAIL_BYTES)), size, etag: out.ETag, versionId: out.VersionId && out.VersionId !== 'null' ? out.VersionId : undefined };
  } catch (error) {
    if (isS3NotFound(error)) return undefined;
    throw error;
  }
}

/**
 * Why a signed object does not sign exactly the zip that was built (undefined when it does):
 * its envelope must carry the built zip's digest, the expected profile version and job, and the
 * object must be the built bytes' length plus the comment. The envelope's signature itself is
 * Signer's to make; what is checked here is that Signer signed the right bytes.
 */
export function signedObjectProblem(
  object: { bucket: string; key: string },
  tail: SignedObjectTail,
  expected: { content: SignedContent; profileVersionArn: string; jobId: string },
): string | undefined {
  const where = `s3://${object.bucket}/${object.key}`;
  let envelope;
  let signedLength: number;
  try {
    const layout = readZipTail(tail.tail);
    envelope = decodeEnvelopeComment(layout.comment);
    signedLength = tail.size - tail.tail.length + layout.commentLengthOffset;
  } catch (error) {
    if (error instanceof SignedPackageError) return `the signed object ${where} is not a signed zip (${error.message}); expected SHA-384 ${expected.content.digest}`;
    throw error;
  }
  if (envelope === null) return `the signed object ${where} carries no toolkit-sig/1 signature; expected SHA-384 ${expected.content.digest}`;
  if (envelope.digest !== expected.content.digest || signedLength !== expected.content.length) {
    return `what was signed is not the zip that was built: expected SHA-384 ${expected.content.digest} (${expected.content.length} bytes), found SHA-384 ${envelope.digest} (${signedLength} bytes) in ${where}; the uploaded object may have been replaced before signing`;
  }
  if (envelope.profileVersionArn !== expected.profileVersionArn) {
    return `the signed object ${where} is signed by ${envelope.profileVersionArn}, not by ${expected.profileVersionArn}`;
  }
  if (!envelope.jobArn.endsWith(`/${expected.jobId}`)) return `the signed object ${where} was signed by job ${envelope.jobArn}, not by job ${expected.jobId}`;
  return undefined;
}
