import { messages } from '@toolkit/core';
import { checkBucketVersioning, ensureManagedBucket } from '@toolkit/signing';
import type { AwsSession } from './aws-session.ts';
import { OptionError } from './option-error.ts';
import { moduleExports } from './sdk-module.ts';

/**
 * The bucket artifacts go to: the one given (which must be versioned, as Signer
 * reads sources by version), or with --resolve-s3 (implied on the local target)
 * a managed versioned bucket created on first use.
 */
export async function resolveArtifactBucket(
  session: AwsSession,
  options: { s3Bucket?: string; resolveS3?: boolean },
): Promise<string> {
  if (options.s3Bucket) {
    await checkBucketVersioning(session.s3, options.s3Bucket);
    return options.s3Bucket;
  }
  if (!options.resolveS3 && session.target === 'aws') {
    throw new OptionError(
      messages.MissingBucket,
      's3Bucket',
      (n) =>
        `${n('s3Bucket')}: name a versioned bucket for the artifacts, or pass ${n('resolveS3')} to use a managed one`,
    );
  }
  const [sts, { GetCallerIdentityCommand }] = await Promise.all([
    session.stsClient(),
    import('@aws-sdk/client-sts').then(moduleExports),
  ]);
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  const name = `toolkit-artifacts-${identity.Account ?? 'local'}-${session.region}`;
  await ensureManagedBucket(session.s3, name);
  return name;
}
