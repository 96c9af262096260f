import type { ServiceRequest, ServiceResponse } from '../plugin.ts';
import { ServiceError } from '../service-error.ts';
import type { ProtocolCodec } from './codec.ts';
import { JSON_BODY_LIMIT, type BodyLimit } from './body-limits.ts';
import { refusePrototypeName } from './untrusted-names.ts';

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

/** The content types AWS SDKs send with JSON bodies (rest-json: `application/json`; json: `application/x-amz-json-1.x`). */
const JSON_CONTENT_TYPE = /^application\/(?:json|x-amz-json-1\.[01])\s*(?:;.*)?$/i;

/**
 * Reads a JSON request body; an empty body is `{}`, malformed JSON a 400
 * SerializationException. A body must come as JSON (415
 * UnsupportedMediaTypeException otherwise — a browser form or `text/plain`
 * page cannot send it without a preflight), stay within `limit`
 * (default JSON_BODY_LIMIT) and use no key `__proto__`/`constructor`/`prototype`.
 */
export async function readJsonBody<T = Record<string, unknown>>(
  request: ServiceRequest,
  limit: BodyLimit = JSON_BODY_LIMIT,
): Promise<T> {
  checkJsonContentType(request);
  const raw = await request.readBody(limit);
  if (raw.length === 0) return {} as T;
  let parsed: T;
  try {
    parsed = JSON.parse(raw.toString('utf8'), refusePrototypeKeys) as T;
  } catch (error) {
    if (error instanceof ServiceError) throw error;
    throw new ServiceError('SerializationException', 400, 'Could not parse request body into json');
  }
  return parsed;
}

function refusePrototypeKeys(key: string, value: unknown): unknown {
  refusePrototypeName(key, 'Key', 'ValidationException');
  return value;
}

/** SDKs send a JSON content type with every body and none without one; anything else is refused before the body is read. */
function checkJsonContentType(request: ServiceRequest): void {
  const type = request.headers['content-type'];
  if (typeof type === 'string' && JSON_CONTENT_TYPE.test(type)) return;
  const length = request.headers['content-length'];
  const empty =
    type === undefined &&
    request.headers['transfer-encoding'] === undefined &&
    (length === undefined || length === '0');
  if (empty) return;
  throw new ServiceError(
    'UnsupportedMediaTypeException',
    415,
    `The request body must be JSON sent as application/json, not ${type === undefined ? 'a body without a content type' : `'${type}'`}`,
  );
}
