/** An object in S3, optionally a specific version. */
export interface S3Location {
  bucket: string;
  key: string;
  version?: string;
}

/** Parses `s3://bucket/key[?versionId=v]`; undefined for anything else. */
export function parseS3Uri(uri: string): S3Location | undefined {
  const match = /^s3:\/\/([^/?]+)\/([^?]+)(?:\?(.*))?$/.exec(uri);
  if (!match) return undefined;
  const [, bucket, key, query] = match;
  if (bucket === undefined || key === undefined) return undefined;
  const version = query === undefined ? undefined : (new URLSearchParams(query).get('versionId') ?? undefined);
  return version === undefined ? { bucket, key } : { bucket, key, version };
}

/** True for strings that name a remote location rather than a local path. */
export function isRemoteUri(value: string): boolean {
  return /^(s3|https?):\/\//i.test(value);
}

/** `s3://bucket/key`, the form SAM's `CodeUri`/`ContentUri` take when there is no version. */
export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/**
 * The object an `https://` S3 URL names, path-style (`https://s3.<region>.amazonaws.com/bucket/key`,
 * as `package` writes nested template locations) or virtual-hosted (`https://bucket.s3.<region>.amazonaws.com/key`);
 * undefined for any other URL.
 */
export function parseS3HttpsUrl(url: string): S3Location | undefined {
  const match = /^https:\/\/(?:([^/]+)\.)?s3(?:[.-]([a-z0-9-]+))?\.amazonaws\.com(?:\.cn)?\/([^?#]*)$/.exec(url);
  if (!match) return undefined;
  const [, hosted, , path = ''] = match;
  const [bucket, ...key] = hosted === undefined ? path.split('/') : [hosted, ...path.split('/')];
  let decoded: string;
  try {
    decoded = key.map((segment) => decodeURIComponent(segment)).join('/');
  } catch {
    return undefined; // a malformed escape names no object
  }
  return bucket && decoded ? { bucket, key: decoded } : undefined;
}
