import { nullRecord } from '../../protocols/untrusted-names.ts';
import type { ApiIntegration, ApiStage } from './api-model.ts';
import { objectOr } from './openapi-routes.ts';

/** A scalar property as text (CloudFormation resolves intrinsics before the cloud stores a resource). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A stage and its variables, in a record without prototype (their names come from templates). */
export function stageOf(name: string, variables: unknown): ApiStage {
  const record = nullRecord<string>();
  for (const [key, value] of Object.entries(objectOr(variables))) {
    const text = textOf(value);
    if (text !== undefined) record[key] = text;
  }
  return { name, variables: record };
}

/**
 * An API's OpenAPI `Body` (an object, or JSON text), or what stops the cloud from reading it:
 * a definition in S3 (`BodyS3Location`) is not read yet, and its routes answer 501.
 */
export function definitionBody(properties: Record<string, unknown>): {
  definition?: Record<string, unknown>;
  unsupported?: ApiIntegration;
} {
  const body = properties.Body;
  if (typeof body === 'string') {
    try {
      return { definition: objectOr(JSON.parse(body)) };
    } catch {
      return { unsupported: { kind: 'unsupported', what: 'an OpenAPI Body given as YAML text' } };
    }
  }
  if (typeof body === 'object' && body !== null) return { definition: objectOr(body) };
  if (properties.BodyS3Location !== undefined)
    return { unsupported: { kind: 'unsupported', what: 'an OpenAPI definition read from S3 (BodyS3Location)' } };
  return {};
}
