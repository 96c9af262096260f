import { isPlainObject } from '@toolkit/intrinsics';
import { fillProfileVariables, MissingProfileVariable } from './connector-profile-variables.ts';
import { CONNECTOR_PROFILES, type ConnectorProfile } from './connector-profiles.ts';
import { ConnectorReferenceError, resolveConnectorReference, type ConnectorReference } from './connector-reference.ts';
import { pythonTruthy } from './open-api-editor.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { logicalIdOfIntrinsic } from './sam-function-version.ts';
import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';
import { supportedAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';

type Resources = Record<string, Record<string, unknown>>;

// samtranslator's `dict_of(IS_STR, any_type())` is a map under its generic message.
const ANY_MAP: SamPropertyType = { mapOf: 'any' };
const CONNECTOR_PROPERTIES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['Source', ANY_MAP],
  ['Destination', [ANY_MAP, { listOf: ANY_MAP }]],
  ['Permissions', { listOf: 'string' }],
]);

/** samtranslator's property checks for a connector (also run on embedded connectors as they are expanded). */
export function validateConnectorProperties(logicalId: string, properties: Record<string, unknown>): void {
  checkPropertyTypes(logicalId, 'AWS::Serverless::Connector', properties, CONNECTOR_PROPERTIES, [
    'Source',
    'Destination',
    'Permissions',
  ]);
}

/**
 * `AWS::Serverless::Connector` → the policies or permissions its profile prescribes, per
 * destination. Runs after every other SAM resource, on the resources they generated
 * (`scope.output`); resources that depended on the connector depend on what it generated.
 */
export function transformConnector(
  logicalId: string,
  resource: Record<string, unknown>,
  scope: SamScope,
): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  validateConnectorProperties(logicalId, p);
  const source = p['Source'] as Record<string, unknown>;
  const multiple = Array.isArray(p['Destination']);
  const destinations = (multiple ? p['Destination'] : [p['Destination']]) as Array<Record<string, unknown>>;
  const generated: Resources = {};
  destinations.forEach((entry, index) => {
    let ends: { source: ConnectorReference; destination: ConnectorReference };
    try {
      const destination = resolveConnectorReference(entry, scope.output, source);
      ends = { source: resolveConnectorReference(source, scope.output, entry), destination };
    } catch (error) {
      if (error instanceof ConnectorReferenceError) throw new SamResourceError(logicalId, error.message);
      throw error;
    }
    const made = connectorResources(
      { logicalId, resource, permissions: p['Permissions'] as string[], suffix: multiple ? `Destination${index}` : '' },
      ends,
      scope,
    );
    const metadata = connectorMetadata(logicalId, ends, scope.resources);
    for (const [id, one] of Object.entries(made))
      generated[id] = { ...one, Metadata: { ...(one['Metadata'] as object), ...metadata } };
  });
  if (Object.keys(generated).length === 0) throw new SamResourceError(logicalId, "'Destination' is an empty list");
  replaceDependsOn(scope.output, logicalId, Object.keys(generated));
  return { resources: generated };
}

interface ConnectorInput {
  logicalId: string;
  resource: Record<string, unknown>;
  permissions: string[];
  /** `Destination<index>` when Destination is a list. */
  suffix: string;
}

function connectorResources(
  connector: ConnectorInput,
  ends: { source: ConnectorReference; destination: ConnectorReference },
  scope: SamScope,
): Resources {
  const { logicalId } = connector;
  const { source, destination } = ends;
  const profile = CONNECTOR_PROFILES.get(source.type)?.get(destination.type);
  const between = `connector from ${source.type} to ${destination.type}`;
  if (profile === undefined)
    throw new SamResourceError(
      logicalId,
      `Unable to create ${between}; it's not supported or the template is invalid.`,
    );
  const permissions = [...new Set(connector.permissions)];
  const validValues = Object.keys(profile.categories).join(', ');
  if (permissions.length === 0)
    throw new SamResourceError(logicalId, `'Permissions' cannot be empty; valid values are: ${validValues}.`);
  if (permissions.some((permission) => !Object.hasOwn(profile.categories, permission)))
    throw new SamResourceError(
      logicalId,
      `Unsupported 'Permissions' provided for ${between}; valid values are: ${validValues}.`,
    );
  if (profile.validCombinations !== undefined) {
    const combinations = profile.validCombinations.map((combination) => [...combination].sort());
    const given = [...permissions].sort().join(' + ');
    if (!combinations.some((combination) => combination.join(' + ') === given))
      throw new SamResourceError(
        logicalId,
        `Unsupported 'Permissions' provided for ${between}; valid combinations are: ${combinations.map((c) => c.join(' + ')).join(', ')}.`,
      );
  }
  let categories: Record<string, Record<string, unknown>>;
  try {
    categories = fillProfileVariables(profile.categories, profileVariables(source, destination)) as typeof categories;
  } catch (error) {
    if (error instanceof MissingProfileVariable) throw new SamResourceError(logicalId, error.message);
    throw error;
  }
  const chosen = Object.entries(categories).filter(([name]) => permissions.includes(name));
  const document = { Version: '2012-10-17', Statement: chosen.flatMap(([, category]) => category['Statement'] as []) };
  const end = profile.sourcePolicy ? source : destination;
  const endName = profile.sourcePolicy ? 'Source' : 'Destination';
  const make = (suffix: string, type: string, properties: Record<string, unknown>) => {
    const made: Record<string, unknown> = { Type: type, ...supportedAttributes(connector.resource) };
    if ('DependsOn' in connector.resource) made['DependsOn'] = connector.resource['DependsOn'];
    made['Properties'] = properties;
    return [`${logicalId}${suffix}${connector.suffix}`, made] as const;
  };
  const missing = (what: string) =>
    new SamResourceError(logicalId, `Unable to get ${what} from '${endName}' resource.`);
  switch (profile.type) {
    case 'AWS_IAM_ROLE_MANAGED_POLICY': {
      if (!pythonTruthy(end.roleName)) throw missing('IAM role name');
      const [id, policy] = make('Policy', 'AWS::IAM::ManagedPolicy', {
        PolicyDocument: document,
        Roles: [end.roleName],
      });
      addPolicyDependency(profile, ends, id, scope.output);
      return { [id]: policy };
    }
    case 'AWS_SQS_QUEUE_POLICY': {
      if (!pythonTruthy(end.queueUrl)) throw missing('SQS queue URL');
      return Object.fromEntries([
        make('QueuePolicy', 'AWS::SQS::QueuePolicy', { PolicyDocument: document, Queues: [end.queueUrl] }),
      ]);
    }
    case 'AWS_SNS_TOPIC_POLICY': {
      if (!pythonTruthy(end.arn)) throw missing('SNS topic ARN');
      return Object.fromEntries([
        make('TopicPolicy', 'AWS::SNS::TopicPolicy', { Topics: [end.arn], PolicyDocument: document }),
      ]);
    }
    case 'AWS_LAMBDA_PERMISSION': {
      if (!pythonTruthy(end.arn)) throw missing('Lambda function ARN');
      return Object.fromEntries(
        chosen.map(([name, permission]) =>
          make(`${name}LambdaPermission`, 'AWS::Lambda::Permission', {
            Action: permission['Action'],
            FunctionName: end.arn,
            Principal: permission['Principal'],
            SourceArn: permission['SourceArn'],
            ...('SourceAccount' in permission ? { SourceAccount: permission['SourceAccount'] } : {}),
          }),
        ),
      );
    }
  }
}

