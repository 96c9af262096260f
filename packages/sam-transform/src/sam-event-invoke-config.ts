import { isPlainObject } from '@toolkit/intrinsics';
import { resolveParameterRefs } from './sam-parameter-refs.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { samLogicalId } from './sam-logical-id.ts';
import { isSet, passthroughAttributes, supportedAttributes, type SamScope } from './sam-scope.ts';

const DESTINATION_TYPES = ['SQS', 'SNS', 'EventBridge', 'Lambda', 'S3Bucket'];
const GENERATED_TYPES = ['SQS', 'SNS'];

/** What `EventInvokeConfig` adds: resources, role policies, and the `DestinationQueue`/`DestinationTopic` ids. */
export interface EventInvokeExpansion {
  resources: Record<string, Record<string, unknown>>;
  policies: Array<Record<string, unknown>>;
  referable: Record<string, string>;
}

/**
 * `EventInvokeConfig` → `<Fn>EventInvokeConfig` on the alias (or `$LATEST`), with an SQS queue or
 * SNS topic generated for a destination of that type given without an ARN (or under a condition),
 * and the policy letting the function send to each destination.
 */
export function buildEventInvokeConfig(input: {
  logicalId: string;
  resource: Record<string, unknown>;
  config: Record<string, unknown>;
  alias: { id: string; name: unknown } | undefined;
  scope: SamScope;
}): EventInvokeExpansion {
  const { logicalId, resource, scope } = input;
  const resolved = resolveParameterRefs(structuredClone(input.config), scope.parameters) as Record<string, unknown>;
  const id = `${logicalId}EventInvokeConfig`;
  const expansion: EventInvokeExpansion = { resources: {}, policies: [], referable: {} };
  const destinations: Record<string, unknown> = {};
  const destinationConfig = resolved['DestinationConfig'];
  if (destinationConfig) {
    if (!isPlainObject(destinationConfig))
      throw new SamResourceError(logicalId, "Property 'EventInvokeConfig.DestinationConfig' should be a map.");
    for (const name of ['OnSuccess', 'OnFailure']) {
      const value = destinationConfig[name];
      if (!isSet(value)) continue;
      if (!isPlainObject(value))
        throw new SamResourceError(
          logicalId,
          `Property 'EventInvokeConfig.DestinationConfig.${name}' should be a map.`,
        );
      destinations[name] = { Destination: destination(input, value, id + name, expansion) };
    }
  }
  const properties: Record<string, unknown> = {
    FunctionName: { Ref: logicalId },
    Qualifier: input.alias ? input.alias.name : '$LATEST',
    DestinationConfig: destinations,
  };
  if (isSet(resolved['MaximumEventAgeInSeconds']))
    properties['MaximumEventAgeInSeconds'] = resolved['MaximumEventAgeInSeconds'];
  if (isSet(resolved['MaximumRetryAttempts'])) properties['MaximumRetryAttempts'] = resolved['MaximumRetryAttempts'];
  const config: Record<string, unknown> = { Type: 'AWS::Lambda::EventInvokeConfig', ...supportedAttributes(resource) };
  if (input.alias) config['DependsOn'] = [input.alias.id];
  config['Properties'] = properties;
  expansion.resources[id] = config;
  return expansion;
}

