// What the HTTP-shaped events (API Gateway REST and HTTP APIs, ALB) share: methods, paths, headers.

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

export function checkMethod(value: string): string | undefined {
  return METHODS.has(value) ? undefined : `expected one of ${[...METHODS].join(', ')}`;
}

/** A path as a request line has it: one leading slash, however the flag was written. */
export function absolutePath(path: string): string {
  return `/${path.replace(/^\/+/, '')}`;
}

/** API Gateway's time format in request contexts: `01/Jan/2024:12:00:00 +0000`. */
export function gatewayTime(time: Date): string {
  const month = time.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(time.getUTCDate())}/${month}/${time.getUTCFullYear()}:${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000`;
}

/**
 * The path parameters a REST API resource (`/users/{id}`, `/{proxy+}`) gives a path, or
 * undefined when the path does not match it. A greedy `{name+}` takes the rest of the path.
 */
export function pathParameters(resource: string, path: string): Record<string, string> | undefined {
  const templateSegments = resource.split('/').filter(Boolean);
  const pathSegments = path.split('/').filter(Boolean);
  const parameters = Object.create(null) as Record<string, string>;
  for (const [index, segment] of templateSegments.entries()) {
    const variable = /^\{([^{}+]+)(\+?)\}$/.exec(segment);
    if (variable?.[2] === '+') {
      if (index !== templateSegments.length - 1 || index >= pathSegments.length) return undefined;
      parameters[variable[1]!] = pathSegments.slice(index).join('/');
      return parameters;
    }
    const actual = pathSegments[index];
    if (actual === undefined) return undefined;
    if (variable) parameters[variable[1]!] = decodeURIComponent(actual);
    else if (segment !== actual) return undefined;
  }
  return templateSegments.length === pathSegments.length ? parameters : undefined;
}

/** The headers a client sends through API Gateway, with the host the request was addressed to. */
export function forwardedHeaders(host: string): Record<string, string> {
  return {
    Accept: 'application/json',
    'Accept-Encoding': 'gzip, deflate, br',
    Host: host,
    'User-Agent': 'Custom User Agent String',
    'X-Forwarded-For': '127.0.0.1',
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
}

/** API Gateway's multi-value form of a single-valued map. */
export function multiValue(map: Readonly<Record<string, string>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(map).map(([name, value]) => [name, [value]]));
}

/** Headers as HTTP APIs and load balancers pass them: names in lower case. */
export function lowerCaseNames(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
