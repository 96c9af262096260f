import * as path from 'node:path';
import type { Diagnostic } from '@toolkit/core';
import { isMap, isScalar, type Node } from 'yaml';
import type { ArtifactSource } from './artifact-types.ts';
import { nodePosition } from './diagnostic-position.ts';
import { mapValue, plainString } from './node-access.ts';
import { parseS3Uri } from './s3-location.ts';
import type { TemplateFiles } from './template-file.ts';

/** Names of the bucket/key/version fields in an S3 object mapping. */
export interface S3FieldNames {
  bucket: string;
  key: string;
  version: string;
}

/** `CodeUri`/`ContentUri` mappings (SAM). */
export const SAM_S3_FIELDS: S3FieldNames = { bucket: 'Bucket', key: 'Key', version: 'Version' };
/** `Code`/`Content` mappings (Lambda). */
export const LAMBDA_S3_FIELDS: S3FieldNames = { bucket: 'S3Bucket', key: 'S3Key', version: 'S3ObjectVersion' };

/** The template file and text a value node belongs to, and how to look at the paths it names. */
export interface SourceContext {
  file: string;
  text: string;
  files: Pick<TemplateFiles, 'pathKind'>;
}

/** A resolved source, or the diagnostic that explains why there is none. */
export type SourceResult = { source: ArtifactSource } | { diagnostic: Diagnostic };

/**
 * Resolves a code/content value: a local path (relative to the template's folder,
 * looked at through `context.files` to tell a directory from a zip file), an `s3://` URI, or an S3 object mapping.
 */
export function resolveCodeSource(
  value: Node,
  context: SourceContext,
  fields: S3FieldNames,
  property: string,
  id: string,
): SourceResult {
  const position = nodePosition(context.text, value, context.file);
  const text = plainString(value);
  if (text !== undefined) {
    if (text.startsWith('s3://')) {
      const s3 = parseS3Uri(text);
      if (s3) return { source: { kind: 's3', ...s3 } };
      return {
        diagnostic: {
          severity: 'error',
          code: 'TEMPLATE_ARTIFACT_INVALID',
          message: `${property} of ${id} is not a valid S3 URI: ${text}`,
          position,
        },
      };
    }
    return localSource(path.resolve(path.dirname(context.file), text), text, property, id, position, context.files);
  }
  if (isMap(value)) {
    const bucket = plainString(mapValue(value, fields.bucket));
    const key = plainString(mapValue(value, fields.key));
    const versionNode = mapValue(value, fields.version);
    const version = isScalar(versionNode) && versionNode.value !== null ? String(versionNode.value) : undefined;
    if (bucket !== undefined && key !== undefined) {
      return { source: version === undefined ? { kind: 's3', bucket, key } : { kind: 's3', bucket, key, version } };
    }
    return {
      diagnostic: {
        severity: 'warning',
        code: 'TEMPLATE_ARTIFACT_UNRESOLVED',
        message: `${property} of ${id} needs literal ${fields.bucket} and ${fields.key} strings to be packaged or signed`,
        position,
      },
    };
  }
  return {
    diagnostic: {
      severity: 'warning',
      code: 'TEMPLATE_ARTIFACT_UNRESOLVED',
      message: `${property} of ${id} is not a literal path or S3 location, so it cannot be packaged or signed`,
      position,
    },
  };
}

function localSource(
  absolute: string,
  written: string,
  property: string,
  id: string,
  position: Diagnostic['position'],
  files: Pick<TemplateFiles, 'pathKind'>,
): SourceResult {
  const kind = files.pathKind(absolute);
  if (kind === undefined) {
    return {
      diagnostic: {
        severity: 'error',
        code: 'TEMPLATE_ARTIFACT_NOT_FOUND',
        message: `${property} of ${id} points at ${written}, which does not exist (looked for ${absolute})`,
        position,
      },
    };
  }
  return {
    source: kind === 'directory' ? { kind: 'directory', path: absolute } : { kind: 'zip-file', path: absolute },
  };
}
