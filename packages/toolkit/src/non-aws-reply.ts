import { Transform, Readable } from 'node:stream';
import { OperationError, messages } from '@toolkit/core';

/** The start of one raw HTTP reply, kept so a reply the SDK cannot read can be described. */
interface ReplyPeek {
  origin: string;
  status: number;
  head: Buffer[];
  length: number;
}

const peekKey = Symbol('toolkit reply peek');
const peekBytes = 512;

/**
 * Turns replies that are not AWS-shaped (an HTML 404 from a web server, 200 with junk) into
 * one readable error — `Signer StartSigningJob at http://host answered HTTP 404 (not an AWS
 * error document): <!doctype html>` — instead of the SDK's JSON or XML parse failure.
 */
export function handleNonAwsReplies(stack: MiddlewareStackLike): void {
  stack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        const peek = (context as Record<symbol, ReplyPeek | undefined>)[peekKey];
        if (!peek || !(error instanceof Error) || !('$response' in error) || looksAws(peek)) throw error;
        throw new OperationError(messages.NonAwsReply, describe(peek, context), { cause: error });
      }
    },
    { step: 'initialize', priority: 'high', name: 'toolkitNonAwsReply' },
  );
  // Innermost, next to the HTTP handler: sees every attempt's raw reply before it is parsed.
  stack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const response = result.response as { statusCode?: number; body?: unknown };
      const request = args.request as { protocol?: string; hostname?: string; port?: number };
      if (typeof response?.statusCode !== 'number') return result;
      const peek: ReplyPeek = {
        origin: `${request.protocol ?? 'https:'}//${request.hostname ?? ''}${request.port ? `:${request.port}` : ''}`,
        status: response.statusCode,
        head: [],
        length: 0,
      };
      (context as Record<symbol, ReplyPeek>)[peekKey] = peek;
      if (response.body instanceof Readable) response.body = recordHead(response.body, peek);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'toolkitReplyPeek' },
  );
}

/** The part of an SDK client's middleware stack used here (the SDK's own types are not a dependency). */
export interface MiddlewareStackLike {
  add(
    middleware: (next: (args: any) => Promise<any>, context: any) => (args: any) => Promise<any>,
    options: { step: 'initialize' | 'deserialize'; priority: 'high' | 'low'; name: string },
  ): void;
}

interface HandlerExecutionContext {
  clientName?: string;
  commandName?: string;
}

/** `body` passed through a stream that keeps its first bytes in `peek`. */
function recordHead(body: Readable, peek: ReplyPeek): Readable {
  const through = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (peek.length < peekBytes) {
        const part = chunk.subarray(0, peekBytes - peek.length);
        peek.head.push(part);
        peek.length += part.length;
      }
      done(null, chunk);
    },
  });
  body.once('error', (error) => through.destroy(error));
  return body.pipe(through);
}

/** An AWS reply is JSON, an XML document, or (HEAD, S3 404s) empty; web pages and junk are not. */
function looksAws(peek: ReplyPeek): boolean {
  const text = Buffer.concat(peek.head).toString('utf8').trimStart();
  if (peek.status >= 300 && text === '') return true;
  return (
    text.startsWith('{') ||
    /^<(\?xml|Error|ErrorResponse)\b/.test(text) ||
    (peek.status < 300 && /^<[A-Z]\w*[ >]/.test(text))
  );
}

function describe(peek: ReplyPeek, context: HandlerExecutionContext): string {
  const service = (context.clientName ?? 'AWS').replace(/Client$/, '');
  const operation = (context.commandName ?? 'request').replace(/Command$/, '');
  const text = Buffer.concat(peek.head).toString('utf8');
  const line =
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== '')
      ?.trim() ?? '(empty body)';
  const shown = line.length > 120 ? `${line.slice(0, 120)}…` : line;
  return `${service} ${operation} at ${peek.origin} answered HTTP ${peek.status} (not an AWS error document): ${shown}`;
}
