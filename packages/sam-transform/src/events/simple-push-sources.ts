import type { FunctionEventSource } from '../function-event-source.ts';
import { definedProperties } from '../sam-scope.ts';
import { eventLogicalId, eventResource, functionArn } from './event-target.ts';
import { pushPermission } from './push-permission.ts';

/** `AlexaSkill`: a permission for the Alexa service, scoped to the skill id when given. */
export const alexaSkillEventSource: FunctionEventSource = (context) =>
  pushPermission(context, { principal: 'alexa-appkit.amazon.com', eventSourceToken: context.properties['SkillId'] });

/** `IoTRule`: an `AWS::IoT::TopicRule` whose action invokes the function, and the permission for it. */
export const iotRuleEventSource: FunctionEventSource = (context) => {
  const p = context.properties;
  const id = eventLogicalId(context);
  const payload: Record<string, unknown> = {
    Sql: p['Sql'],
    RuleDisabled: false,
    Actions: [{ Lambda: { FunctionArn: functionArn(context) } }],
  };
  if (p['AwsIotSqlVersion']) payload['AwsIotSqlVersion'] = p['AwsIotSqlVersion'];
  return {
    ...pushPermission(context, {
      principal: 'iot.amazonaws.com',
      sourceArn: {
        'Fn::Sub': [
          `arn:${context.scope.partition}:iot:\${AWS::Region}:\${AWS::AccountId}:rule/\${RuleName}`,
          { RuleName: { Ref: id } },
        ],
      },
      sourceAccount: { 'Fn::Sub': '${AWS::AccountId}' },
    }),
    [id]: eventResource(context, 'AWS::IoT::TopicRule', { TopicRulePayload: payload }),
  };
};

/** `CloudWatchLogs`: a subscription filter on the log group sending to the function, after its permission. */
export const cloudWatchLogsEventSource: FunctionEventSource = (context) => {
  const p = context.properties;
  const id = eventLogicalId(context);
  const permission = pushPermission(context, {
    principal: 'logs.amazonaws.com',
    sourceArn: {
      'Fn::Sub': [
        `arn:${context.scope.partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:\${__LogGroupName__}:*`,
        { __LogGroupName__: p['LogGroupName'] },
      ],
    },
  });
  const filter = eventResource(
    context,
    'AWS::Logs::SubscriptionFilter',
    definedProperties({
      LogGroupName: p['LogGroupName'],
      FilterPattern: p['FilterPattern'],
      DestinationArn: functionArn(context),
    }),
  );
  return { ...permission, [id]: { ...filter, DependsOn: Object.keys(permission) } };
};
