import { isPlainObject } from '@toolkit/intrinsics';
import { pythonTruthy } from './open-api-editor.ts';
import { SamResourceError } from './sam-resource-error.ts';

/**
 * samtranslator's `_validate_tenancy_config_compatibility`: a function with TenancyConfig takes no
 * provisioned concurrency, Function URL or SnapStart, and only Api and HttpApi events.
 */
export function validateTenancy(logicalId: string, p: Readonly<Record<string, unknown>>): void {
  if (!pythonTruthy(p['TenancyConfig'])) return;
  const fail = (reason: string): never => {
    throw new SamResourceError(logicalId, reason);
  };
  if (pythonTruthy(p['ProvisionedConcurrencyConfig']))
    fail('Provisioned concurrency is not supported for functions enabled with tenancy configuration.');
  if (pythonTruthy(p['FunctionUrlConfig']))
    fail('Function URL is not supported for functions enabled with tenancy configuration.');
  if (pythonTruthy(p['SnapStart']))
    fail('SnapStart is not supported for functions enabled with tenancy configuration.');
  const events = isPlainObject(p['Events']) ? Object.values(p['Events']) : [];
  for (const event of events) {
    const type = isPlainObject(event) ? event['Type'] : undefined;
    if (type !== 'Api' && type !== 'HttpApi')
      fail(
        `Event source '${type === undefined || type === null ? 'None' : String(type)}' is not supported for functions enabled with tenancy configuration. Only Api and HttpApi event sources are supported.`,
      );
  }
}
