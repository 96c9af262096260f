import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { ServiceResponse } from '../../plugin.ts';

/** Keys a payload format 1.0 response may carry; API Gateway refuses any other as malformed. */
const V1_KEYS: ReadonlySet<string> = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);
/** Headers the cloud computes itself for the body it sends. */
const FRAMING_HEADERS: ReadonlySet<string> = new Set(['content-length', 'transfer-encoding', 'connection']);

/**
 * The HTTP answer for a Lambda proxy integration's result, or undefined when the result is not
 * a valid proxy response (API Gateway's "Malformed Lambda proxy response"). Format 1.0 needs
 * `statusCode` and allows only its five keys; format 2.0 takes any JSON and, without a
 * `statusCode`, answers 200 with it as an `application/json` body.
 */
export function proxyResponse(payload: Buffer, format: '1.0' | '2.0'): ServiceResponse | undefined {
  let result: unknown;
  try {
    result = JSON.parse(payload.toString('utf8'));
  } catch {
    return undefined;
  }
  const structured = typeof result === 'object' && result !== null && !Array.isArray(result);
  const fields = structured ? (result as Record<string, unknown>) : {};
  if (format === '2.0' && !('statusCode' in fields)) {
    const body = typeof result === 'string' ? result : JSON.stringify(result);
    return { status: 200, headers: { 'content-type': 'application/json' }, body };
  }
  if (!structured) return undefined;
  if (format === '1.0' && Object.keys(fields).some((key) => !V1_KEYS.has(key))) return undefined;
  const status = fields.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers = headersOf(fields.headers, fields.multiValueHeaders, format === '2.0' ? fields.cookies : undefined);
  if (!headers) return undefined;
  const body = fields.body;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  const encoded = fields.isBase64Encoded === true || fields.isBase64Encoded === 'true';
  const bytes = typeof body === 'string' ? Buffer.from(body, encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  return { status, headers, body: bytes };
}

/** `headers` and `multiValueHeaders` merged (the latter wins for a name in both), checked as HTTP allows. */
function headersOf(single: unknown, multi: unknown, cookies: unknown): Record<string, string | string[]> | undefined {
  const merged = new Map<string, [string, string[]]>();
  const put = (name: string, values: unknown[]): boolean => {
    const texts = values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
    try {
      validateHeaderName(name);
      for (const text of texts) validateHeaderValue(name, text);
    } catch {
      return false;
    }
    if (!FRAMING_HEADERS.has(name.toLowerCase())) merged.set(name.toLowerCase(), [name, texts]);
    return true;
  };
  for (const [name, value] of entries(single)) if (!put(name, [value])) return undefined;
  for (const [name, values] of entries(multi))
    if (!put(name, Array.isArray(values) ? values : [values])) return undefined;
  if (Array.isArray(cookies) && cookies.length > 0 && !put('set-cookie', cookies)) return undefined;
  const headers: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, values] of merged.values()) headers[name] = values.length === 1 ? (values[0] ?? '') : values;
  return headers;
}

function entries(value: unknown): [string, unknown][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.entries(value).filter(([, item]) => item !== null && item !== undefined);
}
