import { iamTable } from '../../iam/authorization.ts';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketVersioning,
} from './s3-bucket-handlers.ts';
import { deleteObjects } from './s3-delete-objects.ts';
import { getBucketNotification, putBucketNotification } from './s3-notification-config.ts';
import { listObjectVersions, listObjectsV1, listObjectsV2 } from './s3-list-objects.ts';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listMultipartUploads,
  listParts,
  uploadPart,
} from './s3-multipart-handlers.ts';
import { copyObject, deleteObject, getObject, putObject } from './s3-object-handlers.ts';
import { deleteObjectTagging, getObjectTagging, putObjectTagging } from './s3-tagging-handlers.ts';

/** Where an S3 call points. */
export interface S3Target {
  bucket: string | undefined;
  key: string | undefined;
}

const bucket = (t: S3Target) => `arn:aws:s3:::${t.bucket ?? ''}`;
const object = (t: S3Target) => `arn:aws:s3:::${t.bucket ?? ''}/${t.key ?? ''}`;

/** S3's operations as IAM names them (several share one action, as in AWS), with their resource. One line per operation. */
export const S3_IAM = iamTable<unknown, S3Target>('AccessDenied', [
  [listBuckets, 's3:ListAllMyBuckets', () => '*'],
  [createBucket, 's3:CreateBucket', bucket],
  [deleteBucket, 's3:DeleteBucket', bucket],
  [headBucket, 's3:ListBucket', bucket],
  [listObjectsV1, 's3:ListBucket', bucket],
  [listObjectsV2, 's3:ListBucket', bucket],
  [listObjectVersions, 's3:ListBucketVersions', bucket],
  [listMultipartUploads, 's3:ListBucketMultipartUploads', bucket],
  [getBucketLocation, 's3:GetBucketLocation', bucket],
  [getBucketVersioning, 's3:GetBucketVersioning', bucket],
  [putBucketVersioning, 's3:PutBucketVersioning', bucket],
  [getBucketNotification, 's3:GetBucketNotification', bucket],
  [putBucketNotification, 's3:PutBucketNotification', bucket],
  [deleteObjects, 's3:DeleteObject', bucket],
  [getObject, 's3:GetObject', object],
  [putObject, 's3:PutObject', object],
  [copyObject, 's3:PutObject', object],
  [deleteObject, 's3:DeleteObject', object],
  [createMultipartUpload, 's3:PutObject', object],
  [uploadPart, 's3:PutObject', object],
  [completeMultipartUpload, 's3:PutObject', object],
  [abortMultipartUpload, 's3:AbortMultipartUpload', object],
  [listParts, 's3:ListMultipartUploadParts', object],
  [getObjectTagging, 's3:GetObjectTagging', object],
  [putObjectTagging, 's3:PutObjectTagging', object],
  [deleteObjectTagging, 's3:DeleteObjectTagging', object],
]);
