import { authorizeIdentity } from '../../../iam/authorization.ts';
import type { Identity } from '../../../iam/identity-store.ts';
import type { CloudContext, ServiceRequest, ServiceResponse } from '../../../plugin.ts';
import { LAMBDA_INVOKE_LIMIT } from '../../../protocols/body-limits.ts';
import { ServiceError } from '../../../service-error.ts';
import { functionRefOf, qualifierOf, requireVersion } from '../function-lookup.ts';
import type { InvokeVersions } from '../invoke-versions.ts';
import { functionArn } from '../lambda-arns.ts';
import { invalidParameter, validationError } from '../lambda-errors.ts';
import type { FunctionRunner } from './function-runner.ts';
import { logTail } from './invoke-log.ts';

/** Lambda's limit on an `Event` invoke's payload (1 MiB). */
export const EVENT_PAYLOAD_BYTES = 1_048_576;

const INVOCATION_TYPES = ['Event', 'RequestResponse', 'DryRun'];

/**
 * Invoke (`POST /2015-03-31/functions/{FunctionName}/invocations`): resolves the function by
 * name, ARN or partial ARN and its `Qualifier` (version or alias), then runs it
 * (`RequestResponse`), queues it (`Event`, 202) or only checks it (`DryRun`, 204).
 */
export async function invokeFunction(
  request: ServiceRequest,
  ctx: CloudContext,
  runner: FunctionRunner,
  versions: InvokeVersions,
  functionName: string | undefined,
): Promise<ServiceResponse> {
  const ref = functionRefOf(functionName);
  const qualifier = qualifierOf(ref, request.query);
  const type = header(request, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (!INVOCATION_TYPES.includes(type))
    throw validationError(
      `'${type}'`,
      'invocationType',
      `Member must satisfy enum value set: [${INVOCATION_TYPES.join(', ')}]`,
    );
  const logType = header(request, 'x-amz-log-type') ?? 'None';
  if (logType !== 'None' && logType !== 'Tail')
    throw validationError(`'${logType}'`, 'logType', 'Member must satisfy enum value set: [None, Tail]');
  const version = versions.resolve(ctx.db, ctx, ref.name, qualifier);
  const payload = await request.readBody(LAMBDA_INVOKE_LIMIT);
  if (type === 'Event') checkEventSize(payload);
  checkJson(payload);
  const clientContext = decodeClientContext(header(request, 'x-amz-client-context'));
  const executed = { 'x-amz-executed-version': version.version };
  if (type === 'DryRun') return { status: 204, headers: executed };
  const run = { functionName: ref.name, version, qualifier, payload, clientContext };
  if (type === 'Event') {
    runner.enqueue(run);
    return { status: 202, headers: executed };
  }
  const result = await runner.run(run);
  const headers: Record<string, string> = { 'content-type': 'application/json', ...executed };
  if (result.functionError) headers['x-amz-function-error'] = result.functionError;
  if (logType === 'Tail') headers['x-amz-log-result'] = logTail(result.log());
  return { status: 200, headers, body: result.payload };
}

/** What an in-process `Event` invoke queued: the version that will run and its timeout. */
export interface QueuedEvent {
  executedVersion: string;
  timeoutSeconds: number;
}

/**
 * Queues an `Event` invoke from inside the cloud (CloudFormation's custom resources) on behalf
 * of `caller` (the administrator when undefined): the function by name or ARN, with a version or
 * alias qualifier, authorized, resolved and checked as Invoke does, with the same errors
 * (`AccessDeniedException`, `ResourceNotFoundException`, `RequestTooLargeException`).
 */
export function queueEventInvoke(
  ctx: CloudContext,
  runner: FunctionRunner,
  functionName: string,
  payload: Buffer,
  caller: Identity | undefined,
): QueuedEvent {
  const ref = functionRefOf(functionName);
  if (caller) {
    const arn = functionArn(ctx, ref.name);
    authorizeIdentity(caller, ctx.region, 'AccessDeniedException', 'lambda:InvokeFunction', arn, [
      ['lambda:FunctionArn', arn],
    ]);
  }
  const version = requireVersion(ctx.db, ctx, ref.name, ref.qualifier);
  checkEventSize(payload);
  checkJson(payload);
  runner.enqueue({ functionName: ref.name, version, qualifier: ref.qualifier, payload });
  return { executedVersion: version.version, timeoutSeconds: version.config.Timeout };
}

function checkEventSize(payload: Buffer): void {
  if (payload.length > EVENT_PAYLOAD_BYTES)
    throw new ServiceError(
      'RequestTooLargeException',
      413,
      `Request must be smaller than ${EVENT_PAYLOAD_BYTES} bytes for the InvokeAsync operation`,
    );
}

function header(request: ServiceRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Lambda refuses a payload that is not JSON before running anything. */
function checkJson(payload: Buffer): void {
  if (payload.length === 0) return;
  try {
    JSON.parse(payload.toString('utf8'));
  } catch (error) {
    throw new ServiceError(
      'InvalidRequestContentException',
      400,
      `Could not parse request body into json: Could not parse payload into json: ${(error as Error).message}`,
    );
  }
}

/** `X-Amz-Client-Context` is base64 JSON (at most 3,583 bytes); the runtime receives it decoded. */
function decodeClientContext(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  if (value.length > 3583 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    throw invalidParameter('Client context must be a valid Base64-encoded JSON object.');
  try {
    JSON.parse(decoded);
  } catch {
    throw invalidParameter('Client context must be a valid Base64-encoded JSON object.');
  }
  return decoded;
}
