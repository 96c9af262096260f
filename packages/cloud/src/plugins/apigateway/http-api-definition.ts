import type { DeployedStackResource } from '../cloudformation/deployed-resources.ts';
import type { ApiIntegration, ApiRoute, ApiStage, DeployedApi } from './api-model.ts';
import { authorizerResources } from './authorizer-definitions.ts';
import { corsConfigurationOf } from './cors.ts';
import { integrationOf, routeAuthOf } from './integrations.ts';
import { objectOr, routesOfDefinition } from './openapi-routes.ts';
import { definitionBody, stageOf, textOf, type S3Bodies } from './definition-parts.ts';

/** The resource types an HTTP API is made of. */
export const HTTP_API_TYPES = [
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Route',
  'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGatewayV2::Authorizer',
] as const;

/**
 * An HTTP API as API Gateway would serve it: the routes of its `Body` (SAM's `HttpApi` events),
 * of its quick-create `Target`, and of its `Route` resources with their `Integration`s; its stages.
 * WebSocket APIs (`ProtocolType: WEBSOCKET`) are left out: they are not HTTP routes.
 */
export function httpApiOf(
  api: DeployedStackResource,
  parts: readonly DeployedStackResource[],
  s3Bodies?: S3Bodies,
): DeployedApi {
  const id = api.physicalId ?? '';
  const mine = parts.filter((part) => textOf(part.properties.ApiId) === id);
  const body = definitionBody(api.properties, s3Bodies);
  const routes: ApiRoute[] = body.definition ? routesOfDefinition(body.definition, 'http', id) : [];
  if (body.unsupported) routes.push({ method: 'ANY', path: '$default', integration: body.unsupported });
  const stages = new Map<string, ApiStage>();
  const target = textOf(api.properties.Target);
  if (target !== undefined) {
    // Quick create: one route (`$default` unless RouteKey says otherwise) and an auto-deployed `$default` stage.
    routes.push(
      routeOfKey(
        textOf(api.properties.RouteKey) ?? '$default',
        integrationOf({ type: 'AWS_PROXY', uri: target, credentials: api.properties.CredentialsArn }, '2.0'),
      ),
    );
    stages.set('$default', stageOf('$default', {}));
  }
  const integrations = new Map<string, ApiIntegration>();
  for (const part of mine) {
    if (part.type !== 'AWS::ApiGatewayV2::Integration') continue;
    const integrationId = textOf(part.attributes.IntegrationId) ?? part.physicalId?.split('|')[1];
    const p = part.properties;
    if (integrationId)
      integrations.set(
        integrationId,
        integrationOf(
          {
            type: p.IntegrationType,
            uri: p.IntegrationUri,
            payloadFormat: p.PayloadFormatVersion,
            credentials: p.CredentialsArn,
          },
          '2.0',
        ),
      );
  }
  const authorizers = authorizerResources(mine, 'http');
  for (const part of mine) {
    if (part.type === 'AWS::ApiGatewayV2::Stage') {
      const stage = stageOf(textOf(part.properties.StageName) ?? '', part.properties.StageVariables);
      stages.set(stage.name, stage);
    }
    if (part.type !== 'AWS::ApiGatewayV2::Route') continue;
    const routeTarget = textOf(part.properties.Target) ?? '';
    const integrationId = /^integrations\/(.+)$/.exec(routeTarget)?.[1];
    const integration: ApiIntegration = (integrationId && integrations.get(integrationId)) || {
      kind: 'unsupported',
      what: routeTarget ? `the route target '${routeTarget}' (no such integration)` : 'a route without a target',
    };
    const auth = routeAuthOf(part.properties.AuthorizationType, part.properties.AuthorizerId, authorizers);
    routes.push({
      ...routeOfKey(textOf(part.properties.RouteKey) ?? '$default', integration),
      ...(auth ? { auth } : {}),
    });
  }
  // The resource's CorsConfiguration wins over the definition's `x-amazon-apigateway-cors`.
  const cors = corsConfigurationOf(
    api.properties.CorsConfiguration ?? objectOr(body.definition)['x-amazon-apigateway-cors'],
  );
  return {
    kind: 'http',
    id,
    stackName: api.stackName,
    stages,
    routes,
    binaryMediaTypes: [],
    ...(cors ? { cors } : {}),
  };
}

/** An HTTP API route from its route key: `$default`, or `METHOD /path` (`ANY /{proxy+}`). */
function routeOfKey(routeKey: string, integration: ApiIntegration): ApiRoute {
  if (routeKey === '$default') return { method: 'ANY', path: '$default', integration };
  const space = routeKey.indexOf(' ');
  return { method: routeKey.slice(0, space).toUpperCase(), path: routeKey.slice(space + 1), integration };
}

/** True for an HTTP API (WebSocket APIs share the resource type but not the routes). */
export function isHttpApi(api: DeployedStackResource): boolean {
  const protocol = textOf(api.properties.ProtocolType);
  return protocol === undefined || protocol.toUpperCase() === 'HTTP';
}
