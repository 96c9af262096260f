import type { ServiceRequest } from '../plugin.ts';
import type { BodyLimit } from '../protocols/body-limits.ts';
import { ServiceError } from '../service-error.ts';
import { authError, parseAmzDate, type AuthFailure } from './auth-errors.ts';
import { openDatabase } from '../state/database.ts';
import { stateLayout } from '../state/state-dir.ts';
import { IdentityStore, migrateIdentities, type Identity } from './identity-store.ts';
import {
  EMPTY_SHA256,
  canonicalRequest,
  sameSignature,
  scopeOf,
  sha256Hex,
  signatureOf,
  signingKey,
  stringToSign,
  type SignedRequestParts,
} from './sigv4.ts';

/** Clocks of client and server may differ this much (SigV4's limit). */
const MAX_SKEW_MS = 15 * 60_000;
/** AWS region names: `us-east-1`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** A presigned URL lives at most seven days. */
const MAX_PRESIGN_SECONDS = 604_800;

/** What `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` chunk signatures chain from. */
export interface ChunkSigning {
  key: Buffer;
  amzDate: string;
  scope: string;
  /** The request's own signature: the first chunk's "previous" signature. */
  seedSignature: string;
}

/** Who sent a request, once its signature checked out. */
export interface Authentication {
  caller: Identity;
  /** Set for bodies whose chunks are signed one by one. */
  chunkSigning?: ChunkSigning;
}

interface ParsedSignature {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
  presignExpires?: number;
}

/**
 * Checks the AWS Signature Version 4 of every request against the identities of the
 * state folder: the Authorization header or a presigned query, the scope (region,
 * service, day), the clock skew and, for JSON and query services, the body hash.
 * Derived keys are cached per key, day, region and service: a request then costs
 * one SHA-256 of the canonical request and one HMAC.
 */
export class RequestAuthenticator {
  readonly #keys = new Map<string, Buffer>();

