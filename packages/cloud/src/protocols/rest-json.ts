import type { ServiceRequest, ServiceResponse } from '../plugin.ts';
import { ServiceError } from '../service-error.ts';
import type { ProtocolCodec } from './codec.ts';

/** How a rest-json service shapes its error body. */
export type RestJsonErrorBody = 'message' | 'lambda' | ((error: ServiceError) => Record<string, unknown>);

/**
 * A rest-json codec: header `x-amzn-ErrorType: Code` and a JSON body —
 * `{"message":…}` (Signer and most services) or `{"Type":"User","Message":…}` (Lambda).
 */
export function restJsonCodec(options: { errorBody?: RestJsonErrorBody } = {}): ProtocolCodec {
  const shape = options.errorBody ?? 'message';
  return {
    protocol: 'rest-json',
    error(error) {
      const body =
        typeof shape === 'function'
          ? shape(error)
          : shape === 'lambda'
            ? { Type: error.status >= 500 ? 'Service' : 'User', Message: error.message, ...error.fields }
            : { message: error.message, ...error.fields };
      return {
        status: error.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
        body: JSON.stringify(body),
      };
    },
  };
}

/** A JSON answer; `body` undefined sends no content (e.g. 204). */
export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): ServiceResponse {
  if (body === undefined) return { status, headers };
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Reads a JSON request body; an empty body is `{}`, malformed JSON a 400 SerializationException. */
export async function readJsonBody<T = Record<string, unknown>>(request: ServiceRequest): Promise<T> {
  const raw = await request.readBody();
  if (raw.length === 0) return {} as T;
  try {
    return JSON.parse(raw.toString('utf8')) as T;
  } catch {
    throw new ServiceError('SerializationException', 400, 'Could not parse request body into json');
  }
}
