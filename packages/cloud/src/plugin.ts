import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { BlobStore } from './state/blob-store.ts';
import type { BodyLimit } from './protocols/body-limits.ts';
import type { ProtocolCodec } from './protocols/codec.ts';
import type { Identity, IdentityStore } from './iam/identity-store.ts';
import type { ChunkSigning } from './iam/request-authentication.ts';

/** Test knobs, all off by default; documented in packages/cloud/README.md. */
export interface CloudKnobs {
  /** Milliseconds a signing job stays InProgress before it completes (models AWS's seconds-long jobs). */
  signingJobLatencyMs?: number;
  /** StartSigningJob calls allowed per second; more answer ThrottlingException 429. */
  startSigningJobRateLimit?: number;
  /** Live CloudFormation stacks allowed, nested ones included (default 2000, AWS's default quota). */
  stackLimit?: number;
  /** Lambda execution environments alive at once, over every function (default 16). */
  lambdaMaxEnvironments?: number;
  /** Milliseconds an idle Lambda execution environment is kept warm (default 300000). */
  lambdaIdleMs?: number;
  /** Milliseconds before an `Event` invoke that failed is retried (default 60000, as Lambda's first retry). */
  lambdaEventRetryDelayMs?: number;
}

/** What every plugin gets: the cloud's identity, its state and its clock. */
export interface CloudContext {
  readonly region: string;
  readonly accountId: string;
  readonly stateDir: string;
  readonly db: Database.Database;
  readonly blobs: BlobStore;
  readonly knobs: CloudKnobs;
  /** The principals of this state folder (admin, developer, and those created), with their keys and policies. */
  readonly identities: IdentityStore;
  /** The endpoint clients use, e.g. http://127.0.0.1:4566 (known once the server listens). */
  endpoint(): string;
  now(): Date;
  /** Another plugin by name, for cross-service calls (Signer reads S3 objects, Lambda reads Signer keys). */
  plugin<T extends ServicePlugin>(name: string): T;
}

/** The SigV4 credential scope of a request: `AKID/date/region/service/aws4_request`. */
export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

/** One HTTP request, routed to a plugin. The body is not read until a plugin asks. */
export interface ServiceRequest {
  readonly method: string;
  /** Decoded path, without query string. */
  readonly path: string;
  /** Raw (still percent-encoded) path, for services whose keys may contain '/' or '%'. */
  readonly rawPath: string;
  readonly query: URLSearchParams;
  /** The query string as sent (no `?`), for the signature. */
  readonly rawQuery?: string;
  readonly headers: IncomingHttpHeaders;
  readonly scope: CredentialScope | undefined;
  /** Host header's leading label when it names a bucket (virtual-host-style S3), else undefined. */
  readonly virtualHostBucket: string | undefined;
  /** The request body as a stream; read it once, either this way or with readBody(). */
  readonly stream: Readable;
  /** The whole body; past `limit` it rejects with the limit's error without reading the rest. */
  readBody(limit?: BodyLimit): Promise<Buffer>;
  /** Who signed the request; set by the server before any plugin sees it (undefined only for plugin unit tests). */
  readonly caller?: Identity;
  /** For S3 bodies whose chunks carry their own signatures: what they chain from. */
  readonly chunkSigning?: ChunkSigning;
  /** The id the server put in `x-amzn-RequestId`/`x-amz-request-id`; query-protocol bodies repeat it. */
  readonly requestId?: string;
}

/** What a plugin answers; `body` may be a stream for large objects. */
export interface ServiceResponse {
  status: number;
  headers?: Record<string, string | number | string[]>;
  body?: string | Buffer | Readable;
}

/** One AWS service emulated behind the shared endpoint. */
export interface ServicePlugin {
  /** Plugin name, also the SigV4 signing name that routes to it (`s3`, `signer`, `lambda`, `cloudformation`, `sts`). */
  readonly name: string;
  /** Creates or upgrades this plugin's tables; runs inside a transaction at start. */
  migrate(db: Database.Database): void;
  /** Called once the server listens: resume work left unfinished by a crash. */
  start?(ctx: CloudContext): void | Promise<void>;
  /** Answers one request. Throw ServiceError for AWS errors; the plugin's codec renders them. */
  handle(request: ServiceRequest, ctx: CloudContext): Promise<ServiceResponse>;
  /** Stops timers and background work. */
  close?(): void | Promise<void>;
  /**
   * Renders this plugin's ServiceErrors (and unexpected errors as InternalError 500).
   * Optional: without it the server picks the codec AWS uses for `name`
   * (s3 rest-xml, sts/cloudformation query, signer rest-json `{message}`, lambda rest-json `{Type,Message}`).
   */
  readonly codec?: ProtocolCodec;
  /**
   * The bound on a body the server reads to check its signature (services other than S3
   * sign the body's hash); default the protocol's (JSON 1 MiB, query 4 MiB).
   */
  requestBodyLimit?(request: ServiceRequest): BodyLimit;
  /**
   * Whether this plugin answers an unsigned request as a public endpoint (API Gateway's routes),
   * which then reaches it without a signature check; `ownOrigin` when its Host is an origin
   * apart from the cloud's own (no console can be scripted from it).
   */
  publicEndpoint?(request: ServiceRequest): { ownOrigin: boolean } | undefined;
}

/** Makes one plugin instance per cloud; `plugins/index.ts` lists them. */
export type PluginFactory = () => ServicePlugin;
