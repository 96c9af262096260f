/// <reference lib="dom" />
import type { SignatureEnvelope, TrustData } from '@toolkit/signing/portable';
import type { AwsClient } from './aws-client.ts';

/**
 * The trust data to judge `envelope` with: public keys from the trust file the viewer chose
 * (Signer has no API that hands out a Lambda profile's key), revocations from Signer now, through
 * GetRevocationStatus, so a trust file exported before a revocation cannot hide it.
 */
export async function withLiveRevocations(
  client: AwsClient,
  trust: TrustData,
  envelope: SignatureEnvelope,
): Promise<TrustData> {
  const query = new URLSearchParams({
    signatureTimestamp: envelope.signedAt,
    platformId: envelope.platformId,
    profileVersionArn: envelope.profileVersionArn,
    jobArn: envelope.jobArn,
    // The API wants certificate hashes; a toolkit-sig/1 package has no certificate, so its digest stands in.
    certificateHashes: envelope.digest,
  });
  const { revokedEntities = [] } = await client.json<{ revokedEntities?: string[] }>(
    'signer',
    'GET',
    '/revocations',
    undefined,
    query,
  );
  const jobRevoked = revokedEntities.includes(envelope.jobArn);
  const versionRevoked = revokedEntities.includes(envelope.profileVersionArn);
  const revokedJobs = trust.revokedJobs.filter((job) => job.jobArn !== envelope.jobArn);
  if (jobRevoked) revokedJobs.push({ jobArn: envelope.jobArn, revokedAt: await jobRevokedAt(client, envelope.jobArn) });
  const effectiveFrom = versionRevoked ? await versionRevokedFrom(client, trust, envelope.profileVersionArn) : null;
  const profileVersions = trust.profileVersions.map((version) => {
    if (version.profileVersionArn !== envelope.profileVersionArn) return version;
    if (versionRevoked) return { ...version, status: 'Revoked' as const, revokedEffectiveFrom: effectiveFrom };
    // Signer says this signature is not revoked: a revocation in the file takes effect after it.
    return version.status === 'Revoked'
      ? { ...version, status: 'Canceled' as const, revokedEffectiveFrom: null }
      : version;
  });
  return { ...trust, profileVersions, revokedJobs };
}

/** When the job's signature was revoked, as DescribeSigningJob records it. */
async function jobRevokedAt(client: AwsClient, jobArn: string): Promise<string> {
  const jobId = jobArn.slice(jobArn.lastIndexOf('/') + 1);
  const job = await client.json<{ revocationRecord?: { revokedAt?: number | string } }>(
    'signer',
    'GET',
    `/signing-jobs/${encodeURIComponent(jobId)}`,
  );
  return isoOf(job.revocationRecord?.revokedAt) ?? '';
}

/** The revocation's effective time: the trust file's, else GetSigningProfile's when it is the current version. */
async function versionRevokedFrom(client: AwsClient, trust: TrustData, arn: string): Promise<string | null> {
  const known = trust.profileVersions.find((v) => v.profileVersionArn === arn);
  if (known?.status === 'Revoked' && known.revokedEffectiveFrom) return known.revokedEffectiveFrom;
  const name = /:\/signing-profiles\/([^/]+)\//.exec(arn)?.[1];
  if (!name) return null;
  const profile = await client.json<{
    profileVersionArn?: string;
    revocationRecord?: { revocationEffectiveFrom?: number | string };
  }>('signer', 'GET', `/signing-profiles/${encodeURIComponent(name)}`);
  return profile.profileVersionArn === arn ? (isoOf(profile.revocationRecord?.revocationEffectiveFrom) ?? null) : null;
}

/** rest-json timestamps arrive as epoch seconds. */
function isoOf(value: number | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = typeof value === 'number' ? new Date(Math.round(value * 1000)) : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
