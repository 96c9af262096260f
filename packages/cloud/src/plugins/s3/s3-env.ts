import type { CloudContext } from '../../plugin.ts';
import type { MultipartStore } from './s3-multipart-store.ts';
import type { S3Store } from './s3-store.ts';

/** What S3 handlers work with: the cloud, the S3 tables and the multipart parts folder. */
export interface S3Env {
  ctx: CloudContext;
  store: S3Store;
  multipart: MultipartStore;
  uploadsDir: string;
}
