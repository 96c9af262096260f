import type { FunctionEventContext } from './function-event-source.ts';
import { passthroughAttributes } from './sam-scope.ts';

/** Path parameters (`{id}`, `{proxy+}`) as the `*` an execute-api ARN matches them with. */
export function pathWithWildcards(path: string): string {
  return path.replace(/{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)}/g, '*');
}

/**
 * The `AWS::Lambda::Permission` an API event gets: API Gateway may invoke the function (or its alias)
 * on `arn` (an execute-api ARN with `${__ApiId__}` and `${__Stage__}`, stage `*`).
 */
export function apiGatewayPermission(
  context: Pick<FunctionEventContext, 'functionId' | 'resource' | 'aliasId'>,
  arn: string,
  apiRef: unknown,
): Record<string, unknown> {
  return {
    Type: 'AWS::Lambda::Permission',
    ...passthroughAttributes(context.resource),
    Properties: {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: context.aliasId ?? context.functionId },
      Principal: 'apigateway.amazonaws.com',
      SourceArn: { 'Fn::Sub': [arn, { __ApiId__: apiRef, __Stage__: '*' }] },
    },
  };
}
