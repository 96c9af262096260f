import { GetSigningProfileCommand } from '@aws-sdk/client-signer';
import { createSigningProfile, openAwsSession, type TargetOptions } from '@toolkit/toolkit';
import type { IoHost } from '@toolkit/core';

/** A signing profile's current version. */
export interface ProfileVersion {
  profileName: string;
  profileVersionArn: string;
  created: boolean;
}

/** Returns the active version of a signing profile, creating the profile when it does not exist yet. */
export async function ensureSigningProfile(
  profileName: string,
  target: TargetOptions,
  io: IoHost,
): Promise<ProfileVersion> {
  const session = await openAwsSession(target);
  try {
    const found = await session.signer
      .send(new GetSigningProfileCommand({ profileName }))
      .catch((error: { name?: string }) => {
        if (error.name === 'ResourceNotFoundException') return undefined;
        throw error;
      });
    if (found?.status === 'Active' && found.profileVersionArn) {
      return { profileName, profileVersionArn: found.profileVersionArn, created: false };
    }
  } finally {
    await session.close();
  }
  const created = await createSigningProfile({ ...target, profileName }, io);
  return { profileName, profileVersionArn: created.profileVersionArn, created: true };
}
