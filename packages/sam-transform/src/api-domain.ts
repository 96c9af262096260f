import { isPlainObject } from '@toolkit/intrinsics';
import { fromTemplate } from './py27-dict.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { samLogicalId } from './sam-logical-id.ts';
import { definedProperties } from './sam-scope.ts';

const ENDPOINTS = ['EDGE', 'REGIONAL', 'PRIVATE'];
const MTLS_FIELDS = ['TruststoreUri', 'TruststoreVersion'];
type Resource = Record<string, unknown>;
const getAtt = (id: string, attribute: string) => ({ 'Fn::GetAtt': [id, attribute] });
const isSetValue = (value: unknown) => value !== undefined && value !== null;

/** What an Api's `Domain` generates, and the domain as samtranslator hashes it into the Deployment. */
export interface ApiDomainResources {
  resources: Record<string, Resource>;
  /** The Domain with the ApiDomainName and default EndpointConfiguration samtranslator writes into it. */
  hashedDomain: unknown;
  /** The DomainName (or DomainNameV2) logical id, for `Ref: Api.DomainName`. */
  domainId: string;
  v2: boolean;
}

/**
 * `ApiGenerator._construct_api_domain(_v2)`: the custom domain, its base path mappings, a domain access
 * association (PRIVATE) and the Route53 record sets. `groupRecordSets` are the template's shared
 * `RecordSetGroup<hash>` resources by id, which REST and HTTP APIs in one hosted zone share (updated here).
 */
export function apiDomainResources(
  apiId: string,
  domainValue: unknown,
  attributes: Resource,
  groupRecordSets: Map<string, Resource>,
): ApiDomainResources | undefined {
  if (domainValue === undefined || domainValue === null) return undefined;
  if (!isPlainObject(domainValue)) throw new SamResourceError(apiId, "Property 'Domain' should be a map.");
  const domain = structuredClone(domainValue);
  const domainName = domain['DomainName'];
  if (!isSetValue(domainName)) throw new SamResourceError(apiId, "Property 'Domain.DomainName' is required.");
  const certificate = domain['CertificateArn'];
  if (!isSetValue(certificate)) throw new SamResourceError(apiId, "Property 'Domain.CertificateArn' is required.");
  const v2 = domain['EndpointConfiguration'] === 'PRIVATE';
  const domainId = samLogicalId(v2 ? 'ApiGatewayDomainNameV2' : 'ApiGatewayDomainName', domainName);
  if (!v2) domain['ApiDomainName'] = domainId;
  let endpoint = domain['EndpointConfiguration'];
  if (endpoint === undefined || endpoint === null) {
    if (v2) throw endpointError(apiId);
    endpoint = 'REGIONAL';
    domain['EndpointConfiguration'] = 'REGIONAL';
  } else if (typeof endpoint !== 'string' || !ENDPOINTS.includes(endpoint)) throw endpointError(apiId);

  const endpointConfiguration: Record<string, unknown> = { Types: [endpoint] };
  if (domain['IpAddressType']) endpointConfiguration['IpAddressType'] = domain['IpAddressType'];
  const properties: Record<string, unknown> = { DomainName: domainName };
  if (!v2 && endpoint === 'REGIONAL') properties['RegionalCertificateArn'] = certificate;
  else properties['CertificateArn'] = certificate;
  properties['EndpointConfiguration'] = endpointConfiguration;
  if (!v2) {
    const mtls = domain['MutualTlsAuthentication'];
    if (mtls) {
      if (!isPlainObject(mtls))
        throw new SamResourceError(apiId, "Property 'Domain.MutualTlsAuthentication' should be a map.");
      if (!Object.keys(mtls).every((key) => MTLS_FIELDS.includes(key)))
        throw new SamResourceError(
          apiId,
          "Available Domain.MutualTlsAuthentication fields are ['TruststoreUri', 'TruststoreVersion'].",
        );
      const settings: Record<string, unknown> = {};
      for (const key of MTLS_FIELDS) if (mtls[key]) settings[key] = mtls[key];
      properties['MutualTlsAuthentication'] = settings;
    }
  }
  for (const key of ['SecurityPolicy', 'EndpointAccessMode', 'Policy', 'OwnershipVerificationCertificateArn'])
    if (domain[key]) properties[key] = domain[key];

  const resources: Record<string, Resource> = {
    [domainId]: {
      Type: v2 ? 'AWS::ApiGateway::DomainNameV2' : 'AWS::ApiGateway::DomainName',
      ...attributes,
      Properties: properties,
    },
  };
  Object.assign(resources, basePathMappings(apiId, domain, domainId, v2, attributes));
  if (v2 && isSetValue(domain['AccessAssociation'])) {
    const association = domain['AccessAssociation'];
    if (!isPlainObject(association))
      throw new SamResourceError(apiId, "Property 'Domain.AccessAssociation' should be a map.");
    const vpce = association['VpcEndpointId'];
    resources[samLogicalId('DomainNameAccessAssociation', [vpce, domainId])] = {
      Type: 'AWS::ApiGateway::DomainNameAccessAssociation',
      ...attributes,
      Properties: {
        AccessAssociationSource: vpce,
        AccessAssociationSourceType: 'VPCE',
        DomainNameArn: { Ref: domainId },
      },
    };
  }
  Object.assign(resources, recordSetGroup(apiId, domain, v2 ? domainName : domainId, attributes, groupRecordSets));
  // The Domain is a Py27Dict in samtranslator: its keys, added ones last, in Python 2.7 order.
  return { resources, hashedDomain: fromTemplate(domain), domainId, v2 };
}