  constructor(
    private readonly identities: IdentityStore,
    private readonly region: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Authenticates `request` for `service`. For services other than S3 the body is read
   * (bounded by `bodyLimit`) to hash it; plugins read it again from the request's cache.
   */
  async authenticate(request: ServiceRequest, service: string, bodyLimit: BodyLimit): Promise<Authentication> {
    const parsed = this.#parse(request, service);
    const identity = this.identities.byAccessKey(parsed.accessKeyId);
    if (!identity) throw authError(service, { kind: 'unknown-key', accessKeyId: parsed.accessKeyId });
    this.#checkScope(parsed, service);
    const payloadHash = await this.#payloadHash(request, service, parsed, bodyLimit);
    const parts: SignedRequestParts = {
      method: request.method,
      rawPath: request.rawPath,
      rawQuery: rawQueryOf(request),
      headers: request.headers,
      signedHeaders: parsed.signedHeaders,
      service,
      ...(parsed.presignExpires !== undefined ? { omitQuery: 'X-Amz-Signature' } : {}),
    };
    const key = this.#signingKey(identity.secretAccessKey, parsed);
    const scope = scopeOf(parsed.date, parsed.region, parsed.service);
    const expected = signatureOf(key, stringToSign(parsed.amzDate, scope, canonicalRequest(parts, payloadHash)));
    if (!sameSignature(expected, parsed.signature)) throw authError(service, { kind: 'bad-signature' });
    const streaming = payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
    return {
      caller: identity,
      ...(streaming ? { chunkSigning: { key, amzDate: parsed.amzDate, scope, seedSignature: parsed.signature } } : {}),
    };
  }

  #parse(request: ServiceRequest, service: string): ParsedSignature {
    const fail = (failure: AuthFailure): never => {
      throw authError(service, failure);
    };
    const auth = request.headers.authorization;
    if (typeof auth === 'string' && auth.startsWith('AWS4-HMAC-SHA256 ')) {
      const fields = new Map<string, string>();
      for (const part of auth.slice('AWS4-HMAC-SHA256 '.length).split(',')) {
        const equals = part.indexOf('=');
        if (equals > 0) fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
      }
      const amzDate = headerText(request, 'x-amz-date') ?? '';
      return this.#fields(
        fields.get('Credential'),
        fields.get('SignedHeaders'),
        fields.get('Signature'),
        amzDate,
        fail,
      );
    }
    if (typeof auth === 'string' && auth.length > 0) return fail({ kind: 'unsupported-scheme' });
    const query = request.query;
    if (query.has('X-Amz-Credential')) {
      if (query.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') return fail({ kind: 'unsupported-scheme' });
      const expires = Number(query.get('X-Amz-Expires') ?? '');
      if (!Number.isInteger(expires) || expires < 1 || expires > MAX_PRESIGN_SECONDS)
        return fail({ kind: 'malformed', detail: 'X-Amz-Expires must be a number of seconds from 1 to 604800.' });
      const parsed = this.#fields(
        query.get('X-Amz-Credential') ?? undefined,
        query.get('X-Amz-SignedHeaders') ?? undefined,
        query.get('X-Amz-Signature') ?? undefined,
        query.get('X-Amz-Date') ?? '',
        fail,
      );
      return { ...parsed, presignExpires: expires };
    }
    return fail({ kind: 'anonymous' });
  }

  #fields(
    credential: string | undefined,
    signedHeaders: string | undefined,
    signature: string | undefined,
    amzDate: string,
    fail: (failure: AuthFailure) => never,
  ): ParsedSignature {
    const scope = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(credential ?? '');
    if (!scope || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature))
      return fail({ kind: 'malformed', detail: 'the Credential, SignedHeaders and Signature are required.' });
    if (Number.isNaN(parseAmzDate(amzDate)))
      return fail({ kind: 'malformed', detail: 'X-Amz-Date must be a time of the form YYYYMMDDTHHMMSSZ.' });
    const [, accessKeyId = '', date = '', region = '', service = ''] = scope;
    const names = signedHeaders.split(';');
    if (!names.includes('host')) return fail({ kind: 'malformed', detail: 'the Host header must be signed.' });
    return { accessKeyId, date, region, service, signedHeaders: names, signature, amzDate };
  }

  #checkScope(parsed: ParsedSignature, service: string): void {
    // The local cloud is one account in every region (a profile's region names its artifact
    // bucket, as on AWS): any region name is served; the signature covers it and policies see
    // it as `aws:RequestedRegion`. A scope naming no region is refused.
    if (!REGION.test(parsed.region))
      throw authError(service, { kind: 'wrong-region', given: parsed.region, expected: this.region });
    if (parsed.service !== service)
      throw authError(service, { kind: 'wrong-service', given: parsed.service, expected: service });
    if (!parsed.amzDate.startsWith(parsed.date))
      throw authError(service, { kind: 'malformed', detail: 'the credential date does not match X-Amz-Date.' });
    const signedAt = parseAmzDate(parsed.amzDate);
    const now = this.now();
    if (parsed.presignExpires !== undefined) {
      if (signedAt - now > MAX_SKEW_MS)
        throw authError(service, { kind: 'skewed', amzDate: parsed.amzDate, now: new Date(now) });
      if (now > signedAt + parsed.presignExpires * 1000)
        throw authError(service, {
          kind: 'expired',
          amzDate: parsed.amzDate,
          expires: parsed.presignExpires,
          now: new Date(now),
        });
      return;
    }
    if (Math.abs(now - signedAt) > MAX_SKEW_MS)
      throw authError(service, { kind: 'skewed', amzDate: parsed.amzDate, now: new Date(now) });
  }

  async #payloadHash(
    request: ServiceRequest,
    service: string,
    parsed: ParsedSignature,
    bodyLimit: BodyLimit,
  ): Promise<string> {
    if (parsed.presignExpires !== undefined) return 'UNSIGNED-PAYLOAD';
    const declared = headerText(request, 'x-amz-content-sha256');
    if (service === 's3') {
      if (declared === undefined)
        throw new ServiceError('InvalidRequest', 400, 'Missing required header for this request: x-amz-content-sha256');
      return declared;
    }
    if (!hasBody(request)) return EMPTY_SHA256;
    return sha256Hex(await request.readBody(bodyLimit));
  }

  #signingKey(secret: string, parsed: ParsedSignature): Buffer {
    const id = `${parsed.accessKeyId}/${parsed.date}/${parsed.region}/${parsed.service}`;
    let key = this.#keys.get(id);
    if (!key) {
      // Keys are few (identities × days × services); a full cache is simply started over.
      if (this.#keys.size > 1_000) this.#keys.clear();
      key = signingKey(secret, parsed.date, parsed.region, parsed.service);
      this.#keys.set(id, key);
    }
    return key;
  }
}

function headerText(request: ServiceRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function hasBody(request: ServiceRequest): boolean {
  const length = headerText(request, 'content-length');
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function rawQueryOf(request: ServiceRequest): string {
  return request.rawQuery ?? '';
}

/** An authenticator over the identities of `stateDir` (benchmarks and tools; the server makes its own). */
export function openRequestAuthenticator(
  stateDir: string,
  region = 'us-east-1',
  accountId = '000000000000',
): { authenticator: RequestAuthenticator; close(): void } {
  const db = openDatabase(stateLayout(stateDir).db);
  db.transaction(() => migrateIdentities(db, accountId))();
  return { authenticator: new RequestAuthenticator(new IdentityStore(db, accountId), region), close: () => db.close() };
}
