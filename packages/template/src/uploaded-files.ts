import { resourceEntries } from './for-each-loops.ts';
import { isMap, isScalar, type Node } from 'yaml';
import { filePropertyValues, type FileLocationForm } from './file-artifacts.ts';
import { mapValue, plainString, valueAt } from './node-access.ts';
import { NESTED_TEMPLATE_PROPERTIES } from './nested-template-ref.ts';
import { parseS3HttpsUrl, parseS3Uri, type S3Location } from './s3-location.ts';

/** An S3 object a packaged template's file property points at (a definition, script, schema, bundle or nested template). */
export interface UploadedFile extends S3Location {
  /** The resource's logical id. */
  logicalId: string;
  /** The property's path from `Properties`: `DefinitionUri`, `Command.ScriptLocation`, `Functions.Fn.CodeUri`, `Location`. */
  property: string;
}

/** The mapping fields each form writes, for reading a location back. */
const MAPPING_FIELDS: Readonly<
  Record<Exclude<FileLocationForm, 's3-uri' | 'https-url'>, { bucket: string; key: string; version?: string }>
> = {
  'bucket-key': { bucket: 'Bucket', key: 'Key', version: 'Version' },
  's3bucket-s3key': { bucket: 'S3Bucket', key: 'S3Key' },
  'bucket-key-object-version': { bucket: 'Bucket', key: 'Key', version: 'ObjectVersion' },
};

/**
 * The S3 objects the file properties of a (packaged) template's resources point at, in the
 * forms `package` writes them (an `s3://` URI, or a mapping of literal bucket and key), and the
 * nested templates it uploaded (an S3 `https://` URL). Values still local, other URLs and
 * intrinsics name nothing to delete and are left out, and so are resources with
 * `DeletionPolicy: Retain`, which outlive the stack and still need what they point at.
 */
export function uploadedFiles(contents: unknown): UploadedFile[] {
  const found: UploadedFile[] = [];
  const retained = retainedResources(contents);
  // A loop's resources (Fn::ForEach) point at the same files for every item: listed once, by output key.
  for (const { logicalId, pair } of resourceEntries(mapValue(contents, 'Resources'))) {
    const type = plainString(mapValue(pair.value, 'Type'));
    if (type === undefined || retained.has(logicalId)) continue;
    const properties = valueAt(pair.value, ['Properties']);
    for (const { label, value, form } of filePropertyValues(type, properties)) {
      const location = locationOf(value, form);
      if (location) found.push({ logicalId, property: label, ...location });
    }
    const nested = Object.hasOwn(NESTED_TEMPLATE_PROPERTIES, type) ? NESTED_TEMPLATE_PROPERTIES[type] : undefined;
    const url = nested === undefined ? undefined : plainString(mapValue(properties, nested));
    const location = url === undefined ? undefined : (parseS3HttpsUrl(url) ?? parseS3Uri(url));
    if (nested !== undefined && location) found.push({ logicalId, property: nested, ...location });
  }
  return found;
}

/** Logical ids of the resources a stack's deletion keeps (`DeletionPolicy: Retain`), as `sam delete` reads it. */
export function retainedResources(contents: unknown): Set<string> {
  const retained = new Set<string>();
  for (const { logicalId, pair } of resourceEntries(mapValue(contents, 'Resources')))
    if (plainString(mapValue(pair.value, 'DeletionPolicy')) === 'Retain') retained.add(logicalId);
  return retained;
}

function locationOf(value: Node, form: FileLocationForm): S3Location | undefined {
  const text = plainString(value);
  if (text !== undefined) {
    if (text.startsWith('s3://')) return parseS3Uri(text);
    return form === 'https-url' ? parseS3HttpsUrl(text) : undefined;
  }
  if (form === 's3-uri' || form === 'https-url' || !isMap(value)) return undefined;
  const fields = MAPPING_FIELDS[form];
  const bucket = plainString(mapValue(value, fields.bucket));
  const key = plainString(mapValue(value, fields.key));
  if (bucket === undefined || key === undefined) return undefined;
  const versionNode = fields.version === undefined ? undefined : mapValue(value, fields.version);
  const version = isScalar(versionNode) && versionNode.value !== null ? String(versionNode.value) : undefined;
  return version === undefined ? { bucket, key } : { bucket, key, version };
}
