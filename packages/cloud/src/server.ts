import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudContext, ServicePlugin, ServiceRequest } from './plugin.ts';
import { defaultCodecFor } from './protocols/default-codecs.ts';
import { newRequestId, requestIdHeaders } from './protocols/request-id.ts';
import { restJsonCodec } from './protocols/rest-json.ts';
import type { ConsoleGate } from './console-gate.ts';
import { JSON_BODY_LIMIT, QUERY_BODY_LIMIT } from './protocols/body-limits.ts';
import { authenticatedRequest } from './iam/authenticated-request.ts';
import type { RequestAuthenticator } from './iam/request-authentication.ts';
import { allowedOriginSet, refuseRequest } from './request-guard.ts';
import { routeRequest } from './router.ts';
import { ServiceError } from './service-error.ts';
import { toServiceRequest } from './server-request.ts';
import { writeServiceResponse } from './server-response.ts';

/** The cloud's HTTP front: one loopback listener that hands each request to its plugin. */
export interface CloudServer {
  /** Listens on 127.0.0.1:`port` (0 = ephemeral); resolves the bound port. */
  listen(port: number): Promise<number>;
  /** Stops accepting, lets in-flight requests finish (up to `graceMs`), then drops every socket. */
  close(graceMs?: number): Promise<void>;
}

/** Options for the front end; `onError` sees unexpected plugin failures (answered as 500). */
export interface CloudServerOptions {
  plugins: ReadonlyMap<string, ServicePlugin>;
  ctx: CloudContext;
  /** Checks each request's SigV4 signature against the state folder's identities. */
  authenticator: RequestAuthenticator;
  /** `request` is absent when the failure came before the request could be read. */
  onError?: (error: unknown, request?: ServiceRequest) => void;
  /**
   * Browser origins allowed to call the cloud (`http://localhost:3000`); requests
   * with any other `Origin`, or `Sec-Fetch-Site: cross-site`/`same-site`, are refused with 403.
   */
  allowedOrigins?: readonly string[];
  /** The web console under `/_console/`, when the cloud serves one. */
  console?: ConsoleGate;
}

/**
 * With a console on this origin, every other answer (an S3 object, a code download) is
 * sandboxed: HTML stored in a bucket and opened here must not run as the console's origin.
 */
const SANDBOXED = { 'content-security-policy': 'sandbox' };

/** Creates the HTTP server that routes by SigV4 scope and renders errors with each plugin's codec. */
export function createCloudServer(options: CloudServerOptions): CloudServer {
  const allowedOrigins = allowedOriginSet(options.allowedOrigins);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server: Server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
    handle(req, res, options, allowedOrigins).catch((error: unknown) => answerUnexpected(req, res, error, options));
  });
  return {
    listen(port) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    },
    async close(graceMs = 2_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: CloudServerOptions,
  allowedOrigins: ReadonlySet<string>,
): Promise<void> {
  const requestId = newRequestId();
  const decision = options.console?.decide(req) ?? { kind: 'pass' };
  if (decision.kind === 'answer') {
    await writeServiceResponse(res, decision.response, requestIdHeaders(requestId), req.method === 'HEAD');
    if (!req.complete) req.resume();
    return;
  }
  const request = toServiceRequest(req, requestId);
  const isHead = request.method === 'HEAD';
  const { plugin, publicEndpoint } = routeRequest(options.plugins, request);
  // An API route on its own origin ({id}.execute-api.localhost) cannot script the console: its pages may run.
  const sandboxed = options.console && !publicEndpoint?.ownOrigin;
  const idHeaders = sandboxed ? { ...requestIdHeaders(requestId), ...SANDBOXED } : requestIdHeaders(requestId);
  const codec = plugin ? (plugin.codec ?? defaultCodecFor(plugin.name)) : restJsonCodec();
  const refusal = refuseRequest(request, codec, allowedOrigins, decision.kind === 'api');
  if (refusal) {
    await writeServiceResponse(res, codec.error(refusal, request, requestId), idHeaders, isHead);
    if (!req.complete) req.resume();
    return;
  }
  if (!plugin) {
    const service = request.scope?.service ?? 'unknown';
    const error = new ServiceError(
      'UnrecognizedClientException',
      400,
      `The local cloud does not emulate the service '${service}'.`,
    );
    await writeServiceResponse(res, codec.error(error, request, requestId), idHeaders, isHead);
    return;
  }
  const answerError = (error: unknown) => {
    if (!(error instanceof ServiceError)) options.onError?.(error, request);
    const serviceError = error instanceof ServiceError ? error : internalError();
    const rendered = codec.error(serviceError, request, requestId);
    rendered.headers = { ...serviceError.headers, ...rendered.headers };
    return rendered;
  };
  let answer;
  try {
    const limit =
      plugin.requestBodyLimit?.(request) ?? (codec.protocol === 'query' ? QUERY_BODY_LIMIT : JSON_BODY_LIMIT);
    // A public endpoint (an API route) is served unsigned, as API Gateway serves it; any other request is signed.
    const auth = publicEndpoint ? undefined : await options.authenticator.authenticate(request, plugin.name, limit);
    answer = await plugin.handle(auth ? authenticatedRequest(request, auth) : request, options.ctx);
  } catch (error) {
    if (!(error instanceof ServiceError) && req.destroyed) return;
    answer = answerError(error);
  }
  try {
    await writeServiceResponse(res, answer, idHeaders, isHead);
  } catch (error) {
    // A body stream that failed before its first byte still gets an error answer; later, only a cut connection says so.
    if (res.headersSent || req.destroyed) throw error;
    await writeServiceResponse(res, answerError(error), idHeaders, isHead);
  }
  // An answer given before the body was read (an error, usually): drain the rest so keep-alive goes on.
  if (!req.complete) req.resume();
}

function internalError(): ServiceError {
  return new ServiceError('InternalError', 500, 'We encountered an internal error. Please try again.');
}

/**
 * The last line of defence: a failure outside any plugin's error handling (a request the
 * front end could not read, an answer that could not be written) is reported, answered
 * 500 InternalError when nothing was sent yet, and otherwise ends that one connection.
 */
function answerUnexpected(
  req: IncomingMessage,
  res: ServerResponse,
  error: unknown,
  options: CloudServerOptions,
): void {
  if (!req.destroyed && !(error instanceof ServiceError)) options.onError?.(error);
  if (res.headersSent || req.destroyed) {
    res.destroy();
    return;
  }
  const answer = error instanceof ServiceError ? error : internalError();
  const body = JSON.stringify({ message: answer.message });
  res.writeHead(answer.status, {
    ...requestIdHeaders(newRequestId()),
    'content-type': 'application/json',
    'x-amzn-errortype': answer.code,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  if (!req.complete) req.resume();
}
