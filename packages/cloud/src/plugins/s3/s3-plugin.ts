import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CloudContext, ServicePlugin } from '../../plugin.ts';
import { restXmlCodec } from '../../protocols/rest-xml.ts';
import { stateLayout } from '../../state/state-dir.ts';
import type { S3Env } from './s3-env.ts';
import { MultipartStore } from './s3-multipart-store.ts';
import { resolveVersion } from './s3-object-handlers.ts';
import { routeS3 } from './s3-routes.ts';
import { migrateS3 } from './s3-schema.ts';
import { S3Store, type VersioningStatus } from './s3-store.ts';

/** An object version as other plugins see it. */
export interface S3ObjectInfo {
  bucket: string;
  key: string;
  /** The version id; `'null'` for an object stored while versioning was off or suspended. */
  versionId: string;
  /** Quoted MD5 hex (single part) or `"…-N"` (multipart), as S3 sends it. */
  etag: string;
  size: number;
  /** Blob name in `ctx.blobs`. */
  sha256: string;
  contentType: string | undefined;
  lastModified: Date;
  metadata: Record<string, string>;
}

/** What `putObject` stored. */
export interface S3PutResult {
  /** Set as S3's PutObject `VersionId`: a real id when versioning is Enabled, `'null'` when Suspended, absent when never enabled. */
  versionId?: string;
  etag: string;
  sha256: string;
  size: number;
}

/**
 * The S3 plugin, with an in-process API for other plugins
 * (`ctx.plugin<S3Plugin>('s3')`). Its methods throw the same ServiceErrors S3 answers
 * (NoSuchBucket, NoSuchKey, NoSuchVersion), ready to be rethrown or mapped.
 */
export interface S3Plugin extends ServicePlugin {
  readonly name: 's3';
  /** The object's metadata; the current version unless `versionId` is given. */
  headObject(bucket: string, key: string, versionId?: string): Promise<S3ObjectInfo>;
  /** Same as headObject: where the body is (`sha256` in `ctx.blobs`) and which version it is. */
  getObjectBlob(bucket: string, key: string, versionId?: string): Promise<S3ObjectInfo>;
  /** The whole body in memory (templates, zips to sign). */
  readObject(bucket: string, key: string, versionId?: string): Promise<Buffer>;
  /** The body as a stream. */
  openObject(bucket: string, key: string, versionId?: string): Promise<Readable>;
  /** Stores a new version, as PutObject would. */
  putObject(
    bucket: string,
    key: string,
    body: Buffer | Readable,
    options?: { contentType?: string; metadata?: Record<string, string> },
  ): Promise<S3PutResult>;
  /** `Enabled`, `Suspended`, or undefined (never enabled); throws NoSuchBucket. */
  bucketVersioning(bucket: string): Promise<VersioningStatus>;
  /** Whether the bucket exists. */
  bucketExists(bucket: string): Promise<boolean>;
  /** Creates a bucket (BucketAlreadyOwnedByYou when it exists). */
  createBucket(bucket: string): Promise<void>;
}

/** Creates the S3 plugin (rest-xml; path-style and virtual-host-style addressing). */
export function createS3Plugin(): S3Plugin {
  let env: S3Env | undefined;
  const envFor = (ctx: CloudContext): S3Env => {
    env ??= {
      ctx,
      store: new S3Store(ctx.db, () => ctx.now()),
      multipart: new MultipartStore(ctx.db),
      uploadsDir: stateLayout(ctx.stateDir).uploads,
    };
    return env;
  };
  const started = (): S3Env => {
    if (!env) throw new Error('the S3 plugin is not started');
    return env;
  };
  const info = (bucket: string, key: string, versionId?: string): S3ObjectInfo => {
    const s3 = started();
    const record = s3.store.bucket(bucket);
    const object = resolveVersion(s3, record, key, versionId ?? null, 'GET');
    return {
      bucket,
      key,
      versionId: object.versionId,
      etag: object.etag,
      size: object.size,
      sha256: object.sha256 ?? '',
      contentType: object.contentType,
      lastModified: new Date(object.lastModified),
      metadata: object.metadata,
    };
  };

  return {
    name: 's3',
    codec: restXmlCodec,
    migrate: migrateS3,
    async start(ctx) {
      const s3 = envFor(ctx);
      // Part folders whose upload row is gone (completed or aborted just before a crash).
      const live = s3.multipart.allIds();
      for (const entry of await readdir(s3.uploadsDir).catch(() => [] as string[])) {
        if (!live.has(entry)) await rm(join(s3.uploadsDir, entry), { recursive: true, force: true });
      }
    },
    handle(request, ctx) {
      return routeS3(request, envFor(ctx));
    },
    async headObject(bucket, key, versionId) {
      return info(bucket, key, versionId);
    },
    async getObjectBlob(bucket, key, versionId) {
      return info(bucket, key, versionId);
    },
    async readObject(bucket, key, versionId) {
      const object = info(bucket, key, versionId);
      return object.size === 0 ? Buffer.alloc(0) : started().ctx.blobs.readAll(object.sha256);
    },
    async openObject(bucket, key, versionId) {
      const object = info(bucket, key, versionId);
      const blobs = started().ctx.blobs;
      if (object.size === 0) return Readable.from([]);
      return blobs.read(object.sha256);
    },
    async putObject(bucket, key, body, options = {}) {
      const s3 = started();
      s3.store.bucket(bucket);
      const blob = await s3.ctx.blobs.put(body);
      const version = s3.store.putVersion(bucket, key, {
        sha256: blob.sha256,
        size: blob.size,
        etag: `"${blob.md5}"`,
        contentType: options.contentType,
        headers: {},
        metadata: options.metadata ?? {},
        checksums: {},
        checksumType: undefined,
        partsCount: undefined,
      });
      const versioning = s3.store.bucket(bucket).versioning;
      return {
        ...(versioning === undefined ? {} : { versionId: version.versionId }),
        etag: version.etag,
        sha256: blob.sha256,
        size: blob.size,
      };
    },
    async bucketVersioning(bucket) {
      return started().store.bucket(bucket).versioning;
    },
    async bucketExists(bucket) {
      return started().store.findBucket(bucket) !== undefined;
    },
    async createBucket(bucket) {
      started().store.createBucket(bucket, started().ctx.region);
    },
  };
}
