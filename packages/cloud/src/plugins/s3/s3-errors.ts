import { ServiceError } from '../../service-error.ts';

/** S3's errors with S3's own wording and extra fields. */
export const s3Errors = {
  noSuchBucket: (bucket: string) =>
    new ServiceError('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket }),
  noSuchKey: (key: string, headers: Record<string, string> = {}) =>
    new ServiceError('NoSuchKey', 404, 'The specified key does not exist.', { Key: key }, headers),
  noSuchVersion: (key: string, versionId: string) =>
    new ServiceError('NoSuchVersion', 404, 'The specified version does not exist.', { Key: key, VersionId: versionId }),
  noSuchUpload: (uploadId: string) =>
    new ServiceError(
      'NoSuchUpload',
      404,
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
      { UploadId: uploadId },
    ),
  bucketAlreadyOwnedByYou: (bucket: string) =>
    new ServiceError(
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
      { BucketName: bucket },
    ),
  bucketNotEmpty: (bucket: string, versioned: boolean) =>
    new ServiceError(
      'BucketNotEmpty',
      409,
      versioned
        ? 'The bucket you tried to delete is not empty. You must delete all versions in the bucket.'
        : 'The bucket you tried to delete is not empty',
      { BucketName: bucket },
    ),
  invalidBucketName: (bucket: string) =>
    new ServiceError('InvalidBucketName', 400, 'The specified bucket is not valid.', { BucketName: bucket }),
  invalidPart: (uploadId: string, partNumber: number, etag: string) =>
    new ServiceError(
      'InvalidPart',
      400,
      "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.",
      { UploadId: uploadId, PartNumber: String(partNumber), ETag: etag },
    ),
  invalidPartOrder: (uploadId: string) =>
    new ServiceError(
      'InvalidPartOrder',
      400,
      'The list of parts was not in ascending order. Parts must be ordered by part number.',
      {
        UploadId: uploadId,
      },
    ),
  entityTooSmall: (size: number) =>
    new ServiceError('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed size', {
      ProposedSize: String(size),
      MinSizeAllowed: String(5 * 1024 * 1024),
    }),
  invalidRange: (size: number, range: string) =>
    new ServiceError(
      'InvalidRange',
      416,
      'The requested range is not satisfiable',
      {
        RangeRequested: range,
        ActualObjectSize: String(size),
      },
      { 'content-range': `bytes */${size}` },
    ),
  invalidArgument: (message: string, name: string, value: string) =>
    new ServiceError('InvalidArgument', 400, message, { ArgumentName: name, ArgumentValue: value }),
  invalidRequest: (message: string) => new ServiceError('InvalidRequest', 400, message),
  malformedXml: () =>
    new ServiceError(
      'MalformedXML',
      400,
      'The XML you provided was not well-formed or did not validate against our published schema',
    ),
  methodNotAllowed: (method: string, resourceType: string, headers: Record<string, string> = {}) =>
    new ServiceError(
      'MethodNotAllowed',
      405,
      'The specified method is not allowed against this resource.',
      {
        Method: method,
        ResourceType: resourceType,
      },
      headers,
    ),
  preconditionFailed: (condition: string) =>
    new ServiceError('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', {
      Condition: condition,
    }),
  notImplemented: () =>
    new ServiceError('NotImplemented', 501, 'A header you provided implies functionality that is not implemented'),
};
