import { isPlainObject } from '@toolkit/intrinsics';
import { ANY_METHOD, DEFAULT_PATH, isValidOpenApi, OpenApiEditor, pythonTruthy } from './open-api-editor.ts';
import { combinedConditions } from './sam-conditions.ts';
import { SamResourceError } from './sam-resource-error.ts';

type Doc = Record<string, unknown>;
/** The implicit HTTP API samtranslator adds for HttpApi events that name no ApiId. */
export const IMPLICIT_HTTP_API = 'ServerlessHttpApi';
/** samtranslator's internal property: SAM writes this API's OpenAPI body from the HttpApi events. */
export const MANAGE_SWAGGER = '__MANAGE_SWAGGER';
const HTTP_API = 'AWS::Serverless::HttpApi';

class EventError extends Error {}

// The Properties of HttpApi events whose Path and Method samtranslator wrote (`$default`, ANY): its own `str`s.
const defaultedRoutes = new WeakSet<object>();

/** Whether samtranslator wrote this event's `$default` route itself (the template gave no Path and no Method). */
export function isDefaultedRoute(properties: object): boolean {
  return defaultedRoutes.has(properties);
}

/**
 * samtranslator's DefaultDefinitionBody and implicit HTTP API plugins, before Globals are merged: APIs
 * without a definition get SAM's skeleton, `ServerlessHttpApi` is added for events without ApiId, each
 * HttpApi event is checked (Path/Method defaulting to `$default`/ANY) and its route added to the managed
 * API with its RouteSettings, and path/API conditions follow the functions'. Returns the errors, which
 * end the transform.
 */
export function prepareHttpApis(template: Doc): string[] {
  const resources = isPlainObject(template['Resources']) ? template['Resources'] : undefined;
  if (resources === undefined) return [];
  for (const resource of Object.values(resources))
    if (isPlainObject(resource) && resource['Type'] === HTTP_API) {
      const p = (isPlainObject(resource['Properties']) ? resource['Properties'] : (resource['Properties'] = {})) as Doc;
      if (pythonTruthy(p['DefinitionBody']) || pythonTruthy(p['DefinitionUri'])) continue;
      p['DefinitionBody'] = OpenApiEditor.skeleton();
      p[MANAGE_SWAGGER] = true;
    }
  const existing = resources[IMPLICIT_HTTP_API];
  resources[IMPLICIT_HTTP_API] = {
    Type: HTTP_API,
    Properties: { DefinitionBody: OpenApiEditor.skeleton(), [MANAGE_SWAGGER]: true },
  };
  const conditions = new Map<string, Map<string, Map<string, string | undefined>>>();
  const policies = { DeletionPolicy: [] as unknown[], UpdateReplacePolicy: [] as unknown[] };
  const errors: string[] = [];
  for (const [functionId, fn] of Object.entries(resources)) {
    if (!isPlainObject(fn) || fn['Type'] !== 'AWS::Serverless::Function') continue;
    const p = isPlainObject(fn['Properties']) ? fn['Properties'] : {};
    if (!isPlainObject(p['Events'])) continue;
    try {
      for (const [eventId, event] of Object.entries(p['Events'])) {
        if (!isPlainObject(event) || event['Type'] !== 'HttpApi') continue;
        const route = prepareEvent(eventId, event, fn, template, resources);
        const condition = typeof fn['Condition'] === 'string' ? fn['Condition'] : undefined;
        const byPath = conditions.get(route.apiId) ?? new Map<string, Map<string, string | undefined>>();
        conditions.set(route.apiId, byPath);
        (byPath.get(route.path) ?? byPath.set(route.path, new Map()).get(route.path)!).set(route.method, condition);
        if (route.apiId === IMPLICIT_HTTP_API) {
          policies.DeletionPolicy.push(fn['DeletionPolicy']);
          policies.UpdateReplacePolicy.push(fn['UpdateReplacePolicy']);
        }
      }
    } catch (error) {
      if (error instanceof SamResourceError) errors.push(error.message);
      else if (error instanceof EventError)
        errors.push(`Resource with id [${functionId}] is invalid. ${error.message}`);
      else throw error;
    }
  }
  finishImplicitApi(template, resources, conditions.get(IMPLICIT_HTTP_API), policies);
  addPathConditions(template, resources, conditions);
  const implicit = resources[IMPLICIT_HTTP_API] as Doc;
  const body = (implicit['Properties'] as Doc)['DefinitionBody'] as Doc;
  if (Object.keys(body['paths'] as Doc).length === 0) {
    if (existing !== undefined) resources[IMPLICIT_HTTP_API] = existing;
    else delete resources[IMPLICIT_HTTP_API];
  }
  return errors;
}

