import type { ServiceRequest } from '../plugin.ts';
import { ServiceError } from '../service-error.ts';
import type { Authentication } from './request-authentication.ts';
import { sha256Hex } from './sigv4.ts';

/**
 * The request plugins see once its signature checked out: it names its caller, and
 * an S3 body read whole (XML documents) must match the signed `x-amz-content-sha256`
 * (streamed bodies are checked where they are stored).
 */
export function authenticatedRequest(request: ServiceRequest, auth: Authentication): ServiceRequest {
  const declared = request.headers['x-amz-content-sha256'];
  const signedHash = typeof declared === 'string' && /^[0-9a-f]{64}$/.test(declared) ? declared : undefined;
  return {
    ...request,
    caller: auth.caller,
    ...(auth.chunkSigning ? { chunkSigning: auth.chunkSigning } : {}),
    readBody: signedHash
      ? async (limit) => {
          const body = await request.readBody(limit);
          const computed = sha256Hex(body);
          if (computed !== signedHash) throw contentShaMismatch(signedHash, computed);
          return body;
        }
      : request.readBody,
  };
}

/** S3's answer for a body whose SHA-256 is not the one the client signed. */
export function contentShaMismatch(client: string, computed: string): ServiceError {
  return new ServiceError(
    'XAmzContentSHA256Mismatch',
    400,
    "The provided 'x-amz-content-sha256' header does not match what was computed.",
    { ClientComputedContentSHA256: client, S3ComputedContentSHA256: computed },
  );
}