function profileVariables(source: ConnectorReference, destination: ConnectorReference): Map<string, unknown> {
  return new Map<string, unknown>([
    ['Source.Arn', source.arn],
    ['Destination.Arn', destination.arn],
    ['Source.ResourceId', source.resourceId],
    ['Destination.ResourceId', destination.resourceId],
    ['Source.Name', source.name],
    ['Destination.Name', destination.name],
    ['Source.Qualifier', source.qualifier],
    ['Destination.Qualifier', destination.qualifier],
  ]);
}

/** The policy must exist before the one event source mapping between the ends, or before the source. */
function addPolicyDependency(
  profile: ConnectorProfile,
  ends: { source: ConnectorReference; destination: ConnectorReference },
  policyId: string,
  output: Record<string, unknown>,
): void {
  const { source, destination } = ends;
  if (source.logicalId === undefined) return;
  if (profile.dependedBy === 'DESTINATION_EVENT_SOURCE_MAPPING' && destination.logicalId !== undefined) {
    const mappings = Object.entries(output).filter(([, resource]) => {
      if (!isPlainObject(resource) || resource['Type'] !== 'AWS::Lambda::EventSourceMapping') return false;
      const properties = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
      return (
        logicalIdOfIntrinsic(properties['FunctionName']) === destination.logicalId &&
        logicalIdOfIntrinsic(properties['EventSourceArn']) === source.logicalId
      );
    });
    // Only one mapping may exist between a resource and a function, else the deployment fails anyway.
    if (mappings.length === 1) addDependsOn(output, mappings[0]![0], [policyId]);
  }
  if (profile.dependedBy === 'SOURCE') addDependsOn(output, source.logicalId, [policyId]);
}

/** `Metadata.aws:sam:connectors`: the connector's ends by their types as written (SAM types stay SAM types). */
function connectorMetadata(
  logicalId: string,
  ends: { source: ConnectorReference; destination: ConnectorReference },
  original: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const typeOf = (end: ConnectorReference) => {
    const resource = end.logicalId === undefined ? undefined : original[end.logicalId];
    const type = isPlainObject(resource) ? resource['Type'] : undefined;
    return type ? type : end.type;
  };
  return {
    'aws:sam:connectors': {
      [logicalId]: { Source: { Type: typeOf(ends.source) }, Destination: { Type: typeOf(ends.destination) } },
    },
  };
}

/** Appends `ids` to a resource's DependsOn, each once (samtranslator's `insert_unique`). */
function addDependsOn(output: Record<string, unknown>, logicalId: string, ids: readonly string[]): void {
  const resource = output[logicalId];
  if (!isPlainObject(resource)) return;
  const existing = resource['DependsOn'] ?? [];
  const list = Array.isArray(existing) ? [...existing] : [existing];
  for (const id of ids) if (!list.includes(id)) list.push(id);
  output[logicalId] = { ...resource, DependsOn: list };
}

/** Every resource that depended on the connector depends on what it generated instead. */
function replaceDependsOn(output: Record<string, unknown>, connectorId: string, generatedIds: readonly string[]): void {
  for (const [id, resource] of Object.entries(output)) {
    if (!isPlainObject(resource) || !('DependsOn' in resource)) continue;
    const dependsOn = Array.isArray(resource['DependsOn']) ? resource['DependsOn'] : [resource['DependsOn']];
    if (!dependsOn.includes(connectorId)) continue;
    output[id] = { ...resource, DependsOn: dependsOn.filter((entry) => entry !== connectorId) };
    addDependsOn(output, id, generatedIds);
  }
}
