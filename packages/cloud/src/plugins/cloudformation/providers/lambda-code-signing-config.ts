import {
  CreateCodeSigningConfigCommand,
  DeleteCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
  type CodeSigningPolicies,
} from '@aws-sdk/client-lambda';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { obj, str, strList } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

function publishers(properties: Record<string, unknown>) {
  return { SigningProfileVersionArns: strList(obj(properties.AllowedPublishers)?.SigningProfileVersionArns) ?? [] };
}

function policies(properties: Record<string, unknown>): CodeSigningPolicies | undefined {
  const value = str(obj(properties.CodeSigningPolicies)?.UntrustedArtifactOnDeployment);
  return value === undefined
    ? undefined
    : { UntrustedArtifactOnDeployment: value as CodeSigningPolicies['UntrustedArtifactOnDeployment'] };
}

/** `AWS::Lambda::CodeSigningConfig`: Ref and GetAtt CodeSigningConfigArn; every property updates in place. */
export const lambdaCodeSigningConfigProvider: ResourceProvider = {
  type: 'AWS::Lambda::CodeSigningConfig',
  attributeNames: ['CodeSigningConfigArn', 'CodeSigningConfigId'],
  requiresRecreation: () => 'Never',

  async create(ctx, properties) {
    if (properties.AllowedPublishers === undefined) throw requiredPropertyMissing(ctx.logicalId, 'AllowedPublishers');
    const created = await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new CreateCodeSigningConfigCommand({
          Description: str(properties.Description),
          AllowedPublishers: publishers(properties),
          CodeSigningPolicies: policies(properties),
        }),
      ),
    );
    const arn = created.CodeSigningConfig?.CodeSigningConfigArn ?? '';
    const id = created.CodeSigningConfig?.CodeSigningConfigId ?? arn.split(':').pop() ?? '';
    return { physicalId: arn, attributes: { CodeSigningConfigArn: arn, CodeSigningConfigId: id } };
  },

  async update(ctx, current, properties) {
    await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new UpdateCodeSigningConfigCommand({
          CodeSigningConfigArn: current.physicalId,
          Description: str(properties.Description) ?? '',
          AllowedPublishers: publishers(properties),
          CodeSigningPolicies: policies(properties) ?? { UntrustedArtifactOnDeployment: 'Warn' },
        }),
      ),
    );
    return { physicalId: current.physicalId, attributes: current.attributes };
  },

  async delete(ctx, current) {
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: current.physicalId })),
    );
  },
};
