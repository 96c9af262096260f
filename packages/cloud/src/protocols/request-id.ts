import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh request id in the UUID form JSON and query services use. */
export function newRequestId(): string {
  return randomUUID();
}

/** The headers AWS services put on every response to name the request. */
export function requestIdHeaders(requestId: string): Record<string, string> {
  return {
    'x-amzn-requestid': requestId,
    'x-amz-request-id': requestId,
    // S3 pairs the request id with an opaque host id; clients only log it.
    'x-amz-id-2': randomBytes(24).toString('base64'),
  };
}
