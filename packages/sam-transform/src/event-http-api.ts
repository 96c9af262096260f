import { apiGatewayPermission, pathWithWildcards } from './api-gateway-permission.ts';
import type { FunctionEventSource } from './function-event-source.ts';
import { httpApiEvents, httpRoute, IMPLICIT_HTTP_API } from './http-api-events.ts';

/** `Type: HttpApi`: the Lambda permission that lets the HTTP API invoke the function on the event's route. */
export const httpApiEventSource: FunctionEventSource = ({
  functionId,
  eventId,
  properties,
  resource,
  aliasId,
  scope,
}) => {
  const apiRef = 'ApiId' in properties ? properties['ApiId'] : { Ref: IMPLICIT_HTTP_API };
  const { path, method } = httpRoute(properties);
  // The function's own $default route already lets the API invoke it on every route.
  if (path !== '$default' && hasDefaultRoute(functionId, eventId, scope.resources)) return {};
  const route =
    path === '$default' ? '*' : `${method === 'any' ? '*' : method.toUpperCase()}${pathWithWildcards(path)}`;
  const arn = `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${route}`;
  return {
    [`${functionId}${eventId}Permission`]: apiGatewayPermission({ functionId, resource, aliasId }, arn, apiRef),
  };
};

function hasDefaultRoute(functionId: string, eventId: string, resources: Readonly<Record<string, unknown>>): boolean {
  const events = httpApiEvents(resources);
  const own = events.find((e) => e.functionId === functionId && e.eventId === eventId);
  return events.some((e) => {
    if (e.functionId !== functionId || e.apiId !== own?.apiId) return false;
    const route = httpRoute(e.properties);
    return route.path === '$default' && route.method === 'any';
  });
}
