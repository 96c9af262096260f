import type { IncomingHttpHeaders } from 'node:http';
import { checksumHeader, type ChecksumAlgorithm } from './checksums.ts';
import type { VersioningStatus, ObjectVersion } from './s3-store.ts';
import { storedContentEncoding } from './s3-body.ts';

/** Representation headers S3 stores with an object and sends back on GET/HEAD. */
const STORED_HEADERS = [
  'content-disposition',
  'cache-control',
  'content-language',
  'expires',
  'x-amz-website-redirect-location',
];

/** The stored headers and user metadata a PutObject/CreateMultipartUpload carries. */
export function objectHeadersFrom(headers: IncomingHttpHeaders): {
  contentType: string | undefined;
  headers: Record<string, string>;
  metadata: Record<string, string>;
} {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') stored[name] = value;
  }
  const encoding = storedContentEncoding(headers);
  if (encoding) stored['content-encoding'] = encoding;
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined)
      metadata[name.slice('x-amz-meta-'.length)] = String(value);
  }
  const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
  return { contentType, headers: stored, metadata };
}

/** `x-amz-version-id` as S3 sends it: only for buckets that ever had versioning, or real versions. */
export function versionHeader(object: { versionId: string }, versioning: VersioningStatus): Record<string, string> {
  if (versioning === undefined && object.versionId === 'null') return {};
  return { 'x-amz-version-id': object.versionId };
}

/** The headers of a GET/HEAD answer for one object version. */
export function objectResponseHeaders(
  object: ObjectVersion,
  versioning: VersioningStatus,
  withChecksums: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': object.contentType ?? 'binary/octet-stream',
    etag: object.etag,
    'last-modified': new Date(object.lastModified).toUTCString(),
    'accept-ranges': 'bytes',
    ...object.headers,
    ...versionHeader(object, versioning),
  };
  for (const [name, value] of Object.entries(object.metadata)) headers[`x-amz-meta-${name}`] = value;
  if (withChecksums) Object.assign(headers, checksumResponseHeaders(object.checksums, object.checksumType));
  if (object.partsCount !== undefined) headers['x-amz-mp-parts-count'] = String(object.partsCount);
  return headers;
}

/** `x-amz-checksum-*` headers (and `x-amz-checksum-type`) for stored checksums. */
export function checksumResponseHeaders(
  checksums: Partial<Record<ChecksumAlgorithm, string>>,
  type?: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [algorithm, value] of Object.entries(checksums) as [ChecksumAlgorithm, string][]) {
    headers[checksumHeader(algorithm)] = value;
  }
  if (Object.keys(headers).length > 0) headers['x-amz-checksum-type'] = type ?? 'FULL_OBJECT';
  return headers;
}

/** XML fields `ChecksumCRC32`, … for result documents. */
export function checksumXmlFields(checksums: Partial<Record<ChecksumAlgorithm, string>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [algorithm, value] of Object.entries(checksums) as [ChecksumAlgorithm, string][])
    fields[`Checksum${algorithm}`] = value;
  return fields;
}
