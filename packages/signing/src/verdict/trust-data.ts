/** Status of a signing profile (version) as Signer reports it. */
export type ProfileStatus = 'Active' | 'Canceled' | 'Revoked';

/** One profile version in the trust file: its public key and revocation state. */
export interface TrustedProfileVersion {
  profileVersionArn: string;
  publicKeyPem: string;
  status: ProfileStatus;
  /** Signatures made at or after this time are revoked; null unless status is Revoked. */
  revokedEffectiveFrom: string | null;
}

/** One revoked signing job. */
export interface RevokedJob {
  jobArn: string;
  revokedAt: string;
}

/** What offline verification needs: the trust file of `toolkit local trust export`. */
export interface TrustData {
  exportedAt?: string;
  profileVersions: TrustedProfileVersion[];
  revokedJobs: RevokedJob[];
}

/** Parses and checks a trust file's JSON; throws TypeError naming the first bad field. */
export function parseTrustData(json: string): TrustData {
  const value: unknown = JSON.parse(json);
  const record = asObject(value, 'trust data');
  const profileVersions = asArray(record.profileVersions, 'profileVersions').map((item, index) => {
    const entry = asObject(item, `profileVersions[${index}]`);
    const status = entry.status;
    if (status !== 'Active' && status !== 'Canceled' && status !== 'Revoked')
      throw new TypeError(`profileVersions[${index}].status must be Active, Canceled or Revoked`);
    const revokedEffectiveFrom = entry.revokedEffectiveFrom ?? null;
    if (revokedEffectiveFrom !== null && !isIsoDate(revokedEffectiveFrom))
      throw new TypeError(`profileVersions[${index}].revokedEffectiveFrom must be null or an ISO date`);
    return {
      profileVersionArn: asString(entry.profileVersionArn, `profileVersions[${index}].profileVersionArn`),
      publicKeyPem: asString(entry.publicKeyPem, `profileVersions[${index}].publicKeyPem`),
      status,
      revokedEffectiveFrom,
    } satisfies TrustedProfileVersion;
  });
  const revokedJobs = asArray(record.revokedJobs, 'revokedJobs').map((item, index) => {
    const entry = asObject(item, `revokedJobs[${index}]`);
    const revokedAt = asString(entry.revokedAt, `revokedJobs[${index}].revokedAt`);
    if (!isIsoDate(revokedAt)) throw new TypeError(`revokedJobs[${index}].revokedAt must be an ISO date`);
    return { jobArn: asString(entry.jobArn, `revokedJobs[${index}].jobArn`), revokedAt };
  });
  const exportedAt = record.exportedAt === undefined ? undefined : asString(record.exportedAt, 'exportedAt');
  return exportedAt === undefined ? { profileVersions, revokedJobs } : { exportedAt, profileVersions, revokedJobs };
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${what} must be an array`);
  return value;
}

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
  return value;
}
