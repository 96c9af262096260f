import { messages } from '@toolkit/core';
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import {
  ENVELOPE_FORMAT,
  SIGNING_PLATFORM_ID,
  decodeEnvelopeComment,
  encodeEnvelopeComment,
  signedPayload,
  type SignatureEnvelope,
} from './envelope.ts';
import { toLowS } from './ecdsa-signature.ts';
import { SignedPackageError } from './signed-package-error.ts';
import { readZipLayout, type ZipLayout } from './zip-layout.ts';

/** What a signature says and who makes it. */
export interface SignZipOptions {
  /** The profile version's P-384 private key (KeyObject or PEM). */
  privateKey: KeyObject | string;
  profileVersionArn: string;
  jobArn: string;
  signedAt: Date;
  expiresAt: Date;
}

/** The result of signing: the signed zip and the envelope it carries. */
export interface SignedZip {
  zip: Buffer;
  envelope: SignatureEnvelope;
}

/** Lowercase hex SHA-384 of every byte before the EOCD comment-length field. */
export function packageDigest(zip: Buffer, layout: ZipLayout): string {
  return createHash('sha384').update(zip.subarray(0, layout.commentLengthOffset)).digest('hex');
}

/**
 * Signs a zip in the `toolkit-sig/1` format: the same bytes with the EOCD comment
 * replaced by the envelope. Refuses an empty, malformed or already signed zip.
 */
export function signZip(zip: Buffer, options: SignZipOptions): Buffer {
  return signZipWithEnvelope(zip, options).zip;
}

/** Like `signZip`, also returning the envelope written. */
export function signZipWithEnvelope(zip: Buffer, options: SignZipOptions): SignedZip {
  checkOptions(options);
  const layout = readZipLayout(zip);
  if (layout.entryCount === 0) throw new SignedPackageError(messages.ZipEmpty, 'the zip has no entries');
  if (decodeEnvelopeComment(layout.comment) !== null)
    throw new SignedPackageError(
      messages.ZipAlreadySigned,
      'the zip is already signed (its comment holds a toolkit-sig/1 envelope)',
    );
  const unsigned = {
    format: ENVELOPE_FORMAT,
    platformId: SIGNING_PLATFORM_ID,
    digestAlgorithm: 'SHA-384',
    digest: packageDigest(zip, layout),
    profileVersionArn: options.profileVersionArn,
    jobArn: options.jobArn,
    signedAt: options.signedAt.toISOString(),
    expiresAt: options.expiresAt.toISOString(),
  } as const;
  const key = typeof options.privateKey === 'string' ? createPrivateKey(options.privateKey) : options.privateKey;
  const signature = toLowS(sign('sha384', signedPayload(unsigned), { key, dsaEncoding: 'der' })).toString('base64');
  const envelope: SignatureEnvelope = { ...unsigned, signature };
  const comment = encodeEnvelopeComment(envelope);
  if (comment.length > 0xffff)
    throw new SignedPackageError(messages.SignatureBadOptions, 'the envelope does not fit in a zip comment (64 KiB)');
  const length = Buffer.alloc(2);
  length.writeUInt16LE(comment.length);
  return { zip: Buffer.concat([zip.subarray(0, layout.commentLengthOffset), length, comment]), envelope };
}

function checkOptions(options: SignZipOptions): void {
  if (!options.profileVersionArn)
    throw new SignedPackageError(messages.SignatureBadOptions, 'profileVersionArn is required');
  if (!options.jobArn) throw new SignedPackageError(messages.SignatureBadOptions, 'jobArn is required');
  const signedAt = options.signedAt.getTime();
  const expiresAt = options.expiresAt.getTime();
  if (Number.isNaN(signedAt) || Number.isNaN(expiresAt))
    throw new SignedPackageError(messages.SignatureBadOptions, 'signedAt and expiresAt must be valid dates');
  if (expiresAt <= signedAt)
    throw new SignedPackageError(messages.SignatureBadOptions, 'expiresAt must be after signedAt');
}
