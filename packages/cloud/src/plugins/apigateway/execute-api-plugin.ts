import { randomUUID } from 'node:crypto';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { LAMBDA_INVOKE_PAYLOAD_BYTES } from '../../protocols/body-limits.ts';
import { restJsonCodec } from '../../protocols/rest-json.ts';
import { safeDecode } from '../../protocols/rest-routes.ts';
import { ServiceError } from '../../service-error.ts';
import { authorizeAction } from '../../iam/authorization.ts';
import type { LambdaPlugin } from '../lambda/lambda-plugin.ts';
import { apiAddress, type ApiAddress } from './api-address.ts';
import { API_PAYLOAD_LIMIT, integrationFailed, noApi, noRoute, noStage, notRunLocally } from './api-errors.ts';
import type { ApiStage, DeployedApi } from './api-model.ts';
import { DeployedApis } from './deployed-apis.ts';
import { proxyEventV1, proxyEventV2 } from './proxy-events.ts';
import { proxyResponse } from './proxy-response.ts';
import { requestParts } from './request-parts.ts';
import { matchRoute } from './route-matching.ts';

/** The execute-api service: the routes of deployed REST and HTTP APIs, answered on the cloud's endpoint. */
export interface ExecuteApiPlugin extends ServicePlugin {
  readonly name: 'execute-api';
  /** Every API deployed through the cloud's CloudFormation. */
  deployedApis(): DeployedApi[];
}

/**
 * Serves deployed APIs as API Gateway does: `{id}.execute-api.localhost/{stage}/{path}` or
 * `/restapis/{id}/{stage}/_user_request_/{path}`, Lambda proxy integrations run through the
 * Lambda plugin (the deployed, verified code), payload formats 1.0 and 2.0. Unsigned requests
 * are public, as API Gateway endpoints are; a request signed for `execute-api` is checked and
 * may call an `AWS_IAM` route its caller's policy allows (`execute-api:Invoke`).
 */
export function createExecuteApiPlugin(): ExecuteApiPlugin {
  let apis: DeployedApis | undefined;
  const apisOf = (ctx: CloudContext) => (apis ??= new DeployedApis(ctx));
  let context: CloudContext | undefined;
  return {
    name: 'execute-api',
    codec: restJsonCodec({ errorBody: 'message' }),
    migrate() {
      // Nothing of its own: APIs are the CloudFormation resources that define them.
    },
    start(ctx) {
      context = ctx;
    },
    publicEndpoint(request) {
      const address = apiAddress(request);
      return address ? { ownOrigin: address.ownOrigin } : undefined;
    },
    requestBodyLimit: () => API_PAYLOAD_LIMIT,
    deployedApis: () => (context ? apisOf(context).all() : []),
    async handle(request, ctx) {
      const address = apiAddress(request);
      if (!address) throw new ServiceError('NotFoundException', 404, 'Not Found');
      await apisOf(ctx).loadS3Bodies();
      const api = apisOf(ctx).find(address.apiId);
      if (!api) throw noApi(address.apiId);
      return answerRoute(request, ctx, api, address);
    },
  };
}

async function answerRoute(
  request: ServiceRequest,
  ctx: CloudContext,
  api: DeployedApi,
  address: ApiAddress,
): Promise<ServiceResponse> {
  const { stage, rawPath } = stageAndPath(api, address);
  if (!stage) throw noStage(api);
  const match = matchRoute(api.routes, request.method, rawPath);
  if (!match) throw noRoute(api);
  const route = match.route;
  const routeKey = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
  if (route.authorizer === 'AWS_IAM authorization') {
    if (!request.caller) throw noRoute(api);
    const arn = `arn:aws:execute-api:${ctx.region}:${ctx.accountId}:${api.id}/${stage.name}/${request.method}${rawPath}`;
    authorizeAction(request, ctx, 'AccessDeniedException', 'execute-api:Invoke', arn);
  } else if (route.authorizer) throw notRunLocally(route.authorizer, routeKey, api);
  const integration = route.integration;
  if (integration.kind === 'unsupported') throw notRunLocally(integration.what, routeKey, api);
  const body = await request.readBody(API_PAYLOAD_LIMIT);
  const input = {
    api,
    stage,
    match,
    parts: requestParts(request),
    rawPath,
    body,
    requestId: request.requestId ?? randomUUID(),
    accountId: ctx.accountId,
    now: ctx.now(),
  };
  const event = integration.payloadFormat === '1.0' ? proxyEventV1(input) : proxyEventV2(input);
  const payload = Buffer.from(JSON.stringify(event));
  if (payload.length > LAMBDA_INVOKE_PAYLOAD_BYTES) throw API_PAYLOAD_LIMIT.tooLarge();
  const target = integration.functionTarget.replace(/\$\{stageVariables\.([A-Za-z0-9_]+)\}/g, (_, name: string) =>
    Object.hasOwn(stage.variables, name) ? (stage.variables[name] ?? '') : '',
  );
  let result;
  try {
    result = await ctx.plugin<LambdaPlugin>('lambda').invoke(target, payload);
  } catch (error) {
    // A function that is gone or a name the stage variables left unusable: API Gateway's integration failure.
    if (error instanceof ServiceError) throw integrationFailed(api);
    throw error;
  }
  if (result.functionError) throw integrationFailed(api);
  const answer = proxyResponse(result.payload, integration.payloadFormat);
  if (!answer) throw integrationFailed(api);
  return answer;
}

/**
 * The stage a request names and the path after it. Path-style URLs name the stage; host-style
 * ones carry it as the first segment, except an HTTP API's `$default` stage, which has none.
 */
function stageAndPath(api: DeployedApi, address: ApiAddress): { stage?: ApiStage; rawPath: string } {
  if (address.stage !== undefined) return { stage: api.stages.get(address.stage), rawPath: address.rawPath };
  const slash = address.rawPath.indexOf('/', 1);
  const first = slash === -1 ? address.rawPath.slice(1) : address.rawPath.slice(1, slash);
  const rest = slash === -1 ? '/' : address.rawPath.slice(slash);
  const named = first !== '$default' ? api.stages.get(safeDecode(first)) : undefined;
  if (named || api.kind === 'rest') return { stage: named, rawPath: rest };
  return { stage: api.stages.get('$default'), rawPath: address.rawPath };
}
