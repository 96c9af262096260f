export { artifactKey } from './artifact-key.ts';
export {
  uploadArtifact,
  type UploadArtifactInput,
  type UploadedArtifact,
  type UploadTuning,
} from './upload-artifact.ts';
export {
  checkBucketVersioning,
  ensureManagedBucket,
  getBucketVersioning,
  unversionedBucketError,
} from './bucket-versioning.ts';
export { isS3NotFound } from './s3-errors.ts';
