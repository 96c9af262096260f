import type { CloudContext } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import type { S3Plugin } from '../s3/s3-plugin.ts';

/** What Signer needs of S3: read one object version, write one object. */
export interface SignerObjects {
  /** The bytes of `bucket/key` at `versionId`; throws ServiceError (NoSuchBucket, NoSuchKey, NoSuchVersion, …) otherwise. */
  readVersion(bucket: string, key: string, versionId: string): Promise<Buffer>;
  /** Writes `bucket/key`; throws ServiceError NoSuchBucket when the bucket does not exist. */
  write(bucket: string, key: string, body: Buffer): Promise<void>;
}

/** SignerObjects over the local cloud's S3 plugin. Like AWS, the source bucket must be versioned. */
export function s3SignerObjects(ctx: CloudContext): SignerObjects {
  const s3 = () => ctx.plugin<S3Plugin>('s3');
  return {
    async readVersion(bucket, key, versionId) {
      if ((await s3().bucketVersioning(bucket)) === undefined) {
        throw new ServiceError('InvalidBucketState', 400, `Versioning is not enabled on the source bucket ${bucket}.`);
      }
      return s3().readObject(bucket, key, versionId);
    },
    async write(bucket, key, body) {
      await s3().putObject(bucket, key, body, { contentType: 'application/zip' });
    },
  };
}
