import type { SamScope } from './sam-scope.ts';

/** What a function event source reads: the event, the function it belongs to and what was generated for it. */
export interface FunctionEventContext {
  /** The SAM function's logical id. */
  functionId: string;
  /** The event's name under `Events`. */
  eventId: string;
  /** The event's `Properties` (an empty object when it has none). */
  properties: Record<string, unknown>;
  /** The SAM function resource as written (Globals merged). */
  resource: Record<string, unknown>;
  /** The generated `AWS::Lambda::Function`. */
  lambdaFunction: Record<string, unknown>;
  /** The generated execution role, when the transform made one: pull sources add their policies to it. */
  role: Record<string, unknown> | undefined;
  /** Logical id of the generated alias (AutoPublishAlias), which permissions and mappings then target. */
  aliasId: string | undefined;
  scope: SamScope;
}

/**
 * One event `Type` of `AWS::Serverless::Function` `Events`: returns the resources it generates by
 * logical id and may add to `role`; throws `SamResourceError` for bad input.
 */
export type FunctionEventSource = (context: FunctionEventContext) => Record<string, Record<string, unknown>>;
