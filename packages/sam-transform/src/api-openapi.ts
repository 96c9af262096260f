import { isPyDict, Py27Dict, py27Dict } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { invalidTemplate, isOpenApi3, pythonStr, truthy, validatePathItem } from './swagger-editor.ts';

/**
 * samtranslator's Globals plugin fixing a managed swagger to the Api's OpenApiVersion (3.x): `openapi` set,
 * `swagger` removed, on the definition in place.
 */
export function fixOpenApiVersion(body: unknown, openApiVersion: unknown): void {
  if (openApiVersion === undefined || !isOpenApi3(openApiVersion) || !isPyDict(body)) return;
  const version = typeof openApiVersion === 'string' ? openApiVersion : new PyStr(pythonStr(openApiVersion));
  body.set(new PyStr('openapi'), version);
  if (truthy(body.get('swagger'))) body.delete('swagger');
}

/**
 * The OpenAPI version an Api's definition is post-processed for: its `OpenApiVersion`, and whether
 * samtranslator's `normalized_open_api_version` toggle lets the definition's own `openapi` win.
 */
export interface OpenApiTarget {
  version: unknown;
  normalized: boolean;
}

/** `ApiGenerator._openapi_postprocess`: an OpenAPI 3 definition gets `components` and CORS header schemas. */
export function openApiPostprocess(body: unknown, target: OpenApiTarget): unknown {
  if (!isPyDict(body) || (body.get('swagger') !== undefined && body.get('swagger') !== null)) return body;
  const own = body.get('openapi');
  const version = target.normalized
    ? body.has('openapi')
      ? own
      : target.version
    : own !== undefined && own !== null && target.version === undefined
      ? own
      : target.version;
  if (!truthy(version) || !isOpenApi3(version)) return body;
  for (const [from, to] of [
    ['securityDefinitions', 'securitySchemes'],
    ['definitions', 'schemas'],
  ] as const) {
    if (!truthy(body.get(from))) continue;
    const existing = body.has('components') ? body.get('components') : new Py27Dict();
    const components = truthy(existing) ? (existing as Py27Dict) : py27Dict();
    components.set(new PyStr(to), body.get(from));
    body.set(new PyStr('components'), components);
    body.delete(from);
  }
  const paths = body.get('paths');
  if (!truthy(paths)) return body;
  if (!isPyDict(paths)) throw invalidTemplate('Value of paths must be a dictionary according to Swagger spec.');
  for (const [key, item] of paths.items()) {
    const path = pythonStr(key);
    validatePathItem(item, path);
    const options = item.get('options');
    if (!truthy(options)) continue;
    if (!isPyDict(options))
      throw invalidTemplate(`Value of options method for path ${path} must be a dictionary according to Swagger spec.`);
    for (const [fieldKey, value] of options.items()) {
      const field = pythonStr(fieldKey);
      if (field === 'produces' || field === 'consumes') options.delete(field);
      if (field !== 'responses') continue;
      const ok = isPyDict(value) ? value.get('200') : undefined;
      if (truthy(value) && !isPyDict(value))
        throw invalidTemplate(`Invalid responses in options method for path ${path}: It should be a map.`);
      const headers = isPyDict(ok) ? ok.get('headers') : undefined;
      if (!truthy(headers)) continue;
      if (!isPyDict(headers))
        throw invalidTemplate(
          `Value of response's headers in options method for path ${path} must be a dictionary according to Swagger spec.`,
        );
      for (const [header, headerValue] of headers.items()) headers.set(header, py27Dict([['schema', headerValue]]));
    }
  }
  return body;
}
