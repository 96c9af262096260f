import type { CloudContext } from '../../plugin.ts';

/** One Lambda API call, decoded: path labels, query and JSON body. */
export interface LambdaCall {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown>;
  readonly ctx: CloudContext;
}

/** What a Lambda operation answers: a status and a JSON body (none for 204). */
export interface LambdaReply {
  status: number;
  body?: unknown;
}

/** One Lambda operation. */
export type LambdaHandler = (call: LambdaCall) => Promise<LambdaReply> | LambdaReply;
