import type { TrustData } from '@toolkit/signing';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { readJsonBody, restJsonCodec } from '../../protocols/rest-json.ts';
import { ServiceError } from '../../service-error.ts';
import { describeSigningJob, listSigningJobs, revokeSignature, startSigningJob } from './job-handlers.ts';
import { getSigningPlatform, listSigningPlatforms } from './platform-handlers.ts';
import {
  cancelSigningProfile,
  getSigningProfile,
  listSigningProfiles,
  putSigningProfile,
  revokeSigningProfile,
} from './profile-handlers.ts';
import { getRevocationStatus } from './revocation-handlers.ts';
import {
  addProfilePermission,
  listProfilePermissions,
  removeProfilePermission,
} from './profile-permission-handlers.ts';
import { SIGNER_IAM } from './signer-iam.ts';
import { s3SignerObjects, type SignerObjects } from './signer-objects.ts';
import { matchSignerRoute } from './signer-routes.ts';
import { createSignerState, type SignerState } from './signer-state.ts';
import { migrateSigner } from './signer-tables.ts';
import { listTagsForResource, tagResource, untagResource } from './tag-handlers.ts';
import { buildTrustData } from './trust-data.ts';

/** The Signer plugin, with what other plugins (Lambda) and the CLI need of it. */
export interface SignerPlugin extends ServicePlugin {
  readonly name: 'signer';
  /** Public keys of every profile version and every revocation: the trust file's content. */
  trustData(): TrustData;
}

/** Options for tests of the plugin alone. */
export interface SignerPluginOptions {
  /** Where sources are read and signed zips written; default the cloud's S3 plugin. */
  objects?: (ctx: CloudContext) => SignerObjects;
}

/**
 * AWS Signer (rest-json, signing name `signer`) for Lambda zips in the
 * `toolkit-sig/1` format. SDK clients must set `disableHostPrefix: true`:
 * GetRevocationStatus carries the host prefix `data-`, which loopback lacks.
 */
export function createSignerPlugin(options: SignerPluginOptions = {}): SignerPlugin {
  let state: SignerState | undefined;
  const stateFor = (ctx: CloudContext): SignerState => {
    state ??= createSignerState(ctx, (options.objects ?? s3SignerObjects)(ctx));
    return state;
  };
  return {
    name: 'signer',
    codec: restJsonCodec({ errorBody: 'message' }),
    migrate: migrateSigner,
    start(ctx) {
      const signer = stateFor(ctx);
      for (const job of signer.jobs.inProgress()) signer.runner.schedule(job);
    },
    handle(request, ctx) {
      return dispatch(stateFor(ctx), request);
    },
    async close() {
      await state?.runner.close();
    },
    trustData() {
      if (!state) throw new Error('the signer plugin is not started');
      return buildTrustData(state.profiles, state.jobs, state.ctx.now());
    },
  };
}

async function dispatch(state: SignerState, request: ServiceRequest): Promise<ServiceResponse> {
  const route = matchSignerRoute(request.method, request.rawPath);
  if (!route)
    throw new ServiceError(
      'UnknownOperationException',
      404,
      `The local Signer does not implement ${request.method} ${request.path}.`,
    );
  const { params } = route;
  const body = route.operation === 'StartSigningJob' ? await readJsonBody(request) : {};
  SIGNER_IAM.authorize(request, state.ctx, route.operation, { state, params, body });
  switch (route.operation) {
    case 'PutSigningProfile':
      return putSigningProfile(state, request, params.profileName as string);
    case 'GetSigningProfile':
      return getSigningProfile(state, request, params.profileName as string);
    case 'CancelSigningProfile':
      return cancelSigningProfile(state, params.profileName as string);
    case 'ListSigningProfiles':
      return listSigningProfiles(state, request);
    case 'RevokeSigningProfile':
      return revokeSigningProfile(state, request, params.profileName as string);
    case 'StartSigningJob':
      return startSigningJob(state, request);
    case 'ListSigningJobs':
      return listSigningJobs(state, request);
    case 'DescribeSigningJob':
      return describeSigningJob(state, params.jobId as string);
    case 'RevokeSignature':
      return revokeSignature(state, request, params.jobId as string);
    case 'ListSigningPlatforms':
      return listSigningPlatforms(request);
    case 'GetSigningPlatform':
      return getSigningPlatform(params.platformId as string);
    case 'GetRevocationStatus':
      return getRevocationStatus(state, request);
    case 'TagResource':
      return tagResource(state, request, params.resourceArn as string);
    case 'UntagResource':
      return untagResource(state, request, params.resourceArn as string);
    case 'ListTagsForResource':
      return listTagsForResource(state, params.resourceArn as string);
    case 'AddProfilePermission':
      return addProfilePermission(state, request, params.profileName as string);
    case 'RemoveProfilePermission':
      return removeProfilePermission(state, request, params.profileName as string, params.statementId as string);
    case 'ListProfilePermissions':
      return listProfilePermissions(state, params.profileName as string);
  }
}
