import {
  CONFIG_PREFIX_SEPARATOR,
  loadConfig,
  loadSharedConfigFiles,
  NODE_REGION_CONFIG_FILE_OPTIONS,
  NODE_REGION_CONFIG_OPTIONS,
  type LoadedConfigSelectors,
} from '@smithy/core/config';
import { UserInputError, messages } from '@toolkit/core';
import { OptionError } from './option-error.ts';

/** The AWS services a session talks to, by the SDK's service id (`AWS_ENDPOINT_URL_<ID>`, `[services]` key `<id>`). */
export type ServiceId = 'S3' | 'signer' | 'STS' | 'CloudFormation' | 'Lambda' | 'CloudWatch_Logs';

/** What the shared AWS config (AWS_* variables, the config and credentials files) says for one profile. */
export interface SharedAwsConfig {
  region: string | undefined;
  /** Endpoints configured per service (`endpoint_url`, a `services` section, `AWS_ENDPOINT_URL[_<SERVICE>]`). */
  endpoints: ReadonlyMap<ServiceId, string>;
}

const services: readonly ServiceId[] = ['S3', 'signer', 'STS', 'CloudFormation', 'Lambda', 'CloudWatch_Logs'];

/**
 * Reads region and endpoints for `profile` with the SDK's own loaders, in the SDK's order
 * (environment, then the profile). The SDK's clients read credentials and retries
 * (`max_attempts`, `retry_mode`) from the same profile themselves; its endpoint lookup
 * only ever reads the default profile, so the endpoints are resolved here.
 */
export async function readSharedAwsConfig(profile: string | undefined): Promise<SharedAwsConfig> {
  const init = profile ? { profile } : {};
  if (profile) await requireProfile(profile);
  const region = await optional(
    loadConfig(
      { ...NODE_REGION_CONFIG_OPTIONS, default: () => undefined },
      { ...NODE_REGION_CONFIG_FILE_OPTIONS, ...init },
    ),
    profile,
  );
  const endpoints = new Map<ServiceId, string>();
  const ignore = await optional(loadConfig(ignoreConfiguredEndpoints, init), profile);
  if (!ignore) {
    for (const service of services) {
      const endpoint = await optional(loadConfig(endpointUrlSelectors(service), init), profile);
      if (endpoint) endpoints.set(service, endpoint);
    }
  }
  return { region, endpoints };
}

/** A named profile must exist in one of the files, as the AWS CLI insists. */
async function requireProfile(profile: string): Promise<void> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({ ignoreCache: true });
  if (!Object.hasOwn(configFile, profile) && !Object.hasOwn(credentialsFile, profile)) {
    const files = `${process.env.AWS_CONFIG_FILE ?? '~/.aws/config'} or ${process.env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'}`;
    throw new OptionError(
      messages.ProfileNotFound,
      'profile',
      (n) => `${n('profile')} ${profile}: no such profile in ${files}`,
    );
  }
}

/** Runs a loader whose default is `undefined`; a broken config file is the user's to fix. */
async function optional<T>(
  provider: () => Promise<T | undefined>,
  profile: string | undefined,
): Promise<T | undefined> {
  try {
    return await provider();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    if (profile)
      throw new OptionError(messages.SharedConfig, 'profile', (n) => `${n('profile')} ${profile}: ${reason}`, {
        cause: error,
      });
    throw new UserInputError(messages.SharedConfig, `AWS shared config: ${reason}`, { cause: error });
  }
}

const ignoreConfiguredEndpoints: LoadedConfigSelectors<boolean | undefined> = {
  environmentVariableSelector: (env) => flag(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS),
  configFileSelector: (profile) => flag(profile.ignore_configured_endpoint_urls),
  default: () => false,
};

function flag(value: string | undefined): boolean | undefined {
  return value === undefined ? undefined : value.toLowerCase() === 'true';
}

/** The service-specific endpoint settings as the AWS CLI and SDKs document them ("service-specific endpoints"). */
function endpointUrlSelectors(service: ServiceId): LoadedConfigSelectors<string | undefined> {
  const suffix = service.toUpperCase();
  const key = service.toLowerCase();
  return {
    environmentVariableSelector: (env) => env[`AWS_ENDPOINT_URL_${suffix}`] || env.AWS_ENDPOINT_URL || undefined,
    configFileSelector: (profile, config) => {
      if (profile.services) {
        const section = config?.[['services', profile.services].join(CONFIG_PREFIX_SEPARATOR)];
        if (!section)
          throw new Error(`the services section "${profile.services}" named by the profile is not in the config file`);
        const url = section[[key, 'endpoint_url'].join(CONFIG_PREFIX_SEPARATOR)];
        if (url) return url;
      }
      return profile.endpoint_url || undefined;
    },
    default: () => undefined,
  };
}
