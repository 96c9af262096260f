/// <reference lib="dom" />
import { signRequest, type Credentials } from './sigv4.ts';

/** What the cloud tells its console at start: where it is and whom to sign as. */
export interface ConsoleConfig {
  region: string;
  accountId: string;
  credentials: Credentials;
}

/** An AWS error answer, in the service's own words. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The one way the console talks to the cloud: its public AWS APIs, each request signed. */
export interface AwsClient {
  readonly config: ConsoleConfig;
  /** A rest-json call (Signer, Lambda); resolves the parsed answer, `{}` when it has no body. */
  json<T>(
    service: 'signer' | 'lambda',
    method: string,
    path: string,
    body?: unknown,
    query?: URLSearchParams,
  ): Promise<T>;
  /** A rest-json call whose answer is not JSON (Lambda's Invoke): resolves the raw answer, throws AwsError on an error. */
  rest(
    service: 'signer' | 'lambda',
    method: string,
    path: string,
    options?: { query?: URLSearchParams; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> },
  ): Promise<Response>;
  /** A JSON 1.1 call (CloudTrail), `target` being the whole `X-Amz-Target`; resolves the parsed answer. */
  target<T>(service: 'cloudtrail', target: string, body: unknown): Promise<T>;
  /** A query-protocol call (CloudFormation, STS); resolves the XML answer. */
  query(service: 'cloudformation' | 'sts', action: string, params?: Record<string, string>): Promise<Document>;
  /** An S3 REST call; resolves the raw answer (throws AwsError on an error answer). */
  s3(
    method: string,
    path: string,
    options?: { query?: URLSearchParams; body?: Uint8Array<ArrayBuffer>; headers?: Record<string, string> },
  ): Promise<Response>;
}

/** Where the cloud mounts its AWS APIs for the console (the gate strips it before routing). */
const API_BASE = '/_console/aws';

/** Encodes each segment of a path built from names (bucket, key, function name). */
export function pathOf(...segments: string[]): string {
  return `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`;
}

/** Reads the console's configuration and returns the client every page uses. */
export async function openAwsClient(): Promise<AwsClient> {
  const answer = await fetch('/_console/config.json', { cache: 'no-store' });
  if (!answer.ok) throw new AwsError('ConsoleSession', answer.status, (await answer.text()).trim());
  const config = (await answer.json()) as ConsoleConfig;
  const empty = new Uint8Array();

  async function send(
    service: string,
    method: string,
    path: string,
    query: URLSearchParams,
    headers: Record<string, string>,
    body: Uint8Array<ArrayBuffer>,
  ): Promise<Response> {
    // The single signing step: when the cloud checks signatures, `config.credentials` is the admin identity.
    const signed = await signRequest(
      { method, path, query, headers, body },
      location.host,
      service,
      config.region,
      config.credentials,
    );
    const search = query.toString();
    return fetch(`${API_BASE}${path}${search ? `?${search}` : ''}`, {
      method,
      headers: signed,
      ...(method === 'GET' || method === 'HEAD' ? {} : { body: body as BodyInit }),
      credentials: 'same-origin',
      cache: 'no-store',
    });
  }

  return {
    config,
    async json<T>(
      service: 'signer' | 'lambda',
      method: string,
      path: string,
      body?: unknown,
      query = new URLSearchParams(),
    ) {
      const bytes = body === undefined ? empty : new TextEncoder().encode(JSON.stringify(body));
      const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
      const answer = await send(service, method, path, query, headers, bytes);
      const text = await answer.text();
      if (!answer.ok) throw restJsonError(answer, text);
      return (text ? JSON.parse(text) : {}) as T;
    },
    async rest(service: 'signer' | 'lambda', method: string, path: string, options = {}) {
      const answer = await send(
        service,
        method,
        path,
        options.query ?? new URLSearchParams(),
        options.headers ?? {},
        options.body ?? empty,
      );
      if (!answer.ok) throw restJsonError(answer, await answer.text());
      return answer;
    },
    async target<T>(service: 'cloudtrail', target: string, body: unknown) {
      const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
      const answer = await send(
        service,
        'POST',
        '/',
        new URLSearchParams(),
        headers,
        new TextEncoder().encode(JSON.stringify(body)),
      );
      const text = await answer.text();
      if (!answer.ok) throw restJsonError(answer, text);
      return JSON.parse(text) as T;
    },
    async query(service: 'cloudformation' | 'sts', action: string, params: Record<string, string> = {}) {
      const version = service === 'sts' ? '2011-06-15' : '2010-05-15';
      const form = new URLSearchParams({ Action: action, Version: version, ...params });
      const bytes = new TextEncoder().encode(form.toString());
      const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
      const answer = await send(service, 'POST', '/', new URLSearchParams(), headers, bytes);
      const document = new DOMParser().parseFromString(await answer.text(), 'application/xml');
      if (!answer.ok) throw xmlError(document, answer);
      return document;
    },
    async s3(method: string, path: string, options = {}) {
      const answer = await send(
        's3',
        method,
        path,
        options.query ?? new URLSearchParams(),
        options.headers ?? {},
        options.body ?? empty,
      );
      if (!answer.ok) {
        const text = method === 'HEAD' ? '' : await answer.text();
        throw xmlError(new DOMParser().parseFromString(text || '<Error/>', 'application/xml'), answer);
      }
      return answer;
    },
  };
}

/** A rest-json error answer in the service's words; the gate answers in plain text (an ended session). */
function restJsonError(answer: Response, text: string): AwsError {
  const parsed = parseJson(text) ?? {};
  const code =
    (answer.headers.get('x-amzn-errortype') ?? String(parsed.__type ?? `HTTP${answer.status}`)).split(':')[0] ?? '';
  return new AwsError(
    code,
    answer.status,
    String(parsed.message ?? parsed.Message ?? (text.trim() || answer.statusText)),
  );
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function xmlError(document: Document, answer: Response): AwsError {
  const code = document.querySelector('Code')?.textContent ?? `HTTP${answer.status}`;
  const message = document.querySelector('Message')?.textContent ?? answer.statusText;
  return new AwsError(code, answer.status, message);
}

/** The text of the first element named `name` under `node`, or ''. */
export function xmlText(node: ParentNode, name: string): string {
  return node.querySelector(`:scope > ${name}`)?.textContent ?? '';
}

/** The elements named `name` anywhere under `node`. */
export function xmlAll(node: ParentNode, name: string): Element[] {
  return [...node.querySelectorAll(name)];
}
