import { silentIoHost, UserInputError, type IoHost, messages } from '@toolkit/core';
import { localStateDir, type TargetOptions } from './aws-session.ts';
import { writeAwsCliProfile } from './aws-cli-profile.ts';

/** Input of `localCredentials`. */
export interface LocalCredentialsOptions extends Pick<TargetOptions, 'stateDir' | 'cwd' | 'env'> {
  /** The identity: `admin` (default), `developer`, or one created with `createLocalIdentity`. */
  identity?: string;
  /** Also write these credentials as an AWS CLI profile of this name (shared config and credentials files). */
  profileName?: string;
  /** The endpoint to name; default the serving cloud's, else `toolkit local start`'s `http://127.0.0.1:4566`. */
  endpointUrl?: string;
}

/** An identity's credentials, as environment variables to paste or as the AWS CLI profile written. */
export interface LocalCredentialsResult {
  identity: string;
  arn: string;
  environment: {
    AWS_ACCESS_KEY_ID: string;
    AWS_SECRET_ACCESS_KEY: string;
    AWS_ENDPOINT_URL: string;
    AWS_REGION: string;
  };
  /** Set when a profile was written: its name and the files. */
  profile?: { name: string; configFile: string; credentialsFile: string };
}

/** The access key of a local cloud identity, to use from the AWS CLI, SDKs or scripts. */
export async function localCredentials(
  options: LocalCredentialsOptions,
  io: IoHost = silentIoHost,
): Promise<LocalCredentialsResult> {
  const cloud = await import('@toolkit/cloud');
  const name = options.identity ?? 'admin';
  const stateDir = await localStateDir(options, io);
  const owner = cloud.readStateOwner(stateDir);
  const found = await cloud.readStateIdentity(stateDir, owner?.accountId ?? '000000000000', name);
  if (!found)
    throw new UserInputError(
      messages.UnknownIdentity,
      `identity '${name}' does not exist in ${stateDir}: use admin, developer, or create it with \`toolkit local identity create\`.`,
    );
  const region = owner?.region ?? 'us-east-1';
  const environment = {
    AWS_ACCESS_KEY_ID: found.accessKeyId,
    AWS_SECRET_ACCESS_KEY: found.secretAccessKey,
    AWS_ENDPOINT_URL:
      options.endpointUrl ?? (owner && !owner.closing ? owner.endpoint : undefined) ?? 'http://127.0.0.1:4566',
    AWS_REGION: region,
  };
  const result: LocalCredentialsResult = { identity: found.name, arn: found.arn, environment };
  if (options.profileName !== undefined) {
    const files = await writeAwsCliProfile(options.profileName, environment, options.env ?? process.env);
    io.notify(
      messages.ProfileWritten.msg(
        `Wrote AWS CLI profile ${options.profileName} for ${found.arn} (${files.credentialsFile})`,
      ),
    );
    result.profile = { name: options.profileName, ...files };
  }
  return result;
}
