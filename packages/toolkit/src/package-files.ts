import { createHash } from 'node:crypto';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createLimiter, type IoHost } from '@toolkit/core';
import { isS3NotFound } from '@toolkit/signing';
import { fileUploadZipsFiles, rewriteArtifact, type TemplateNode } from '@toolkit/template';
import type { AwsSession } from './aws-session.ts';
import { fileUploadBody } from './file-upload-body.ts';
import { rewriteTargetOf, type PackagePlanEntry } from './package-plan.ts';
import type { PackagedArtifact } from './package-template.ts';

/** An object put (or found already there) under a content-addressed key. */
export interface PutOnce {
  key: string;
  versionId: string | undefined;
  uploaded: boolean;
}

/** Where the objects go and whether to put them even when their key is there. */
export interface ObjectTarget {
  bucket: string;
  prefix: string;
  forceUpload: boolean;
  kmsKeyId?: string;
}

/**
 * Uploads each `upload-file` entry's file as it is (not signed) under
 * `<prefix>/<sha256><extension>`, unless that key is already there, and points the
 * entry's property at it. A file named by several properties is read and put once. A folder
 * (only a property taking a package or bundle names one, as the template scan checked) is
 * zipped deterministically and put as `<sha256>.zip`, and so is a lone file where the
 * property takes only a zip.
 */
export async function packageFiles(
  session: AwsSession,
  root: TemplateNode,
  entries: readonly PackagePlanEntry[],
  target: ObjectTarget,
  io: IoHost,
): Promise<{ artifacts: PackagedArtifact[]; uploads: number }> {
  const limit = createLimiter(16);
  const byFile = new Map<string, Promise<PutOnce & { sha256: string }>>();
  const putFile = (file: string, zipsFiles: boolean) => {
    const upload = `${zipsFiles ? 'zip' : 'file'}:${file}`;
    let put = byFile.get(upload);
    if (!put) {
      put = limit(async () => {
        const { body, extension } = await fileUploadBody(file, zipsFiles);
        const sha256 = createHash('sha256').update(body).digest('hex');
        const key = `${target.prefix ? `${target.prefix}/` : ''}${sha256}${extension}`;
        return { sha256, ...(await putObjectOnce(session, target, key, body, contentTypeOf(extension))) };
      });
      byFile.set(upload, put);
    }
    return put;
  };
  const puts = entries.map((entry) => putFile(entry.source, fileUploadZipsFiles(entry.resourceType, entry.property)));
  // Never leave uploads running behind a failure: settle them all before reporting it.
  await Promise.allSettled(puts);
  const done = await Promise.all(entries.map(async (entry, i) => ({ entry, put: await puts[i]! })));
  const artifacts = done.map(({ entry, put }) => {
    io.progress?.({ task: entry.id, step: 'upload', state: put.uploaded ? 'done' : 'skip', detail: put.key });
    const rewrite = rewriteTargetOf(entry);
    rewriteArtifact(
      root,
      rewrite,
      // A stack set's TemplateURL takes a path-style https URL in the session's region.
      rewrite.source.form === 'https-url'
        ? { url: `https://s3.${session.region}.amazonaws.com/${target.bucket}/${put.key}` }
        : { bucket: target.bucket, key: put.key, ...(put.versionId ? { version: put.versionId } : {}) },
    );
    return {
      id: entry.id,
      resourceType: entry.resourceType,
      property: entry.property,
      sha256: put.sha256,
      buildMethod: 'file',
      dependencies: null,
      s3: { bucket: target.bucket, key: put.key, versionId: put.versionId ?? null },
      signing: null,
    };
  });
  let uploads = 0;
  for (const put of byFile.values()) if ((await put).uploaded) uploads++;
  return { artifacts, uploads };
}

/** Puts `body` at `key` unless an object is already there (content-addressed keys: same key, same bytes). */
export async function putObjectOnce(
  session: AwsSession,
  target: ObjectTarget,
  key: string,
  body: Buffer | string,
  contentType: string,
): Promise<PutOnce> {
  if (!target.forceUpload) {
    try {
      const head = await session.s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }));
      return { key, versionId: realVersion(head.VersionId), uploaded: false };
    } catch (error) {
      if (!isS3NotFound(error)) throw error;
    }
  }
  const put = await session.s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ...(target.kmsKeyId ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: target.kmsKeyId } : {}),
    }),
  );
  return { key, versionId: realVersion(put.VersionId), uploaded: true };
}

/** S3 reports "null" as the version of an object put while versioning was off. */
function realVersion(versionId: string | undefined): string | undefined {
  return versionId && versionId !== 'null' ? versionId : undefined;
}

function contentTypeOf(extension: string): string {
  const ext = extension.toLowerCase();
  if (ext === '.json') return 'application/json';
  if (ext === '.yaml' || ext === '.yml') return 'text/yaml';
  if (ext === '.zip') return 'application/zip';
  return 'application/octet-stream';
}
