import {
  CreateFunctionCommand,
  DeleteFunctionCodeSigningConfigCommand,
  DeleteFunctionCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type CreateFunctionRequest,
} from '@aws-sdk/client-lambda';
import { generatePhysicalName } from '../ids.ts';
import { callService, deleteIgnoringMissing, requiredPropertyMissing } from './handler-error.ts';
import { inlineCodeZip } from './inline-code-zip.ts';
import { num, obj, sameValue, str, strList, tagMap } from './property-values.ts';
import type { DeployedResource, ProviderContext, ProvisionResult, ResourceProvider } from './provider.ts';

const CODE_PROPERTIES = new Set(['Code', 'Architectures']);
const CONFIG_PROPERTIES = [
  'Role',
  'Handler',
  'Runtime',
  'Description',
  'Timeout',
  'MemorySize',
  'Environment',
  'Layers',
  'TracingConfig',
  'DeadLetterConfig',
  'KmsKeyArn',
  'VpcConfig',
  'EphemeralStorage',
  'ImageConfig',
  'LoggingConfig',
  'FileSystemConfigs',
  'SnapStart',
] as const;

function codeOf(ctx: ProviderContext, properties: Record<string, unknown>) {
  const code = obj(properties.Code);
  if (!code) throw requiredPropertyMissing(ctx.logicalId, 'Code');
  const zipFile = str(code.ZipFile);
  return {
    S3Bucket: str(code.S3Bucket),
    S3Key: str(code.S3Key),
    S3ObjectVersion: str(code.S3ObjectVersion),
    ImageUri: str(code.ImageUri),
    ZipFile: zipFile === undefined ? undefined : inlineCodeZip(zipFile, str(properties.Runtime)),
  };
}

/** The configuration part of the properties, with CloudFormation's text scalars turned into SDK types. */
function configOf(properties: Record<string, unknown>, clearing: boolean) {
  const environment = obj(properties.Environment);
  const ephemeral = obj(properties.EphemeralStorage);
  return {
    Role: str(properties.Role),
    Handler: str(properties.Handler),
    Runtime: str(properties.Runtime) as CreateFunctionRequest['Runtime'],
    // An update that drops a property must reset it, not leave the old value.
    Description: str(properties.Description) ?? (clearing ? '' : undefined),
    Timeout: num(properties.Timeout) ?? (clearing ? 3 : undefined),
    MemorySize: num(properties.MemorySize) ?? (clearing ? 128 : undefined),
    Environment: environment
      ? {
          Variables: Object.fromEntries(
            Object.entries(obj(environment.Variables) ?? {}).map(([k, v]) => [k, String(v)]),
          ),
        }
      : clearing
        ? { Variables: {} }
        : undefined,
    Layers: strList(properties.Layers) ?? (clearing ? [] : undefined),
    TracingConfig: obj(properties.TracingConfig) as CreateFunctionRequest['TracingConfig'],
    DeadLetterConfig: obj(properties.DeadLetterConfig) as CreateFunctionRequest['DeadLetterConfig'],
    KMSKeyArn: str(properties.KmsKeyArn),
    VpcConfig: obj(properties.VpcConfig) as CreateFunctionRequest['VpcConfig'],
    EphemeralStorage: ephemeral ? { Size: num(ephemeral.Size) ?? 512 } : undefined,
    ImageConfig: obj(properties.ImageConfig) as CreateFunctionRequest['ImageConfig'],
    LoggingConfig: obj(properties.LoggingConfig) as CreateFunctionRequest['LoggingConfig'],
    FileSystemConfigs: properties.FileSystemConfigs as CreateFunctionRequest['FileSystemConfigs'],
    SnapStart: obj(properties.SnapStart) as CreateFunctionRequest['SnapStart'],
  };
}

function result(functionName: string, arn: string | undefined, ctx: ProviderContext): ProvisionResult {
  return {
    physicalId: functionName,
    attributes: { Arn: arn ?? `arn:aws:lambda:${ctx.region}:${ctx.accountId}:function:${functionName}` },
  };
}

/** `AWS::Lambda::Function`: Ref is the function name, GetAtt Arn; code changes update in place. */
export const lambdaFunctionProvider: ResourceProvider = {
  type: 'AWS::Lambda::Function',
  attributeNames: ['Arn', 'SnapStartResponse', 'SnapStartResponse.ApplyOn', 'SnapStartResponse.OptimizationStatus'],
  requiresRecreation: (property) => (property === 'FunctionName' || property === 'PackageType' ? 'Always' : 'Never'),

  async create(ctx, properties) {
    const functionName =
      str(properties.FunctionName) ?? generatePhysicalName(ctx.stackName, ctx.logicalId, { maxLength: 64 });
    if (properties.Role === undefined) throw requiredPropertyMissing(ctx.logicalId, 'Role');
    const created = await callService('Lambda', () =>
      ctx.clients.lambda.send(
        new CreateFunctionCommand({
          FunctionName: functionName,
          Code: codeOf(ctx, properties),
          PackageType: str(properties.PackageType) as CreateFunctionRequest['PackageType'],
          Architectures: strList(properties.Architectures) as CreateFunctionRequest['Architectures'],
          CodeSigningConfigArn: str(properties.CodeSigningConfigArn),
          Tags: tagMap(properties.Tags),
          ...configOf(properties, false),
          Role: str(properties.Role),
        }),
      ),
    );
    return result(functionName, created.FunctionArn, ctx);
  },

  async update(ctx, current, properties) {
    const functionName = current.physicalId;
    const lambda = ctx.clients.lambda;
    const changed = (name: string) => !sameValue(current.properties[name], properties[name]);
    if (changed('CodeSigningConfigArn')) {
      const csc = str(properties.CodeSigningConfigArn);
      await callService('Lambda', async () => {
        if (csc)
          await lambda.send(
            new PutFunctionCodeSigningConfigCommand({ FunctionName: functionName, CodeSigningConfigArn: csc }),
          );
        else await lambda.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: functionName }));
      });
    }
    if (CONFIG_PROPERTIES.some(changed)) {
      await callService('Lambda', () =>
        lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: functionName, ...configOf(properties, true) }),
        ),
      );
    }
    if ([...CODE_PROPERTIES].some(changed)) {
      const code = codeOf(ctx, properties);
      await callService('Lambda', () =>
        lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: functionName,
            ...code,
            Architectures: strList(properties.Architectures) as CreateFunctionRequest['Architectures'],
          }),
        ),
      );
    }
    return result(functionName, str(current.attributes.Arn), ctx);
  },

  async delete(ctx, current: DeployedResource) {
    await deleteIgnoringMissing('Lambda', () =>
      ctx.clients.lambda.send(new DeleteFunctionCommand({ FunctionName: current.physicalId })),
    );
  },
};
