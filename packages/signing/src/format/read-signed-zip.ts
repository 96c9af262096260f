import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { isCanonicalSignature } from './ecdsa-signature.ts';
import { decodeEnvelopeComment, signedPayload, type SignatureEnvelope } from './envelope.ts';
import { SignedPackageError } from './signed-package-error.ts';
import { packageDigest } from './sign-zip.ts';
import { readZipLayout, type ZipLayout } from './zip-layout.ts';

/** A zip read as a signed package: its envelope and the digest recomputed from its bytes. */
export interface SignedZipContents {
  unsigned: false;
  envelope: SignatureEnvelope;
  /** SHA-384 recomputed from the zip, lowercase hex. */
  digestHex: string;
  /** Whether the recomputed digest equals the envelope's. */
  digestMatches: boolean;
  layout: ZipLayout;
}

/** A well-formed zip that carries no signature. */
export interface UnsignedZipContents {
  unsigned: true;
  layout: ZipLayout;
}

/**
 * Reads a zip's signature envelope and recomputes its digest, without checking
 * the signature. Throws SignedPackageError for a malformed zip or envelope.
 */
export function readSignedZip(zip: Buffer): SignedZipContents | UnsignedZipContents {
  const layout = readZipLayout(zip);
  const envelope = decodeEnvelopeComment(layout.comment);
  if (envelope === null) return { unsigned: true, layout };
  const digestHex = packageDigest(zip, layout);
  return { unsigned: false, envelope, digestHex, digestMatches: digestHex === envelope.digest, layout };
}

/** True when `envelope.signature` is a valid ECDSA P-384/SHA-384 signature by `publicKey` over the other fields. */
export function envelopeSignatureValid(envelope: SignatureEnvelope, publicKey: KeyObject | string): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'secp384r1') return false;
    const signature = Buffer.from(envelope.signature, 'base64');
    if (!isCanonicalSignature(signature)) return false;
    return verify('sha384', signedPayload(envelope), { key, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}

/** The outcome of checking a signed zip against one public key. */
export type VerifySignedZipResult =
  | { ok: true; envelope: SignatureEnvelope; digestHex: string }
  | {
      ok: false;
      problem: 'unsigned' | 'malformed' | 'digest' | 'signature';
      reason: string;
      envelope: SignatureEnvelope | null;
    };

/** Checks a signed zip's structure, digest and signature against a profile version's public key. */
export function verifySignedZip(zip: Buffer, publicKey: KeyObject | string): VerifySignedZipResult {
  let contents: SignedZipContents | UnsignedZipContents;
  try {
    contents = readSignedZip(zip);
  } catch (error) {
    if (error instanceof SignedPackageError)
      return { ok: false, problem: 'malformed', reason: error.message, envelope: null };
    throw error;
  }
  if (contents.unsigned)
    return { ok: false, problem: 'unsigned', reason: 'the zip carries no toolkit-sig/1 signature', envelope: null };
  const { envelope, digestHex } = contents;
  if (!contents.digestMatches) {
    return {
      ok: false,
      problem: 'digest',
      reason: `the zip's SHA-384 digest ${digestHex} differs from the signed digest ${envelope.digest}: it changed since signing`,
      envelope,
    };
  }
  if (!envelopeSignatureValid(envelope, publicKey)) {
    return {
      ok: false,
      problem: 'signature',
      reason: `the signature does not verify with the public key of ${envelope.profileVersionArn}`,
      envelope,
    };
  }
  return { ok: true, envelope, digestHex };
}
