import { isPlainObject } from '@toolkit/intrinsics';
import { apiEventError } from './api-definition.ts';
import { IMPLICIT_REST_API, restApiIdString } from './api-events.ts';
import type { FunctionEventContext } from './function-event-source.ts';
import { deadLetterQueue, ruleTargetId } from './events/event-rule.ts';
import { eventResource } from './events/event-target.ts';
import { scheduleV2 } from './events/schedule-v2.ts';
import { checkPropertyValues, type SamPropertyType } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, type SamScope } from './sam-scope.ts';

type Resources = Record<string, Record<string, unknown>>;

const TARGET_SUFFIX = 'StepFunctionsTarget';

/** samtranslator's stepfunctions `Api` event property types (Path, Method and RestApiId are checked before). */
const API_EVENT_TYPES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['Stage', 'string'],
  ['Auth', 'map'],
  ['UnescapeMappingTemplate', { noIntrinsic: 'bool' }],
]);

/**
 * A state machine's `Events`: Schedule, CloudWatchEvent/EventBridgeRule (rules whose target starts
 * an execution through a generated role), ScheduleV2 and Api (the role API Gateway starts it with).
 * samtranslator reports these events' errors without the resource prefix.
 */
export function stateMachineEvents(input: {
  logicalId: string;
  resource: Record<string, unknown>;
  properties: Record<string, unknown>;
  targetId: string;
  scope: SamScope;
}): Resources {
  const { logicalId, properties: p, scope } = input;
  const resources: Resources = {};
  const events = isPlainObject(p['Events']) ? p['Events'] : {};
  for (const [eventId, event] of Object.entries(events)) {
    const type = isPlainObject(event) ? String(event['Type']) : 'unknown';
    const context: FunctionEventContext = {
      functionId: logicalId,
      eventId,
      properties: isPlainObject(event) && isPlainObject(event['Properties']) ? event['Properties'] : {},
      resource: input.resource,
      lambdaFunction: {},
      role: undefined,
      aliasId: undefined,
      scope,
    };
    const targetArn = { Ref: input.targetId };
    try {
      if (type === 'Schedule' || type === 'CloudWatchEvent' || type === 'EventBridgeRule')
        Object.assign(resources, rule(context, type, targetArn, p['PermissionsBoundary']));
      else if (type === 'ScheduleV2')
        Object.assign(resources, scheduleV2(context, targetArn, 'StartExecutionPolicy', 'states:StartExecution'));
      // The method and its integration go into the API's swagger (state-machine-api-event.ts).
      else if (type === 'Api') {
        checkPropertyValues(logicalId + eventId, context.properties, API_EVENT_TYPES);
        const apiId =
          'RestApiId' in context.properties ? restApiIdString(context.properties['RestApiId']) : IMPLICIT_REST_API;
        const swaggerError = apiId === undefined ? undefined : apiEventError(apiId, logicalId, scope);
        if (swaggerError !== undefined) throw swaggerError;
        Object.assign(
          resources,
          startExecutionRole(context, 'apigateway.amazonaws.com', targetArn, p['PermissionsBoundary']),
        );
      } else scope.notEmulated(`${logicalId}: event ${eventId} (${type}) is not emulated locally`);
    } catch (error) {
      if (error instanceof SamResourceError && error.logicalId === logicalId)
        throw new SamResourceError(undefined, error.reason);
      throw error;
    }
  }
  return resources;
}

function rule(context: FunctionEventContext, type: string, targetArn: unknown, boundary: unknown): Resources {
  const p = context.properties;
  const id = context.functionId + context.eventId;
  const fail = (eventId: string, message: string) =>
    new SamResourceError(undefined, `Event with id [${eventId}] is invalid. ${message}`);
  const properties: Record<string, unknown> = {};
  if (type === 'Schedule') {
    properties['ScheduleExpression'] = p['Schedule'];
    if (p['State'] && isSet(p['Enabled']))
      throw fail(context.eventId, 'State and Enabled Properties cannot both be specified.');
    if (p['State']) properties['State'] = p['State'];
    if (isSet(p['Enabled'])) properties['State'] = p['Enabled'] ? 'ENABLED' : 'DISABLED';
    properties['Name'] = p['Name'];
    properties['Description'] = p['Description'];
  } else {
    properties['EventBusName'] = p['EventBusName'];
    properties['EventPattern'] = p['Pattern'];
    properties['Name'] = p['RuleName'];
    if (p['State']) properties['State'] = p['State'];
  }
  const resources: Resources = {};
  let roleArn: unknown = p['RoleArn'];
  if (type !== 'Schedule' || !isSet(roleArn)) {
    Object.assign(resources, startExecutionRole(context, 'events.amazonaws.com', targetArn, boundary));
    roleArn = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
  }
  const given = p['Target'];
  const targetId = isPlainObject(given) && 'Id' in given ? given['Id'] : sfnTargetId(id);
  const target: Record<string, unknown> = { Arn: targetArn, Id: targetId, RoleArn: roleArn };
  if (isSet(p['Input'])) target['Input'] = p['Input'];
  if (type !== 'Schedule' && isSet(p['InputPath'])) target['InputPath'] = p['InputPath'];
  if (isSet(p['DeadLetterConfig'])) {
    const dlq = deadLetterQueue(context, { 'Fn::GetAtt': [id, 'Arn'] }, id);
    Object.assign(resources, dlq.resources);
    target['DeadLetterConfig'] = { Arn: dlq.arn };
  }
  if (isSet(p['RetryPolicy'])) target['RetryPolicy'] = p['RetryPolicy'];
  if (type !== 'Schedule' && isSet(p['InputTransformer'])) target['InputTransformer'] = p['InputTransformer'];
  resources[id] = eventResource(context, 'AWS::Events::Rule', definedProperties({ ...properties, Targets: [target] }));
  return resources;
}

/** `<StateMachine><Event>Role`: lets the event's service (`principal`) start an execution. */
function startExecutionRole(
  context: FunctionEventContext,
  principal: string,
  targetArn: unknown,
  boundary: unknown,
): Resources {
  const roleId = `${context.functionId}${context.eventId}Role`;
  const role: Record<string, unknown> = {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: [principal] } }],
    },
    Policies: [
      {
        PolicyName: `${roleId}StartExecutionPolicy`,
        PolicyDocument: { Statement: [{ Action: 'states:StartExecution', Effect: 'Allow', Resource: targetArn }] },
      },
    ],
  };
  if (boundary) role['PermissionsBoundary'] = boundary;
  return { [roleId]: eventResource(context, 'AWS::IAM::Role', role) };
}

/** `<EventId>StepFunctionsTarget`, cut to EventBridge's 64-character limit. */
function sfnTargetId(id: string): string {
  return ruleTargetId(id, TARGET_SUFFIX);
}
