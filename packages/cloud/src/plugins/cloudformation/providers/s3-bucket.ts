import {
  CreateBucketCommand,
  DeleteBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  type LambdaFunctionConfiguration,
} from '@aws-sdk/client-s3';
import { generatePhysicalName } from '../ids.ts';
import { callService, deleteIgnoringMissing } from './handler-error.ts';
import { obj, sameValue, str, strList } from './property-values.ts';
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

/** `NotificationConfiguration.LambdaConfigurations` in the SDK's shape (the `Function` each event invokes). */
function lambdaConfigurations(properties: Record<string, unknown>): LambdaFunctionConfiguration[] {
  const configurations = obj(properties.NotificationConfiguration)?.LambdaConfigurations;
  if (!Array.isArray(configurations)) return [];
  return configurations.map((value): LambdaFunctionConfiguration => {
    const configuration = obj(value) ?? {};
    const rules = obj(obj(configuration.Filter)?.S3Key)?.Rules;
    return {
      LambdaFunctionArn: str(configuration.Function),
      Events: strList([configuration.Event].flat()) as LambdaFunctionConfiguration['Events'],
      ...(Array.isArray(rules)
        ? {
            Filter: {
              Key: {
                FilterRules: rules.map((rule) => ({
                  Name: str(obj(rule)?.Name) as 'prefix' | 'suffix',
                  Value: str(obj(rule)?.Value),
                })),
              },
            },
          }
        : {}),
    };
  });
}

/** Sets the bucket's Lambda notifications; S3 checks each function lets it invoke, as in AWS. */
async function applyNotifications(ctx: ProviderContext, bucket: string, properties: Record<string, unknown>) {
  await callService('S3', () =>
    ctx.clients.s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: bucket,
        NotificationConfiguration: { LambdaFunctionConfigurations: lambdaConfigurations(properties) },
      }),
    ),
  );
}

/**
 * `AWS::S3::Bucket`: Ref is the bucket name (generated `stack-logicalid-xxxxxxxxxxxx`, lowercase,
 * when absent). BucketName replaces; VersioningConfiguration and the Lambda notifications of
 * NotificationConfiguration apply in place; other properties (Tags, queue and topic notifications:
 * the local cloud has no bucket tagging, SQS or SNS) are kept in the stack but not applied.
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
    if (lambdaConfigurations(properties).length > 0) await applyNotifications(ctx, bucket, properties);
    return { physicalId: bucket, attributes: attributesOf(bucket, ctx.region) };
  },

  async update(ctx, current, properties) {
    if (!sameValue(current.properties.VersioningConfiguration, properties.VersioningConfiguration)) {
      await applyVersioning(ctx, current.physicalId, properties, true);
    }
    if (!sameValue(current.properties.NotificationConfiguration, properties.NotificationConfiguration)) {
      await applyNotifications(ctx, current.physicalId, properties);
    }
    return { physicalId: current.physicalId, attributes: attributesOf(current.physicalId, ctx.region) };
  },

  async delete(ctx, current) {
    await deleteIgnoringMissing('S3', () =>
      ctx.clients.s3.send(new DeleteBucketCommand({ Bucket: current.physicalId })),
    );
  },
};
