import { CreateBucketCommand, DeleteBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { generatePhysicalName } from '../ids.ts';
import { callService, deleteIgnoringMissing } from './handler-error.ts';
import { obj, sameValue, str } from './property-values.ts';
import type { ProviderContext, ResourceProvider } from './provider.ts';

function attributesOf(bucket: string, region: string): Record<string, unknown> {
  return {
    Arn: `arn:aws:s3:::${bucket}`,
    DomainName: `${bucket}.s3.amazonaws.com`,
    RegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
    DualStackDomainName: `${bucket}.s3.dualstack.${region}.amazonaws.com`,
    WebsiteURL: `http://${bucket}.s3-website-${region}.amazonaws.com`,
  };
}

async function applyVersioning(
  ctx: ProviderContext,
  bucket: string,
  properties: Record<string, unknown>,
  clearing: boolean,
) {
  const status = str(obj(properties.VersioningConfiguration)?.Status) ?? (clearing ? 'Suspended' : undefined);
  if (status === undefined) return;
  await callService('S3', () =>
    ctx.clients.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: status as 'Enabled' | 'Suspended' },
      }),
    ),
  );
}

/**
 * `AWS::S3::Bucket`: Ref is the bucket name (generated `stack-logicalid-xxxxxxxxxxxx`, lowercase,
 * when absent). BucketName replaces; VersioningConfiguration applies in place; other properties
 * (Tags among them: the local S3 has no bucket tagging) are kept in the stack but not applied.
 */
export const s3BucketProvider: ResourceProvider = {
  type: 'AWS::S3::Bucket',
  attributeNames: ['Arn', 'DomainName', 'RegionalDomainName', 'DualStackDomainName', 'WebsiteURL'],
  requiresRecreation: (property) =>
    property === 'BucketName' || property === 'ObjectLockEnabled' ? 'Always' : 'Never',

  async create(ctx, properties) {
    const bucket =
      str(properties.BucketName) ??
      generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 63, lowercase: true });
    await callService('S3', () =>
      ctx.clients.s3.send(
        new CreateBucketCommand({
          Bucket: bucket,
          CreateBucketConfiguration:
            ctx.region === 'us-east-1' ? undefined : { LocationConstraint: ctx.region as 'eu-west-1' },
        }),
      ),
    );
    await applyVersioning(ctx, bucket, properties, false);
    return { physicalId: bucket, attributes: attributesOf(bucket, ctx.region) };
  },

  async update(ctx, current, properties) {
    if (!sameValue(current.properties.VersioningConfiguration, properties.VersioningConfiguration)) {
      await applyVersioning(ctx, current.physicalId, properties, true);
    }
    return { physicalId: current.physicalId, attributes: attributesOf(current.physicalId, ctx.region) };
  },

  async delete(ctx, current) {
    await deleteIgnoringMissing('S3', () =>
      ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: current.physicalId })),
    );
  },
};
