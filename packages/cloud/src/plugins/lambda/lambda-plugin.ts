import type Database from 'better-sqlite3';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import { jsonResponse, readJsonBody } from '../../protocols/rest-json.ts';
import {
  JSON_BODY_LIMIT,
  LAMBDA_INVOKE_LIMIT,
  LAMBDA_ZIP_REQUEST_BYTES,
  lambdaRequestLimit,
  type BodyLimit,
} from '../../protocols/body-limits.ts';
import { createFunction } from './create-function.ts';
import type { LambdaHandler } from './lambda-call.ts';
import { migrateLambdaTables } from './lambda-tables.ts';
import { publishLayerVersion } from './layer-handlers.ts';
import { updateFunctionCode } from './update-function.ts';
import { matchRoute } from './lambda-routes.ts';
import { functionArn, parseFunctionRef } from './lambda-arns.ts';
import { authorizeAction } from '../../iam/authorization.ts';
import type { Identity } from '../../iam/identity-store.ts';
import { LAMBDA_IAM } from './lambda-iam.ts';
import { CODE_DOWNLOAD_PREFIX, codeDownload } from './code-location.ts';
import { readSignatureValidationMetricsFrom, type SignatureValidationMetrics } from './signature-metrics.ts';
import { FunctionRunner, type RunResult } from './runtime/function-runner.ts';
import { functionRefOf } from './function-lookup.ts';
import { InvokeVersions } from './invoke-versions.ts';
import { invokeFunction, queueEventInvoke, type QueuedEvent } from './runtime/invoke-handler.ts';
import { matchRestRoute, restRoutes } from '../../protocols/rest-routes.ts';
import { resourcePolicyAllows, type ServiceInvoker } from './resource-policy.ts';
import { functionUrlAddress } from './function-url-address.ts';
import { answerFunctionUrl, type RunFunction } from './function-url-requests.ts';

/** Invoke reads its payload raw (any JSON, up to 6 MiB), not as an operation's JSON input. */
const INVOKE_ROUTES = restRoutes<'invoke'>([['POST', '/2015-03-31/functions/{FunctionName}/invocations', 'invoke']]);

/** Operations whose body carries a base64 ZipFile: AWS bounds them by the 50 MB zipped package. */
const CODE_UPLOAD_LIMITS: ReadonlyMap<LambdaHandler, BodyLimit> = new Map([
  [createFunction, lambdaRequestLimit('CreateFunction', LAMBDA_ZIP_REQUEST_BYTES)],
  [updateFunctionCode, lambdaRequestLimit('UpdateFunctionCode', LAMBDA_ZIP_REQUEST_BYTES)],
  [publishLayerVersion, lambdaRequestLimit('PublishLayerVersion', LAMBDA_ZIP_REQUEST_BYTES)],
]);

/** The Lambda plugin, with what the CLI reads from it besides the wire API. */
export interface LambdaPlugin extends ServicePlugin {
  readonly name: 'lambda';
  /** Lambda's SignatureValidationErrors metric: counts per function and every record behind them. */
  signatureValidationMetrics(): SignatureValidationMetrics;
  /** Process ids of the running execution environments. */
  environmentPids(): number[];
  /** Queues an `Event` invoke from inside the cloud for `caller` (CloudFormation acts as its caller), with Invoke's checks and errors. */
  invokeEvent(functionName: string, payload: Buffer, caller: Identity | undefined): QueuedEvent;
  /**
   * Runs a function for another service of the cloud (API Gateway's Lambda integrations), as a
   * RequestResponse invoke: `target` is a name or ARN, with a version or alias qualifier if any.
   * Throws Lambda's ServiceError (ResourceNotFoundException, …) when there is nothing to run.
   */
  invoke(target: string, payload: Buffer): Promise<RunResult>;
  /**
   * Whether the function's resource policy lets a service of the cloud invoke it for `invoker`
   * (API Gateway for a route or an authorizer), as Lambda checks before `invoke`. Throws
   * ResourceNotFoundException when the function does not exist.
   */
  allowsServiceInvoke(target: string, invoker: ServiceInvoker): boolean;
}

