import { isPlainObject } from '@toolkit/intrinsics';
import type { FunctionEventContext, FunctionEventSource } from '../function-event-source.ts';
import { definedProperties, isSet } from '../sam-scope.ts';
import { eventError, eventLogicalId, eventResource, functionArn } from './event-target.ts';
import { pushPermission } from './push-permission.ts';

const TARGET_ID_MAX_LENGTH = 64;
const TARGET_SUFFIX = 'LambdaTarget';

/** `<EventId><suffix>` (LambdaTarget by default), cut to EventBridge's 64-character target id limit. */
export function ruleTargetId(logicalId: string, suffix = TARGET_SUFFIX): string {
  return logicalId.length + suffix.length <= TARGET_ID_MAX_LENGTH
    ? logicalId + suffix
    : logicalId.slice(0, TARGET_ID_MAX_LENGTH - suffix.length) + suffix;
}

/** `Schedule`: an `AWS::Events::Rule` on the schedule expression with the function as its target. */
export const scheduleEventSource: FunctionEventSource = (context) => {
  const p = context.properties;
  const rule: Record<string, unknown> = { ScheduleExpression: p['Schedule'] };
  const state = ruleState(context);
  if (state !== undefined) rule['State'] = state;
  rule['Name'] = p['Name'];
  rule['Description'] = p['Description'];
  return eventRule(context, rule, { Id: ruleTargetId(eventLogicalId(context)) }, ['Input']);
};

/** `CloudWatchEvent` / `EventBridgeRule`: a rule on the event pattern (and bus) targeting the function. */
export const cloudWatchEventSource: FunctionEventSource = (context) => {
  const p = context.properties;
  const rule: Record<string, unknown> = {
    EventBusName: p['EventBusName'],
    EventPattern: p['Pattern'],
    Name: p['RuleName'],
  };
  const targetId =
    isPlainObject(p['Target']) && 'Id' in p['Target'] ? p['Target']['Id'] : ruleTargetId(eventLogicalId(context));
  const state = ruleState(context);
  if (state !== undefined) rule['State'] = state;
  return eventRule(context, rule, { Id: targetId }, ['Input', 'InputPath']);
};

function ruleState(context: FunctionEventContext): unknown {
  const { State: state, Enabled: enabled } = context.properties;
  if (state && isSet(enabled))
    throw eventError(context, context.eventId, 'State and Enabled Properties cannot both be specified.');
  if (isSet(enabled)) return enabled ? 'ENABLED' : 'DISABLED';
  return state || undefined;
}

/** The rule with its one Lambda target, a dead-letter queue when asked for, and the invoke permission. */
function eventRule(
  context: FunctionEventContext,
  rule: Record<string, unknown>,
  target: Record<string, unknown>,
  inputProperties: readonly string[],
): Record<string, Record<string, unknown>> {
  const p = context.properties;
  const id = eventLogicalId(context);
  const ruleArn = { 'Fn::GetAtt': [id, 'Arn'] };
  const resources: Record<string, Record<string, unknown>> = {};
  const lambdaTarget: Record<string, unknown> = { Arn: functionArn(context), Id: target['Id'] };
  for (const name of inputProperties) if (isSet(p[name])) lambdaTarget[name] = p[name];
  if (isSet(p['DeadLetterConfig'])) {
    const dlq = deadLetterQueue(context, ruleArn);
    Object.assign(resources, dlq.resources);
    lambdaTarget['DeadLetterConfig'] = { Arn: dlq.arn };
  }
  if (isSet(p['RetryPolicy'])) lambdaTarget['RetryPolicy'] = p['RetryPolicy'];
  if (isSet(p['InputTransformer']) && inputProperties.includes('InputPath'))
    lambdaTarget['InputTransformer'] = p['InputTransformer'];
  resources[id] = eventResource(context, 'AWS::Events::Rule', definedProperties({ ...rule, Targets: [lambdaTarget] }));
  Object.assign(resources, pushPermission(context, { principal: 'events.amazonaws.com', sourceArn: ruleArn }));
  return resources;
}

/**
 * `DeadLetterConfig`: an existing queue by `Arn`, or with `Type: SQS` a generated queue (named
 * `QueueLogicalId` or `<Event>Queue`) and, for a rule, the policy letting the rule send to it.
 */
export function deadLetterQueue(
  context: FunctionEventContext,
  ruleArn: unknown,
  id = eventLogicalId(context),
  withQueuePolicy = true,
): { arn: unknown; resources: Record<string, Record<string, unknown>> } {
  const config = context.properties['DeadLetterConfig'];
  const fail = (message: string) => eventError(context, id, message);
  if (!isPlainObject(config)) throw fail("Property 'DeadLetterConfig' should be a map.");
  if ('Arn' in config && 'Type' in config)
    throw fail("You can either define 'Arn' or 'Type' property of DeadLetterConfig.");
  if ('Type' in config && config['Type'] !== 'SQS')
    throw fail("The only valid value for 'Type' property of DeadLetterConfig is 'SQS'.");
  if (!('Arn' in config) && !('Type' in config))
    throw fail("No 'Arn' or 'Type' property provided for DeadLetterConfig.");
  if (isSet(config['Arn'])) return { arn: config['Arn'], resources: {} };
  const queueId = config['QueueLogicalId'];
  if (isSet(queueId) && typeof queueId !== 'string') throw fail('QueueLogicalId must be a string');
  const queue = typeof queueId === 'string' ? queueId : `${id}Queue`;
  const queueArn = { 'Fn::GetAtt': [queue, 'Arn'] };
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Action: 'sqs:SendMessage',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Resource: queueArn,
        Condition: { ArnEquals: { 'aws:SourceArn': ruleArn } },
      },
    ],
  };
  const resources = { [queue]: eventResource(context, 'AWS::SQS::Queue', {}) };
  // EventBridge Scheduler sends with the schedule's role instead of a queue policy.
  if (withQueuePolicy)
    resources[`${id}QueuePolicy`] = eventResource(context, 'AWS::SQS::QueuePolicy', {
      PolicyDocument: policy,
      Queues: [{ Ref: queue }],
    });
  return { arn: queueArn, resources };
}
