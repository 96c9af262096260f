import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';
import { definedProperties, passthroughAttributes, type SamExpansion } from './sam-scope.ts';
import { samTagList } from './sam-tags.ts';

const APPLICATION_PROPERTIES = [
  'Location',
  'TemplateUrl',
  'Parameters',
  'NotificationARNs',
  'Tags',
  'TimeoutInMinutes',
];

/**
 * `AWS::Serverless::Application` with a `Location` URL → `AWS::CloudFormation::Stack`. A Serverless
 * Application Repository location (`{ApplicationId, SemanticVersion}`) needs the SAR service and is an error.
 */
export function transformApplication(logicalId: string, resource: Record<string, unknown>): SamExpansion {
  const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
  for (const name of Object.keys(p)) {
    if (!APPLICATION_PROPERTIES.includes(name)) {
      throw new SamResourceError(
        logicalId,
        `property ${name} not defined for resource of type AWS::Serverless::Application`,
      );
    }
  }
  if (!('Location' in p))
    throw new SamResourceError(logicalId, 'Resource is missing the required [Location] property.');
  const location = p['Location'];
  if (isPlainObject(location)) {
    for (const key of ['ApplicationId', 'SemanticVersion']) {
      if (!(key in location))
        throw new SamResourceError(logicalId, `Resource is missing the required [${key}] property.`);
    }
    for (const key of ['ApplicationId', 'SemanticVersion'])
      if (typeof location[key] !== 'string')
        throw new SamResourceError(logicalId, `Property 'Location.${key}' should be a string.`);
    throw new SamResourceError(
      logicalId,
      `Cannot resolve application ${String(location['ApplicationId'])} version ${String(location['SemanticVersion'])}: ` +
        'the Serverless Application Repository is not reachable from the local transform; give Location a template URL instead.',
    );
  }
  const stack: Record<string, unknown> = {
    Parameters: p['Parameters'],
    NotificationARNs: p['NotificationARNs'],
    Tags: samTagList(logicalId, p['Tags']),
    TimeoutInMinutes: p['TimeoutInMinutes'],
    // samtranslator copies Location into TemplateUrl before the transform, so Location always wins.
    TemplateURL: location || '',
  };
  const output: Record<string, unknown> = {
    Type: 'AWS::CloudFormation::Stack',
    ...passthroughAttributes(resource),
    Properties: definedProperties(stack),
  };
  if (resource['DependsOn']) output['DependsOn'] = resource['DependsOn'];
  return { resources: { [logicalId]: output } };
}
