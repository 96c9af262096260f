/** The fields the AWS SDK v3 puts on service errors that we look at. */
interface SdkErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** True when an S3 call failed because the object, version or bucket does not exist (HeadObject gives no error body, only 404). */
export function isS3NotFound(error: unknown): boolean {
  const e = error as SdkErrorShape | undefined;
  if (!e || typeof e !== 'object') return false;
  return (
    e.name === 'NotFound' || e.name === 'NoSuchKey' || e.name === 'NoSuchVersion' || e.$metadata?.httpStatusCode === 404
  );
}

/** The service error name of an SDK error, e.g. `BucketAlreadyOwnedByYou`. */
export function sdkErrorName(error: unknown): string | undefined {
  const e = error as SdkErrorShape | undefined;
  return e && typeof e === 'object' && typeof e.name === 'string' ? e.name : undefined;
}
