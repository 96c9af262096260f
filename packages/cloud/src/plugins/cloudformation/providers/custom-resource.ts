import { randomUUID } from 'node:crypto';
import { ServiceError } from '../../../service-error.ts';
import type { LambdaPlugin } from '../../lambda/lambda-plugin.ts';
import { generatePhysicalName } from '../ids.ts';
import { awaitResponse, responseTarget, type CustomResourceHost } from './custom-resource-exchange.ts';
import { handlerFailure, ResourceHandlerError, requiredPropertyMissing } from './handler-error.ts';
import { isCustomResourceType } from './not-emulated-provider.ts';
import type { ProviderFamily } from './provider-catalog.ts';
import {
  NO_ECHO_ATTRIBUTE,
  type DeployedResource,
  type ProviderContext,
  type ProvisionResult,
  type ResourceProvider,
} from './provider.ts';

export type { CustomResourceHost } from './custom-resource-exchange.ts';

/**
 * Seconds added to the function's own Timeout when the resource sets no ServiceTimeout. The
 * handler can answer only while it runs, and Lambda stops it at its Timeout; the margin covers
 * the 10 s Lambda allows for initialisation on top, the process start and a wait for a free
 * execution environment. CloudFormation waits an hour (long enough for Lambda's retries, a
 * minute and more apart), which would leave a local deploy hanging on a handler that failed
 * before answering.
 */
export const RESPONSE_MARGIN_SECONDS = 30;

const FUNCTION_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[a-zA-Z0-9_-]+(?::(?:\$LATEST|[a-zA-Z0-9_-]+))?$/;
const SNS_TOPIC_ARN = /^arn:aws[a-zA-Z-]*:sns:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]+$/;

type RequestType = 'Create' | 'Update' | 'Delete';

/** Custom resources (`Custom::*`, `AWS::CloudFormation::CustomResource`) run by invoking their ServiceToken function. */
export function customResourceFamily(host: CustomResourceHost): ProviderFamily {
  return { matches: isCustomResourceType, providerFor: (type) => customResourceProvider(host, type) };
}

/**
 * The provider of one custom resource type: each create, update and delete invokes the
 * ServiceToken function (`Event`, as CloudFormation does) with CloudFormation's request and
 * waits for the answer it PUTs to the presigned ResponseURL. A ServiceToken that is not a
 * function of this cloud (an SNS topic, another account's or region's function) is recorded
 * without being run.
 */
