import { openApiPostprocess, type OpenApiTarget } from './api-openapi.ts';
import { isPyDict, isPyIntrinsic, Py27Dict, py27Dict, pyString } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { invalidTemplate, isValidSwagger, pythonStr, SwaggerEditor, truthy } from './swagger-editor.ts';

const RESPONSE_PROPERTIES = ['ResponseParameters', 'ResponseTemplates', 'StatusCode'];
const PARAMETER_PROPERTIES = ['Headers', 'Paths', 'QueryStrings'];
const str = (text: string) => new PyStr(text);

/** Python's `type(value).__name__` for the values a template can hold. */
function pythonTypeName(value: unknown): string {
  if (typeof value === 'string' || value instanceof PyStr) return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return value === null || value === undefined ? 'NoneType' : 'dict';
}

/** `ApiGenerator._add_gateway_responses`: `x-amazon-apigateway-gateway-responses`. */
export function addGatewayResponses(apiId: string, responses: unknown, body: unknown): unknown {
  if (!truthy(responses)) return body;
  if (!truthy(body))
    throw new SamResourceError(
      apiId,
      "GatewayResponses works only with inline Swagger specified in 'DefinitionBody' property.",
    );
  if (!isPyDict(responses)) throw new SamResourceError(apiId, "Property 'GatewayResponses' should be a map.");
  for (const [key, value] of responses.items()) {
    if (isPyIntrinsic(value))
      throw new SamResourceError(
        apiId,
        'Unable to set GatewayResponses attribute because intrinsic functions are not supported for this field.',
      );
    if (!isPyDict(value))
      throw new SamResourceError(
        apiId,
        `Invalid property type '${pythonTypeName(value)}' for GatewayResponses. Expected an object of type 'GatewayResponse'.`,
      );
    for (const property of value.keys())
      if (!RESPONSE_PROPERTIES.includes(property))
        throw new SamResourceError(
          apiId,
          `Invalid property '${property}' in 'GatewayResponses' property '${pythonStr(key)}'.`,
        );
  }
  if (!isValidSwagger(body))
    throw new SamResourceError(
      apiId,
      "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
    );
  const editor = new SwaggerEditor(body);
  const generated = py27Dict();
  for (const [type, response] of responses.items()) {
    const r = response as Py27Dict;
    const parameters = r.has('ResponseParameters') ? r.get('ResponseParameters') : new Py27Dict();
    if (truthy(parameters) && !isPyDict(parameters))
      throw new SamResourceError(
        apiId,
        `Property 'GatewayResponses.${pythonStr(type)}.ResponseParameters' should be a map.`,
      );
    generated.set(
      type,
      gatewayResponse(
        apiId,
        parameters,
        r.has('ResponseTemplates') ? r.get('ResponseTemplates') : new Py27Dict(),
        r.get('StatusCode'),
      ),
    );
  }
  if (generated.length > 0) {
    if (!truthy(editor.gatewayResponses)) editor.gatewayResponses = py27Dict();
    for (const [type, swagger] of generated.items()) editor.gatewayResponses.set(type, swagger);
  }
  return editor.swagger;
}

/** `ApiGatewayResponse(...).generate_swagger()`. */
function gatewayResponse(apiId: string, parameters: unknown, templates: unknown, statusCode: unknown): Py27Dict {
  if (truthy(parameters))
    for (const key of (parameters as Py27Dict).keys())
      if (!PARAMETER_PROPERTIES.includes(key))
        throw new SamResourceError(apiId, `Invalid gateway response parameter '${key}'`);
  const status = statusCode === undefined || statusCode === null ? undefined : pythonStr(statusCode);
  if (truthy(statusCode) && !/^[0-9]{1,3}$/.test(status!))
    throw new SamResourceError(apiId, "Property 'StatusCode' must be numeric");
  const prefixed = py27Dict();
  const source = truthy(parameters) ? (parameters as Py27Dict) : py27Dict();
  for (const [name, prefix] of [
    ['Headers', 'header.'],
    ['Paths', 'path.'],
    ['QueryStrings', 'querystring.'],
  ] as const) {
    const values = source.has(name) ? source.get(name) : new Py27Dict();
    if (!isPyDict(values)) throw new SamResourceError(apiId, `Property 'ResponseParameters.${name}' should be a map.`);
    for (const [key, value] of values.items()) {
      const text = `gatewayresponse.${prefix}${pythonStr(key)}`;
      prefixed.set(typeof key === 'string' ? text : str(text), value);
    }
  }
  const swagger = py27Dict([
    ['responseParameters', prefixed],
    ['responseTemplates', truthy(templates) ? templates : py27Dict()],
  ]);
  // `str(status_code)` makes even a template string samtranslator's own.
  if (status !== undefined && status !== '') swagger.set(str('statusCode'), str(status));
  return swagger;
}

/** `ApiGenerator._add_models`: the Api's Models as swagger definitions (lower-cased names). */
export function addModels(apiId: string, models: unknown, body: unknown, openApi: OpenApiTarget): unknown {
  if (!truthy(models)) return body;
  if (!truthy(body))
    throw new SamResourceError(apiId, "Models works only with inline Swagger specified in 'DefinitionBody' property.");
  if (!isValidSwagger(body))
    throw new SamResourceError(
      apiId,
      "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition.",
    );
  if (!isPyDict(models) || !models.items().every(([, model]) => isPyDict(model)))
    throw new SamResourceError(apiId, "Invalid value for 'Models' property");
  const editor = new SwaggerEditor(body);
  if (!truthy(editor.definitions)) editor.definitions = py27Dict();
  for (const [name, schema] of models.items()) {
    if (!truthy((schema as Py27Dict).get('type'))) throw invalidTemplate("'Models' schema is missing 'type'.");
    const text = pyString(name) ?? '';
    editor.definitions.set(typeof name === 'string' ? text.toLowerCase() : str(text.toLowerCase()), schema);
  }
  return openApiPostprocess(editor.swagger, openApi);
}
