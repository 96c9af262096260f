import type { DescribeSigningJobCommandOutput } from '@aws-sdk/client-signer';
import { deriveClientRequestToken } from './client-request-token.ts';
import type { RunContext } from './run-context.ts';
import { addValidity } from './signature-validity.ts';
import { checkCachedSignature, isRevoked, jobSource } from './signature-reuse.ts';
import {
  envelopeOutdated,
  readSignedObjectTail,
  whatWasSignedProblem,
  type SignedExpectation,
} from './signed-object-check.ts';
import { signerPrefix } from './signer-destination.ts';
import { SigningJobFailed, signingJobArn, startSigningJob, waitForSigningJob } from './signing-job-runner.ts';
import { RetryAbandoned } from './throttle-retry.ts';
import type { SignRequest, SignResult } from './types.ts';
import { messages } from '@toolkit/core';

/** The artifact was not attempted because signing is stopping. */
export const NOT_STARTED = Symbol('not started');

/** A job whose signature must be replaced: revoked, or an old job replayed by its token that expires too soon. */
const MAX_SUPERSEDED = 3;
/** A replayed job older than the run by more than this is stale (tolerates clock skew with the cloud). */
const REPLAY_SLACK_MS = 5 * 60_000;

/** Reuses a valid cached signature, else runs one signing job to completion; throws on failure. */
export async function signOneArtifact(ctx: RunContext, request: SignRequest): Promise<SignResult | typeof NOT_STARTED> {
  const destination = { bucket: request.destination.bucket, prefix: signerPrefix(request.destination.prefix) };
  const cached = ctx.cache?.get(request.sha256, request.profile.profileVersionArn);
  let supersedes: string | undefined;
  if (cached) {
    const checked = await checkCachedSignature(ctx, cached, destination);
    const { tail, source } = checked;
    const verdict =
      checked.verdict.reuse && tail && envelopeOutdated(tail)
        ? { reuse: false as const, reason: 'its signature envelope is in a form no longer accepted' }
        : checked.verdict;
    if (verdict.reuse) {
      const problem = tail
        ? await whatWasSignedProblem(ctx, cached.signedObject, tail, expectation(request, cached.jobId), source)
        : 'the signed object could not be read';
      if (problem) {
        // Never offer it again; the failure is loud because a signature over other bytes means tampering.
        ctx.cache?.delete(request.sha256, request.profile.profileVersionArn);
        throw new SigningJobFailed(cached.jobId, `reused signature: ${problem}`);
      }
      ctx.cache?.set({ ...cached, expiresAt: verdict.expiresAt });
      return {
        ...resultBase(request),
        jobId: cached.jobId,
        jobArn: cached.jobArn,
        signedObject: withoutEtag(cached.signedObject),
        expiresAt: verdict.expiresAt,
        reused: true,
      };
    }
    ctx.io.notify(
      messages.SignatureNotReused.msg(`${request.id}: signing again: ${verdict.reason}`, {
        id: request.id,
        jobId: cached.jobId,
      }),
    );
    supersedes = cached.jobId;
  }

  for (let round = 0; round <= MAX_SUPERSEDED; round++) {
    if (ctx.stopping()) return NOT_STARTED;
    const token = deriveClientRequestToken({
      sha256: request.sha256,
      profileVersionArn: request.profile.profileVersionArn,
      source: request.source,
      destination,
      supersedes,
    });
    let jobId: string;
    try {
      jobId = await startSigningJob(ctx, request, destination.prefix, token);
    } catch (error) {
      if (error instanceof RetryAbandoned) return NOT_STARTED;
      throw error;
    }
    try {
      const job = await waitForSigningJob(ctx, jobId);
      if (mustSupersede(ctx, job)) {
        supersedes = jobId;
        continue;
      }
      return await finish(ctx, request, jobId, job);
    } catch (error) {
      if (error instanceof SigningJobFailed) throw error;
      throw new SigningJobFailed(jobId, (error as Error).message, { cause: error });
    }
  }
  throw new Error(`Signer kept returning revoked or expiring signatures for ${request.id}`);
}

