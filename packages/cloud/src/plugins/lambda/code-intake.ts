import type { CloudContext } from '../../plugin.ts';
import { ServiceError } from '../../service-error.ts';
import type { S3Plugin } from '../s3/s3-plugin.ts';
import { invalidParameter } from './lambda-errors.ts';
import { isZipArchive } from './zip-check.ts';

/** A deployment package in the blob store. */
export interface StoredCode {
  /** Lowercase hex SHA-256: the blob's name. */
  blob: string;
  size: number;
  /** Base64 SHA-256, Lambda's CodeSha256. */
  codeSha256: string;
  bytes: Buffer;
}

/** Where code comes from: `Code` of CreateFunction, the body of UpdateFunctionCode, `Content` of PublishLayerVersion. */
export interface CodeSource {
  ZipFile?: unknown;
  S3Bucket?: unknown;
  S3Key?: unknown;
  S3ObjectVersion?: unknown;
}

/**
 * Stores a package given inline (base64 `ZipFile`) or as an S3 object (read
 * through the S3 plugin, sharing its blob), and checks that it is a zip.
 */
export async function takeInCode(ctx: CloudContext, source: CodeSource): Promise<StoredCode> {
  const hasZip = typeof source.ZipFile === 'string';
  const hasS3 = source.S3Bucket !== undefined || source.S3Key !== undefined;
  if (hasZip && hasS3)
    throw invalidParameter('Please do not provide other FunctionCode parameters when providing a ZipFile.');
  if (!hasZip && !hasS3) throw invalidParameter('Please provide a source for function code.');
  if (hasZip) {
    // Checked before storing, so junk never reaches the blob store.
    const bytes = Buffer.from(source.ZipFile as string, 'base64');
    if (!isZipArchive(bytes)) throw unzipFailed();
    const info = await ctx.blobs.put(bytes);
    return stored(info.sha256, bytes);
  }
  const blob = await readS3Object(ctx, source);
  const bytes = blob === undefined ? Buffer.alloc(0) : await ctx.blobs.readAll(blob);
  if (blob === undefined || !isZipArchive(bytes)) throw unzipFailed();
  return stored(blob, bytes);
}

function stored(blob: string, bytes: Buffer): StoredCode {
  return { blob, size: bytes.length, codeSha256: Buffer.from(blob, 'hex').toString('base64'), bytes };
}

function unzipFailed() {
  return invalidParameter('Could not unzip uploaded file. Please check your file, then try to upload again.');
}

/** The blob of an S3 object; undefined for an empty object (which has no blob). */
async function readS3Object(ctx: CloudContext, source: CodeSource): Promise<string | undefined> {
  const { S3Bucket: bucket, S3Key: key, S3ObjectVersion: version } = source;
  if (typeof bucket !== 'string' || typeof key !== 'string')
    throw invalidParameter('Please provide a source for function code.');
  const s3 = ctx.plugin<S3Plugin>('s3');
  try {
    const found = await s3.getObjectBlob(bucket, key, typeof version === 'string' ? version : undefined);
    return found.size === 0 ? undefined : found.sha256;
  } catch (error) {
    if (error instanceof ServiceError) {
      throw invalidParameter(
        `Error occurred while GetObject. S3 Error Code: ${error.code}. S3 Error Message: ${error.message}`,
      );
    }
    throw error;
  }
}