function destination(
  input: { logicalId: string; resource: Record<string, unknown>; scope: SamScope },
  config: Record<string, unknown>,
  resourceId: string,
  expansion: EventInvokeExpansion,
): unknown {
  const { logicalId, resource, scope } = input;
  const type = config['Type'];
  if (typeof type !== 'string' || !DESTINATION_TYPES.includes(type))
    throw new SamResourceError(
      logicalId,
      `'Type: ${type === undefined || type === null ? 'None' : String(type)}' must be one of ['${DESTINATION_TYPES.join("', '")}']`,
    );
  const given = config['Destination'];
  const [condition, arnWhenSet] = destinationCondition(given, `${logicalId}EventInvokeConfig`, scope);
  if (isSet(given) && condition === undefined) {
    expansion.policies.push(...destinationPolicy(type, resourceId, given));
    return given;
  }
  if (!GENERATED_TYPES.includes(type))
    throw new SamResourceError(logicalId, "Destination is required if Type is not ['SQS', 'SNS']");
  const combined = andConditions(resource['Condition'], condition, logicalId, scope);
  const generatedId = resourceId + (type === 'SQS' ? 'Queue' : 'Topic');
  const generated: Record<string, unknown> = {
    Type: type === 'SQS' ? 'AWS::SQS::Queue' : 'AWS::SNS::Topic',
    ...passthroughAttributes(resource),
    Properties: {},
  };
  if (combined !== undefined) generated['Condition'] = combined;
  expansion.resources[generatedId] = generated;
  expansion.referable[type === 'SQS' ? 'DestinationQueue' : 'DestinationTopic'] = generatedId;
  const ownArn = type === 'SQS' ? { 'Fn::GetAtt': [generatedId, 'Arn'] } : { Ref: generatedId };
  const arn = condition !== undefined ? { 'Fn::If': [condition, ownArn, arnWhenSet] } : ownArn;
  expansion.policies.push(...destinationPolicy(type, resourceId, arn));
  return arn;
}

/** `Destination: !If [C, !Ref AWS::NoValue, arn]`: the generated destination exists only under C (or NOT C). */
function destinationCondition(given: unknown, logicalId: string, scope: SamScope): [string | undefined, unknown] {
  if (!isPlainObject(given) || Object.keys(given).length !== 1 || !('Fn::If' in given)) return [undefined, undefined];
  const items = given['Fn::If'];
  if (!Array.isArray(items) || items.length !== 3)
    throw new SamResourceError(logicalId, "Malformed 'Destination' property: Fn::If requires 3 arguments.");
  const isNoValue = (value: unknown) => isPlainObject(value) && value['Ref'] === 'AWS::NoValue';
  const [condition, whenTrue, whenFalse] = items as [string, unknown, unknown];
  if (isNoValue(whenTrue) && isNoValue(whenFalse)) return [undefined, undefined];
  if (isNoValue(whenTrue)) return [condition, whenFalse];
  if (isNoValue(whenFalse)) {
    const name = generatedConditionName(`NOT${condition}`, logicalId);
    scope.addCondition(name, { 'Fn::Not': [{ Condition: condition }] });
    return [name, whenTrue];
  }
  return [undefined, undefined];
}

function andConditions(
  resourceCondition: unknown,
  propertyCondition: string | undefined,
  logicalId: string,
  scope: SamScope,
): unknown {
  if (!isSet(resourceCondition)) return propertyCondition;
  if (propertyCondition === undefined) return resourceCondition;
  const name = generatedConditionName(`${String(resourceCondition)}AND${propertyCondition}`, logicalId);
  // samtranslator wraps each operand once more (make_and_condition of {Condition: …} items); kept for equal output.
  scope.addCondition(name, {
    'Fn::And': [{ Condition: { Condition: resourceCondition } }, { Condition: { Condition: propertyCondition } }],
  });
  return name;
}

/** A condition name samtranslator makes unique with a hash of the resource id (CloudFormation allows 255 characters). */
function generatedConditionName(name: string, hashInput: string): string {
  return (name + samLogicalId('', hashInput)).slice(0, 255);
}

function destinationPolicy(type: string, id: string, arn: unknown): Array<Record<string, unknown>> {
  const policy = (suffix: string, statements: unknown[]) => [
    { PolicyName: id + suffix, PolicyDocument: { Statement: statements } },
  ];
  const allow = (action: string, resource: unknown) => ({ Action: action, Effect: 'Allow', Resource: resource });
  switch (type) {
    case 'SQS':
      return policy('SQSPolicy', [allow('sqs:SendMessage', arn)]);
    case 'SNS':
      return policy('SNSPolicy', [allow('sns:publish', arn)]);
    case 'EventBridge':
      return policy('EventBridgePolicy', [allow('events:PutEvents', arn)]);
    case 'Lambda':
      return policy('LambdaPolicy', [allow('lambda:InvokeFunction', arn)]);
    default:
      return policy('S3Policy', [
        allow('s3:PutObject', { 'Fn::Join': ['/', [arn, '*']] }),
        allow('s3:ListBucket', arn),
      ]);
  }
}
