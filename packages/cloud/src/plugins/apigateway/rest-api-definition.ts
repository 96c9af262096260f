import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import type { ApiRoute, ApiStage, DeployedApi } from './api-model.ts';
import { authorizerResources } from './authorizer-definitions.ts';
import { gatewayResponseResources, openApiGatewayResponses } from './gateway-responses.ts';
import { integrationOf, methodIntegrationResponses, routeAuthOf } from './integrations.ts';
import { binaryMediaTypesOf, objectOr, routesOfDefinition } from './openapi-routes.ts';
import { definitionBody, stageOf, textOf, type S3Bodies } from './definition-parts.ts';

/** The resource types a REST API is made of. */
export const REST_API_TYPES = [
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Deployment',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
] as const;

/**
 * A REST API as API Gateway would serve it: the routes of its `Body` (SAM's `Api` events and
 * `AWS::Serverless::Api`) and of its `Method` resources, and its stages (`Stage` resources and a
 * `Deployment`'s `StageName`), from the live resources of every stack that name it.
 */
export function restApiOf(
  api: DeployedStackResource,
  parts: readonly DeployedStackResource[],
  s3Bodies?: S3Bodies,
): DeployedApi {
  const id = api.physicalId ?? '';
  const mine = parts.filter((part) => textOf(part.properties.RestApiId) === id);
  const body = definitionBody(api.properties, s3Bodies);
  const routes: ApiRoute[] = body.definition ? routesOfDefinition(body.definition, 'rest', id) : [];
  if (body.unsupported) routes.push({ method: 'ANY', path: '$default', integration: body.unsupported });
  routes.push(...methodRoutes(api, mine));
  const stages = new Map<string, ApiStage>();
  for (const part of mine) {
    if (part.type === 'AWS::ApiGateway::Deployment' && textOf(part.properties.StageName)) {
      const description = objectOr(part.properties.StageDescription);
      const stage = stageOf(textOf(part.properties.StageName) ?? '', description.Variables);
      stages.set(stage.name, stage);
    }
    if (part.type === 'AWS::ApiGateway::Stage') {
      const stage = stageOf(textOf(part.properties.StageName) ?? '', part.properties.Variables);
      stages.set(stage.name, stage);
    }
  }
  const declared = api.properties.BinaryMediaTypes;
  // Resources win over the body's extension, as a later PutGatewayResponse would.
  const gatewayResponses = new Map([
    ...openApiGatewayResponses(body.definition?.['x-amazon-apigateway-gateway-responses']),
    ...gatewayResponseResources(mine),
  ]);
  return {
    kind: 'rest',
    id,
    stackName: api.stackName,
    stages,
    routes,
    binaryMediaTypes: [
      ...(Array.isArray(declared) ? declared.filter((t): t is string => typeof t === 'string') : []),
      ...(body.definition ? binaryMediaTypesOf(body.definition) : []),
    ],
    ...(gatewayResponses.size > 0 ? { gatewayResponses } : {}),
  };
}

/** Routes of `AWS::ApiGateway::Method` resources, their paths walked up the `Resource` tree to the root. */
function methodRoutes(api: DeployedStackResource, parts: readonly DeployedStackResource[]): ApiRoute[] {
  const rootId = textOf(api.attributes.RootResourceId);
  const tree = new Map<string, { parentId: string | undefined; pathPart: string }>();
  for (const part of parts) {
    if (part.type !== 'AWS::ApiGateway::Resource') continue;
    const resourceId = textOf(part.attributes.ResourceId) ?? part.physicalId?.split('|')[1];
    if (resourceId)
      tree.set(resourceId, {
        parentId: textOf(part.properties.ParentId),
        pathPart: textOf(part.properties.PathPart) ?? '',
      });
  }
  const pathOf = (resourceId: string | undefined): string | undefined => {
    const segments: string[] = [];
    for (let at = resourceId, depth = 0; depth <= tree.size; depth++) {
      if (at === undefined) return undefined;
      if (at === rootId) return `/${segments.reverse().join('/')}`;
      const node = tree.get(at);
      if (!node) return undefined;
      segments.push(node.pathPart);
      at = node.parentId;
    }
    return undefined;
  };
  const routes: ApiRoute[] = [];
  const authorizers = authorizerResources(parts, 'rest');
  for (const part of parts) {
    if (part.type !== 'AWS::ApiGateway::Method') continue;
    const resourceId = textOf(part.properties.ResourceId);
    const path = pathOf(resourceId);
    if (path === undefined) continue;
    const raw = objectOr(part.properties.Integration);
    const apiKey = part.properties.ApiKeyRequired === true || part.properties.ApiKeyRequired === 'true';
    const auth =
      routeAuthOf(part.properties.AuthorizationType, part.properties.AuthorizerId, authorizers) ??
      (apiKey ? { kind: 'unsupported', what: 'an API key' } : undefined);
    const integration = integrationOf(
      {
        type: raw.Type,
        uri: raw.Uri,
        credentials: raw.Credentials,
        requestTemplates: raw.RequestTemplates,
        responses: methodIntegrationResponses(raw.IntegrationResponses),
      },
      '1.0',
    );
    routes.push({
      method: (textOf(part.properties.HttpMethod) ?? 'ANY').toUpperCase(),
      path,
      integration,
      ...(auth ? { auth } : {}),
      ...(resourceId ? { resourceId } : {}),
    });
  }
  return routes;
}
