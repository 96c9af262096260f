/** What an API route runs, as API Gateway integrations are configured. */
export type ApiIntegration =
  | {
      kind: 'lambda-proxy';
      /** The function ARN (or name) as the integration names it, `${stageVariables.x}` not yet replaced. */
      functionTarget: string;
      payloadFormat: '1.0' | '2.0';
    }
  /** Anything the local cloud does not run yet, in words for the 501 it answers (`an HTTP integration`). */
  | { kind: 'unsupported'; what: string };

/** One route of a deployed API: a method (or `ANY`) on a path template, or an HTTP API's `$default`. */
export interface ApiRoute {
  /** `GET`, `POST`, … or `ANY`. */
  method: string;
  /** `/items/{id}`, `/{proxy+}`, or `$default` (HTTP APIs' catch-all route). */
  path: string;
  integration: ApiIntegration;
  /** Set when the route needs an authorizer the local cloud does not run: what it is, for the 501. */
  authorizer?: string;
  /** The REST resource's id (`requestContext.resourceId`); HTTP APIs have none. */
  resourceId?: string;
}

/** One stage: its variables (a record without prototype: names come from templates). */
export interface ApiStage {
  name: string;
  variables: Record<string, string>;
}

/** A deployed REST or HTTP API, compiled from its CloudFormation resources. */
export interface DeployedApi {
  kind: 'rest' | 'http';
  id: string;
  stackName: string;
  stages: ReadonlyMap<string, ApiStage>;
  routes: readonly ApiRoute[];
  /** REST APIs: content types whose request bodies reach the function base64-encoded. */
  binaryMediaTypes: readonly string[];
}
