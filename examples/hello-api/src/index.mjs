// Answers with what API Gateway told it: the route, the path parameters, the payload format and the authorized user.
export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    message: `hello ${event.pathParameters?.name ?? event.pathParameters?.proxy ?? 'world'}`,
    payloadFormat: event.version ?? '1.0',
    route: event.routeKey ?? `${event.httpMethod} ${event.resource}`,
    pathParameters: event.pathParameters ?? null,
    // Set on routes behind the Lambda authorizer: who it let in.
    ...(event.requestContext?.authorizer?.user ? { user: event.requestContext.authorizer.user } : {}),
  }),
});
