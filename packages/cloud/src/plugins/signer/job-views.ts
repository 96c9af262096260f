import type { JobRow } from './job-store.ts';
import { epochSeconds } from './signer-input.ts';
import { findPlatform } from './signing-platforms.ts';

function signedObject(job: JobRow): Record<string, unknown> {
  return job.signed_key === null
    ? {}
    : { signedObject: { s3: { bucketName: job.destination_bucket, key: job.signed_key } } };
}

function source(job: JobRow): Record<string, unknown> {
  return { s3: { bucketName: job.source_bucket, key: job.source_key, version: job.source_version } };
}

/** A job as DescribeSigningJob answers it (no signing material: Lambda profiles need no certificate). */
export function describeJob(job: JobRow): Record<string, unknown> {
  return {
    jobId: job.job_id,
    source: source(job),
    platformId: job.platform_id,
    platformDisplayName: findPlatform(job.platform_id)?.displayName,
    profileName: job.profile_name,
    profileVersion: job.profile_version,
    createdAt: epochSeconds(job.created_at),
    ...(job.completed_at !== null ? { completedAt: epochSeconds(job.completed_at) } : {}),
    ...(job.signature_expires_at !== null ? { signatureExpiresAt: epochSeconds(job.signature_expires_at) } : {}),
    requestedBy: job.requested_by,
    status: job.status,
    ...(job.status_reason !== null ? { statusReason: job.status_reason } : {}),
    ...(job.revoked_at !== null
      ? {
          revocationRecord: {
            reason: job.revocation_reason,
            revokedAt: epochSeconds(job.revoked_at),
            revokedBy: job.revoked_by,
          },
        }
      : {}),
    ...signedObject(job),
    jobOwner: job.job_owner,
    jobInvoker: job.job_invoker,
  };
}

/** A job as ListSigningJobs lists it. */
export function summarizeJob(job: JobRow): Record<string, unknown> {
  return {
    jobId: job.job_id,
    source: source(job),
    ...signedObject(job),
    createdAt: epochSeconds(job.created_at),
    status: job.status,
    isRevoked: job.revoked_at !== null,
    profileName: job.profile_name,
    profileVersion: job.profile_version,
    platformId: job.platform_id,
    platformDisplayName: findPlatform(job.platform_id)?.displayName,
    ...(job.signature_expires_at !== null ? { signatureExpiresAt: epochSeconds(job.signature_expires_at) } : {}),
    jobOwner: job.job_owner,
    jobInvoker: job.job_invoker,
  };
}
