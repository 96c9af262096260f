import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse } from '../../protocols/rest-json.ts';
import { signerErrors } from './signer-errors.ts';
import { parseTimestamp } from './signer-input.ts';
import type { SignerState } from './signer-state.ts';
import { findPlatform } from './signing-platforms.ts';

/**
 * GetRevocationStatus: which of the given entities are revoked for a signature
 * made at `signatureTimestamp` — the job if its signature was revoked, the
 * profile version if revoked effective at or before that time. The local Signer
 * issues no certificates, so no certificate hash is ever revoked.
 */
export function getRevocationStatus(state: SignerState, request: ServiceRequest): ServiceResponse {
  const { query } = request;
  const required = (name: string): string => {
    const value = query.get(name);
    if (value === null || value === '')
      throw signerErrors.validation(
        `1 validation error detected: Value at '${name}' failed to satisfy constraint: Member must not be null`,
      );
    return value;
  };
  const signatureTimestamp = parseTimestamp(required('signatureTimestamp'), 'signatureTimestamp').getTime();
  const platformId = required('platformId');
  const profileVersionArn = required('profileVersionArn');
  const jobArn = required('jobArn');
  if (query.getAll('certificateHashes').length === 0)
    throw signerErrors.validation(
      "1 validation error detected: Value at 'certificateHashes' failed to satisfy constraint: Member must not be null",
    );
  if (!findPlatform(platformId)) throw signerErrors.validation(`Platform ${platformId} is not supported.`);
  for (const [name, arn] of [
    ['profileVersionArn', profileVersionArn],
    ['jobArn', jobArn],
  ] as const) {
    if (arn.length < 20 || arn.length > 2048)
      throw signerErrors.validation(`Value at '${name}' must have length between 20 and 2048`);
  }
  const revokedEntities: string[] = [];
  const trust = state.profiles.allVersions().find((v) => v.arn === profileVersionArn);
  if (trust && trust.revoked_effective_from !== null && trust.revoked_effective_from <= signatureTimestamp)
    revokedEntities.push(profileVersionArn);
  const jobId = jobArn.slice(jobArn.lastIndexOf('/') + 1);
  const job = state.jobs.get(jobId);
  if (job && job.job_arn === jobArn && job.revoked_at !== null) revokedEntities.push(jobArn);
  return jsonResponse(200, { revokedEntities });
}
