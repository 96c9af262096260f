import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet, supportedAttributes, type SamExpansion } from './sam-scope.ts';
import { tagList } from './sam-tags.ts';

const ATTRIBUTE_TYPES: ReadonlyMap<unknown, string> = new Map([
  ['String', 'S'],
  ['Number', 'N'],
  ['Binary', 'B'],
]);

/** `AWS::Serverless::SimpleTable` → an on-demand (unless throughput is given) `AWS::DynamoDB::Table` keyed by one hash key. */
export function transformSimpleTable(logicalId: string, resource: Record<string, unknown>): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  let key = { AttributeName: 'id', AttributeType: 'S' } as Record<string, unknown>;
  const primaryKey = p['PrimaryKey'];
  if (isSet(primaryKey) && !isPlainObject(primaryKey))
    throw new SamResourceError(logicalId, "Type of property 'PrimaryKey' is invalid.");
  if (isPlainObject(primaryKey) && Object.keys(primaryKey).length > 0) {
    for (const field of ['Name', 'Type'])
      if (!isSet(primaryKey[field]))
        throw new SamResourceError(logicalId, `Property 'PrimaryKey.${field}' is required.`);
    const type = ATTRIBUTE_TYPES.get(primaryKey['Type']);
    if (type === undefined) throw new SamResourceError(logicalId, `Invalid 'Type' "${String(primaryKey['Type'])}".`);
    key = { AttributeName: primaryKey['Name'], AttributeType: type };
  }
  const table: Record<string, unknown> = {
    AttributeDefinitions: [key],
    KeySchema: [{ AttributeName: key['AttributeName'], KeyType: 'HASH' }],
  };
  if (p['PointInTimeRecoverySpecification'])
    table['PointInTimeRecoverySpecification'] = p['PointInTimeRecoverySpecification'];
  if (p['ProvisionedThroughput']) table['ProvisionedThroughput'] = p['ProvisionedThroughput'];
  else table['BillingMode'] = 'PAY_PER_REQUEST';
  if (p['SSESpecification']) table['SSESpecification'] = p['SSESpecification'];
  if (p['TableName']) table['TableName'] = p['TableName'];
  if (isPlainObject(p['Tags']) && Object.keys(p['Tags']).length > 0) table['Tags'] = tagList(p['Tags']);
  const output: Record<string, unknown> = { Type: 'AWS::DynamoDB::Table', ...supportedAttributes(resource) };
  if (resource['DependsOn']) output['DependsOn'] = resource['DependsOn'];
  output['Properties'] = table;
  return { resources: { [logicalId]: output } };
}
