import type { ProfileWithVersion } from './profile-store.ts';
import { epochSeconds } from './signer-input.ts';
import { findPlatform } from './signing-platforms.ts';

/** A profile as GetSigningProfile answers it (no signing material: Lambda profiles need no certificate). */
export function describeProfile(profile: ProfileWithVersion, tags: Record<string, string>): Record<string, unknown> {
  const { version } = profile;
  return {
    profileName: profile.name,
    profileVersion: version.version,
    profileVersionArn: version.arn,
    ...(version.revoked_effective_from !== null
      ? {
          revocationRecord: {
            revocationEffectiveFrom: epochSeconds(version.revoked_effective_from),
            revokedAt: epochSeconds(version.revoked_at as number),
            revokedBy: version.revoked_by,
          },
        }
      : {}),
    platformId: profile.platform_id,
    platformDisplayName: findPlatform(profile.platform_id)?.displayName,
    signatureValidityPeriod: { value: version.validity_value, type: version.validity_type },
    status: profile.status,
    ...(version.revocation_reason !== null ? { statusReason: version.revocation_reason } : {}),
    arn: profile.arn,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}

/** A profile as ListSigningProfiles lists it. */
export function summarizeProfile(profile: ProfileWithVersion, tags: Record<string, string>): Record<string, unknown> {
  return {
    profileName: profile.name,
    profileVersion: profile.version.version,
    profileVersionArn: profile.version.arn,
    signatureValidityPeriod: { value: profile.version.validity_value, type: profile.version.validity_type },
    platformId: profile.platform_id,
    platformDisplayName: findPlatform(profile.platform_id)?.displayName,
    status: profile.status,
    arn: profile.arn,
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
  };
}
