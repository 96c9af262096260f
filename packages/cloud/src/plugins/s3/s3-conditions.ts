import type { IncomingHttpHeaders } from 'node:http';
import { s3Errors } from './s3-errors.ts';
import type { ObjectVersion } from './s3-store.ts';

/** What the GET/HEAD preconditions decided: go on, or answer 304 Not Modified. */
export type ConditionOutcome = 'proceed' | 'not-modified';

/**
 * Evaluates If-Match / If-None-Match / If-Modified-Since / If-Unmodified-Since the way S3
 * does: a failed If-Match or If-Unmodified-Since is 412; If-None-Match / If-Modified-Since give 304.
 */
export function checkConditions(headers: IncomingHttpHeaders, object: ObjectVersion): ConditionOutcome {
  const ifMatch = header(headers, 'if-match');
  const ifNoneMatch = header(headers, 'if-none-match');
  const modifiedSince = date(header(headers, 'if-modified-since'));
  const unmodifiedSince = date(header(headers, 'if-unmodified-since'));
  const lastModified = Math.floor(Date.parse(object.lastModified) / 1000) * 1000;
  if (ifMatch !== undefined && !etagMatches(ifMatch, object.etag)) throw s3Errors.preconditionFailed('If-Match');
  if (ifMatch === undefined && unmodifiedSince !== undefined && lastModified > unmodifiedSince) {
    throw s3Errors.preconditionFailed('If-Unmodified-Since');
  }
  if (ifNoneMatch !== undefined && etagMatches(ifNoneMatch, object.etag)) return 'not-modified';
  if (ifNoneMatch === undefined && modifiedSince !== undefined && lastModified <= modifiedSince) return 'not-modified';
  return 'proceed';
}

/** Whether an If-Match style list (`"a", "b"` or `*`) names `etag`. */
export function etagMatches(list: string, etag: string): boolean {
  return list.split(',').some((item) => {
    const candidate = item.trim();
    return candidate === '*' || candidate === etag || `"${candidate}"` === etag;
  });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

function date(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
