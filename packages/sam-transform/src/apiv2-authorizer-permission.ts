/** The permission that lets API Gateway invoke an HTTP or WebSocket API's Lambda authorizer (`…/authorizers/*`). */
export function apiV2AuthorizerPermission(
  apiId: string,
  functionArn: unknown,
  attributes: Record<string, unknown>,
): Record<string, unknown> {
  return {
    Type: 'AWS::Lambda::Permission',
    ...attributes,
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: functionArn,
      Principal: 'apigateway.amazonaws.com',
      SourceArn: {
        'Fn::Sub': [
          'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*',
          { __ApiId__: { Ref: apiId } },
        ],
      },
    },
  };
}
