import { isPlainObject } from '@toolkit/intrinsics';
import { checkPropertyTypes, type SamPropertyType } from './sam-property-types.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, isSet, passthroughAttributes, type SamExpansion, type SamScope } from './sam-scope.ts';
import { samTagList } from './sam-tags.ts';
import { applicationTemplateUrl } from './serverless-app-repository.ts';

const APPLICATION_PROPERTIES: ReadonlyMap<string, SamPropertyType> = new Map<string, SamPropertyType>([
  ['Location', ['string', 'map']],
  ['TemplateUrl', 'string'],
  ['Parameters', 'map'],
  ['NotificationARNs', { listOf: ['string', 'map'] }],
  ['Tags', 'map'],
  ['TimeoutInMinutes', 'int'],
]);

const UNRESOLVED = 'cannot be resolved. Only FindInMap and Ref intrinsic functions are supported.';

/**
 * `AWS::Serverless::Application` → `AWS::CloudFormation::Stack`. A `Location` URL is the template
 * URL; a Serverless Application Repository location (`{ApplicationId, SemanticVersion}`) takes the
 * URL the `serverlessApplicationRepository` option gave, and without that option is an error.
 */
export function transformApplication(
  logicalId: string,
  resource: Record<string, unknown>,
  scope: SamScope,
): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? { ...resource['Properties'] } : {};
  const fail = (reason: string) => new SamResourceError(logicalId, reason);
  // samtranslator's application plugin checks Location before the properties are.
  if (!('Location' in p)) throw fail('Resource is missing the required [Location] property.');
  const location = p['Location'];
  const tags: Record<string, unknown> = {};
  if (!isPlainObject(location)) p['TemplateUrl'] = location;
  else {
    for (const key of ['ApplicationId', 'SemanticVersion'])
      if (!(key in location)) throw fail(`Resource is missing the required [${key}] property.`);
    const [id, version] = [location['ApplicationId'], location['SemanticVersion']];
    if (!isSet(id)) throw fail("Property 'ApplicationId' is required.");
    if (isPlainObject(id)) throw fail(`Property 'ApplicationId' ${UNRESOLVED}`);
    if (!version) throw fail("Property 'SemanticVersion' cannot be blank.");
    if (isPlainObject(version)) throw fail(`Property 'SemanticVersion' ${UNRESOLVED}`);
    const url = applicationTemplateUrl(scope.applications, id, version);
    if (url === undefined)
      throw fail(
        `Cannot resolve application ${String(id)} version ${String(version)}: the Serverless Application Repository is not reachable from the local transform; give Location a template URL instead.`,
      );
    p['TemplateUrl'] = url;
    tags['serverlessrepo:applicationId'] = id;
    tags['serverlessrepo:semanticVersion'] = version;
  }
  checkPropertyTypes(logicalId, 'AWS::Serverless::Application', p, APPLICATION_PROPERTIES, ['Location']);
  const stack: Record<string, unknown> = {
    Parameters: p['Parameters'],
    NotificationARNs: p['NotificationARNs'],
    Tags: samTagList(logicalId, p['Tags'], tags),
    TimeoutInMinutes: p['TimeoutInMinutes'],
    TemplateURL: p['TemplateUrl'] || '',
  };
  const output: Record<string, unknown> = {
    Type: 'AWS::CloudFormation::Stack',
    ...passthroughAttributes(resource),
    Properties: definedProperties(stack),
  };
  if (resource['DependsOn']) output['DependsOn'] = resource['DependsOn'];
  return { resources: { [logicalId]: output } };
}