function endpointError(apiId: string): SamResourceError {
  return new SamResourceError(
    apiId,
    "EndpointConfiguration for Custom Domains must be one of ['EDGE', 'REGIONAL', 'PRIVATE'].",
  );
}

/** One mapping per BasePath (named by its alphanumeric characters), or one for the whole domain. */
function basePathMappings(
  apiId: string,
  domain: Record<string, unknown>,
  domainId: string,
  v2: boolean,
  attributes: Resource,
): Record<string, Resource> {
  const value = domain['BasePath'];
  const basePaths = value && typeof value === 'string' ? [value] : value && Array.isArray(value) ? value : undefined;
  const target = v2 ? { DomainNameArn: { Ref: domainId } } : { DomainName: { Ref: domainId } };
  const mapping = (basePath?: unknown): Resource => ({
    Type: v2 ? 'AWS::ApiGateway::BasePathMappingV2' : 'AWS::ApiGateway::BasePathMapping',
    ...attributes,
    Properties: definedProperties({
      ...target,
      RestApiId: { Ref: apiId },
      Stage: { Ref: `${apiId}.Stage` },
      BasePath: basePath,
    }),
  });
  if (basePaths === undefined) return { [`${apiId}BasePathMapping`]: mapping() };
  const normalize = domain['NormalizeBasePath'] ?? true;
  const mappings: Record<string, Resource> = {};
  basePaths.forEach((basePath, index) => {
    if (typeof basePath !== 'string')
      throw new SamResourceError(apiId, `Property 'Domain.BasePath[${index}]' should be a string.`);
    const path = [...basePath].filter((c) => /[\p{L}\p{N}]/u.test(c)).join('');
    mappings[`${apiId}${path}BasePathMapping`] = mapping(normalize ? path : basePath);
  });
  return mappings;
}

