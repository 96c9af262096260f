import { ServiceError } from '../service-error.ts';

/** The most bytes a request body may have, and the error that answers a longer one. */
export interface BodyLimit {
  readonly maxBytes: number;
  /** The service's own error for a body past `maxBytes`. */
  tooLarge(): ServiceError;
}

/**
 * Lambda's 50 MB zipped deployment package travels base64-encoded inside the
 * JSON body; AWS states the limit on the request: 50 MiB × 4/3, rounded up.
 */
export const LAMBDA_ZIP_REQUEST_BYTES = 69_905_067;

/** Lambda's synchronous Invoke payload limit (6 MiB). */
export const LAMBDA_INVOKE_PAYLOAD_BYTES = 6_291_456;

/** JSON requests other than code uploads: the largest legitimate ones (policies, tags, environments) are a few KB. */
export const JSON_BODY_BYTES = 1_048_576;

/**
 * Query-protocol bodies: CloudFormation's largest request — a 51,200-byte
 * TemplateBody percent-encoded (at most 3 bytes per byte) plus 200 parameters — fits well inside.
 */
export const QUERY_BODY_BYTES = 4_194_304;

/** Lambda's limit for one operation: `RequestEntityTooLargeException` 413 with AWS's wording. */
export function lambdaRequestLimit(operation: string, maxBytes: number): BodyLimit {
  return {
    maxBytes,
    tooLarge: () =>
      new ServiceError(
        'RequestEntityTooLargeException',
        413,
        `Request must be smaller than ${maxBytes} bytes for the ${operation} operation`,
      ),
  };
}

/** Lambda Invoke's payload limit, for the Invoke handler: `RequestTooLargeException` 413. */
export const LAMBDA_INVOKE_LIMIT: BodyLimit = {
  maxBytes: LAMBDA_INVOKE_PAYLOAD_BYTES,
  tooLarge: () =>
    new ServiceError(
      'RequestTooLargeException',
      413,
      `Request must be smaller than ${LAMBDA_INVOKE_PAYLOAD_BYTES} bytes for the InvokeFunction operation`,
    ),
};

/** The bound for JSON bodies of services and operations without one of their own. */
export const JSON_BODY_LIMIT: BodyLimit = {
  maxBytes: JSON_BODY_BYTES,
  tooLarge: () =>
    new ServiceError('RequestEntityTooLargeException', 413, `Request must be smaller than ${JSON_BODY_BYTES} bytes`),
};

/** The bound for query-protocol bodies (CloudFormation, STS). */
export const QUERY_BODY_LIMIT: BodyLimit = {
  maxBytes: QUERY_BODY_BYTES,
  tooLarge: () =>
    new ServiceError('RequestEntityTooLarge', 413, `Request must be smaller than ${QUERY_BODY_BYTES} bytes`),
};

/**
 * S3's XML request documents (DeleteObjects, CompleteMultipartUpload, tagging, bucket
 * configuration): the largest legitimate ones — 1,000 keys of 1,024 bytes, or 10,000 parts —
 * fit well inside.
 */
export const S3_XML_BODY_BYTES = 4_194_304;

/** The bound for S3's XML request documents: S3's `MaxMessageLengthExceeded` 400. */
export const S3_XML_BODY_LIMIT: BodyLimit = {
  maxBytes: S3_XML_BODY_BYTES,
  tooLarge: () => new ServiceError('MaxMessageLengthExceeded', 400, 'Your request was too big.'),
};
