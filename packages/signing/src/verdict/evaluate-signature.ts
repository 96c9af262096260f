import { envelopeSignatureValid, readSignedZip } from '../format/read-signed-zip.ts';
import { SignedPackageError } from '../format/signed-package-error.ts';
import { decideVerdict, publicKeyFor, type PackageFacts, type VerdictContext } from '../portable/verdict-rules.ts';
import type { Verdict } from './verdict.ts';

/** What Lambda knows when it checks a package. */
export interface EvaluateSignatureInput extends VerdictContext {
  zip: Buffer;
}

/**
 * The CSC truth table (`decideVerdict`) over a package read and checked with Node's crypto.
 * Integrity (digest, signature, known key) first, always rejecting; then publisher, expiry and
 * revocation (and no signature at all), which `Warn` accepts with reasons and `Enforce` rejects.
 */
export function evaluateSignature(input: EvaluateSignatureInput): Verdict {
  return decideVerdict(packageFacts(input), input);
}

function packageFacts(input: EvaluateSignatureInput): PackageFacts {
  let contents: ReturnType<typeof readSignedZip>;
  try {
    contents = readSignedZip(input.zip);
  } catch (error) {
    if (!(error instanceof SignedPackageError)) throw error;
    return { kind: 'malformed', message: error.message };
  }
  if (contents.unsigned) return { kind: 'unsigned' };
  const { envelope, digestHex, digestMatches } = contents;
  const key = publicKeyFor(input.trust, envelope);
  const signature = key === undefined ? 'unknown-version' : envelopeSignatureValid(envelope, key) ? 'valid' : 'invalid';
  return { kind: 'signed', envelope, digestHex, digestMatches, signature };
}
