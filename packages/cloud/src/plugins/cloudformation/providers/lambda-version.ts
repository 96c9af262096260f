import { DeleteFunctionCommand, PublishVersionCommand } from '@aws-sdk/client-lambda';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { str } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/** `AWS::Lambda::Version`: Ref is the version ARN, GetAtt Version; any change publishes a new one. */
export const lambdaVersionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Version',
  attributeNames: ['Version', 'FunctionArn'],
  requiresRecreation: (property) => (property === 'ProvisionedConcurrencyConfig' ? 'Never' : 'Always'),

  async create(ctx, properties) {
    const functionName = str(properties.FunctionName);
    if (functionName === undefined) throw requiredPropertyMissing(ctx.logicalId, 'FunctionName');
    const published = await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new PublishVersionCommand({
          FunctionName: functionName,
          Description: str(properties.Description),
          CodeSha256: str(properties.CodeSha256),
        }),
      ),
    );
    const arn = published.FunctionArn ?? '';
    const version = published.Version ?? '';
    return { physicalId: arn, attributes: { Version: version, FunctionArn: arn.replace(/:[^:]+$/, '') } };
  },

  async update(_ctx, current) {
    // Only ProvisionedConcurrencyConfig updates in place, and the local cloud does not emulate it.
    return { physicalId: current.physicalId, attributes: current.attributes };
  },

  async delete(ctx, current) {
    const version = str(current.attributes.Version);
    const functionArn = current.physicalId.replace(/:[^:]+$/, '');
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(new DeleteFunctionCommand({ FunctionName: functionArn, Qualifier: version })),
    );
  },
};
