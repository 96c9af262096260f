/**
 * An error as an AWS service reports it: a code (`NoSuchBucket`,
 * `ResourceNotFoundException`), an HTTP status and a message. Each protocol
 * codec renders it in its own wire shape.
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  /** Extra fields some services add to the error body (S3's `BucketName`, `Key`, …). */
  readonly fields: Record<string, string>;
  /** Extra response headers (S3's `x-amz-delete-marker` on a 404, `Allow` on a 405, …). */
  readonly headers: Record<string, string>;

  constructor(
    code: string,
    status: number,
    message: string,
    fields: Record<string, string> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.headers = headers;
  }
}
