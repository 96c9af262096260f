import type { TrustData, TrustedProfileVersion } from '@toolkit/signing';
import type { JobStore } from './job-store.ts';
import type { ProfileStore, ProfileVersionRow, ProfileStatus } from './profile-store.ts';

/**
 * What offline verification needs, from Signer's tables: every profile version's
 * public key and revocation, and every revoked job.
 */
export function buildTrustData(profiles: ProfileStore, jobs: JobStore, now: Date): TrustData {
  return {
    exportedAt: now.toISOString(),
    profileVersions: profiles.allVersions().map(trustedVersion),
    revokedJobs: jobs
      .revoked()
      .map((job) => ({ jobArn: job.job_arn, revokedAt: new Date(job.revoked_at as number).toISOString() })),
  };
}

/**
 * A version revoked itself reads Revoked with its effective time. Any other
 * version of a profile that no longer signs (canceled, or revoked through a later
 * version) reads Canceled: its existing signatures stay valid.
 */
function trustedVersion(version: ProfileVersionRow & { profile_status: ProfileStatus }): TrustedProfileVersion {
  const revoked = version.revoked_effective_from !== null;
  return {
    profileVersionArn: version.arn,
    publicKeyPem: version.public_key_pem,
    status: revoked ? 'Revoked' : version.profile_status === 'Active' ? 'Active' : 'Canceled',
    revokedEffectiveFrom: revoked ? new Date(version.revoked_effective_from as number).toISOString() : null,
  };
}
