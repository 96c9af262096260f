import { isDeepStrictEqual } from 'node:util';
import { isPlainObject } from '@toolkit/intrinsics';
import { CONNECTOR_RESOURCE_KINDS } from './connector-profiles.ts';
import { pythonTruthy } from './open-api-editor.ts';
import { logicalIdOfIntrinsic } from './sam-function-version.ts';

/** What a connector knows of its source or one destination. */
export interface ConnectorReference {
  logicalId: string | undefined;
  type: string;
  arn: unknown;
  roleName: unknown;
  queueUrl: unknown;
  resourceId: unknown;
  name: unknown;
  qualifier: unknown;
}

/** A reference a connector cannot use; the message is samtranslator's. */
export class ConnectorReferenceError extends Error {}

/** SAM types a reference given by `Type` may name, as the CloudFormation type profiles know. */
const CFN_TYPE_OF_SAM_TYPE: ReadonlyMap<string, string> = new Map([
  ['AWS::Serverless::Function', 'AWS::Lambda::Function'],
  ['AWS::Serverless::StateMachine', 'AWS::StepFunctions::StateMachine'],
  ['AWS::Serverless::Api', 'AWS::ApiGateway::RestApi'],
  ['AWS::Serverless::HttpApi', 'AWS::ApiGatewayV2::Api'],
  ['AWS::Serverless::SimpleTable', 'AWS::DynamoDB::Table'],
]);

const isNonBlankString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Resolves a connector's `Source` or `Destination` entry: by `Id` against the transformed
 * resources (`resources`), or from the explicit `Type`/`Arn`/`RoleName`/… properties.
 * `other` is the entry at the connector's other end (an events rule's role is that of its target).
 */
export function resolveConnectorReference(
  entry: Record<string, unknown>,
  resources: Readonly<Record<string, unknown>>,
  other: Record<string, unknown>,
): ConnectorReference {
  const idGiven = 'Id' in entry;
  const othersGiven = Object.keys(entry).some((key) => key !== 'Id' && key !== 'Qualifier');
  if (idGiven === othersGiven)
    throw new ConnectorReferenceError(
      "Must provide 'Id' (with optional 'Qualifier') or a supported combination of other properties.",
    );
  const logicalId = entry['Id'];
  if (!pythonTruthy(logicalId)) {
    const type = entry['Type'];
    if (!isNonBlankString(type)) throw new ConnectorReferenceError("'Type' is missing or not a string.");
    return {
      logicalId: undefined,
      type: CFN_TYPE_OF_SAM_TYPE.get(type) ?? type,
      arn: entry['Arn'],
      roleName: entry['RoleName'],
      queueUrl: entry['QueueUrl'],
      resourceId: entry['ResourceId'],
      name: entry['Name'],
      qualifier: entry['Qualifier'],
    };
  }
  if (!isNonBlankString(logicalId)) throw new ConnectorReferenceError("'Id' is missing or not a string.");
  const resource = Object.hasOwn(resources, logicalId) ? resources[logicalId] : undefined;
  if (!isPlainObject(resource) || Object.keys(resource).length === 0)
    throw new ConnectorReferenceError(`Unable to find resource with logical ID '${logicalId}'.`);
  const type = resource['Type'];
  if (!isNonBlankString(type)) throw new ConnectorReferenceError("'Type' is missing or not a string.");
  const properties = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  const kind = CONNECTOR_RESOURCE_KINDS.get(type);
  const output = (name: string) => kind?.outputs[name]?.(logicalId);
  return {
    logicalId,
    type,
    arn: output('Arn'),
    roleName: roleReference(kind?.role, properties, other),
    queueUrl: output('Url'),
    resourceId: output('Id'),
    name: output('Name'),
    qualifier: 'Qualifier' in entry ? entry['Qualifier'] : output('Qualifier'),
  };
}

/** `Ref` to the role the resource's role property points at, when it names one by `Ref`/`GetAtt`. */
function roleReference(
  property: string | undefined,
  properties: Record<string, unknown>,
  other: Record<string, unknown>,
) {
  if (property === undefined) return undefined;
  const role = property === 'EventsRuleTarget' ? eventsRuleTargetRole(properties, other) : properties[property];
  if (!pythonTruthy(role)) return undefined;
  const roleId = logicalIdOfIntrinsic(role);
  return roleId === undefined ? undefined : { Ref: roleId };
}

/** The `RoleArn` of the rule's target that is the connector's other end (by logical id or ARN). */
function eventsRuleTargetRole(properties: Record<string, unknown>, other: Record<string, unknown>): unknown {
  const targets = Array.isArray(properties['Targets']) ? properties['Targets'] : [];
  for (const target of targets) {
    if (!isPlainObject(target)) continue;
    const targetId = logicalIdOfIntrinsic(target['Arn']);
    if (
      (targetId !== undefined && targetId === other['Id']) ||
      (pythonTruthy(other['Arn']) && isDeepStrictEqual(target['Arn'], other['Arn']))
    )
      return target['RoleArn'];
  }
  return undefined;
}