/** The Route53 record sets for the domain: in a shared group per hosted zone, or a group of its own. */
function recordSetGroup(
  apiId: string,
  domain: Record<string, unknown>,
  aliasDomain: unknown,
  attributes: Resource,
  groups: Map<string, Resource>,
): Record<string, Resource> {
  const route53 = domain['Route53'];
  if (route53 === undefined || route53 === null) return {};
  if (!isPlainObject(route53)) throw new SamResourceError(apiId, "Property 'Domain.Route53' should be a map.");
  const zone = route53['HostedZoneId'] ?? route53['HostedZoneName'];
  if (!isSetValue(route53['HostedZoneId']) && !isSetValue(route53['HostedZoneName']))
    throw new SamResourceError(
      apiId,
      'HostedZoneId or HostedZoneName is required to enable Route53 support on Custom Domains.',
    );
  const zoneProperties = (withKey: (key: string) => boolean) =>
    definedProperties({
      HostedZoneId: withKey('HostedZoneId') ? route53['HostedZoneId'] : undefined,
      HostedZoneName: withKey('HostedZoneName') ? route53['HostedZoneName'] : undefined,
    });
  const recordSets = recordSetsFor(domain, aliasDomain, route53);
  if (route53['SeparateRecordSetGroup']) {
    if (typeof route53['SeparateRecordSetGroup'] !== 'boolean')
      throw new SamResourceError(apiId, "Property 'Domain.Route53.SeparateRecordSetGroup' should be a boolean.");
    const id = samLogicalId('RecordSetGroup', [
      route53['HostedZoneId'] || route53['HostedZoneName'],
      domain['DomainName'],
    ]);
    return {
      [id]: {
        Type: 'AWS::Route53::RecordSetGroup',
        ...attributes,
        Properties: { ...zoneProperties((key) => Boolean(route53[key])), RecordSets: recordSets },
      },
    };
  }
  const id = `RecordSetGroup${samLogicalId('', route53['HostedZoneId'] || route53['HostedZoneName'] || zone)}`;
  // The first API in the zone (REST or HTTP) makes the group; the others add their record sets to it.
  let group = groups.get(id);
  if (group === undefined) {
    group = {
      Type: 'AWS::Route53::RecordSetGroup',
      ...attributes,
      Properties: { ...zoneProperties((key) => key in route53), RecordSets: [] },
    };
    groups.set(id, group);
  }
  (group['Properties'] as { RecordSets: unknown[] }).RecordSets.push(...recordSets);
  return { [id]: group };
}

function recordSetsFor(
  domain: Record<string, unknown>,
  aliasDomain: unknown,
  route53: Record<string, unknown>,
): unknown[] {
  const aliasTarget: Record<string, unknown> = {};
  if (isSetValue(route53['EvaluateTargetHealth']))
    aliasTarget['EvaluateTargetHealth'] = route53['EvaluateTargetHealth'];
  const endpoint = domain['EndpointConfiguration'];
  const id = String(aliasDomain);
  if (endpoint === 'REGIONAL') {
    aliasTarget['HostedZoneId'] = getAtt(id, 'RegionalHostedZoneId');
    aliasTarget['DNSName'] = getAtt(id, 'RegionalDomainName');
  } else if (endpoint === 'EDGE') {
    // samtranslator writes the default into the Domain, which the Deployment then hashes.
    if (!isSetValue(route53['DistributionDomainName']))
      route53['DistributionDomainName'] = getAtt(id, 'DistributionDomainName');
    aliasTarget['HostedZoneId'] = 'Z2FDTNDATAQYW2';
    aliasTarget['DNSName'] = route53['DistributionDomainName'];
  } else {
    aliasTarget['HostedZoneId'] = route53['VpcEndpointHostedZoneId'];
    aliasTarget['DNSName'] = route53['VpcEndpointDomainName'];
  }
  const recordSet = (type: string) =>
    definedProperties({
      Name: domain['DomainName'],
      Type: type,
      AliasTarget: aliasTarget,
      Region: route53['Region'],
      SetIdentifier: route53['SetIdentifier'],
    });
  return route53['IpV6'] === true ? [recordSet('A'), recordSet('AAAA')] : [recordSet('A')];
}
