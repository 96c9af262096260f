import { bytesEqual, latin1, latin1Bytes, strictBase64, strictBase64Url } from './bytes.ts';
import { isCanonicalSignature } from './ecdsa-der.ts';
import { FormatProblem } from './format-problem.ts';

/** The EOCD comment of a signed zip starts with this, then base64url(envelope JSON). */
export const SIGNATURE_MARKER = 'TOOLKIT-SIG/1 ';
/** The envelope's `format` value. */
export const ENVELOPE_FORMAT = 'toolkit-sig/1';
/** The one Signer platform whose packages use this format. */
export const SIGNING_PLATFORM_ID = 'AWSLambda-SHA384-ECDSA';

/** The signature record embedded in a signed zip: exactly these fields. */
export interface SignatureEnvelope {
  format: typeof ENVELOPE_FORMAT;
  platformId: typeof SIGNING_PLATFORM_ID;
  digestAlgorithm: 'SHA-384';
  /** Lowercase hex SHA-384 of the zip up to the EOCD comment-length field. */
  digest: string;
  profileVersionArn: string;
  jobArn: string;
  /** ISO-8601 UTC as `Date.prototype.toISOString` writes it. */
  signedAt: string;
  expiresAt: string;
  /** ECDSA P-384/SHA-384, DER, standard base64, over `signedPayload(envelope)`. */
  signature: string;
}

const FIELDS = [
  'format',
  'platformId',
  'digestAlgorithm',
  'digest',
  'profileVersionArn',
  'jobArn',
  'signedAt',
  'expiresAt',
  'signature',
] as const;

/** JSON with object keys sorted and no whitespace, strings as `JSON.stringify` writes them. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The text the signature covers: canonical JSON of every envelope field but `signature`. */
export function signedPayloadText(envelope: Omit<SignatureEnvelope, 'signature'> & { signature?: string }): string {
  const { signature: _signature, ...rest } = envelope;
  return canonicalJson(rest);
}

/**
 * The envelope's one valid byte form: its fields in the order of FIELDS, no
 * whitespace, strings escaped only where JSON requires (as `JSON.stringify` does).
 */
export function envelopeJson(envelope: SignatureEnvelope): string {
  return `{${FIELDS.map((field) => `${JSON.stringify(field)}:${JSON.stringify(envelope[field])}`).join(',')}}`;
}

/**
 * The envelope in an EOCD comment, or null when the comment carries none.
 * Throws a SignatureBadEnvelope FormatProblem when it carries a damaged one (so a flipped
 * byte in the marker cannot pass a signed zip off as an unsigned one).
 */
export function decodeEnvelopeComment(comment: Uint8Array): SignatureEnvelope | null {
  const marker = latin1Bytes(SIGNATURE_MARKER);
  if (bytesEqual(comment.subarray(0, marker.length), marker))
    return parseEnvelope(latin1(comment.subarray(marker.length)));
  if (comment.length > marker.length && looksLikeEnvelope(latin1(comment.subarray(marker.length)))) {
    throw new FormatProblem(
      'SignatureBadEnvelope',
      'the zip comment holds a toolkit-sig/1 envelope behind a damaged marker',
    );
  }
  return null;
}

function looksLikeEnvelope(text: string): boolean {
  try {
    const value: unknown = JSON.parse(utf8(strictBase64Url(text)));
    return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === ENVELOPE_FORMAT;
  } catch {
    return false;
  }
}

function parseEnvelope(text: string): SignatureEnvelope {
  let value: unknown;
  let bytes: Uint8Array;
  try {
    bytes = strictBase64Url(text);
    value = JSON.parse(utf8(bytes));
  } catch {
    throw bad('the envelope is not base64url-encoded JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('the envelope is not a JSON object');
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  if (keys.join() !== [...FIELDS].sort().join())
    throw bad(`the envelope must have exactly the fields ${FIELDS.join(', ')}; it has ${keys.join(', ')}`);
  for (const field of FIELDS)
    if (typeof record[field] !== 'string' || record[field] === '')
      throw bad(`envelope field ${field} must be a non-empty string`);
  const envelope = record as unknown as SignatureEnvelope;
  if (envelope.format !== ENVELOPE_FORMAT) throw bad(`envelope format must be ${ENVELOPE_FORMAT}`);
  if (envelope.platformId !== SIGNING_PLATFORM_ID) throw bad(`envelope platformId must be ${SIGNING_PLATFORM_ID}`);
  if (envelope.digestAlgorithm !== 'SHA-384') throw bad('envelope digestAlgorithm must be SHA-384');
  if (!/^[0-9a-f]{96}$/.test(envelope.digest)) throw bad('envelope digest must be 96 lowercase hex digits');
  for (const field of ['signedAt', 'expiresAt'] as const) {
    const date = new Date(envelope[field]);
    if (Number.isNaN(date.getTime()) || date.toISOString() !== envelope[field])
      throw bad(`envelope ${field} must be an ISO-8601 UTC timestamp`);
  }
  let signature: Uint8Array;
  try {
    signature = strictBase64(envelope.signature);
  } catch {
    throw bad('envelope signature must be standard base64');
  }
  if (!isCanonicalSignature(signature))
    throw bad('envelope signature must be a strict DER ECDSA P-384 signature with a low S value');
  // Reordered, duplicate or escaped keys, whitespace and needless escapes all parse to the
  // same object: only the one canonical byte form is accepted, so no two texts mean the same.
  if (!bytesEqual(new TextEncoder().encode(envelopeJson(envelope)), bytes)) {
    throw bad(
      'the envelope is not in its canonical form (fields in the order format, platformId, digestAlgorithm, digest, profileVersionArn, jobArn, signedAt, expiresAt, signature; no whitespace, duplicates or needless escapes)',
    );
  }
  return envelope;
}

/** UTF-8 text as Buffer's `toString('utf8')` gives it: bad sequences become U+FFFD. */
function utf8(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

function bad(message: string): FormatProblem {
  return new FormatProblem('SignatureBadEnvelope', message);
}
