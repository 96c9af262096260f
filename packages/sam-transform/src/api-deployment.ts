import { createHash } from 'node:crypto';
import { Py27Dict } from './py27-dict.ts';
import { py27Str, PyStr } from './py27-repr.ts';
import { samLogicalId } from './sam-logical-id.ts';

/** What a RestApi's Deployment is hashed over, as samtranslator's `make_auto_deployable` joins it. */
export interface DeploymentHashInput {
  /** The swagger body or BodyS3Location, in the Python value model of `py27-repr.ts`. */
  swagger: unknown;
  /** The Api's OpenApiVersion (samtranslator passes it where the openapi version goes). */
  openApiVersion?: unknown;
  /** The Api's Domain, hashed as `json.dumps` (a Py27Dict in Python 2.7 order, default separators). */
  domain?: unknown;
  /** FunctionName values of the functions whose Api events name this API, concatenated. */
  functionNames?: string;
}

/** `<Api>Deployment<hash>` and the full SHA-1 the Deployment's Description carries. */
export function deploymentId(apiId: string, input: DeploymentHashInput): { logicalId: string; digest: string } {
  const parts = [py27Str(input.swagger)];
  // `str()` of a string is its text (no u'' quoting); of a number, Python's repr.
  if (isTruthy(input.openApiVersion))
    parts.push(
      typeof input.openApiVersion === 'string'
        ? input.openApiVersion
        : input.openApiVersion instanceof PyStr
          ? input.openApiVersion.value
          : py27Str(input.openApiVersion),
    );
  if (isTruthy(input.domain)) parts.push(pythonJsonDefault(input.domain));
  if (input.functionNames) parts.push(input.functionNames);
  const data = parts.join('||');
  const digest = createHash('sha1').update(data, 'utf8').digest('hex');
  return { logicalId: `${apiId}Deployment${digest.slice(0, 10)}`, digest };
}

/** `<Api><Stage>Stage` for an alphanumeric stage name, else `<Api>Stage` plus a hash of the name. */
export function stageLogicalId(apiId: string, stageName: unknown): string {
  const name = typeof stageName === 'string' ? stageName : '';
  return /^[\p{L}\p{N}]+$/u.test(name) ? `${apiId}${name}Stage` : samLogicalId(`${apiId}Stage`, name);
}

function isTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/** Python's `json.dumps` with default separators (`, ` and `: `) and keys in insertion order. */
function pythonJsonDefault(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDefault).join(', ')}]`;
  if (value instanceof Py27Dict)
    return `{${value
      .items()
      .map(([key, item]) => `${asciiJson(typeof key === 'string' ? key : key.value)}: ${pythonJsonDefault(item)}`)
      .join(', ')}}`;
  if (value !== null && typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${asciiJson(key)}: ${pythonJsonDefault(item)}`)
      .join(', ')}}`;
  return typeof value === 'string' ? asciiJson(value) : JSON.stringify(value ?? null);
}

function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
