import { functionArn, type ArnScope } from './lambda-arns.ts';
import type { VersionConfig } from './function-store.ts';

/**
 * A version's FunctionConfiguration as Lambda returns it. `arnQualifier` is the
 * qualifier the FunctionArn carries: none for `$LATEST` asked unqualified, the
 * version or the alias name otherwise.
 */
export function renderConfiguration(
  scope: ArnScope,
  name: string,
  version: string,
  config: VersionConfig,
  arnQualifier?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {
    FunctionName: name,
    FunctionArn: functionArn(scope, name, arnQualifier),
    Runtime: config.Runtime,
    Role: config.Role,
    Handler: config.Handler,
    CodeSize: config.CodeSize,
    Description: config.Description,
    Timeout: config.Timeout,
    MemorySize: config.MemorySize,
    LastModified: config.LastModified,
    CodeSha256: config.CodeSha256,
    Version: version,
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: config.RevisionId,
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: config.Architectures,
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
  if (config.Environment !== undefined) out.Environment = { Variables: config.Environment };
  if (config.Layers.length > 0) out.Layers = config.Layers;
  if (config.SigningProfileVersionArn !== undefined) out.SigningProfileVersionArn = config.SigningProfileVersionArn;
  if (config.SigningJobArn !== undefined) out.SigningJobArn = config.SigningJobArn;
  return out;
}
