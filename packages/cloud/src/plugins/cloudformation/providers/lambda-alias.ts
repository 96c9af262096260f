import {
  CreateAliasCommand,
  DeleteAliasCommand,
  UpdateAliasCommand,
  type AliasRoutingConfiguration,
} from '@aws-sdk/client-lambda';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { num, obj, str } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/** CloudFormation's `RoutingConfig` (a list of weights) as the SDK's map of version → weight. */
function routingConfig(value: unknown): AliasRoutingConfiguration | undefined {
  const config = obj(value);
  const weights = config?.AdditionalVersionWeights;
  if (!Array.isArray(weights)) return undefined;
  const map: Record<string, number> = {};
  for (const weight of weights) {
    const entry = obj(weight);
    const version = str(entry?.FunctionVersion);
    if (version !== undefined) map[version] = num(entry?.FunctionWeight) ?? 0;
  }
  return { AdditionalVersionWeights: map };
}

/** `AWS::Lambda::Alias`: Ref is the alias ARN; FunctionName and Name replace, the rest updates in place. */
export const lambdaAliasProvider: ResourceProvider = {
  type: 'AWS::Lambda::Alias',
  attributeNames: ['AliasArn'],
  requiresRecreation: (property) => (property === 'FunctionName' || property === 'Name' ? 'Always' : 'Never'),

  async create(ctx, properties) {
    const functionName = str(properties.FunctionName);
    const name = str(properties.Name);
    if (functionName === undefined) throw requiredPropertyMissing(ctx.logicalId, 'FunctionName');
    if (name === undefined) throw requiredPropertyMissing(ctx.logicalId, 'Name');
    const created = await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new CreateAliasCommand({
          FunctionName: functionName,
          Name: name,
          FunctionVersion: str(properties.FunctionVersion),
          Description: str(properties.Description),
          RoutingConfig: routingConfig(properties.RoutingConfig),
        }),
      ),
    );
    const arn = created.AliasArn ?? '';
    return { physicalId: arn, attributes: { AliasArn: arn } };
  },

  async update(ctx, current, properties) {
    await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new UpdateAliasCommand({
          FunctionName: str(properties.FunctionName),
          Name: str(properties.Name),
          FunctionVersion: str(properties.FunctionVersion),
          Description: str(properties.Description) ?? '',
          RoutingConfig: routingConfig(properties.RoutingConfig) ?? { AdditionalVersionWeights: {} },
        }),
      ),
    );
    return { physicalId: current.physicalId, attributes: current.attributes };
  },

  async delete(ctx, current) {
    const functionName = str(current.properties.FunctionName);
    const name = str(current.properties.Name);
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(new DeleteAliasCommand({ FunctionName: functionName, Name: name })),
    );
  },
};
