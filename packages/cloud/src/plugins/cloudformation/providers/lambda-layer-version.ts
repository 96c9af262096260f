import {
  DeleteLayerVersionCommand,
  PublishLayerVersionCommand,
  type PublishLayerVersionRequest,
} from '@aws-sdk/client-lambda';
import { generatePhysicalName } from '../ids.ts';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { obj, str, strList } from './property-values.ts';
import type { ResourceProvider } from './provider.ts';

/** `arn:aws:lambda:R:A:layer:NAME:VERSION` → name and version. */
function parseLayerVersionArn(arn: string): { name: string; version: number } {
  const parts = arn.split(':');
  return { name: parts[6] ?? '', version: Number(parts[7]) };
}

/** `AWS::Lambda::LayerVersion`: Ref is the LayerVersionArn; every change publishes a new version (replacement). */
export const lambdaLayerVersionProvider: ResourceProvider = {
  type: 'AWS::Lambda::LayerVersion',
  attributeNames: ['LayerVersionArn'],
  requiresRecreation: () => 'Always',

  async create(ctx, properties) {
    const content = obj(properties.Content);
    if (!content) throw requiredPropertyMissing(ctx.logicalId, 'Content');
    const layerName =
      str(properties.LayerName) ?? generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 140 });
    const published = await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new PublishLayerVersionCommand({
          LayerName: layerName,
          Description: str(properties.Description),
          LicenseInfo: str(properties.LicenseInfo),
          CompatibleRuntimes: strList(
            properties.CompatibleRuntimes,
          ) as PublishLayerVersionRequest['CompatibleRuntimes'],
          CompatibleArchitectures: strList(
            properties.CompatibleArchitectures,
          ) as PublishLayerVersionRequest['CompatibleArchitectures'],
          Content: {
            S3Bucket: str(content.S3Bucket),
            S3Key: str(content.S3Key),
            S3ObjectVersion: str(content.S3ObjectVersion),
          },
        }),
      ),
    );
    const arn = published.LayerVersionArn ?? '';
    return { physicalId: arn, attributes: { LayerVersionArn: arn } };
  },

  async delete(ctx, current) {
    const { name, version } = parseLayerVersionArn(current.physicalId);
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(new DeleteLayerVersionCommand({ LayerName: name, VersionNumber: version })),
    );
  },
};
