import type { ServiceRequest, ServiceResponse } from '../plugin.ts';
import { ServiceError } from '../service-error.ts';
import type { ProtocolCodec } from './codec.ts';
import { escapeXml, toXml, type XmlValue } from './xml.ts';
import { newRequestId } from './request-id.ts';
import { QUERY_BODY_LIMIT, type BodyLimit } from './body-limits.ts';
import { nullRecord, refusePrototypeName } from './untrusted-names.ts';

/** A query-protocol request: its `Action`, `Version` and every other parameter, flat and expanded. */
export interface QueryRequest {
  action: string;
  version: string | undefined;
  /** Parameters as sent: `Parameters.member.1.ParameterKey` → value (a null-prototype record). */
  flat: Record<string, string>;
  /** The same, expanded: `member`/numbered lists become arrays, `entry.N.key/value` maps become objects (null-prototype). */
  params: Record<string, unknown>;
}

/**
 * Segments a parameter name may have. CloudFormation's deepest
 * (`ResourcesToImport.member.1.ResourceIdentifier.entry.1.value`) has 7.
 */
export const MAX_QUERY_NAME_SEGMENTS = 16;

/**
 * Reads a query-protocol request: form-encoded POST body merged over the URL
 * query (GET works too). The body is bounded by `limit` (default QUERY_BODY_LIMIT).
 */
export async function readQueryRequest(
  request: ServiceRequest,
  limit: BodyLimit = QUERY_BODY_LIMIT,
): Promise<QueryRequest> {
  const flat = nullRecord<string>();
  for (const [name, value] of request.query) flat[name] = value;
  const body = await request.readBody(limit);
  if (body.length > 0) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) flat[name] = value;
  }
  const action = flat.Action;
  if (!action) throw new ServiceError('MissingAction', 400, 'Missing Action');
  return { action, version: flat.Version, flat, params: expandQueryParams(flat) };
}

type Tree = { [segment: string]: Tree | string };

/**
 * Expands flattened query parameters: `A.member.1.B=x` → `{A:[{B:'x'}]}`,
 * `A.member.1=x` → `{A:['x']}`, `A.entry.1.key=k&A.entry.1.value=v` → `{A:{k:'v'}}`.
 * Numbered lists without `member` (`A.1=x`) are arrays too. Every object is
 * null-prototype; a name with more than MAX_QUERY_NAME_SEGMENTS segments, or a
 * segment or map key `__proto__`/`constructor`/`prototype`, is a ValidationError.
 */
export function expandQueryParams(flat: Record<string, string>): Record<string, unknown> {
  const root: Tree = nullRecord();
  for (const name of Object.keys(flat)) {
    const value = flat[name] as string;
    const segments = name.split('.');
    if (segments.length > MAX_QUERY_NAME_SEGMENTS) {
      throw new ServiceError(
        'ValidationError',
        400,
        `Parameter name '${name.slice(0, 64)}…' has ${segments.length} segments; at most ${MAX_QUERY_NAME_SEGMENTS} are accepted`,
      );
    }
    let node = root;
    segments.forEach((segment, index) => {
      refusePrototypeName(segment, 'Parameter name segment');
      if (index === segments.length - 1) {
        node[segment] = value;
        return;
      }
      const next = node[segment];
      if (typeof next === 'object') node = next;
      else node = node[segment] = nullRecord();
    });
  }
  return normalise(root) as Record<string, unknown>;
}

function normalise(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && (keys[0] === 'member' || keys[0] === 'entry')) {
    const inner = node[keys[0]];
    if (inner !== undefined && typeof inner === 'object') {
      const items = numbered(inner);
      if (items && keys[0] === 'entry') return toMap(items);
      if (items) return items;
    }
  }
  const items = numbered(node);
  if (items) return items;
  const out = nullRecord<unknown>();
  for (const key of keys) out[key] = normalise(node[key] as Tree | string);
  return out;
}

function numbered(node: Tree): unknown[] | undefined {
  const keys = Object.keys(node);
  if (keys.length === 0 || !keys.every((key) => /^[1-9][0-9]*$/.test(key))) return undefined;
  // Compared as digit strings: numbers past 2^53 would lose their identity through Number().
  return keys
    .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => normalise(node[key] as Tree | string));
}

function toMap(items: unknown[]): Record<string, unknown> {
  const map = nullRecord<unknown>();
  for (const item of items) {
    if (item && typeof item === 'object') {
      const entry = item as Record<string, unknown>;
      const key = entry.key ?? entry.Key;
      if (typeof key === 'string') {
        refusePrototypeName(key, 'Map key');
        map[key] = entry.value ?? entry.Value;
      }
    }
  }
  return map;
}

/**
 * A query-protocol success: `<ActionResponse xmlns><ActionResult>…</ActionResult><ResponseMetadata>…`.
 * `result` undefined omits the Result element (actions that return nothing).
 */
export function queryResponse(
  request: ServiceRequest,
  action: string,
  xmlns: string,
  result?: { [name: string]: XmlValue } | string,
): ServiceResponse {
  const requestId = request.requestId ?? newRequestId();
  const inner = result === undefined ? '' : typeof result === 'string' ? result : toXml(result);
  const resultXml = result === undefined ? '' : `<${action}Result>${inner}</${action}Result>`;
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<${action}Response xmlns="${escapeXml(xmlns)}">${resultXml}` +
      `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

/** The query-protocol codec: `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`. */
export function queryCodec(xmlns?: string): ProtocolCodec {
  return {
    protocol: 'query',
    error(error, _request, requestId) {
      const ns = xmlns ? ` xmlns="${escapeXml(xmlns)}"` : '';
      const fields: { [name: string]: XmlValue } = {
        Type: error.status >= 500 ? 'Receiver' : 'Sender',
        Code: error.code,
        Message: error.message,
        ...error.fields,
      };
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse${ns}><Error>${toXml(fields)}</Error><RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`,
      };
    },
  };
}
