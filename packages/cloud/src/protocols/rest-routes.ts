import { nullRecord } from './untrusted-names.ts';

/**
 * Decodes a percent-encoded path or path label. A malformed escape (`%zz`)
 * leaves the text as sent, so the operation answers with its own not-found or
 * validation error instead of the server failing on the request line.
 */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** One operation's HTTP binding as the service model writes it: method, URI with `{Label}`s, and what answers it. */
export type RestRouteEntry<T> = readonly [method: string, uri: string, target: T];

/** A compiled route table of a REST service (JSON or XML). */
export interface RestRoutes<T> {
  readonly routes: readonly { method: string; segments: readonly string[]; target: T }[];
}

/** A matched operation and its decoded path labels (a record with no prototype). */
export interface RestMatch<T> {
  target: T;
  params: Record<string, string>;
}

/** Compiles a route table once, at module load. */
export function restRoutes<T>(table: readonly RestRouteEntry<T>[]): RestRoutes<T> {
  return { routes: table.map(([method, uri, target]) => ({ method, segments: uri.split('/').slice(1), target })) };
}

/**
 * The operation for a method and raw path; undefined when none matches. Works
 * on the raw path and decodes each segment after splitting, so an ARN label
 * (`/tags/arn%3Aaws…%2Fname`) stays one parameter. A label matches one
 * non-empty segment; a trailing slash is ignored.
 */
export function matchRestRoute<T>(table: RestRoutes<T>, method: string, rawPath: string): RestMatch<T> | undefined {
  const parts = rawPath.replace(/\/+$/, '').split('/').slice(1);
  for (const route of table.routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params = nullRecord<string>();
    const matched = route.segments.every((segment, index) => {
      const part = parts[index] ?? '';
      if (segment.startsWith('{') && segment.endsWith('}')) {
        params[segment.slice(1, -1)] = safeDecode(part);
        return part.length > 0;
      }
      return segment === part;
    });
    if (matched) return { target: route.target, params };
  }
  return undefined;
}
