import { isPyDict, plainDict, Py27Dict, py27Dict, pyDeepCopy, pyString, type PyKey } from './py27-dict.ts';
import { py27Str, PyStr } from './py27-repr.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { SamTemplateError } from './sam-template-error.ts';

export const X_INTEGRATION = 'x-amazon-apigateway-integration';
export const X_ANY_METHOD = 'x-amazon-apigateway-any-method';
const EXCLUDED_PATH_FIELDS = ['summary', 'description', 'parameters'];
const OPENAPI_3 = /^3(\.\d)(\.\d)?$/;

/** samtranslator's InvalidTemplateException inside an InvalidDocumentException: it ends the transform. */
export function invalidTemplate(message: string): SamTemplateError {
  return new SamTemplateError(message);
}

/** samtranslator's InvalidTemplateException raised alone: reported with the other resources' errors. */
export function templateProblem(message: string): SamResourceError {
  return new SamResourceError(undefined, `Structure of the SAM template is invalid. ${message}`);
}

/** `ref(name)`: the plain dict samtranslator writes. */
export const pyRef = (name: string): Py27Dict => plainDict([[new PyStr('Ref'), new PyStr(name)]]);

/** `make_conditional(condition, then)`: `{"Fn::If": [condition, then, {"Ref": "AWS::NoValue"}]}`. */
export function makeConditional(condition: unknown, then: unknown): Py27Dict {
  return plainDict([[new PyStr('Fn::If'), [condition, then, pyRef('AWS::NoValue')]]]);
}

/** Python's truthiness of a value in the swagger model. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (value instanceof PyStr) return value.value !== '';
  if (value instanceof Py27Dict) return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** `get_conditional_contents`: both branches of an `Fn::If` (without `AWS::NoValue`), else the item itself. */
export function conditionalContents(item: unknown): unknown[] {
  if (!isPyDict(item) || !item.has('Fn::If')) return [item];
  const parameters = item.get('Fn::If');
  if (!Array.isArray(parameters)) throw invalidTemplate('Value of Fn::If must be a list.');
  return parameters.slice(1).filter((content) => !isNoValue(content));
}

function isNoValue(value: unknown): boolean {
  return isPyDict(value) && value.length === 1 && pyString(value.get('Ref')) === 'AWS::NoValue';
}

/** Lower-cases a method, `any` → `x-amazon-apigateway-any-method`. */
export function normalizeMethod(method: unknown): unknown {
  const text = pyString(method);
  if (text === undefined || text === '') return method;
  const lower = text.toLowerCase();
  if (lower === 'any') return new PyStr(X_ANY_METHOD);
  return method instanceof PyStr ? new PyStr(lower) : lower;
}

export function methodKey(method: unknown): PyKey {
  const normalized = normalizeMethod(method);
  return normalized instanceof PyStr || typeof normalized === 'string' ? normalized : String(normalized);
}

export function validatePathItem(pathItem: unknown, path: string): asserts pathItem is Py27Dict {
  if (!isPyDict(pathItem))
    throw invalidTemplate(`Value of '${path}' path must be a dictionary according to Swagger spec.`);
}

export function validateMethodDefinition(
  definition: unknown,
  path: string,
  method: string,
): asserts definition is Py27Dict {
  if (!isPyDict(definition))
    throw invalidTemplate(`Definition of method '${method}' for path '${path}' should be a map.`);
}

/** `SwaggerEditor.is_valid`: a dict with a dict `paths` and a `swagger`, or an `openapi` 3.x. */
export function isValidSwagger(data: unknown): data is Py27Dict {
  if (!isPyDict(data) || data.length === 0 || !isPyDict(data.get('paths'))) return false;
  if (truthy(data.get('swagger'))) return true;
  if (truthy(data.get('openapi'))) return OPENAPI_3.test(pythonStr(data.get('openapi')));
  return false;
}

/** Python's `str()` of a scalar, for the version regexes. */
export function pythonStr(value: unknown): string {
  if (value instanceof PyStr) return value.value;
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (value === null || value === undefined) return 'None';
  // A list or dict prints its items' reprs; samtranslator's messages are Python 3 text, with no u'…'.
  if (Array.isArray(value) || isPyDict(value)) return py27Str(withPlainStrings(value));
  return String(value);
}

function withPlainStrings(value: unknown): unknown {
  if (typeof value === 'string') return new PyStr(value);
  if (Array.isArray(value)) return value.map(withPlainStrings);
  if (isPyDict(value))
    return new Py27Dict(
      value.py27,
      value
        .items()
        .map(([key, item]) => [typeof key === 'string' ? new PyStr(key) : key, withPlainStrings(item)] as const),
    );
  return value;
}

export const isOpenApi3 = (version: unknown): boolean => OPENAPI_3.test(pythonStr(version));

/** `SwaggerEditor.gen_skeleton()`. */
export function swaggerSkeleton(): Py27Dict {
  const skeleton = py27Dict();
  skeleton.set(new PyStr('swagger'), new PyStr('2.0'));
  skeleton.set(new PyStr('info'), py27Dict());
  (skeleton.get('info') as Py27Dict).set(new PyStr('version'), new PyStr('1.0'));
  (skeleton.get('info') as Py27Dict).set(new PyStr('title'), pyRef('AWS::StackName'));
  skeleton.set(new PyStr('paths'), py27Dict());
  return skeleton;
}

/**
 * samtranslator's SwaggerEditor: edits a deep copy of a swagger document; `swagger` returns a deep copy
 * of the result (both copies matter: each can reorder the Py27Dicts the Deployment is hashed over).
 */
