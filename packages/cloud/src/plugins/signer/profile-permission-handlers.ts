import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse, readJsonBody } from '../../protocols/rest-json.ts';
import { ServiceError } from '../../service-error.ts';
import { callerIdentity } from '../sts/sts-plugin.ts';
import type { ProfileWithVersion } from './profile-store.ts';
import { requireProfile } from './profile-handlers.ts';
import { profileArn } from './signer-arns.ts';
import { signerErrors } from './signer-errors.ts';
import { optionalString, requireString } from './signer-input.ts';
import type { SignerState } from './signer-state.ts';

/** The actions a profile permission may grant (Signer's list; SignPayload is for containers). */
const GRANTABLE = new Set([
  'signer:StartSigningJob',
  'signer:GetSigningProfile',
  'signer:RevokeSignature',
  'signer:SignPayload',
]);

const STATEMENT_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/** AddProfilePermission: one statement granting a principal an action on the profile (optionally one version). */
export async function addProfilePermission(
  state: SignerState,
  request: ServiceRequest,
  name: string,
): Promise<ServiceResponse> {
  const profile = requireProfile(state, name);
  const body = await readJsonBody(request);
  const action = requireString(body.action, 'action');
  const principal = requireString(body.principal, 'principal');
  const statementId = requireString(body.statementId, 'statementId');
  const profileVersion = optionalString(body.profileVersion, 'profileVersion');
  const revisionId = optionalString(body.revisionId, 'revisionId');
  if (!GRANTABLE.has(action))
    throw signerErrors.validation(`The action ${action} cannot be granted; use one of ${[...GRANTABLE].join(', ')}.`);
  if (!STATEMENT_ID.test(statementId))
    throw signerErrors.validation('statementId must be 1 to 64 letters, digits, hyphens or underscores.');
  if (profileVersion !== undefined && !state.profiles.version(profileVersion))
    throw signerErrors.notFound(`Signing profile version ${profileVersion} does not exist.`);
  checkRevision(state, profile.name, revisionId);
  const revision = state.permissions.add(profile.name, {
    statementId,
    action,
    principal,
    ...(profileVersion ? { profileVersion } : {}),
  });
  if (revision === 'duplicate')
    throw new ServiceError('ConflictException', 409, `A permission with statementId ${statementId} already exists.`);
  return jsonResponse(201, { revisionId: revision });
}

/** RemoveProfilePermission: the revision id must be the current one (optimistic locking, as Signer does). */
export function removeProfilePermission(
  state: SignerState,
  request: ServiceRequest,
  name: string,
  statementId: string,
): ServiceResponse {
  const profile = requireProfile(state, name);
  const revisionId = request.query.get('revisionId');
  if (!revisionId) throw signerErrors.validation('revisionId is required.');
  checkRevision(state, profile.name, revisionId);
  const revision = state.permissions.remove(profile.name, statementId);
  if (revision === 'missing')
    throw signerErrors.notFound(`No permission with statementId ${statementId} on signing profile ${profile.name}.`);
  return jsonResponse(200, { revisionId: revision });
}

/** ListProfilePermissions: every statement and the current revision id. */
export function listProfilePermissions(state: SignerState, name: string): ServiceResponse {
  const profile = requireProfile(state, name);
  const permissions = state.permissions.list(profile.name);
  const revisionId = state.permissions.revision(profile.name);
  return jsonResponse(200, {
    ...(revisionId ? { revisionId } : {}),
    policySizeBytes: Buffer.byteLength(JSON.stringify(permissions)),
    permissions,
  });
}

/**
 * Whether the caller may start a signing job with `profile`: its owner always may; any
 * other identity needs a `signer:StartSigningJob` permission naming it (or its account)
 * for the profile's current version or for every version.
 */
export function requireSigningPermission(
  state: SignerState,
  request: ServiceRequest,
  profile: ProfileWithVersion,
): void {
  const caller = callerIdentity(request, state.ctx.accountId);
  const owner = state.permissions.owner(profile.name) ?? `arn:aws:iam::${state.ctx.accountId}:root`;
  if (caller.arn === owner) return;
  const accountRoot = `arn:aws:iam::${caller.account}:root`;
  const granted = state.permissions
    .list(profile.name)
    .some(
      (p) =>
        (p.action === 'signer:StartSigningJob' || p.action === 'signer:*') &&
        [caller.arn, caller.account, accountRoot, '*'].includes(p.principal) &&
        (p.profileVersion === undefined || p.profileVersion === profile.version.version),
    );
  if (granted) return;
  throw signerErrors.accessDenied(
    `User: ${caller.arn} is not authorized to perform: signer:StartSigningJob on resource: ${profileArn(state.ctx, profile.name)} because no permission of the signing profile allows it`,
  );
}

function checkRevision(state: SignerState, name: string, given: string | undefined): void {
  const current = state.permissions.revision(name);
  if (given !== undefined && given !== current)
    throw new ServiceError(
      'ConflictException',
      409,
      `The revisionId ${given} is not the current revision of the profile's permissions.`,
    );
}
