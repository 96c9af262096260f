import { randomBytes, randomUUID } from 'node:crypto';

/** A fresh request id in the UUID form JSON and query services use. */
export function newRequestId(): string {
  return randomUUID();
}

/** Bytes of one `x-amz-id-2`, and how many are drawn from the system at a time. */
const HOST_ID_BYTES = 24;
const HOST_ID_POOL_BYTES = HOST_ID_BYTES * 256;
let hostIdPool = Buffer.alloc(0);
let hostIdOffset = 0;

/** 24 random bytes, base64: one call into the system's generator per 256 requests, not per request. */
function newHostId(): string {
  if (hostIdOffset + HOST_ID_BYTES > hostIdPool.length) {
    hostIdPool = randomBytes(HOST_ID_POOL_BYTES);
    hostIdOffset = 0;
  }
  const id = hostIdPool.toString('base64', hostIdOffset, hostIdOffset + HOST_ID_BYTES);
  hostIdOffset += HOST_ID_BYTES;
  return id;
}

/** The headers AWS services put on every response to name the request. */
export function requestIdHeaders(requestId: string): Record<string, string> {
  return {
    'x-amzn-requestid': requestId,
    'x-amz-request-id': requestId,
    // S3 pairs the request id with an opaque host id; clients only log it.
    'x-amz-id-2': newHostId(),
  };
}
