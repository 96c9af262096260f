import { createHash } from 'node:crypto';
import { generatePhysicalName, randomChars } from '../ids.ts';
import type { ProviderContext, ProvisionResult } from './provider.ts';
import type { SpecResource, SpecType } from './resource-spec.ts';

/** The generated parts of a resource's identity, kept across updates (stored among its attributes). */
export interface IdentitySeeds {
  name: string;
  id: string;
}

const SEEDS_KEY = '#seeds';
const HEX = '0123456789abcdef';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

// EC2 ids carry a per-type prefix (sg-0a1b…); the specification does not record it.
const EC2_ID_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['SecurityGroup', 'sg'],
  ['VPC', 'vpc'],
  ['Subnet', 'subnet'],
  ['RouteTable', 'rtb'],
  ['InternetGateway', 'igw'],
  ['NatGateway', 'nat'],
  ['VPCEndpoint', 'vpce'],
  ['NetworkInterface', 'eni'],
  ['NetworkAcl', 'acl'],
  ['Instance', 'i'],
  ['EIP', 'eipalloc'],
  ['LaunchTemplate', 'lt'],
  ['TransitGateway', 'tgw'],
  ['KeyPair', 'key'],
  ['PrefixList', 'pl'],
]);

/** The property that names the resource (`TableName`, `QueueName`, else `Name`), if the type has one. */
export function nameProperty(resource: SpecResource): string | undefined {
  for (const candidate of [`${resource.name}Name`, 'Name']) {
    const property = resource.properties[candidate];
    if (property && property.type.type === 'string') return candidate;
  }
  return undefined;
}

/** The seeds a resource had, or new ones. */
export function seedsOf(
  resource: SpecResource,
  ctx: ProviderContext,
  previous?: Record<string, unknown>,
): IdentitySeeds {
  const kept = previous?.[SEEDS_KEY] as IdentitySeeds | undefined;
  if (kept) return kept;
  const [, service] = resource.cloudFormationType.split('::');
  const prefix = service === 'EC2' ? EC2_ID_PREFIXES.get(resource.name) : undefined;
  return {
    // CloudFormation's generated name: <stack>-<logicalId>-<RANDOM>, within the common 64-character limit.
    name: generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 64 }),
    id: prefix ? `${prefix}-${randomChars(17, HEX)}` : randomChars(10, LOWER_ALNUM),
  };
}

/**
 * The physical id, Ref value and every GetAtt attribute of a resource the local cloud does not
 * run, in the real forms: the name given or generated, the ARN from the type's ARN template with
 * the stack's region and account, ids, URLs and endpoints shaped as the service makes them.
 */
export function specIdentity(
  resource: SpecResource,
  ctx: ProviderContext,
  properties: Record<string, unknown>,
  seeds: IdentitySeeds,
): ProvisionResult {
  const [, service = '', typeName = resource.name] = resource.cloudFormationType.split('::');
  const lowerService = service.toLowerCase();
  const naming = nameProperty(resource);
  const given = naming === undefined ? undefined : scalar(properties[naming]);
  const name = given ?? seeds.name;
  const partValue = (part: string): string => {
    const property = scalar(properties[part]);
    if (property !== undefined) return property;
    if (part === naming) return name;
    return attributeValue(part);
  };
  const arn = (): string => {
    if (resource.arnTemplate) {
      return resource.arnTemplate.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, variable: string) => arnVariable(variable));
    }
    return `arn:aws:${lowerService}:${ctx.region}:${ctx.accountId}:${kebab(typeName)}/${name}`;
  };
  const arnVariable = (variable: string): string => {
    if (variable === 'Partition') return 'aws';
    if (variable === 'Region') return ctx.region;
    if (variable === 'Account') return ctx.accountId;
    const property = scalar(properties[variable]);
    if (property !== undefined) return property;
    if (variable.endsWith('NameWithoutLeadingSlash')) return name.replace(/^\//, '');
    if (variable.endsWith('Name')) return name;
    return seeds.id;
  };
  const attributeValue = (attribute: string): string => {
    const leaf = attribute.split('.').pop() ?? attribute;
    const property = scalar(properties[attribute]);
    if (property !== undefined) return property;
    if (leaf === 'Arn' || leaf === `${typeName}Arn` || (leaf === 'Id' && /\bARN\b/.test(docOf(attribute))))
      return arn();
    if (leaf.endsWith('Arn')) return `${arn()}/${kebab(leaf.slice(0, -3))}/${seeds.id}`;
    if (/(Url|URL)$/.test(leaf)) return `https://${lowerService}.${ctx.region}.amazonaws.com/${ctx.accountId}/${name}`;
    // An HTTP API's endpoint is the execute-api URL its routes answer on (the local cloud serves it too).
    if (resource.cloudFormationType === 'AWS::ApiGatewayV2::Api' && attribute === 'ApiEndpoint')
      return `https://${seeds.id}.execute-api.${ctx.region}.amazonaws.com`;
    if (/(Endpoint|Address|DomainName|Dns)$/.test(leaf))
      return `${seeds.id}.${lowerService}.${ctx.region}.amazonaws.com`;
    if (leaf.endsWith('Name')) return name;
    if (/(Time|Date)$/.test(leaf)) return new Date(0).toISOString();
    // The resource's own id under any of its names (Id, GroupId of a SecurityGroup, RestApiId); other ids differ.
    const ownId =
      identifier.includes(attribute) ||
      leaf === 'Id' ||
      (leaf.endsWith('Id') && typeName.toLowerCase().endsWith(leaf.slice(0, -2).toLowerCase()));
    return ownId ? seeds.id : derivedId(seeds.id, attribute);
  };
  const docOf = (attribute: string): string => resource.attributes[attribute]?.documentation ?? '';

  const identifier = resource.primaryIdentifier?.length ? resource.primaryIdentifier : [naming ?? 'Id'];
  const attributes: Record<string, unknown> = { [SEEDS_KEY]: seeds };
  for (const [attribute, definition] of Object.entries(resource.attributes)) {
    attributes[attribute] = valueOfType(definition.type, () => attributeValue(attribute));
  }
  const physicalId = identifier.map(partValue).join('|');
  const refParts = (resource.cfnRefIdentifier ?? identifier)
    // A generated part (a Resource's ResourceId, an Integration's IntegrationId) is what Ref returns too.
    .filter(
      (part) =>
        resource.cfnRefIdentifier === undefined ||
        part === naming ||
        properties[part] !== undefined ||
        Object.hasOwn(resource.attributes, part),
    )
    .map(partValue);
  attributes.Ref = refParts.length > 0 ? refParts.join('|') : physicalId.split('|')[0];
  return { physicalId, attributes };
}

/** A second id of the same shape as the resource's own (RootResourceId beside RestApiId), stable across updates. */
function derivedId(id: string, attribute: string): string {
  const digest = createHash('sha256').update(`${id}/${attribute}`).digest();
  const dash = id.indexOf('-');
  const alphabet = dash > 0 ? HEX : LOWER_ALNUM;
  const body = [...digest.subarray(0, id.length - dash - 1)].map((byte) => alphabet[byte % alphabet.length]).join('');
  return dash > 0 ? `${id.slice(0, dash)}-${body}` : body;
}

function valueOfType(type: SpecType, text: () => string): unknown {
  switch (type.type) {
    case 'array':
      return [];
    case 'map':
    case 'ref':
    case 'json':
      return {};
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    default:
      return text();
  }
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function kebab(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