/** Creates the Lambda service: functions, versions, aliases, permissions, layers and code signing. */
export function createLambdaPlugin(): LambdaPlugin {
  let db: Database.Database | undefined;
  let runner: FunctionRunner | undefined;
  let context: CloudContext | undefined;
  const versions = new InvokeVersions();
  const runFunction: RunFunction = async (target, payload) => {
    if (!runner || !context) throw new ServiceError('ServiceException', 500, 'The Lambda plugin has not started.');
    const ref = functionRefOf(target);
    const version = versions.resolve(context.db, context, ref.name, ref.qualifier);
    return runner.run({ functionName: ref.name, version, qualifier: ref.qualifier, payload });
  };
  return {
    name: 'lambda',
    migrate(database) {
      migrateLambdaTables(database);
      db = database;
    },
    async start(ctx) {
      db = ctx.db;
      context = ctx;
      runner = new FunctionRunner(ctx);
      await runner.start();
    },
    handle(request, ctx) {
      // Function URLs: unsigned (a public endpoint) or signed for `lambda` (an AWS_IAM URL's callers).
      const url = functionUrlAddress(request);
      if (url) return answerFunctionUrl(request, ctx, url, runFunction);
      return handleLambdaRequest(request, ctx, runner, versions);
    },
    publicEndpoint(request) {
      const url = functionUrlAddress(request);
      return url ? { ownOrigin: url.ownOrigin } : undefined;
    },
    requestBodyLimit(request) {
      if (functionUrlAddress(request)) return LAMBDA_INVOKE_LIMIT;
      // Invoke payloads (POST …/invocations) are bounded by Invoke's own 6 MiB limit.
      if (request.method === 'POST' && /^\/2015-03-31\/functions\/[^/]+\/invocations\/?$/.test(request.rawPath))
        return LAMBDA_INVOKE_LIMIT;
      const route = matchRoute(request.method, request.rawPath);
      return (route && CODE_UPLOAD_LIMITS.get(route.handler)) ?? JSON_BODY_LIMIT;
    },
    signatureValidationMetrics() {
      if (!db) throw new Error('the Lambda plugin has not started');
      return readSignatureValidationMetricsFrom(db);
    },
    environmentPids: () => runner?.environmentPids() ?? [],
    invokeEvent(functionName, payload, caller) {
      if (!runner || !context) throw new ServiceError('ServiceException', 500, 'The Lambda plugin has not started.');
      return queueEventInvoke(context, runner, functionName, payload, caller);
    },
    invoke: (target, payload) => runFunction(target, payload),
    allowsServiceInvoke(target, invoker) {
      if (!context) throw new ServiceError('ServiceException', 500, 'The Lambda plugin has not started.');
      return resourcePolicyAllows(context.db, context, target, invoker);
    },
    close: () => runner?.close(),
  };
}

async function handleLambdaRequest(
  request: ServiceRequest,
  ctx: CloudContext,
  runner: FunctionRunner | undefined,
  versions: InvokeVersions,
): Promise<ServiceResponse> {
  if (request.method === 'GET' && request.rawPath.startsWith(CODE_DOWNLOAD_PREFIX)) {
    return codeDownload(ctx, request.rawPath.slice(CODE_DOWNLOAD_PREFIX.length));
  }
  const invoke = matchRestRoute(INVOKE_ROUTES, request.method, request.rawPath);
  if (invoke) {
    if (!runner) throw new ServiceError('ServiceException', 500, 'The Lambda plugin has not started.');
    const target = invoke.params.FunctionName ?? '';
    const ref = parseFunctionRef(target);
    const arn = ref ? functionArn(ctx, ref.name) : target;
    authorizeAction(request, ctx, 'AccessDeniedException', 'lambda:InvokeFunction', arn, [['lambda:FunctionArn', arn]]);
    return invokeFunction(request, ctx, runner, versions, invoke.params.FunctionName);
  }
  const route = matchRoute(request.method, request.rawPath);
  if (!route)
    throw new ServiceError(
      'UnknownOperationException',
      404,
      `The local cloud's Lambda does not implement ${request.method} ${request.path}.`,
    );
  const body = ['POST', 'PUT'].includes(request.method)
    ? await readJsonBody(request, CODE_UPLOAD_LIMITS.get(route.handler) ?? JSON_BODY_LIMIT)
    : {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ServiceError('SerializationException', 400, 'Could not parse request body into json');
  const call = { params: route.params, query: request.query, body, ctx };
  LAMBDA_IAM.authorize(request, ctx, route.handler, call);
  // Every operation but a read may change the tables invokes resolve versions from.
  const reply =
    request.method === 'GET' ? await route.handler(call) : await versions.changing(async () => route.handler(call));
  // A changed or deleted function's warm environments run code or settings that are gone.
  const changed = route.params.FunctionName;
  if (request.method !== 'GET' && changed !== undefined) {
    const name = parseFunctionRef(changed)?.name;
    if (name) runner?.retireFunction(name);
  }
  return jsonResponse(reply.status, reply.body);
}
