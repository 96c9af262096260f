import { randomUUID } from 'node:crypto';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { LAMBDA_INVOKE_LIMIT } from '../../protocols/body-limits.ts';
import { authorizeAction } from '../../iam/authorization.ts';
import { ServiceError } from '../../service-error.ts';
import {
  corsConfigurationOf,
  corsRequestOf,
  isPreflight,
  preflightResponse,
  withCorsHeaders,
} from '../apigateway/cors.ts';
import { proxyEventV2 } from '../apigateway/proxy-events.ts';
import { proxyResponse } from '../apigateway/proxy-response.ts';
import { requestParts, type RequestParts } from '../apigateway/request-parts.ts';
import type { FunctionUrlAddress } from './function-url-address.ts';
import { findFunctionUrlById, type FunctionUrlRow } from './function-url-store.ts';
import { functionArn } from './lambda-arns.ts';
import { resourcePolicyAllowsAction } from './resource-policy.ts';
import type { RunResult } from './runtime/function-runner.ts';

/** Runs a function (name, with its alias if any) as a RequestResponse invoke. */
export type RunFunction = (target: string, payload: Buffer) => Promise<RunResult>;

/** Function URLs answer errors as `{"Message": …}`, not as Lambda's API does. */
function urlError(status: number, message: string | null): ServiceResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ Message: message }) };
}

/**
 * Answers a request to a function URL as Lambda does: CORS preflights from the URL's `Cors`,
 * `NONE` callers let in only by a resource policy statement allowing `lambda:InvokeFunctionUrl`
 * to `*` (what SAM's `FunctionUrlConfig` adds), `AWS_IAM` callers by their signed identity's
 * policy; the function gets a payload format 2.0 event and answers as for an HTTP API.
 */
export async function answerFunctionUrl(
  request: ServiceRequest,
  ctx: CloudContext,
  address: FunctionUrlAddress,
  run: RunFunction,
): Promise<ServiceResponse> {
  const url = findFunctionUrlById(ctx.db, address.urlId);
  if (!url) return urlError(404, 'Not Found');
  const parts = requestParts(request);
  const cors = url.cors === null ? undefined : corsConfigurationOf(JSON.parse(url.cors));
  const corsRequest = cors ? corsRequestOf(parts) : undefined;
  if (cors && corsRequest && isPreflight(corsRequest)) return preflightResponse(cors, corsRequest);
  const answer = await answerInvoke(request, ctx, url, { address, parts, run });
  return cors ? withCorsHeaders(cors, corsRequest?.origin, answer) : answer;
}

async function answerInvoke(
  request: ServiceRequest,
  ctx: CloudContext,
  url: FunctionUrlRow,
  { address, parts, run }: { address: FunctionUrlAddress; parts: RequestParts; run: RunFunction },
): Promise<ServiceResponse> {
  const target = url.qualifier ? `${url.function_name}:${url.qualifier}` : url.function_name;
  if (!callerMayInvoke(request, ctx, url, target)) return urlError(403, 'Forbidden');
  if (url.invoke_mode === 'RESPONSE_STREAM')
    return urlError(
      501,
      'The local cloud does not stream responses: set InvokeMode BUFFERED to call this URL locally.',
    );
  const now = ctx.now();
  const event = proxyEventV2({
    api: { id: url.url_id },
    stage: { name: '$default', variables: {} },
    match: { route: { method: 'ANY', path: '$default' }, pathParameters: {} },
    parts,
    rawPath: address.rawPath,
    body: await request.readBody(LAMBDA_INVOKE_LIMIT),
    requestId: request.requestId ?? randomUUID(),
    accountId: url.auth_type === 'NONE' ? 'anonymous' : ctx.accountId,
    now,
  });
  const requestContext = event.requestContext as Record<string, unknown>;
  requestContext.domainName = `${url.url_id}.lambda-url.${ctx.region}.on.aws`;
  if (url.auth_type === 'AWS_IAM' && request.caller)
    requestContext.authorizer = {
      iam: {
        accessKey: request.caller.accessKeyId,
        accountId: ctx.accountId,
        callerId: request.caller.userId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: request.caller.arn,
        userId: request.caller.userId,
      },
    };
  let result: RunResult;
  try {
    result = await run(target, Buffer.from(JSON.stringify(event)));
  } catch (error) {
    if (error instanceof ServiceError) return urlError(502, 'Internal Server Error');
    throw error;
  }
  if (result.functionError) return urlError(502, 'Internal Server Error');
  return proxyResponse(result.payload, '2.0') ?? urlError(502, 'Internal Server Error');
}

/**
 * `NONE`: the resource policy must allow anyone `lambda:InvokeFunctionUrl` with that auth type.
 * `AWS_IAM`: the request must be signed, by an identity whose policy allows it on the function.
 */
function callerMayInvoke(request: ServiceRequest, ctx: CloudContext, url: FunctionUrlRow, target: string): boolean {
  if (url.auth_type === 'NONE')
    return resourcePolicyAllowsAction(ctx.db, ctx, target, {
      principal: '*',
      action: 'lambda:InvokeFunctionUrl',
      context: new Map([['lambda:functionurlauthtype', 'NONE']]),
    });
  if (!request.caller) return false;
  const arn = functionArn(ctx, url.function_name, url.qualifier || undefined);
  try {
    authorizeAction(request, ctx, 'AccessDeniedException', 'lambda:InvokeFunctionUrl', arn, [
      ['lambda:FunctionUrlAuthType', 'AWS_IAM'],
      ['lambda:FunctionArn', functionArn(ctx, url.function_name)],
    ]);
    return true;
  } catch (error) {
    if (error instanceof ServiceError) return false;
    throw error;
  }
}
