import { eventError, type ApiEventInput } from './api-definition.ts';
import { isPyDict, isPyIntrinsic, plainDict, Py27Dict, py27Dict, pyString } from './py27-dict.ts';
import { PyStr } from './py27-repr.ts';
import { isOpenApi3, pythonStr, truthy, X_INTEGRATION, type SwaggerEditor } from './swagger-editor.ts';

const REQUEST_PARAMETER_KEY = /^method\.request\.(querystring|path|header)\./;
const REQUEST_PARAMETER_PROPERTIES = ['Required', 'Caching'];

/** An event's `RequestModel`: the body parameter (or OpenAPI 3 requestBody) and its request validator. */
export function addRequestModel(editor: SwaggerEditor, api: Py27Dict, event: ApiEventInput): void {
  const requestModel = event.properties.get('RequestModel');
  if (!truthy(requestModel)) return;
  if (!isPyDict(requestModel)) throw eventError(event, "Property 'RequestModel' should be a map.");
  const model = requestModel.get('Model');
  if (!truthy(model)) return;
  const path = event.properties.get('Path') as string;
  const method = pythonStr(event.properties.get('Method')).toLowerCase();
  const where = `Unable to set RequestModel [${pythonStr(model)}] on API method [${method}] for path [${path}]`;
  const models = api.get('Models');
  if (!truthy(models)) throw eventError(event, `${where} because the related API does not define any Models.`);
  if (!isPyIntrinsic(models) && !isPyDict(models))
    throw eventError(event, `${where} because the related API Models defined is of invalid type.`);
  if (typeof model !== 'string')
    throw eventError(event, `${where} because the related API does not contain valid Models.`);
  if (!truthy((models as Py27Dict).get(model)))
    throw eventError(event, `${where} because it wasn't defined in the API's Models.`);
  addModelParameter(editor, path, method, model.toLowerCase(), requestModel.get('Required'));

  let validateBody = requestModel.get('ValidateBody');
  let validateParameters = requestModel.get('ValidateParameters');
  if (validateBody === undefined && validateParameters === undefined) return;
  validateBody ??= false;
  validateParameters ??= false;
  if (typeof validateBody !== 'boolean' || typeof validateParameters !== 'boolean')
    throw eventError(
      event,
      `Unable to set Validator to RequestModel [${model}] on API method [${method}] for path [${path}] ValidateBody and ValidateParameters must be a boolean type, strings or intrinsics are not supported.`,
    );
  addRequestValidator(editor, path, method, validateBody, validateParameters);
}

function addModelParameter(editor: SwaggerEditor, path: string, method: string, name: string, required: unknown): void {
  for (const definition of editor.methodDefinitions(path, method)) {
    if (editor.doc.get('swagger') !== undefined && editor.doc.get('swagger') !== null) {
      const parameters = (definition.get('parameters') as unknown[] | undefined) ?? [];
      const parameter = py27Dict([
        ['in', new PyStr('body')],
        ['name', name],
        ['schema', plainDict([[new PyStr('$ref'), new PyStr(`#/definitions/${name}`)]])],
      ]);
      if (required !== undefined && required !== null) parameter.set(new PyStr('required'), required);
      parameters.push(parameter);
      definition.set(new PyStr('parameters'), parameters);
    } else if (truthy(editor.doc.get('openapi')) && isOpenApi3(editor.doc.get('openapi'))) {
      const schema = plainDict([[new PyStr('$ref'), new PyStr(`#/components/schemas/${name}`)]]);
      const json = plainDict([[new PyStr('schema'), schema]]);
      const body = plainDict([[new PyStr('content'), plainDict([[new PyStr('application/json'), json]])]]);
      definition.set(new PyStr('requestBody'), body);
      if (required !== undefined && required !== null) body.set(new PyStr('required'), required);
    }
  }
}

function addRequestValidator(
  editor: SwaggerEditor,
  path: string,
  method: string,
  body: boolean,
  params: boolean,
): void {
  const name = body && params ? 'body-and-params' : body ? 'body-only' : params ? 'params-only' : 'no-validation';
  const validators = 'x-amazon-apigateway-request-validators';
  if (!truthy(editor.doc.get(validators))) editor.doc.set(new PyStr(validators), py27Dict());
  const all = editor.doc.get(validators) as Py27Dict;
  if (!truthy(all.get(name)))
    all.set(
      new PyStr(name),
      py27Dict([
        ['validateRequestBody', body],
        ['validateRequestParameters', params],
      ]),
    );
  for (const definition of editor.methodDefinitions(path, method))
    definition.set(new PyStr('x-amazon-apigateway-request-validator'), new PyStr(name));
}

/** An event's `RequestParameters`: swagger parameters, and cache key parameters for those with `Caching`. */
export function addRequestParameters(editor: SwaggerEditor, event: ApiEventInput): void {
  const requested = event.properties.get('RequestParameters');
  if (!truthy(requested)) return;
  if (!Array.isArray(requested)) throw eventError(event, "Property 'RequestParameters' should be a list.");
  const keyError = () =>
    eventError(
      event,
      "Invalid value for 'RequestParameters' property. Keys must be in the format 'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.",
    );
  const settings: Array<{ name: string; required: unknown; caching: unknown }> = [];
  for (const parameter of requested) {
    if (isPyDict(parameter)) {
      const [name, value] = parameter.items()[0] ?? ['', undefined];
      const text = pyString(name) ?? '';
      if (!REQUEST_PARAMETER_KEY.test(text)) throw keyError();
      if (!isPyDict(value) || !value.keys().every((key) => REQUEST_PARAMETER_PROPERTIES.includes(key)))
        throw eventError(
          event,
          "Invalid value for 'RequestParameters' property. Values must be an object, e.g { Required: true, Caching: false }",
        );
      settings.push({ name: text, required: value.get('Required') ?? false, caching: value.get('Caching') ?? false });
    } else if (typeof parameter === 'string') {
      if (!REQUEST_PARAMETER_KEY.test(parameter)) throw keyError();
      settings.push({ name: parameter, required: false, caching: false });
    } else
      throw eventError(
        event,
        "Invalid value for 'RequestParameters' property. Property must be either a string or an object",
      );
  }
  const path = event.properties.get('Path') as string;
  for (const definition of editor.methodDefinitions(path, event.properties.get('Method'))) {
    const parameters = (definition.get('parameters') as unknown[] | undefined) ?? [];
    for (const setting of settings) {
      const [location, name] = splitOnce(setting.name.replace('method.request.', ''));
      parameters.push(
        py27Dict([
          ['in', location === 'querystring' ? new PyStr('query') : location],
          ['name', name],
          ['required', setting.required],
          ['type', new PyStr('string')],
        ]),
      );
      if (truthy(setting.caching)) {
        const integration = definition.get(X_INTEGRATION) as Py27Dict;
        const cache = (integration.get('cacheKeyParameters') as unknown[] | undefined) ?? [];
        cache.push(setting.name);
        integration.set(new PyStr('cacheKeyParameters'), cache);
      }
    }
    definition.set(new PyStr('parameters'), parameters);
  }
}

function splitOnce(text: string): [string, string] {
  const dot = text.indexOf('.');
  return [text.slice(0, dot), text.slice(dot + 1)];
}
