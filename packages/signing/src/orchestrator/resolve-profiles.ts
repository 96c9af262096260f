import { GetSigningProfileCommand, type SignerClient } from '@aws-sdk/client-signer';
import { mapConcurrent, UserInputError, messages } from '@toolkit/core';
import { systemClock } from './clock.ts';
import { defaultThrottleBackoff } from './schedules.ts';
import { withThrottleRetry } from './throttle-retry.ts';
import type { ResolvedProfile, SignatureValidity } from './types.ts';

/** A profile as the user named it (`--signing-profiles Fn=Name[:Owner]`). */
export interface ProfileReference {
  profileName: string;
  profileOwner?: string;
}

/** Where the profiles live: on the local cloud a missing profile's fix is a toolkit command. */
export interface ResolveProfilesOptions {
  target?: 'local' | 'aws';
  signal?: AbortSignal;
}

/**
 * Looks up each named profile's current version with GetSigningProfile. Missing, canceled and revoked
 * profiles, and conflicting owners for one name, are UserInputErrors naming the profile.
 */
export async function resolveProfiles(
  signer: SignerClient,
  profiles: readonly ProfileReference[],
  options: ResolveProfilesOptions = {},
): Promise<Map<string, ResolvedProfile>> {
  const unique = new Map<string, ProfileReference>();
  for (const ref of profiles) {
    const seen = unique.get(ref.profileName);
    if (seen && seen.profileOwner !== ref.profileOwner) {
      throw new UserInputError(
        messages.SigningProfileOwnerConflict,
        `Signing profile "${ref.profileName}" is named with two owners (${seen.profileOwner ?? 'this account'} and ${ref.profileOwner ?? 'this account'}); use one.`,
      );
    }
    unique.set(ref.profileName, ref);
  }
  const signal = options.signal ?? new AbortController().signal;
  const resolved = await mapConcurrent([...unique.values()], 4, (ref) =>
    resolveOne(signer, ref, options.target, signal),
  );
  return new Map(resolved.map((p) => [p.profileName, p]));
}

async function resolveOne(
  signer: SignerClient,
  ref: ProfileReference,
  target: 'local' | 'aws' | undefined,
  signal: AbortSignal,
): Promise<ResolvedProfile> {
  const label = ref.profileOwner ? `"${ref.profileName}" (owner ${ref.profileOwner})` : `"${ref.profileName}"`;
  let out;
  try {
    out = await withThrottleRetry(
      () =>
        signer.send(new GetSigningProfileCommand({ profileName: ref.profileName, profileOwner: ref.profileOwner }), {
          abortSignal: signal,
        }),
      { backoff: defaultThrottleBackoff, clock: systemClock, random: Math.random, signal },
    );
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'ResourceNotFoundException') {
      const fix =
        target === 'local'
          ? ` Create it with: toolkit local profile create ${ref.profileName}`
          : ' Ask the profile owner to create it or grant you access.';
      throw new UserInputError(messages.SigningProfileNotFound, `Signing profile ${label} does not exist.${fix}`, {
        cause: error,
      });
    }
    if (name === 'AccessDeniedException') {
      throw new UserInputError(
        messages.SigningProfileAccessDenied,
        `Not allowed to use signing profile ${label}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    throw error;
  }
  if (out.status !== 'Active') {
    const why = out.statusReason ? ` (${out.statusReason})` : '';
    const fix = target === 'local' ? ` Create a new one with: toolkit local profile create ${ref.profileName}` : '';
    throw new UserInputError(
      messages.SigningProfileInactive,
      `Signing profile ${label} is ${out.status ?? 'not active'}${why}; it can no longer sign.${fix}`,
    );
  }
  if (!out.profileVersion || !out.profileVersionArn) {
    throw new UserInputError(
      messages.SigningProfileInvalid,
      `Signing profile ${label} has no version; GetSigningProfile returned no profileVersionArn.`,
    );
  }
  return {
    profileName: ref.profileName,
    ...(ref.profileOwner ? { profileOwner: ref.profileOwner } : {}),
    profileVersion: out.profileVersion,
    profileVersionArn: out.profileVersionArn,
    status: 'Active',
    validity: toValidity(out.signatureValidityPeriod),
  };
}

function toValidity(period: { value?: number; type?: string } | undefined): SignatureValidity | undefined {
  if (!period || period.value === undefined) return undefined;
  if (period.type === 'DAYS' || period.type === 'MONTHS' || period.type === 'YEARS')
    return { value: period.value, type: period.type };
  return undefined;
}
