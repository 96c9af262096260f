import { isPlainObject } from '@toolkit/intrinsics';
import { SamTemplateError } from './sam-template-error.ts';

type Doc = Record<string, unknown>;
export const ANY_METHOD = 'x-amazon-apigateway-any-method';
export const DEFAULT_PATH = '$default';
const INTEGRATION = 'x-amazon-apigateway-integration';
const DEFAULT_TITLE = { Ref: 'AWS::StackName' };

const isNoValue = (value: unknown) => isPlainObject(value) && value['Ref'] === 'AWS::NoValue';
const structure = (message: string) => new SamTemplateError(message);

/** samtranslator's `OpenApiEditor.is_valid`: a map with an `openapi` 3.x version and a `paths` map. */
export function isValidOpenApi(doc: unknown): doc is Doc {
  if (!isPlainObject(doc) || !isPlainObject(doc['paths']) || !doc['openapi']) return false;
  return /^3(\.\d)(\.\d)?$/.test(pythonStr(doc['openapi']));
}

function pythonStr(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The then/else contents of an `Fn::If` (without `AWS::NoValue`), else the item itself. */
export function conditionalContents(item: unknown): unknown[] {
  if (!isPlainObject(item) || !('Fn::If' in item)) return [item];
  const parameters = item['Fn::If'];
  if (!Array.isArray(parameters)) throw structure('Value of Fn::If must be a list.');
  return parameters.slice(1).filter((content) => !isNoValue(content));
}

/** Lower case, and `any` as API Gateway's any-method extension. */
export function normalizeMethod(method: unknown): unknown {
  if (typeof method !== 'string' || method === '') return method;
  const lower = method.toLowerCase();
  return lower === 'any' ? ANY_METHOD : lower;
}

function pathItemOf(item: unknown, path: string): Doc {
  if (!isPlainObject(item)) throw structure(`Value of '${path}' path must be a dictionary according to Swagger spec.`);
  return item;
}

function methodDefinitionOf(item: unknown, path: string, method: string): Doc {
  if (!isPlainObject(item)) throw structure(`Definition of method '${method}' for path '${path}' should be a map.`);
  return item;
}

const hasIntegrationIn = (definition: Doc) => Boolean(definition[INTEGRATION]);

/** An OpenAPI 3 document SAM edits (a copy of the one given), as samtranslator's `OpenApiEditor`. */
export class OpenApiEditor {
  readonly doc: Doc;
  readonly paths: Doc;

  /** `copy: false` edits (or only reads) the document given. */
  constructor(doc: unknown, copy = true) {
    if (!doc || !isValidOpenApi(doc))
      throw structure(
        "Invalid OpenApi document. Invalid values or missing keys for 'openapi' or 'paths' in 'DefinitionBody'.",
      );
    this.doc = copy ? structuredClone(doc) : doc;
    this.paths = this.doc['paths'] as Doc;
  }

  /** Path item → method definitions at `method`, through `Fn::If`s. */
  *methodDefinitions(path: string, method: string, skipWithoutIntegration = true): Generator<Doc> {
    const normalized = normalizeMethod(method) as string;
    for (const item of conditionalContents(this.paths[path])) {
      const pathItem = pathItemOf(item, path);
      for (const content of conditionalContents(pathItem[normalized])) {
        const definition = methodDefinitionOf(content, path, method);
        if (skipWithoutIntegration && !hasIntegrationIn(definition)) continue;
        yield definition;
      }
    }
  }

  hasPath(path: string, method?: string): boolean {
    if (!(path in this.paths)) return false;
    const normalized = normalizeMethod(method);
    if (!normalized) return true;
    return conditionalContents(this.paths[path]).every((item) => isPlainObject(item) && (normalized as string) in item);
  }

  hasIntegration(path: string, method: string): boolean {
    const normalized = normalizeMethod(method) as string;
    if (!this.hasPath(path, normalized)) return false;
    for (const item of conditionalContents(this.paths[path])) {
      const definition = pathItemOf(item, path)[normalized];
      if (!isPlainObject(definition)) return false;
      const withIntegration = conditionalContents(definition).some((content) =>
        hasIntegrationIn(methodDefinitionOf(content, path, normalized)),
      );
      if (!withIntegration) return false;
    }
    return true;
  }

  addPath(path: string, method: string): void {
    const normalized = normalizeMethod(method) as string;
    const pathDict = (this.paths[path] ??= {});
    if (!isPlainObject(pathDict))
      throw structure(`Value of '${path}' path must be a dictionary according to Swagger spec.`);
    for (const item of conditionalContents(pathDict)) (item as Doc)[normalized] ??= {};
  }

  /** Adds the aws_proxy (payload 2.0) integration to path+method unless one is there, wrapped in `condition`. */
  addLambdaIntegration(path: string, method: string, uri: unknown, condition: string | undefined): void {
    const normalized = normalizeMethod(method) as string;
    if (this.hasIntegration(path, normalized)) return;
    this.addPath(path, normalized);
    const integrationUri = condition === undefined ? uri : { 'Fn::If': [condition, uri, { Ref: 'AWS::NoValue' }] };
    for (const item of conditionalContents(this.paths[path])) {
      const pathItem = pathItemOf(item, path);
      const definition = (pathItem[normalized] ??= {}) as Doc;
      definition[INTEGRATION] = {
        type: 'aws_proxy',
        httpMethod: 'POST',
        payloadFormatVersion: '2.0',
        uri: integrationUri,
      };
      if (path === DEFAULT_PATH && normalized === ANY_METHOD) definition['isDefaultRoute'] = true;
      definition['responses'] ??= {};
      if (condition !== undefined)
        pathItem[normalized] = { 'Fn::If': [condition, definition, { Ref: 'AWS::NoValue' }] };
    }
  }

  /** Sets `key` of the integration of every definition at path+method. */
  setIntegrationValue(path: string, method: string, key: string, value: unknown): void {
    for (const definition of this.methodDefinitions(path, method)) (definition[INTEGRATION] as Doc)[key] = value;
  }

  /** Adds (or marks required) the `in: path` parameters of path+method. */
  addPathParameters(path: string, method: string, names: readonly string[]): void {
    for (const definition of this.methodDefinitions(path, method)) {
      const parameters = (definition['parameters'] ??= []) as Doc[];
      for (const name of names) {
        const existing = parameters.find((parameter) => parameter['name'] === name);
        if (existing !== undefined) Object.assign(existing, { in: 'path', required: true });
        else parameters.push({ name, in: 'path', required: true });
      }
    }
  }

  /** Wraps a whole path item in `Fn::If` on `condition`. */
  makePathConditional(path: string, condition: string): void {
    this.paths[path] = { 'Fn::If': [condition, this.paths[path], { Ref: 'AWS::NoValue' }] };
  }

  /** The object at `components.securitySchemes`, created when absent. */
  securitySchemes(): Doc {
    const components = this.subMap('components', this.doc);
    return this.subMap('securitySchemes', components);
  }

  private subMap(key: string, parent: Doc): Doc {
    const value = parent[key];
    if (isPlainObject(value)) return value;
    if (value !== undefined && value !== null)
      throw structure(`Invalid OpenApi document: The value of '${key}' should be a map.`);
    const created: Doc = {};
    parent[key] = created;
    return created;
  }

  /** The document's `info` map (created when absent). */
  info(): Doc {
    return this.subMap('info', this.doc);
  }

  /** Adds or overwrites `tags` entries with API Gateway's tag-value extension. */
  addTags(tags: Readonly<Record<string, unknown>>): void {
    const list = pythonTruthy(this.doc['tags']) ? this.doc['tags'] : [];
    for (const [name, value] of Object.entries(tags)) {
      if (!Array.isArray(list))
        throw structure(
          `Tags in OpenApi DefinitionBody needs to be a list. ${pythonRepr(list)} is a ${pythonTypeName(list)} not a list.`,
        );
      const existing = (list as Doc[]).find((tag) => isPlainObject(tag) && tag['name'] === name);
      if (existing !== undefined) existing['x-amazon-apigateway-tag-value'] = value;
      else list.push({ name, 'x-amazon-apigateway-tag-value': value });
    }
    if (Array.isArray(list) && list.length > 0) this.doc['tags'] = list;
  }

  /** Every path name, in document order. */
  pathNames(): string[] {
    return Object.keys(this.paths);
  }

  /** Method definitions of every method (with an integration) of a path: [method, definition]. */
  *allMethods(path: string): Generator<[string, Doc]> {
    for (const item of conditionalContents(this.paths[path])) {
      const pathItem = pathItemOf(item, path);
      for (const [method, value] of Object.entries(pathItem))
        for (const content of conditionalContents(value)) {
          const definition = methodDefinitionOf(content, path, method);
          if (hasIntegrationIn(definition)) yield [normalizeMethod(method) as string, definition];
        }
    }
  }

  /** True when the default title (`Ref AWS::StackName`) is the document's. */
  static isDefaultTitle(title: unknown): boolean {
    return isPlainObject(title) && Object.keys(title).length === 1 && title['Ref'] === DEFAULT_TITLE.Ref;
  }

  /** samtranslator's skeleton for an API whose body SAM writes. */
  static skeleton(): Doc {
    return { openapi: '3.0.1', info: { version: '1.0', title: { ...DEFAULT_TITLE } }, paths: {} };
  }
}

/** Python's truthiness of a JSON value: None, False, 0, '', [] and {} are false. */
export function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (isPlainObject(value)) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** Python's `repr` of simple JSON values, as samtranslator's messages print them. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (isPlainObject(value))
    return `{${Object.entries(value)
      .map(([k, v]) => `'${k}': ${pythonRepr(v)}`)
      .join(', ')}}`;
  return String(value);
}

/** Python's type name of a JSON value. */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}
