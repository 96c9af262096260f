import {
  SIGNATURE_MARKER,
  decodeEnvelopeComment as decodeCommentBytes,
  envelopeJson,
  signedPayloadText,
  type SignatureEnvelope,
} from '../portable/envelope-text.ts';
import { asSignedPackageError } from './signed-package-error.ts';

export {
  ENVELOPE_FORMAT,
  SIGNATURE_MARKER,
  SIGNING_PLATFORM_ID,
  canonicalJson,
  envelopeJson,
  type SignatureEnvelope,
} from '../portable/envelope-text.ts';

/** The bytes the signature covers: canonical JSON of every envelope field but `signature`. */
export function signedPayload(envelope: Omit<SignatureEnvelope, 'signature'> & { signature?: string }): Buffer {
  return Buffer.from(signedPayloadText(envelope), 'utf8');
}

/** The EOCD comment that carries an envelope. */
export function encodeEnvelopeComment(envelope: SignatureEnvelope): Buffer {
  return Buffer.from(SIGNATURE_MARKER + Buffer.from(envelopeJson(envelope), 'utf8').toString('base64url'), 'latin1');
}

/**
 * The envelope in an EOCD comment, or null when the comment carries none.
 * Throws SIG_BAD_ENVELOPE when it carries a damaged one (so a flipped byte in
 * the marker cannot pass a signed zip off as an unsigned one).
 */
export function decodeEnvelopeComment(comment: Buffer): SignatureEnvelope | null {
  return asSignedPackageError(() => decodeCommentBytes(comment));
}
