import { intrinsicName, isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';
import { passthroughAttributes } from './sam-scope.ts';

const CORS_TYPES: ReadonlyMap<string, [string, (value: unknown) => boolean]> = new Map([
  ['AllowOrigins', ['list', Array.isArray]],
  ['AllowMethods', ['list', Array.isArray]],
  ['AllowCredentials', ['bool', (value) => typeof value === 'boolean']],
  ['AllowHeaders', ['list', Array.isArray]],
  ['ExposeHeaders', ['list', Array.isArray]],
  ['MaxAge', ['int', Number.isInteger]],
]);

const isIntrinsic = (value: unknown) => intrinsicName(value) !== undefined;

/**
 * `FunctionUrlConfig`: the `<Fn>Url` (`AWS::Lambda::Url`) on the alias or function and, for
 * `AuthType: NONE`, the two public permissions (invoke the URL, and invoke only through it).
 */
export function buildFunctionUrl(
  logicalId: string,
  resource: Record<string, unknown>,
  config: unknown,
  aliasId: string | undefined,
): Record<string, Record<string, unknown>> {
  const c = isPlainObject(config) ? config : {};
  validateFunctionUrl(logicalId, config, c);
  const attributes = passthroughAttributes(resource);
  const target = { Ref: aliasId ?? logicalId };
  const url: Record<string, unknown> = {};
  if (c['Cors']) url['Cors'] = c['Cors'];
  url['AuthType'] = c['AuthType'];
  url['TargetFunctionArn'] = target;
  if (c['InvokeMode'] !== undefined && c['InvokeMode'] !== null) url['InvokeMode'] = c['InvokeMode'];
  const resources: Record<string, Record<string, unknown>> = {
    [`${logicalId}Url`]: { Type: 'AWS::Lambda::Url', ...attributes, Properties: url },
  };
  if (c['AuthType'] !== 'NONE' || isIntrinsic(config)) return resources;
  resources[`${logicalId}UrlPublicPermissions`] = {
    Type: 'AWS::Lambda::Permission',
    ...attributes,
    Properties: {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionName: target,
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
    },
  };
  resources[`${logicalId}URLInvokeAllowPublicAccess`] = {
    Type: 'AWS::Lambda::Permission',
    ...attributes,
    Properties: { Action: 'lambda:InvokeFunction', Principal: '*', FunctionName: target, InvokedViaFunctionUrl: true },
  };
  return resources;
}

function validateFunctionUrl(logicalId: string, config: unknown, c: Record<string, unknown>): void {
  if (isIntrinsic(config)) return;
  const authType = c['AuthType'];
  if (!isIntrinsic(authType) && authType !== 'AWS_IAM' && authType !== 'NONE')
    throw new SamResourceError(
      logicalId,
      'AuthType is required to configure function property `FunctionUrlConfig`. Please provide either AWS_IAM or NONE.',
    );
  const cors = c['Cors'];
  if (!cors || isIntrinsic(cors)) return;
  if (!isPlainObject(cors)) throw new SamResourceError(logicalId, "Property 'FunctionUrlConfig.Cors' should be a map.");
  for (const [name, value] of Object.entries(cors)) {
    const type = CORS_TYPES.get(name);
    if (type === undefined)
      throw new SamResourceError(logicalId, `${name} is not a valid property for configuring Cors.`);
    if (!isIntrinsic(value) && !type[1](value))
      throw new SamResourceError(logicalId, `${name} must be of type ${type[0]}.`);
  }
}
