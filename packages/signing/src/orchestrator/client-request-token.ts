import { createHash } from 'node:crypto';

/** What identifies one signing of one artifact version into one place. */
export interface TokenInput {
  sha256: string;
  profileVersionArn: string;
  source: { bucket: string; key: string; versionId: string };
  destination: { bucket: string; prefix: string };
  /** Job id of a signature this one replaces (revoked or expiring); a new token so Signer does not replay the old job. */
  supersedes?: string | undefined;
}

/**
 * Derives StartSigningJob's idempotency token. The same inputs always give the same token, so a retried
 * or re-run request returns the job already started instead of signing twice. The result is a
 * name-based UUID (36 characters), the shape the SDK itself generates, well within Signer's limits.
 */
export function deriveClientRequestToken(input: TokenInput): string {
  const canonical = JSON.stringify([
    'toolkit-sign/1',
    input.sha256,
    input.profileVersionArn,
    input.source.bucket,
    input.source.key,
    input.source.versionId,
    input.destination.bucket,
    input.destination.prefix,
    input.supersedes ?? null,
  ]);
  const bytes = createHash('sha256').update(canonical).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50; // version 5-style: name-based
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
