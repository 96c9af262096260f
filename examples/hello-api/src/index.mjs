// Answers with what API Gateway told it: the route, the path parameters and the payload format.
export const handler = async (event) => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    message: `hello ${event.pathParameters?.name ?? event.pathParameters?.proxy ?? 'world'}`,
    payloadFormat: event.version ?? '1.0',
    route: event.routeKey ?? `${event.httpMethod} ${event.resource}`,
    pathParameters: event.pathParameters ?? null,
  }),
});