export function customResourceProvider(host: CustomResourceHost, type: string): ResourceProvider {
  const send = async (
    ctx: ProviderContext,
    requestType: RequestType,
    properties: Record<string, unknown>,
    current?: DeployedResource,
  ): Promise<ProvisionResult> => {
    const token = properties.ServiceToken as string;
    const timeout = serviceTimeoutOf(ctx.logicalId, properties);
    const requestId = randomUUID();
    const target = await responseTarget(host, ctx.stackId, ctx.logicalId, requestId);
    const request = {
      RequestType: requestType,
      ServiceToken: token,
      ResponseURL: target.url,
      StackId: ctx.stackId,
      RequestId: requestId,
      LogicalResourceId: ctx.logicalId,
      ...(current ? { PhysicalResourceId: current.physicalId } : {}),
      ResourceType: type,
      ResourceProperties: asStrings(properties),
      ...(requestType === 'Update' && current ? { OldResourceProperties: asStrings(current.properties) } : {}),
    };
    let queued;
    try {
      queued = host.ctx
        .plugin<LambdaPlugin>('lambda')
        .invokeEvent(token, Buffer.from(JSON.stringify(request)), host.caller());
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      throw handlerFailure(
        { name: error.code, message: error.message, $metadata: { httpStatusCode: error.status } },
        'Lambda',
      );
    }
    const seconds = timeout ?? queued.timeoutSeconds + RESPONSE_MARGIN_SECONDS;
    const note =
      timeout === undefined
        ? `The local cloud waited ${seconds} seconds: the function's Timeout of ${queued.timeoutSeconds} seconds plus ${RESPONSE_MARGIN_SECONDS}; set ServiceTimeout to wait longer.`
        : `The local cloud waited the ServiceTimeout of ${seconds} seconds.`;
    const answer = await awaitResponse(host, target, requestId, seconds * 1000, note);
    // Data names come from the handler: copied as own properties (never `obj[name] =`), `Ref` kept for Ref.
    const attributes = Object.fromEntries(Object.entries(answer.data).filter(([name]) => name !== 'Ref'));
    if (answer.noEcho) attributes[NO_ECHO_ATTRIBUTE] = true;
    return { physicalId: answer.physicalId, attributes };
  };

  return {
    type,
    // A custom resource's attributes are whatever its handler answers: any name passes the template check.
    attributeNames: ['*'],
    // Whether an update replaces the resource is the handler's answer (a new PhysicalResourceId).
    requiresRecreation: () => 'Never',
    async create(ctx, properties) {
      const local = checkServiceToken(ctx, properties);
      if (local !== true) return notRun(ctx, local);
      return send(ctx, 'Create', properties);
    },
    async update(ctx, current, properties) {
      // CloudFormation sends no Update without a change (a rollback over an update that never ran).
      if (JSON.stringify(asStrings(properties)) === JSON.stringify(asStrings(current.properties)))
        return { physicalId: current.physicalId, attributes: current.attributes };
      if (properties.ServiceToken !== current.properties.ServiceToken)
        throw new ResourceHandlerError('Modifying service token is not allowed.');
      const local = checkServiceToken(ctx, properties);
      if (local !== true) return { ...notRun(ctx, local), physicalId: current.physicalId };
      return send(ctx, 'Update', properties, current);
    },
    async delete(ctx, current) {
      if (checkServiceToken(ctx, current.properties) !== true) return;
      await send(ctx, 'Delete', current.properties, current);
    },
  };
}

/** True when the ServiceToken is a function of this cloud, else why the resource is not run. */
function checkServiceToken(ctx: ProviderContext, properties: Record<string, unknown>): true | string {
  const token = properties.ServiceToken;
  if (typeof token !== 'string' || token === '') throw requiredPropertyMissing(ctx.logicalId, 'ServiceToken');
  const lambda = FUNCTION_ARN.exec(token);
  if (lambda) {
    const [, region, account] = lambda;
    if (region === ctx.region && account === ctx.accountId) return true;
    return `Not emulated by the local cloud: the ServiceToken ${token} is a function of ${account === ctx.accountId ? `region ${region}` : `account ${account}`}, not of this cloud (${ctx.region}, ${ctx.accountId}); recorded without running it`;
  }
  if (SNS_TOPIC_ARN.test(token))
    return `Not emulated by the local cloud: the ServiceToken ${token} is an SNS topic; only custom resources backed by a Lambda function of this cloud are run; recorded without running it`;
  throw new ResourceHandlerError(
    `Invalid service token: ${token} is not the ARN of a Lambda function or an SNS topic (RequestToken: ${randomUUID()}, HandlerErrorCode: InvalidRequest)`,
  );
}

function notRun(ctx: ProviderContext, reason: string): ProvisionResult {
  return {
    physicalId: generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 64 }),
    attributes: {},
    notEmulatedReason: reason,
  };
}

/** The ServiceTimeout property in seconds (1–3600), undefined when not set. */
function serviceTimeoutOf(logicalId: string, properties: Record<string, unknown>): number | undefined {
  const value = properties.ServiceTimeout;
  if (value === undefined) return undefined;
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  const fail = (message: string) =>
    new ResourceHandlerError(
      `Properties validation failed for resource ${logicalId} with message: #/ServiceTimeout: ${message}`,
    );
  if (typeof seconds !== 'number' || !Number.isInteger(seconds))
    throw fail(`expected type: Integer, found: ${JSON.stringify(value)}`);
  if (seconds < 1) throw fail(`${seconds} is not greater or equal to 1`);
  if (seconds > 3600) throw fail(`${seconds} is not less or equal to 3600`);
  return seconds;
}

/** Properties as CloudFormation hands them to a custom resource: every number and boolean as a string. */
function asStrings(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asStrings);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, asStrings(item)]));
  return value;
}
