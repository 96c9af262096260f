import { isPlainObject } from '@toolkit/intrinsics';
import { restApiIdString } from './api-events.ts';

/** The implicit HTTP API samtranslator adds for HttpApi events that name no ApiId. */
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';

/** One `Type: HttpApi` event of a function, with the HTTP API it belongs to. */
export interface HttpApiEvent {
  functionId: string;
  eventId: string;
  properties: Record<string, unknown>;
  apiId: string | undefined;
}

/** Every HttpApi event of every function, in document order. */
export function httpApiEvents(resources: Readonly<Record<string, unknown>>): HttpApiEvent[] {
  const found: HttpApiEvent[] = [];
  for (const [functionId, resource] of Object.entries(resources)) {
    if (!isPlainObject(resource) || resource['Type'] !== 'AWS::Serverless::Function') continue;
    const p = isPlainObject(resource['Properties']) ? resource['Properties'] : {};
    for (const [eventId, event] of Object.entries(isPlainObject(p['Events']) ? p['Events'] : {})) {
      if (!isPlainObject(event) || event['Type'] !== 'HttpApi') continue;
      const properties = isPlainObject(event['Properties']) ? event['Properties'] : {};
      const apiId = 'ApiId' in properties ? restApiIdString(properties['ApiId']) : IMPLICIT_HTTP_API;
      found.push({ functionId, eventId, properties, apiId });
    }
  }
  return found;
}

/** Adds `ServerlessHttpApi` when a function has an HttpApi event without ApiId (before Globals are merged). */
export function addImplicitHttpApi(template: Record<string, unknown>): void {
  const resources = isPlainObject(template['Resources']) ? template['Resources'] : undefined;
  if (resources === undefined || IMPLICIT_HTTP_API in resources) return;
  if (!httpApiEvents(resources).some((event) => event.apiId === IMPLICIT_HTTP_API)) return;
  resources[IMPLICIT_HTTP_API] = { Type: 'AWS::Serverless::HttpApi', Properties: {} };
}

/** The route an HttpApi event adds: `$default` (any method) when it names neither Path nor Method. */
export function httpRoute(properties: Record<string, unknown>): { path: string; method: string } {
  const path = typeof properties['Path'] === 'string' ? properties['Path'] : '$default';
  const method = typeof properties['Method'] === 'string' ? properties['Method'].toLowerCase() : 'any';
  return { path, method };
}
