import { safeDecode } from '../../protocols/rest-routes.ts';
import { nullRecord } from '../../protocols/untrusted-names.ts';
import type { ApiRoute } from './api-model.ts';

/** The route a request reached and the path parameters it binds (a record without prototype). */
export interface RouteMatch {
  route: ApiRoute;
  pathParameters: Record<string, string>;
}

const LITERAL = 0;
const PARAMETER = 1;
const GREEDY = 2;

/**
 * The route API Gateway picks for a method and raw path: among the routes of this method or
 * `ANY` whose template matches, the most specific — literal segments before `{param}` before
 * `{proxy+}`, compared from the left — and on a tie the one of this exact method; an HTTP API's
 * `$default` route takes what nothing else does. A `{name+}` segment matches the rest of the path.
 */
export function matchRoute(routes: readonly ApiRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const parts = rawPath.replace(/\/+$/, '').split('/').slice(1);
  let best: { match: RouteMatch; ranks: number[]; exact: boolean } | undefined;
  let fallback: ApiRoute | undefined;
  for (const route of routes) {
    if (route.method !== method && route.method !== 'ANY') continue;
    if (route.path === '$default') {
      fallback ??= route;
      continue;
    }
    const bound = bind(route.path, parts);
    if (!bound) continue;
    const exact = route.method === method;
    const order = best ? compareRanks(bound.ranks, best.ranks) : -1;
    if (order < 0 || (order === 0 && exact && !best?.exact))
      best = { match: { route, pathParameters: bound.params }, ranks: bound.ranks, exact };
  }
  if (best) return best.match;
  return fallback ? { route: fallback, pathParameters: nullRecord() } : undefined;
}

function bind(
  template: string,
  parts: readonly string[],
): { params: Record<string, string>; ranks: number[] } | undefined {
  const segments = template.replace(/\/+$/, '').split('/').slice(1);
  const params = nullRecord<string>();
  const ranks: number[] = [];
  for (let index = 0; index < segments.length; index++) {
    const segment = segments[index] ?? '';
    const label = /^\{([^{}]+)\}$/.exec(segment)?.[1];
    if (label?.endsWith('+')) {
      if (index !== segments.length - 1 || parts.length <= index) return undefined;
      params[label.slice(0, -1)] = parts.slice(index).map(safeDecode).join('/');
      ranks.push(GREEDY);
      return { params, ranks };
    }
    const part = parts[index];
    if (part === undefined) return undefined;
    if (label !== undefined) {
      if (part === '') return undefined;
      params[label] = safeDecode(part);
      ranks.push(PARAMETER);
    } else {
      if (safeDecode(part) !== segment) return undefined;
      ranks.push(LITERAL);
    }
  }
  return segments.length === parts.length ? { params, ranks } : undefined;
}

/** Negative when `a` is the more specific: the first differing segment decides, then the longer path. */
function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return b.length - a.length;
}
