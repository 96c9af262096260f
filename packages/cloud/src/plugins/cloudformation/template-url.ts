import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { AwsClients } from './providers/aws-clients.ts';
import { validationError } from './template-errors.ts';

/** Where a TemplateURL points in S3. */
export interface TemplateObject {
  bucket: string;
  key: string;
  versionId?: string;
}

/**
 * Reads a TemplateURL: path style (`https://s3.<region>.amazonaws.com/bucket/key`,
 * `https://s3.amazonaws.com/bucket/key`, the local endpoint's `http://127.0.0.1:<port>/bucket/key`)
 * or virtual-hosted style (`https://bucket.s3[.<region>].amazonaws.com/key`); `?versionId=` kept.
 */
export function parseTemplateUrl(templateUrl: string): TemplateObject {
  let url: URL;
  try {
    url = new URL(templateUrl);
  } catch {
    throw validationError('TemplateURL must be a supported URL.');
  }
  const versionId = url.searchParams.get('versionId') ?? undefined;
  const path = url.pathname.replace(/^\//, '');
  const virtualHost = /^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.exec(url.hostname);
  const pathStyleHost = /^s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$/.test(url.hostname);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  if (virtualHost?.[1] && !pathStyleHost) {
    if (path === '') throw validationError('TemplateURL must be a supported URL.');
    return { bucket: virtualHost[1], key: decodeURIComponent(path), versionId };
  }
  if (pathStyleHost || loopback) {
    const slash = path.indexOf('/');
    if (slash <= 0 || slash === path.length - 1) throw validationError('TemplateURL must be a supported URL.');
    return {
      bucket: decodeURIComponent(path.slice(0, slash)),
      key: decodeURIComponent(path.slice(slash + 1)),
      versionId,
    };
  }
  throw validationError('TemplateURL must be a supported URL.');
}

/** Fetches a template from the local S3, with CloudFormation's "S3 error: …" wording on failure. */
export async function fetchTemplate(clients: AwsClients, templateUrl: string): Promise<string> {
  const location = parseTemplateUrl(templateUrl);
  try {
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId }),
    );
    return (await object.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw validationError(`S3 error: ${message}`);
  }
}