export class SwaggerEditor {
  readonly doc: Py27Dict;
  readonly paths: Py27Dict;
  securityDefinitions: Py27Dict;
  gatewayResponses: Py27Dict;
  resourcePolicy: Py27Dict;
  definitions: Py27Dict;

  constructor(doc: unknown) {
    if (!truthy(doc) || !isValidSwagger(doc))
      throw invalidTemplate(
        "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'.",
      );
    this.doc = pyDeepCopy(doc);
    this.paths = this.doc.get('paths') as Py27Dict;
    // A truthy non-map stays, for the auth code to reject in samtranslator's words.
    const security = this.doc.get('securityDefinitions');
    this.securityDefinitions = truthy(security) ? (security as Py27Dict) : py27Dict();
    this.gatewayResponses = orNew(this.doc.get('x-amazon-apigateway-gateway-responses'));
    this.resourcePolicy = orNew(this.doc.get('x-amazon-apigateway-policy'));
    this.definitions = this.doc.has('definitions') ? (this.doc.get('definitions') as Py27Dict) : py27Dict();
    for (const path of this.paths.keys())
      for (const item of conditionalContents(this.paths.get(path))) validatePathItem(item, path);
  }

  /** The edited document, deep-copied, with the sections the editor keeps aside put back. */
  get swagger(): Py27Dict {
    if (truthy(this.securityDefinitions)) this.doc.set(new PyStr('securityDefinitions'), this.securityDefinitions);
    if (truthy(this.gatewayResponses))
      this.doc.set(new PyStr('x-amazon-apigateway-gateway-responses'), this.gatewayResponses);
    if (truthy(this.definitions)) this.doc.set(new PyStr('definitions'), this.definitions);
    return pyDeepCopy(this.doc);
  }

  hasPath(path: string, method?: unknown): boolean {
    if (!this.paths.has(path)) return false;
    if (method === undefined) return true;
    const key = methodKey(method);
    return conditionalContents(this.paths.get(path)).every((item) => isPyDict(item) && item.has(key));
  }

  hasIntegration(path: string, method: unknown): boolean {
    if (!this.hasPath(path, method)) return false;
    const key = methodKey(method);
    for (const item of conditionalContents(this.paths.get(path))) {
      validatePathItem(item, path);
      const definition = item.get(key);
      if (!isPyDict(definition) || !this.methodHasIntegration(definition, path, pythonStr(key))) return false;
    }
    return true;
  }

  private methodHasIntegration(raw: unknown, path: string, method: string): boolean {
    for (const definition of conditionalContents(raw)) {
      validateMethodDefinition(definition, path, method);
      if (truthy(definition.get(X_INTEGRATION))) return true;
    }
    return false;
  }

  addPath(path: PyKey, method: unknown): void {
    const key = methodKey(method);
    const pathDict = this.paths.setDefault(path, py27Dict());
    const text = pyString(path) ?? '';
    if (!isPyDict(pathDict))
      throw invalidTemplate(`Value of '${text}' path must be a dictionary according to Swagger spec.`);
    for (const item of conditionalContents(pathDict)) (item as Py27Dict).setDefault(key, py27Dict());
  }

  makePathConditional(path: string, condition: unknown): void {
    this.paths.set(path, makeConditional(condition, this.paths.get(path)));
  }

  /** Every method definition at a path and method (through conditionals), by default only those with an integration. */
  *methodDefinitions(path: string, method: unknown, withIntegrationOnly = true): Generator<Py27Dict> {
    const key = methodKey(method);
    for (const item of conditionalContents(this.paths.get(path))) {
      validatePathItem(item, path);
      for (const definition of conditionalContents(item.get(key))) {
        validateMethodDefinition(definition, path, pythonStr(method));
        if (withIntegrationOnly && !truthy(definition.get(X_INTEGRATION))) continue;
        yield definition;
      }
    }
  }

  /** `(normalized method, definition)` for every method of a path, skipping those without an integration. */
  *allMethods(path: string, withIntegrationOnly = true): Generator<[string, Py27Dict]> {
    for (const item of conditionalContents(this.paths.get(path))) {
      validatePathItem(item, path);
      for (const [name, method] of item.items()) {
        const methodName = pyString(name) ?? '';
        if (EXCLUDED_PATH_FIELDS.includes(methodName)) continue;
        for (const definition of conditionalContents(method)) {
          validateMethodDefinition(definition, path, methodName);
          if (withIntegrationOnly && !truthy(definition.get(X_INTEGRATION))) continue;
          yield [pythonStr(normalizeMethod(methodName)), definition];
        }
      }
    }
  }

  addTimeout(path: string, method: unknown, timeout: unknown): void {
    for (const definition of this.methodDefinitions(path, method))
      (definition.get(X_INTEGRATION) as Py27Dict).set(new PyStr('timeoutInMillis'), timeout);
  }

  /** `x-amazon-apigateway-binary-media-types`, with `~1` read as `/` as samtranslator does. */
  addBinaryMediaTypes(types: unknown): void {
    this.doc.set(new PyStr('x-amazon-apigateway-binary-media-types'), replaceTilde(types));
  }
}

function orNew(value: unknown): Py27Dict {
  return isPyDict(value) && value.length > 0 ? value : py27Dict();
}

function replaceTilde(value: unknown): unknown {
  if (isPyDict(value))
    return new Py27Dict(
      true,
      value.items().map(([key, item]) => [(pyString(key) ?? '').replaceAll('~1', '/'), replaceTilde(item)] as const),
    );
  if (Array.isArray(value)) return value.map(replaceTilde);
  const text = pyString(value);
  return text === undefined ? value : text.replaceAll('~1', '/');
}
