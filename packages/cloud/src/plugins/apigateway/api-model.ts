import type { GatewayResponse } from './gateway-responses.ts';

/** One of an integration's responses: which result it answers and what the method answers then. */
export interface IntegrationResponse {
  /** The regular expression the result's status code must match; undefined for the `default` response. */
  selectionPattern?: string;
  statusCode: string;
  /** `method.response.header.X` → its source (`'literal'` for a static value), as `responseParameters` map them. */
  parameters: ReadonlyMap<string, string>;
  /** Content type → mapping template of the answer's body. */
  templates: ReadonlyMap<string, string>;
}

/** What an API route runs, as API Gateway integrations are configured. */
export type ApiIntegration =
  | {
      kind: 'lambda-proxy';
      /** The function ARN (or name) as the integration names it, `${stageVariables.x}` not yet replaced. */
      functionTarget: string;
      payloadFormat: '1.0' | '2.0';
      /** The role API Gateway assumes to invoke the function, when the integration names one. */
      credentials?: string;
    }
  /** A MOCK integration: the request template picks the status code, an integration response answers. */
  | { kind: 'mock'; requestTemplates: ReadonlyMap<string, string>; responses: readonly IntegrationResponse[] }
  /** Anything the local cloud does not run yet, in words for the 501 it answers (`an HTTP integration`). */
  | { kind: 'unsupported'; what: string };

/** A Lambda authorizer (REST `TOKEN`/`REQUEST`, HTTP API `REQUEST`), as API Gateway runs it. */
export interface LambdaAuthorizer {
  name: string;
  /** The id in `…/authorizers/{id}`, the source ARN API Gateway invokes the function with. */
  id: string;
  type: 'TOKEN' | 'REQUEST';
  /** The function ARN its `authorizerUri` names. */
  functionTarget: string;
  /** `method.request.header.Authorization` (REST) or `$request.header.Authorization` (HTTP APIs). */
  identitySources: readonly string[];
  /** TOKEN authorizers: a token that does not match is refused without calling the function. */
  validationExpression?: string;
  /** How long a result is cached by its identity sources; 0 turns caching off. */
  ttlSeconds: number;
  /** REST authorizers take format 1.0 events; HTTP API ones name theirs. */
  payloadFormat: '1.0' | '2.0';
  /** HTTP API format 2.0: `{ isAuthorized, context }` instead of an IAM policy. */
  simpleResponses: boolean;
  /** The role API Gateway assumes to invoke the function, when the authorizer names one. */
  credentials?: string;
}

/** What a route needs before its integration runs. */
export type RouteAuth =
  | { kind: 'iam' }
  | { kind: 'lambda'; authorizer: LambdaAuthorizer }
  /** What the local cloud does not run (Cognito, JWT, API keys), in words for the 501. */
  | { kind: 'unsupported'; what: string };

/** One route of a deployed API: a method (or `ANY`) on a path template, or an HTTP API's `$default`. */
export interface ApiRoute {
  /** `GET`, `POST`, … or `ANY`. */
  method: string;
  /** `/items/{id}`, `/{proxy+}`, or `$default` (HTTP APIs' catch-all route). */
  path: string;
  integration: ApiIntegration;
  /** Set when the route needs authorization. */
  auth?: RouteAuth;
  /** The REST resource's id (`requestContext.resourceId`); HTTP APIs have none. */
  resourceId?: string;
}

/** One stage: its variables (a record without prototype: names come from templates). */
export interface ApiStage {
  name: string;
  variables: Record<string, string>;
}

/** An HTTP API's `CorsConfiguration`: API Gateway answers preflights and adds the headers itself. */
export interface CorsConfiguration {
  allowOrigins: readonly string[];
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  exposeHeaders: readonly string[];
  maxAge?: number;
  allowCredentials: boolean;
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
  /** HTTP APIs with a CORS configuration. */
  cors?: CorsConfiguration;
  /** REST APIs: customized gateway responses, by type (`UNAUTHORIZED`, `DEFAULT_4XX`, …). */
  gatewayResponses?: ReadonlyMap<string, GatewayResponse>;
}
