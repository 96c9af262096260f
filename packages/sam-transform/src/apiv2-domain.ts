import { isPlainObject } from '@toolkit/intrinsics';
import { pythonRepr } from './open-api-editor.ts';
import { samExpect } from './sam-expect.ts';
import { samLogicalId } from './sam-logical-id.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { isSet } from './sam-scope.ts';

type Resource = Record<string, unknown>;
const MTLS_FIELDS = ['TruststoreUri', 'TruststoreVersion'];

/** What an HTTP or WebSocket API's `Domain` generates: the domain name, its mappings and the Route53 group. */
export interface ApiV2Domain {
  domainId: string;
  domain: Resource;
  mappings: Record<string, Resource>;
  /** The shared `RecordSet<hash>` group (in `groups`), when Route53 is configured. */
  recordSetGroupId: string | undefined;
}

/**
 * samtranslator's `ApiV2Generator._construct_api_domain`: an `AWS::ApiGatewayV2::DomainName`
 * (`ApiGatewayDomainNameV2<hash>`), an ApiMapping per base path, and record sets added to the
 * `RecordSetGroup<hash>` of the hosted zone, which APIs of the template share through `groups`.
 */
export function apiV2Domain(
  apiId: string,
  config: Record<string, unknown>,
  options: { tagName: string | undefined; attributes: Record<string, unknown> },
  groups: Map<string, Resource>,
): ApiV2Domain {
  const domainName = config['DomainName'];
  const certificateArn = config['CertificateArn'];
  if (!isSet(domainName) || !isSet(certificateArn))
    throw new SamResourceError(apiId, 'Custom Domains only works if both DomainName and CertificateArn are provided.');
  const domainId = samLogicalId('ApiGatewayDomainNameV2', domainName);
  const endpoint = config['EndpointConfiguration'] ?? 'REGIONAL';
  if (endpoint !== 'REGIONAL')
    throw new SamResourceError(apiId, "EndpointConfiguration for Custom Domains must be one of ['REGIONAL'].");
  const configuration: Record<string, unknown> = { CertificateArn: certificateArn, EndpointType: endpoint };
  if (config['OwnershipVerificationCertificateArn'])
    configuration['OwnershipVerificationCertificateArn'] = config['OwnershipVerificationCertificateArn'];
  if (config['SecurityPolicy']) configuration['SecurityPolicy'] = config['SecurityPolicy'];
  const properties: Record<string, unknown> = { DomainName: domainName, DomainNameConfigurations: [configuration] };
  if (options.tagName !== undefined) properties['Tags'] = { [options.tagName]: 'SAM' };
  const mtls = mutualTls(apiId, config['MutualTlsAuthentication']);
  if (mtls !== undefined) properties['MutualTlsAuthentication'] = mtls;
  const domain = { Type: 'AWS::ApiGatewayV2::DomainName', ...options.attributes, Properties: properties };
  return {
    domainId,
    domain,
    mappings: basePathMappings(apiId, config['BasePath'], domainId, options.attributes),
    recordSetGroupId: recordSetGroup(apiId, config, endpoint, domainId, options.attributes, groups),
  };
}

function mutualTls(apiId: string, value: unknown): Record<string, unknown> | undefined {
  if (!value || (isPlainObject(value) && Object.keys(value).length === 0)) return undefined;
  if (!isPlainObject(value))
    throw new SamResourceError(
      apiId,
      `MutualTlsAuthentication must be a map with at least one of the following fields ${pythonRepr(MTLS_FIELDS)}.`,
    );
  const invalid = Object.keys(value)
    .filter((key) => !MTLS_FIELDS.includes(key))
    .sort();
  // samtranslator names the offending fields where the resource id belongs.
  if (invalid.length > 0)
    throw new SamResourceError(
      invalid.join(','),
      `Available MutualTlsAuthentication fields are ${pythonRepr(MTLS_FIELDS)}.`,
    );
  const result: Record<string, unknown> = {};
  for (const field of MTLS_FIELDS) if (value[field]) result[field] = value[field];
  return result;
}

function basePathMappings(
  apiId: string,
  basePath: unknown,
  domainId: string,
  attributes: Record<string, unknown>,
): Record<string, Resource> {
  const mapping = (extra: Record<string, unknown>) => ({
    Type: 'AWS::ApiGatewayV2::ApiMapping',
    ...attributes,
    Properties: { DomainName: { Ref: domainId }, ApiId: { Ref: apiId }, Stage: { Ref: `${apiId}.Stage` }, ...extra },
  });
  const paths = typeof basePath === 'string' && basePath ? [basePath] : Array.isArray(basePath) && basePath.length > 0 ? basePath : undefined; // prettier-ignore
  if (paths === undefined) return { [`${apiId}ApiMapping`]: mapping({}) };
  const mappings: Record<string, Resource> = {};
  for (const path of paths) {
    if (typeof path !== 'string') throw new SamResourceError(apiId, 'Basepath must be a string.');
    if (/[^0-9a-zA-Z/\-_]+/.test(path)) throw new SamResourceError(apiId, 'Invalid Basepath name provided.');
    mappings[`${apiId}${path.replace(/[-_/]+/g, '')}ApiMapping`] = mapping({
      ApiMappingKey: path.replace(/^\/+|\/+$/g, ''),
    });
  }
  return mappings;
}

function recordSetGroup(
  apiId: string,
  config: Record<string, unknown>,
  endpoint: unknown,
  domainId: string,
  attributes: Record<string, unknown>,
  groups: Map<string, Resource>,
): string | undefined {
  const route53 = config['Route53'];
  if (route53 === undefined || route53 === null) return undefined;
  const r53 = samExpect<Record<string, unknown>>(route53, apiId, 'Domain.Route53', 'map');
  if (!isSet(r53['HostedZoneId']) && !isSet(r53['HostedZoneName']))
    throw new SamResourceError(
      apiId,
      'HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.',
    );
  const groupId = samLogicalId('RecordSetGroup', r53['HostedZoneId'] || r53['HostedZoneName']);
  let group = groups.get(groupId);
  if (group === undefined) {
    const zone =
      'HostedZoneId' in r53 ? { HostedZoneId: r53['HostedZoneId'] } : { HostedZoneName: r53['HostedZoneName'] };
    group = { Type: 'AWS::Route53::RecordSetGroup', ...attributes, Properties: { ...zone, RecordSets: [] } };
    groups.set(groupId, group);
  }
  const recordSets = (group['Properties'] as { RecordSets: unknown[] }).RecordSets;
  const record = (type: string) => {
    const target: Record<string, unknown> = {};
    if (isSet(r53['EvaluateTargetHealth'])) target['EvaluateTargetHealth'] = r53['EvaluateTargetHealth'];
    if (endpoint !== 'REGIONAL') throw new SamResourceError(apiId, 'Only REGIONAL endpoint is supported on HTTP APIs.');
    target['HostedZoneId'] = { 'Fn::GetAtt': [domainId, 'RegionalHostedZoneId'] };
    target['DNSName'] = { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] };
    const set: Record<string, unknown> = { Name: config['DomainName'], Type: type, AliasTarget: target };
    if (isSet(r53['Region'])) set['Region'] = r53['Region'];
    if (isSet(r53['SetIdentifier'])) set['SetIdentifier'] = r53['SetIdentifier'];
    return set;
  };
  recordSets.push(record('A'));
  if (r53['IpV6'] === true) recordSets.push(record('AAAA'));
  return groupId;
}
