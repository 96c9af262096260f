import { createHash } from 'node:crypto';
import type { ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse, readJsonBody } from '../../protocols/rest-json.ts';
import { callerIdentity } from '../sts/sts-plugin.ts';
import type { JobRow, JobStatus } from './job-store.ts';
import { describeJob, summarizeJob } from './job-views.ts';
import { requireProfile, requireReason } from './profile-handlers.ts';
import { requireSigningPermission } from './profile-permission-handlers.ts';
import { jobArn, newJobId } from './signer-arns.ts';
import { signerErrors } from './signer-errors.ts';
import {
  ACCOUNT_ID_PATTERN,
  checkProfileName,
  decodeNextToken,
  encodeNextToken,
  optionalString,
  parseBooleanParam,
  parseMaxResults,
  parseTimestamp,
  requireString,
} from './signer-input.ts';
import type { SignerState } from './signer-state.ts';

interface StartInput {
  source: { bucketName: string; key: string; version: string };
  destination: { bucketName: string; prefix: string };
  profileName: string;
  profileOwner: string | undefined;
  clientRequestToken: string;
}

/**
 * StartSigningJob: checks the request and the profile, records the job
 * InProgress and returns at once; the runner signs in the background. A
 * clientRequestToken already used returns its job (the same request) or a
 * ValidationException (a different one). A Canceled or Revoked profile is a
 * ValidationException. Over the `startSigningJobRateLimit` knob: ThrottlingException.
 */
export async function startSigningJob(state: SignerState, request: ServiceRequest): Promise<ServiceResponse> {
  const { ctx, jobs, runner } = state;
  if (!state.startLimiter.tryAcquire(ctx.now().getTime())) throw signerErrors.throttling('Rate exceeded');
  const input = parseStartInput(await readJsonBody(request));
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([input.source, input.destination, input.profileName, input.profileOwner ?? null]))
    .digest('hex');
  const previous = jobs.byToken(input.clientRequestToken);
  if (previous) {
    if (previous.request_fingerprint !== fingerprint)
      throw signerErrors.validation('The clientRequestToken was already used for a different signing job request.');
    return jsonResponse(200, { jobId: previous.job_id, jobOwner: previous.job_owner });
  }
  const profile = requireProfile(state, input.profileName, input.profileOwner);
  if (profile.status !== 'Active')
    throw signerErrors.validation(
      `Signing profile ${profile.name} is ${profile.status} and cannot start signing jobs.`,
    );
  requireSigningPermission(state, request, profile);
  const jobId = newJobId();
  const caller = callerIdentity(request, ctx.accountId);
  const job: JobRow = {
    job_id: jobId,
    job_arn: jobArn(ctx, jobId),
    client_request_token: input.clientRequestToken,
    request_fingerprint: fingerprint,
    profile_name: profile.name,
    profile_version: profile.version.version,
    platform_id: profile.platform_id,
    source_bucket: input.source.bucketName,
    source_key: input.source.key,
    source_version: input.source.version,
    destination_bucket: input.destination.bucketName,
    destination_prefix: input.destination.prefix,
    status: 'InProgress',
    status_reason: null,
    signed_key: null,
    requested_by: caller.arn,
    job_owner: ctx.accountId,
    job_invoker: caller.account,
    created_at: ctx.now().getTime(),
    completed_at: null,
    signature_expires_at: null,
    revoked_at: null,
    revoked_by: null,
    revocation_reason: null,
  };
  jobs.insert(job);
  runner.schedule(job);
  return jsonResponse(200, { jobId, jobOwner: job.job_owner });
}

function parseStartInput(body: Record<string, unknown>): StartInput {
  const source = (body.source as { s3?: Record<string, unknown> } | undefined)?.s3;
  if (!source)
    throw signerErrors.validation(
      "1 validation error detected: Value at 'source.s3' failed to satisfy constraint: Member must not be null",
    );
  const destination = (body.destination as { s3?: Record<string, unknown> } | undefined)?.s3;
  if (!destination)
    throw signerErrors.validation(
      "1 validation error detected: Value at 'destination.s3' failed to satisfy constraint: Member must not be null",
    );
  const profileOwner = optionalString(body.profileOwner, 'profileOwner');
  if (profileOwner !== undefined && !ACCOUNT_ID_PATTERN.test(profileOwner))
    throw signerErrors.validation(`Value '${profileOwner}' at 'profileOwner' must be a 12-digit account id`);
  return {
    source: {
      bucketName: requireString(source.bucketName, 'source.s3.bucketName'),
      key: requireString(source.key, 'source.s3.key'),
      version: requireString(source.version, 'source.s3.version'),
    },
    destination: {
      bucketName: requireString(destination.bucketName, 'destination.s3.bucketName'),
      prefix: optionalString(destination.prefix, 'destination.s3.prefix') ?? '',
    },
    profileName: checkProfileName(requireString(body.profileName, 'profileName')),
    profileOwner,
    clientRequestToken: requireString(body.clientRequestToken, 'clientRequestToken'),
  };
}

