import { generateProfileKeyPair, SIGNING_PLATFORM_ID } from '@toolkit/signing';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse, readJsonBody } from '../../protocols/rest-json.ts';
import { callerIdentity } from '../sts/sts-plugin.ts';
import { describeProfile, summarizeProfile } from './profile-views.ts';
import type { ProfileStatus, ProfileWithVersion } from './profile-store.ts';
import { newProfileVersion, profileArn, profileVersionArn } from './signer-arns.ts';
import { signerErrors } from './signer-errors.ts';
import {
  ACCOUNT_ID_PATTERN,
  PROFILE_VERSION_PATTERN,
  checkProfileName,
  decodeNextToken,
  encodeNextToken,
  parseBooleanParam,
  parseMaxResults,
  parseTimestamp,
  requireString,
} from './signer-input.ts';
import type { SignerState } from './signer-state.ts';
import { parseTags } from './signer-tags-input.ts';
import { findPlatform } from './signing-platforms.ts';
import { parseValidityPeriod } from './validity-period.ts';

/** The profile named `name` in this account, or ResourceNotFoundException. */
export function requireProfile(state: SignerState, name: string, owner?: string): ProfileWithVersion {
  const profile = owner === undefined || owner === state.ctx.accountId ? state.profiles.get(name) : undefined;
  if (!profile)
    throw signerErrors.notFound(
      `Signing profile ${name} does not exist${owner && owner !== state.ctx.accountId ? ` in account ${owner}` : ''}.`,
    );
  return profile;
}

/**
 * PutSigningProfile. A new name gets version 1 and a fresh P-384 key pair. Putting
 * an Active profile again with the same settings returns its current version;
 * with other settings it makes a new version (new key pair; older versions keep
 * verifying). The name of a Canceled or Revoked profile cannot be reused.
 */
export async function putSigningProfile(
  state: SignerState,
  request: ServiceRequest,
  name: string,
): Promise<ServiceResponse> {
  checkProfileName(name);
  const body = await readJsonBody(request);
  const platformId = requireString(body.platformId, 'platformId');
  if (!findPlatform(platformId)) {
    throw signerErrors.validation(
      `Platform ${platformId} is not supported by the local Signer; use ${SIGNING_PLATFORM_ID}.`,
    );
  }
  const validity = parseValidityPeriod(body.signatureValidityPeriod);
  const tags = body.tags === undefined ? undefined : parseTags(body.tags);
  const { ctx, profiles, keys } = state;
  const existing = profiles.get(name);
  if (existing && existing.status !== 'Active') {
    throw signerErrors.validation(
      `Signing profile ${name} is ${existing.status}; a canceled or revoked profile's name cannot be reused.`,
    );
  }
  const unchanged =
    existing &&
    existing.platform_id === platformId &&
    existing.version.validity_value === validity.value &&
    existing.version.validity_type === validity.type &&
    existing.version.revoked_effective_from === null;
  let version = existing?.version.version ?? '';
  if (!unchanged) {
    version = newProfileVersion();
    const pair = generateProfileKeyPair();
    await keys.save(version, pair.privateKeyPem);
    const now = ctx.now().getTime();
    profiles.putVersion(
      { name, arn: profileArn(ctx, name), platform_id: platformId, created_at: now },
      {
        version,
        profile_name: name,
        arn: profileVersionArn(ctx, name, version),
        validity_value: validity.value,
        validity_type: validity.type,
        public_key_pem: pair.publicKeyPem,
        created_at: now,
        revoked_effective_from: null,
        revoked_at: null,
        revoked_by: null,
        revocation_reason: null,
      },
    );
  }
  if (!existing) state.permissions.setOwner(name, callerIdentity(request, ctx.accountId).arn);
  if (tags) state.tags.set(profileArn(ctx, name), tags);
  return jsonResponse(200, {
    arn: profileArn(ctx, name),
    profileVersion: version,
    profileVersionArn: profileVersionArn(ctx, name, version),
  });
}

/** GetSigningProfile. */
export function getSigningProfile(state: SignerState, request: ServiceRequest, name: string): ServiceResponse {
  checkProfileName(name);
  const owner = request.query.get('profileOwner') ?? undefined;
  if (owner !== undefined && !ACCOUNT_ID_PATTERN.test(owner))
    throw signerErrors.validation(`Value '${owner}' at 'profileOwner' must be a 12-digit account id`);
  const profile = requireProfile(state, name, owner);
  return jsonResponse(200, describeProfile(profile, state.tags.get(profile.arn)));
}

