import { customResourceFamily, type CustomResourceHost } from './custom-resource.ts';
import { iamManagedPolicyProvider, iamPolicyProvider, iamRoleProvider } from './iam.ts';
import { lambdaAliasProvider } from './lambda-alias.ts';
import { lambdaCodeSigningConfigProvider } from './lambda-code-signing-config.ts';
import { lambdaFunctionProvider } from './lambda-function.ts';
import { lambdaLayerVersionProvider } from './lambda-layer-version.ts';
import { lambdaPermissionProvider } from './lambda-permission.ts';
import { lambdaUrlProvider } from './lambda-url.ts';
import { lambdaVersionProvider } from './lambda-version.ts';
import { nestedStackProvider } from './nested-stack.ts';
import { ProviderCatalog } from './provider-catalog.ts';
import { s3BucketProvider } from './s3-bucket.ts';
import { signerProfilePermissionProvider } from './signer-profile-permission.ts';
import { signerSigningProfileProvider } from './signer-signing-profile.ts';

/**
 * Every resource type the local engine runs, by type name; other types are recorded as not
 * emulated. Custom resources run through their ServiceToken function when `host` is given.
 */
export function defaultProviders(host?: CustomResourceHost): ProviderCatalog {
  const providers = [
    lambdaFunctionProvider,
    lambdaLayerVersionProvider,
    lambdaVersionProvider,
    lambdaAliasProvider,
    lambdaPermissionProvider,
    lambdaUrlProvider,
    lambdaCodeSigningConfigProvider,
    signerSigningProfileProvider,
    signerProfilePermissionProvider,
    s3BucketProvider,
    iamRoleProvider,
    iamPolicyProvider,
    iamManagedPolicyProvider,
    nestedStackProvider,
  ];
  const catalog = new ProviderCatalog(providers);
  return host ? catalog.addFamily(customResourceFamily(host)) : catalog;
}
