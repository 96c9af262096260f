import type { FunctionEventContext, FunctionEventSource } from '../function-event-source.ts';
import { definedProperties, isSet } from '../sam-scope.ts';
import { eventError, eventLogicalId, eventResource, functionArn } from './event-target.ts';
import { deadLetterQueue } from './event-rule.ts';

/**
 * `ScheduleV2`: an `AWS::Scheduler::Schedule` targeting the function, with a role the scheduler
 * assumes to invoke it (and send to the dead-letter queue) unless `RoleArn` is given.
 */
export const scheduleV2EventSource: FunctionEventSource = (context) =>
  scheduleV2(context, functionArn(context), 'LambdaPolicy', 'lambda:InvokeFunction');

/** A ScheduleV2 event for any target: its ARN, and the policy (name suffix, action) its role needs. */
export function scheduleV2(
  context: FunctionEventContext,
  targetArn: unknown,
  policySuffix: string,
  action: string,
): Record<string, Record<string, unknown>> {
  const p = context.properties;
  const id = eventLogicalId(context);
  const schedule: Record<string, unknown> = { ScheduleExpression: p['ScheduleExpression'] };
  if (p['State']) schedule['State'] = p['State'];
  if (p['OmitName']) {
    // samtranslator used to always name the schedule, which clashes across stacks; OmitName opts out.
    if (p['Name']) throw eventError(context, id, 'Name cannot be set when OmitName is True');
  } else {
    schedule['Name'] = p['Name'] || id;
  }
  schedule['Description'] = p['Description'];
  schedule['FlexibleTimeWindow'] = p['FlexibleTimeWindow'] || { Mode: 'OFF' };
  for (const name of ['StartDate', 'EndDate', 'ScheduleExpressionTimezone', 'GroupName', 'KmsKeyArn'])
    schedule[name] = p[name];

  const resources: Record<string, Record<string, unknown>> = {};
  let dlqArn: unknown;
  if (isSet(p['DeadLetterConfig'])) {
    const dlq = deadLetterQueue(context, undefined, id, false);
    dlqArn = dlq.arn;
    Object.assign(resources, dlq.resources);
  }
  let roleArn = p['RoleArn'];
  if (!roleArn) {
    const policies: unknown[] = [
      {
        PolicyName: `${id}${policySuffix}`,
        PolicyDocument: { Statement: [{ Action: action, Effect: 'Allow', Resource: targetArn }] },
      },
    ];
    if (dlqArn)
      policies.push({
        PolicyName: `${id}SQSPolicy`,
        PolicyDocument: { Statement: [{ Action: 'sqs:SendMessage', Effect: 'Allow', Resource: dlqArn }] },
      });
    const role: Record<string, unknown> = {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: ['sts:AssumeRole'], Effect: 'Allow', Principal: { Service: ['scheduler.amazonaws.com'] } },
        ],
      },
      Policies: policies,
    };
    if (p['PermissionsBoundary']) role['PermissionsBoundary'] = p['PermissionsBoundary'];
    resources[`${id}Role`] = eventResource(context, 'AWS::IAM::Role', role);
    roleArn = { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
  }
  const target: Record<string, unknown> = { Arn: targetArn, RoleArn: roleArn };
  if (isSet(p['Input'])) target['Input'] = p['Input'];
  if (isSet(p['DeadLetterConfig'])) target['DeadLetterConfig'] = { Arn: dlqArn };
  if (isSet(p['RetryPolicy'])) target['RetryPolicy'] = p['RetryPolicy'];
  resources[id] = eventResource(
    context,
    'AWS::Scheduler::Schedule',
    definedProperties({ ...schedule, Target: target }),
  );
  return resources;
}
