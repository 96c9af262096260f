import { hex, strictBase64 } from './bytes.ts';
import { derToP1363, isCanonicalSignature } from './ecdsa-der.ts';
import { decodeEnvelopeComment, signedPayloadText, type SignatureEnvelope } from './envelope-text.ts';
import { FormatProblem } from './format-problem.ts';
import { decideVerdict, publicKeyFor, type PackageFacts, type VerdictContext } from './verdict-rules.ts';
import { readZipLayout } from './zip-reader.ts';
import type { Verdict } from '../verdict/verdict.ts';

/** A zip read as a package with WebCrypto: its envelope and recomputed digest, or unsigned. */
export type WebZipContents =
  { unsigned: true } | { unsigned: false; envelope: SignatureEnvelope; digestHex: string; digestMatches: boolean };

/** Reads a zip's envelope and recomputes its SHA-384 with WebCrypto; throws FormatProblem for a malformed one. */
export async function readSignedZipWeb(zip: Uint8Array): Promise<WebZipContents> {
  const layout = readZipLayout(zip);
  const envelope = decodeEnvelopeComment(layout.comment);
  if (envelope === null) return { unsigned: true };
  const digest = await crypto.subtle.digest('SHA-384', zip.slice(0, layout.commentLengthOffset));
  const digestHex = hex(new Uint8Array(digest));
  return { unsigned: false, envelope, digestHex, digestMatches: digestHex === envelope.digest };
}

/** True when `envelope.signature` verifies with the SPKI PEM `publicKeyPem` (ECDSA P-384/SHA-384), by WebCrypto. */
export async function envelopeSignatureValidWeb(envelope: SignatureEnvelope, publicKeyPem: string): Promise<boolean> {
  try {
    const der = strictBase64(envelope.signature);
    const raw = derToP1363(der);
    if (raw === null || !isCanonicalSignature(der)) return false;
    // importKey refuses any key that is not EC on P-384, as the Node verifier does.
    const key = await crypto.subtle.importKey(
      'spki',
      pemBody(publicKeyPem),
      { name: 'ECDSA', namedCurve: 'P-384' },
      false,
      ['verify'],
    );
    return await crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-384' },
      key,
      raw,
      new TextEncoder().encode(signedPayloadText(envelope)),
    );
  } catch {
    return false;
  }
}

/** What `evaluateSignatureWeb` checks: the zip's bytes and the context of `decideVerdict`. */
export interface EvaluateSignatureWebInput extends VerdictContext {
  zip: Uint8Array;
}

/** The same verdict as Node's `evaluateSignature`, with WebCrypto doing the digest and the signature check. */
export async function evaluateSignatureWeb(input: EvaluateSignatureWebInput): Promise<Verdict> {
  let facts: PackageFacts;
  try {
    const contents = await readSignedZipWeb(input.zip);
    if (contents.unsigned) facts = { kind: 'unsigned' };
    else {
      const { envelope, digestHex, digestMatches } = contents;
      const key = publicKeyFor(input.trust, envelope);
      const signature =
        key === undefined ? 'unknown-version' : (await envelopeSignatureValidWeb(envelope, key)) ? 'valid' : 'invalid';
      facts = { kind: 'signed', envelope, digestHex, digestMatches, signature };
    }
  } catch (error) {
    if (!(error instanceof FormatProblem)) throw error;
    facts = { kind: 'malformed', message: error.message };
  }
  return decideVerdict(facts, input);
}

/** The DER bytes of a PEM block. */
function pemBody(pem: string): Uint8Array<ArrayBuffer> {
  const body = pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
}
