import {
  CreateFunctionUrlConfigCommand,
  DeleteFunctionUrlConfigCommand,
  UpdateFunctionUrlConfigCommand,
  type Cors,
  type FunctionUrlAuthType,
  type InvokeMode,
} from '@aws-sdk/client-lambda';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { bool, num, obj, str, strList } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/** CloudFormation's `Cors` as the SDK's: the same members, each kept only when it has its type. */
function corsOf(value: unknown): Cors | undefined {
  const cors = obj(value);
  if (!cors) return undefined;
  const members: Cors = {
    AllowCredentials: bool(cors.AllowCredentials),
    AllowHeaders: strList(cors.AllowHeaders),
    AllowMethods: strList(cors.AllowMethods),
    AllowOrigins: strList(cors.AllowOrigins),
    ExposeHeaders: strList(cors.ExposeHeaders),
    MaxAge: num(cors.MaxAge),
  };
  return Object.fromEntries(Object.entries(members).filter(([, member]) => member !== undefined));
}

/** The function and qualifier a URL is for: `TargetFunctionArn` may carry an alias, or `Qualifier` names it. */
function target(properties: Record<string, unknown>): {
  FunctionName: string | undefined;
  Qualifier: string | undefined;
} {
  return { FunctionName: str(properties.TargetFunctionArn), Qualifier: str(properties.Qualifier) };
}

/**
 * `AWS::Lambda::Url`: Ref and `FunctionArn` are the function's ARN, `FunctionUrl` its URL as Lambda
 * gives it (`https://{id}.lambda-url.{region}.on.aws/`; the local cloud answers it path-style too).
 * The function and qualifier replace it; auth type, CORS and invoke mode update in place.
 */
export const lambdaUrlProvider: ResourceProvider = {
  type: 'AWS::Lambda::Url',
  attributeNames: ['FunctionArn', 'FunctionUrl'],
  requiresRecreation: (property) => (property === 'TargetFunctionArn' || property === 'Qualifier' ? 'Always' : 'Never'),

  async create(ctx, properties) {
    const { FunctionName, Qualifier } = target(properties);
    if (FunctionName === undefined) throw requiredPropertyMissing(ctx.logicalId, 'TargetFunctionArn');
    const authType = str(properties.AuthType);
    if (authType === undefined) throw requiredPropertyMissing(ctx.logicalId, 'AuthType');
    const created = await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new CreateFunctionUrlConfigCommand({
          FunctionName,
          Qualifier,
          AuthType: authType as FunctionUrlAuthType,
          Cors: corsOf(properties.Cors),
          InvokeMode: str(properties.InvokeMode) as InvokeMode | undefined,
        }),
      ),
    );
    const arn = created.FunctionArn ?? '';
    return { physicalId: arn, attributes: { FunctionArn: arn, FunctionUrl: created.FunctionUrl ?? '' } };
  },

  async update(ctx, current, properties) {
    await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new UpdateFunctionUrlConfigCommand({
          ...target(properties),
          AuthType: str(properties.AuthType) as FunctionUrlAuthType | undefined,
          // A Cors removed from the template is removed from the URL.
          Cors: corsOf(properties.Cors) ?? {},
          InvokeMode: (str(properties.InvokeMode) ?? 'BUFFERED') as InvokeMode,
        }),
      ),
    );
    return { physicalId: current.physicalId, attributes: current.attributes };
  },

  async delete(ctx, current) {
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(new DeleteFunctionUrlConfigCommand(target(current.properties))),
    );
  },
};