/** The job `jobId`, or ResourceNotFoundException. */
function requireJob(state: SignerState, jobId: string): JobRow {
  const job = state.jobs.get(jobId);
  if (!job) throw signerErrors.notFound(`Signing job ${jobId} does not exist.`);
  return job;
}

/** DescribeSigningJob. */
export function describeSigningJob(state: SignerState, jobId: string): ServiceResponse {
  return jsonResponse(200, describeJob(requireJob(state, jobId)));
}

/** ListSigningJobs: newest first, with the model's filters. */
export function listSigningJobs(state: SignerState, request: ServiceRequest): ServiceResponse {
  const { query } = request;
  const limit = parseMaxResults(query);
  const status = query.get('status') ?? undefined;
  if (status !== undefined && status !== 'InProgress' && status !== 'Failed' && status !== 'Succeeded')
    throw signerErrors.validation(`Value '${status}' at 'status' must be one of InProgress, Failed, Succeeded`);
  const jobInvoker = query.get('jobInvoker') ?? undefined;
  if (jobInvoker !== undefined && !ACCOUNT_ID_PATTERN.test(jobInvoker))
    throw signerErrors.validation(`Value '${jobInvoker}' at 'jobInvoker' must be a 12-digit account id`);
  const before = query.get('signatureExpiresBefore');
  const after = query.get('signatureExpiresAfter');
  const token = decodeNextToken(query.get('nextToken'));
  const rows = state.jobs.list({
    status: status as JobStatus | undefined,
    platformId: query.get('platformId') ?? undefined,
    requestedBy: query.get('requestedBy') ?? undefined,
    isRevoked: parseBooleanParam(query, 'isRevoked'),
    signatureExpiresBefore: before === null ? undefined : parseTimestamp(before, 'signatureExpiresBefore').getTime(),
    signatureExpiresAfter: after === null ? undefined : parseTimestamp(after, 'signatureExpiresAfter').getTime(),
    jobInvoker,
    after: token === undefined ? undefined : [Number(token[0]), String(token[1])],
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return jsonResponse(200, {
    jobs: page.map(summarizeJob),
    ...(rows.length > limit && last ? { nextToken: encodeNextToken([last.created_at, last.job_id]) } : {}),
  });
}

/**
 * RevokeSignature: the job's signature stops being trusted. Only a Succeeded job
 * has a signature to revoke; revoking again keeps the first record.
 */
export async function revokeSignature(
  state: SignerState,
  request: ServiceRequest,
  jobId: string,
): Promise<ServiceResponse> {
  const body = await readJsonBody(request);
  const reason = requireReason(body.reason);
  const jobOwner = optionalString(body.jobOwner, 'jobOwner');
  if (jobOwner !== undefined && !ACCOUNT_ID_PATTERN.test(jobOwner))
    throw signerErrors.validation(`Value '${jobOwner}' at 'jobOwner' must be a 12-digit account id`);
  const job = jobOwner !== undefined && jobOwner !== state.ctx.accountId ? undefined : state.jobs.get(jobId);
  if (!job) throw signerErrors.notFound(`Signing job ${jobId} does not exist.`);
  if (job.status !== 'Succeeded')
    throw signerErrors.validation(
      `Signing job ${jobId} is ${job.status}; only a succeeded job's signature can be revoked.`,
    );
  if (job.revoked_at === null) {
    state.jobs.revoke(jobId, {
      revokedAt: state.ctx.now().getTime(),
      revokedBy: callerIdentity(request, state.ctx.accountId).arn,
      reason,
    });
  }
  return jsonResponse(200, {});
}
