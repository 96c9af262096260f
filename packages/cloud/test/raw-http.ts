import { request as httpRequest, type ClientRequest, type IncomingHttpHeaders } from 'node:http';

/** One HTTP exchange as the wire carried it. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What to send: method, path with query, headers (a `host` here replaces the endpoint's), body. */
export interface RawRequestOptions {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Sends one request to the cloud at `endpoint` exactly as given (no SDK, no signing) and reads the whole answer. */
export function rawRequest(endpoint: string, options: RawRequestOptions): Promise<RawResponse> {
  const { request, response } = openRawRequest(endpoint, options);
  request.end(options.body);
  return response;
}

/**
 * Starts a request and leaves its body open: write to `request` and see whether
 * `response` settles before the body ends (an answer given without reading it all).
 */
export function openRawRequest(
  endpoint: string,
  options: Omit<RawRequestOptions, 'body'>,
): { request: ClientRequest; response: Promise<RawResponse> } {
  const url = new URL(endpoint);
  let request!: ClientRequest;
  const response = new Promise<RawResponse>((resolve, reject) => {
    request = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    request.on('error', reject);
  });
  return { request, response };
}