/** CancelSigningProfile: Active becomes Canceled; a Canceled or Revoked profile stays as it is. */
export function cancelSigningProfile(state: SignerState, name: string): ServiceResponse {
  checkProfileName(name);
  const profile = requireProfile(state, name);
  if (profile.status === 'Active') state.profiles.setStatus(name, 'Canceled');
  return jsonResponse(200, {});
}

/** ListSigningProfiles: name order; Canceled only with includeCanceled (or when named in statuses). */
export function listSigningProfiles(state: SignerState, request: ServiceRequest): ServiceResponse {
  const { query } = request;
  const limit = parseMaxResults(query);
  const includeCanceled = parseBooleanParam(query, 'includeCanceled') ?? false;
  const statuses = query
    .getAll('statuses')
    .flatMap((s) => s.split(','))
    .filter((s) => s !== '');
  for (const status of statuses) {
    if (status !== 'Active' && status !== 'Canceled' && status !== 'Revoked')
      throw signerErrors.validation(`Value '${status}' at 'statuses' must be one of Active, Canceled, Revoked`);
  }
  const wanted: ProfileStatus[] =
    statuses.length > 0 ? (statuses as ProfileStatus[]) : includeCanceled ? [] : ['Active', 'Revoked'];
  const after = decodeNextToken(query.get('nextToken'));
  const rows = state.profiles.list({
    statuses: wanted,
    platformId: query.get('platformId') ?? undefined,
    afterName: after?.[0] as string | undefined,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return jsonResponse(200, {
    profiles: page.map((profile) => summarizeProfile(profile, state.tags.get(profile.arn))),
    ...(rows.length > limit && last ? { nextToken: encodeNextToken([last.name]) } : {}),
  });
}

/**
 * RevokeSigningProfile: signatures the version made at or after `effectiveTime`
 * stop being trusted. The time may not be in the future; revoking again may move
 * it earlier, never later. Revoking the current version makes the profile Revoked.
 */
export async function revokeSigningProfile(
  state: SignerState,
  request: ServiceRequest,
  name: string,
): Promise<ServiceResponse> {
  checkProfileName(name);
  const body = await readJsonBody(request);
  const versionId = requireString(body.profileVersion, 'profileVersion');
  if (!PROFILE_VERSION_PATTERN.test(versionId))
    throw signerErrors.validation(`Value '${versionId}' at 'profileVersion' must be 10 letters or digits`);
  const reason = requireReason(body.reason);
  if (body.effectiveTime === undefined || body.effectiveTime === null)
    throw signerErrors.validation(
      "1 validation error detected: Value at 'effectiveTime' failed to satisfy constraint: Member must not be null",
    );
  const effective = parseTimestamp(body.effectiveTime, 'effectiveTime').getTime();
  const profile = requireProfile(state, name);
  const version = state.profiles.version(versionId);
  if (!version || version.profile_name !== name)
    throw signerErrors.notFound(`Signing profile ${name} has no version ${versionId}.`);
  const now = state.ctx.now().getTime();
  if (effective > now) throw signerErrors.validation('Revocation effective time cannot be in the future.');
  if (version.revoked_effective_from !== null && effective > version.revoked_effective_from) {
    throw signerErrors.validation(
      `Signing profile version ${versionId} is already revoked effective ${new Date(version.revoked_effective_from).toISOString()}; the effective time can only move earlier.`,
    );
  }
  state.profiles.revokeVersion(versionId, {
    effectiveFrom: effective,
    revokedAt: now,
    revokedBy: callerIdentity(request, state.ctx.accountId).arn,
    reason,
  });
  if (profile.current_version === versionId) state.profiles.setStatus(name, 'Revoked');
  return jsonResponse(200, {});
}

/** A revocation reason: 1–500 characters. */
export function requireReason(value: unknown): string {
  const reason = requireString(value, 'reason');
  if (reason.length > 500)
    throw signerErrors.validation(
      "Value at 'reason' failed to satisfy constraint: Member must have length less than or equal to 500",
    );
  return reason;
}
