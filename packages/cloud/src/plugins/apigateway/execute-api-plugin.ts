import { randomUUID } from 'node:crypto';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { LAMBDA_INVOKE_PAYLOAD_BYTES } from '../../protocols/body-limits.ts';
import { restJsonCodec } from '../../protocols/rest-json.ts';
import { safeDecode } from '../../protocols/rest-routes.ts';
import { ServiceError } from '../../service-error.ts';
import { authorizeAction } from '../../iam/authorization.ts';
import { apiAddress, type ApiAddress } from './api-address.ts';
import {
  API_PAYLOAD_LIMIT,
  AUTHORIZER_CONFIGURATION,
  configurationError,
  integrationFailed,
  noApi,
  noRoute,
  noStage,
  notRunLocally,
} from './api-errors.ts';
import type { ApiStage, DeployedApi } from './api-model.ts';
import { AuthorizerCache } from './authorizer-cache.ts';
import { methodArn } from './authorizer-events.ts';
import { corsRequestOf, isPreflight, preflightResponse, withCorsHeaders } from './cors.ts';
import { DeployedApis } from './deployed-apis.ts';
import { logExecution } from './execution-log.ts';
import { withGatewayResponse } from './gateway-responses.ts';
import { invokeAsApiGateway, withStageVariables } from './invoke-as-api-gateway.ts';
import { runLambdaAuthorizer } from './lambda-authorizers.ts';
import { answerMockIntegration } from './mock-integration.ts';
import { proxyEventV1, proxyEventV2, type EventInput } from './proxy-events.ts';
import { proxyResponse } from './proxy-response.ts';
import { requestParts, type RequestParts } from './request-parts.ts';
import { matchRoute } from './route-matching.ts';

/** API Gateway's error bodies: `{"message": …}`, and `{"message": null}` for an authorizer's configuration error. */
const EXECUTE_API_CODEC = restJsonCodec({
  errorBody: (error) => ({ message: error.code === AUTHORIZER_CONFIGURATION ? null : error.message }),
});

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
  const cache = new AuthorizerCache();
  return {
    name: 'execute-api',
    codec: EXECUTE_API_CODEC,
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
      return answerRoute(request, ctx, api, address, cache);
    },
  };
}

async function answerRoute(
  request: ServiceRequest,
  ctx: CloudContext,
  api: DeployedApi,
  address: ApiAddress,
  cache: AuthorizerCache,
): Promise<ServiceResponse> {
  const { stage, rawPath } = stageAndPath(api, address);
  if (!stage) throw noStage(api);
  const parts = requestParts(request);
  const cors = api.cors ? corsRequestOf(parts) : undefined;
  // An HTTP API with CORS configured answers preflights itself, before routes and authorizers.
  if (api.cors && cors && isPreflight(cors)) return preflightResponse(api.cors, cors);
  try {
    const answer = await runRoute(request, ctx, api, stage, rawPath, parts, cache);
    return api.cors ? withCorsHeaders(api.cors, cors?.origin, answer) : answer;
  } catch (error) {
    if (!(error instanceof ServiceError) || (!api.cors && !api.gatewayResponses)) throw error;
    let answer = EXECUTE_API_CODEC.error(error, request, request.requestId ?? '');
    if (api.gatewayResponses) answer = withGatewayResponse(api.gatewayResponses, error, answer);
    return api.cors ? withCorsHeaders(api.cors, cors?.origin, answer) : answer;
  }
}

async function runRoute(
  request: ServiceRequest,
  ctx: CloudContext,
  api: DeployedApi,
  stage: ApiStage,
  rawPath: string,
  parts: RequestParts,
  cache: AuthorizerCache,
): Promise<ServiceResponse> {
  const match = matchRoute(api.routes, request.method, rawPath);
  if (!match) throw noRoute(api);
  const route = match.route;
  const routeKey = route.path === '$default' ? '$default' : `${route.method} ${route.path}`;
  const requestId = request.requestId ?? randomUUID();
  const input: EventInput = {
    api,
    stage,
    match,
    parts,
    rawPath,
    body: Buffer.alloc(0),
    requestId,
    accountId: ctx.accountId,
    now: ctx.now(),
  };
  const auth = route.auth;
  if (auth?.kind === 'iam') {
    if (!request.caller) throw noRoute(api);
    authorizeAction(request, ctx, 'AccessDeniedException', 'execute-api:Invoke', methodArn(input, ctx.region));
  } else if (auth?.kind === 'unsupported') throw notRunLocally(auth.what, routeKey, api);
  const integration = route.integration;
  if (integration.kind === 'unsupported') throw notRunLocally(integration.what, routeKey, api);
  if (auth?.kind === 'lambda') input.authorizer = await runLambdaAuthorizer(auth.authorizer, input, ctx, cache);
  if (integration.kind === 'mock') return answerMockIntegration(integration, input, ctx, routeKey);
  input.body = await request.readBody(API_PAYLOAD_LIMIT);
  const event = integration.payloadFormat === '1.0' ? proxyEventV1(input) : proxyEventV2(input);
  const payload = Buffer.from(JSON.stringify(event));
  if (payload.length > LAMBDA_INVOKE_PAYLOAD_BYTES) throw API_PAYLOAD_LIMIT.tooLarge();
  const outcome = await invokeAsApiGateway(ctx, {
    target: withStageVariables(integration.functionTarget, stage),
    sourceArn: methodArn(input, ctx.region),
    ...(integration.credentials ? { credentials: integration.credentials } : {}),
    payload,
  });
  if (outcome.kind !== 'ran') {
    logExecution(ctx, api.id, stage.name, requestId, `Execution failed due to configuration error: ${outcome.why}`);
    // Refused by the resource policy: a configuration error (500); a function that is gone: an integration failure.
    throw outcome.kind === 'refused' ? configurationError(api) : integrationFailed(api);
  }
  const result = outcome.result;
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