function prepareEvent(eventId: string, event: Doc, fn: Doc, template: Doc, resources: Doc) {
  const fail = (reason: string): never => {
    throw new EventError(`Event with id [${eventId}] is invalid. ${reason}`);
  };
  const properties = event['Properties'] ?? {};
  if (!isPlainObject(properties)) return fail('Properties should be a map.');
  event['Properties'] = properties;
  if (!('ApiId' in properties)) propagateTagsToImplicitApi(fn, template, resources);
  properties['ApiId'] ??= { Ref: IMPLICIT_HTTP_API };
  if (!properties['Path'] && !properties['Method']) {
    properties['Path'] = DEFAULT_PATH;
    properties['Method'] = ANY_METHOD;
    defaultedRoutes.add(properties);
  }
  const { Path: path, Method: method } = properties;
  if (path === undefined || path === null) fail("Property 'Path' is required.");
  if (method === undefined || method === null) fail("Property 'Method' is required.");
  const apiId = isPlainObject(properties['ApiId']) && 'Ref' in properties['ApiId'] ? properties['ApiId']['Ref'] : properties['ApiId']; // prettier-ignore
  if (typeof apiId !== 'string') fail("Property 'ApiId' should be a string.");
  if (typeof path !== 'string') fail("Property 'Path' should be a string.");
  if (typeof method !== 'string') fail("Property 'Method' should be a string.");
  const route = { apiId: apiId as string, path: path as string, method: method as string };
  const api = resources[route.apiId];
  if (!isPlainObject(api))
    fail("ApiId must be a valid reference to an 'AWS::Serverless::HttpApi' resource in same template.");
  const apiProperties = isPlainObject((api as Doc)['Properties']) ? ((api as Doc)['Properties'] as Doc) : undefined;
  if (apiProperties?.[MANAGE_SWAGGER] === true && isValidOpenApi(apiProperties['DefinitionBody'])) {
    new OpenApiEditor(apiProperties['DefinitionBody'], false).addPath(route.path, route.method);
  }
  if ('RouteSettings' in properties) addRouteSettings(properties, route, apiProperties ?? {}, fn, fail);
  return route;
}

/** The event's RouteSettings merged into the API's under `METHOD /path` (or `/path` for ANY). */
function addRouteSettings(
  properties: Doc,
  route: { apiId: string; path: string; method: string },
  apiProperties: Doc,
  fn: Doc,
  fail: (reason: string) => never,
): void {
  const key = route.method === ANY_METHOD ? route.path : `${route.method.toUpperCase()} ${route.path}`;
  const apiSettings = 'RouteSettings' in apiProperties ? apiProperties['RouteSettings'] : {};
  if (!isPlainObject(apiSettings)) throw new SamResourceError(route.apiId, "Property 'RouteSettings' should be a map.");
  let eventSettings = properties['RouteSettings'];
  if (typeof fn['Condition'] === 'string')
    eventSettings = { 'Fn::If': [fn['Condition'], eventSettings, { Ref: 'AWS::NoValue' }] };
  if (!isPlainObject(eventSettings)) fail("Property 'RouteSettings' should be a map.");
  const merged = isPlainObject(apiSettings[key]) ? apiSettings[key] : (apiSettings[key] = {});
  Object.assign(merged, eventSettings);
  apiProperties['RouteSettings'] = apiSettings;
}

