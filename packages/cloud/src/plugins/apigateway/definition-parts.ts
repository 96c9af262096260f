import { parseTemplateDocument, toPlainTemplate } from '@toolkit/template';
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

/** Where a `BodyS3Location` points: its bucket, key and version (if any), or undefined when it names no object. */
export function bodyS3LocationOf(
  properties: Record<string, unknown>,
): { bucket: string; key: string; version?: string } | undefined {
  const location = objectOr(properties.BodyS3Location);
  const bucket = textOf(location.Bucket);
  const key = textOf(location.Key);
  if (bucket === undefined || key === undefined) return undefined;
  const version = textOf(location.Version);
  return version === undefined ? { bucket, key } : { bucket, key, version };
}

/** The text of each `BodyS3Location` object read from the local S3, by `bodyS3Id`. */
export type S3Bodies = ReadonlyMap<string, string>;

/** One id per object version a `BodyS3Location` names. */
export function bodyS3Id(location: { bucket: string; key: string; version?: string }): string {
  return JSON.stringify([location.bucket, location.key, location.version ?? null]);
}

/**
 * An API's OpenAPI `Body` (an object, or JSON text) or the definition its `BodyS3Location`
 * names (JSON or YAML, read from the local S3 into `s3Bodies`), or what stops the cloud from reading it.
 */
export function definitionBody(
  properties: Record<string, unknown>,
  s3Bodies: S3Bodies = new Map(),
): {
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
  if (properties.BodyS3Location === undefined) return {};
  const location = bodyS3LocationOf(properties);
  const text = location === undefined ? undefined : s3Bodies.get(bodyS3Id(location));
  // JSON or YAML, read as data: an OpenAPI document is not a template, so no template checks.
  const parsed = text === undefined ? undefined : parseTemplateDocument(text, location?.key ?? '');
  if (parsed?.wellFormed) return { definition: toPlainTemplate(parsed.document) };
  const where = location ? ` (s3://${location.bucket}/${location.key})` : '';
  return {
    unsupported: { kind: 'unsupported', what: `an OpenAPI definition in S3 the local cloud cannot read${where}` },
  };
}
