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