function propagateTagsToImplicitApi(fn: Doc, template: Doc, resources: Doc): void {
  const implicit = resources[IMPLICIT_HTTP_API];
  const globals = isPlainObject(template['Globals']) ? template['Globals']['Function'] : undefined;
  const global = isPlainObject(globals) ? globals : {};
  const p = isPlainObject(fn['Properties']) ? fn['Properties'] : {};
  const propagate = p['PropagateTags'] || global['PropagateTags'];
  const tags = p['Tags'] || global['Tags'];
  if (!isPlainObject(implicit) || !pythonTruthy(tags) || !propagate) return;
  const properties = implicit['Properties'] as Doc;
  properties['Tags'] = { ...(isPlainObject(properties['Tags']) ? properties['Tags'] : {}), ...(tags as Doc) };
  properties['PropagateTags'] = true;
}

/** The implicit API takes the functions' Condition (combined when several) and their strongest policies. */
function finishImplicitApi(
  template: Doc,
  resources: Doc,
  byPath: Map<string, Map<string, string | undefined>> | undefined,
  policies: { DeletionPolicy: unknown[]; UpdateReplacePolicy: unknown[] },
): void {
  if (byPath === undefined || byPath.size === 0) return;
  const implicit = resources[IMPLICIT_HTTP_API] as Doc;
  const all = new Set([...byPath.values()].flatMap((methods) => [...methods.values()]));
  if (all.size > 0 && !all.has(undefined)) {
    if (all.size === 1) implicit['Condition'] = [...all][0];
    else {
      implicit['Condition'] = `${IMPLICIT_HTTP_API}Condition`;
      addConditions(template, combinedConditions([...all].sort() as string[], `${IMPLICIT_HTTP_API}Condition`));
    }
  }
  const strongest = (values: unknown[], order: string[]) => order.find((policy) => values.includes(policy));
  const deletion = strongest(policies.DeletionPolicy, ['Retain', 'Delete']);
  if (deletion !== undefined) implicit['DeletionPolicy'] = deletion;
  const replace = strongest(policies.UpdateReplacePolicy, ['Retain', 'Snapshot', 'Delete']);
  if (replace !== undefined) implicit['UpdateReplacePolicy'] = replace;
}

/** A managed API's path whose methods all belong to conditional functions is itself conditional. */
function addPathConditions(
  template: Doc,
  resources: Doc,
  conditions: Map<string, Map<string, Map<string, string | undefined>>>,
): void {
  for (const [apiId, api] of Object.entries(resources)) {
    if (!isPlainObject(api) || api['Type'] !== HTTP_API || !isPlainObject(api['Properties'])) continue;
    const properties = api['Properties'];
    if (properties[MANAGE_SWAGGER] !== true) continue;
    const editor = new OpenApiEditor(properties['DefinitionBody'], false);
    for (const path of editor.pathNames()) {
      const methods = conditions.get(apiId)?.get(path);
      const all = new Set(methods?.values() ?? []);
      if (all.size === 0 || all.has(undefined)) continue;
      if (all.size === 1) editor.makePathConditional(path, [...all][0]!);
      else {
        const name = `${apiId}${path.replaceAll('/', 'SLASH').replaceAll('{', 'OB').replaceAll('}', 'CB')}PathCondition`;
        addConditions(template, combinedConditions([...all].sort() as string[], name));
        editor.makePathConditional(path, name);
      }
    }
  }
}

function addConditions(template: Doc, conditions: Record<string, unknown>): void {
  const existing = isPlainObject(template['Conditions']) ? template['Conditions'] : {};
  template['Conditions'] = { ...existing, ...conditions };
}