/** Succeeded, but revoked or a stale replay of an old token: sign under a new token. */
function mustSupersede(ctx: RunContext, job: DescribeSigningJobCommandOutput): boolean {
  if (isRevoked(job.revocationRecord)) return true;
  const created = job.createdAt?.getTime();
  const expires = job.signatureExpiresAt?.getTime();
  const replayed = created !== undefined && created < ctx.runStartedAt - REPLAY_SLACK_MS;
  return replayed && expires !== undefined && expires - ctx.clock.now() < ctx.minValidityMs;
}

async function finish(
  ctx: RunContext,
  request: SignRequest,
  jobId: string,
  job: DescribeSigningJobCommandOutput,
): Promise<SignResult> {
  if (job.profileVersion && job.profileVersion !== request.profile.profileVersion) {
    throw new SigningJobFailed(
      jobId,
      `profile ${request.profile.profileName} changed version while signing (expected ${request.profile.profileVersion}, job used ${job.profileVersion}); run again`,
    );
  }
  const signed = job.signedObject?.s3;
  if (!signed?.bucketName || !signed.key) throw new SigningJobFailed(jobId, 'job succeeded but names no signed object');
  const head = await readSignedObjectTail(ctx, { bucket: signed.bucketName, key: signed.key });
  if (!head) throw new SigningJobFailed(jobId, `signed object s3://${signed.bucketName}/${signed.key} is missing`);
  // Verify what was signed: Signer signs whatever the source object held when it read it.
  const problem = await whatWasSignedProblem(
    ctx,
    { bucket: signed.bucketName, key: signed.key },
    head,
    expectation(request, jobId),
    jobSource(job),
  );
  if (problem) throw new SigningJobFailed(jobId, problem);

  const expiresAt = job.signatureExpiresAt ?? fallbackExpiry(request, job);
  if (expiresAt.getTime() - ctx.clock.now() < ctx.minValidityMs) {
    ctx.io.notify(
      messages.SignatureValidityShort.msg(
        `${request.id}: signature by ${request.profile.profileName} expires at ${expiresAt.toISOString()}, sooner than the minimum validity; it will be signed again next run`,
        { id: request.id, jobId, expiresAt: expiresAt.toISOString() },
      ),
    );
  }
  const jobArn = signingJobArn(request.profile.profileVersionArn, job.jobOwner, jobId);
  const signedObject = {
    bucket: signed.bucketName,
    key: signed.key,
    ...(head.versionId ? { versionId: head.versionId } : {}),
  };
  ctx.cache?.set({
    sha256: request.sha256,
    profileVersionArn: request.profile.profileVersionArn,
    jobId,
    jobArn,
    signedObject: { ...signedObject, ...(head.etag ? { etag: head.etag } : {}) },
    expiresAt: expiresAt.toISOString(),
  });
  return { ...resultBase(request), jobId, jobArn, signedObject, expiresAt: expiresAt.toISOString(), reused: false };
}

function expectation(request: SignRequest, jobId: string): SignedExpectation {
  return {
    content: request.signedContent,
    sha256: request.sha256,
    profileVersionArn: request.profile.profileVersionArn,
    jobId,
  };
}

function fallbackExpiry(request: SignRequest, job: DescribeSigningJobCommandOutput): Date {
  const signedAt = job.completedAt ?? job.createdAt ?? new Date();
  return addValidity(signedAt, request.profile.validity ?? { value: 135, type: 'MONTHS' });
}

function resultBase(
  request: SignRequest,
): Pick<SignResult, 'id' | 'profileName' | 'profileOwner' | 'profileVersionArn'> {
  return {
    id: request.id,
    profileName: request.profile.profileName,
    profileOwner: request.profile.profileOwner,
    profileVersionArn: request.profile.profileVersionArn,
  };
}

function withoutEtag(o: { bucket: string; key: string; versionId?: string }): SignResult['signedObject'] {
  return { bucket: o.bucket, key: o.key, ...(o.versionId ? { versionId: o.versionId } : {}) };
}
