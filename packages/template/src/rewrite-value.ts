import { ToolkitError } from '@toolkit/core';
import type { Artifact, ArtifactSource } from './artifact-types.ts';
import { formatS3Uri, parseS3Uri, type S3Location } from './s3-location.ts';
import type { FileLocationForm } from './file-artifacts.ts';
import type { NewValue } from './value-text.ts';

/** What a rewrite needs of an artifact: which resource, which property, and what kind of source it had. */
export type RewriteTarget = Pick<
  Artifact,
  'id' | 'logicalId' | 'stackPath' | 'property' | 'at' | 'resourceAt' | 'forEachItem'
> & {
  /** `form` is how a file artifact's location is written (see `fileLocationForm`). */
  source: Pick<ArtifactSource, 'kind'> & { form?: FileLocationForm };
};

/** Where a rewritten artifact now lives: an S3 object, or a URL (nested templates take an https URL). */
export type ArtifactLocation = S3Location | { url: string };

/** The new property value in the form each resource type takes. */
export function propertyValue(artifact: RewriteTarget, location: ArtifactLocation): NewValue {
  const kind = artifact.source.kind;
  if (kind === 'inline' || kind === 'image') {
    throw new ToolkitError(
      'TEMPLATE_REWRITE_UNSUPPORTED',
      `${artifact.id} is an ${kind} function: there is no zip artifact to rewrite`,
    );
  }
  if (kind === 'file') return fileValue(artifact, location, artifact.source.form);
  switch (artifact.property) {
    case 'Location':
    case 'TemplateURL':
      if ('url' in location) return location.url;
      throw new ToolkitError(
        'TEMPLATE_REWRITE_UNSUPPORTED',
        `${artifact.property} of ${artifact.id} needs a template URL, not a bucket and key`,
      );
    case 'CodeUri':
    case 'ContentUri': {
      if ('url' in location) return location.url;
      if (location.version === undefined) return formatS3Uri(location);
      return { Bucket: location.bucket, Key: location.key, Version: location.version };
    }
    case 'Code':
    case 'Content': {
      const s3 = 'url' in location ? parseS3Uri(location.url) : location;
      if (s3 === undefined)
        throw new ToolkitError(
          'TEMPLATE_REWRITE_UNSUPPORTED',
          `${artifact.property} of ${artifact.id} needs an s3:// URI or a bucket and key`,
        );
      const value: Record<string, string> = { S3Bucket: s3.bucket, S3Key: s3.key };
      if (s3.version !== undefined) value['S3ObjectVersion'] = s3.version;
      return value;
    }
    default:
      throw new ToolkitError(
        'TEMPLATE_REWRITE_UNSUPPORTED',
        `${artifact.property} of ${artifact.id} cannot be rewritten`,
      );
  }
}

/**
 * A file's location as an `s3://` URI (no version: SAM and AppSync take the plain form), a
 * Bucket/Key/Version (or, for CodeCommit, Bucket/Key/ObjectVersion) mapping, or an S3Bucket/S3Key
 * mapping (Elastic Beanstalk takes no version).
 */
function fileValue(artifact: RewriteTarget, location: ArtifactLocation, form: FileLocationForm | undefined): NewValue {
  // Path-style, as a stack set's TemplateURL takes it; the packager passes the URL with its region.
  if (form === 'https-url')
    return 'url' in location ? location.url : `https://s3.amazonaws.com/${location.bucket}/${location.key}`;
  const s3 = 'url' in location ? parseS3Uri(location.url) : location;
  if (s3 === undefined || form === undefined)
    throw new ToolkitError(
      'TEMPLATE_REWRITE_UNSUPPORTED',
      `${artifact.property} of ${artifact.id} needs an S3 location and the form its resource type takes`,
    );
  if (form === 's3-uri') return formatS3Uri(s3);
  if (form === 's3bucket-s3key') return { S3Bucket: s3.bucket, S3Key: s3.key };
  const value: Record<string, string> = { Bucket: s3.bucket, Key: s3.key };
  if (s3.version !== undefined) value[form === 'bucket-key-object-version' ? 'ObjectVersion' : 'Version'] = s3.version;
  return value;
}
