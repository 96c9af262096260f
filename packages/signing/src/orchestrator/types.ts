import type { IoHost } from '@toolkit/core';
import type { SignedContent } from '../format/built-zip-digest.ts';
import type { Clock } from './clock.ts';
import type { SignatureCache } from './signature-cache.ts';

/** How long a profile's signatures stay valid, as Signer states it. */
export interface SignatureValidity {
  value: number;
  type: 'DAYS' | 'MONTHS' | 'YEARS';
}

/** A signing profile looked up with GetSigningProfile: the version that will sign. */
export interface ResolvedProfile {
  profileName: string;
  profileOwner?: string;
  profileVersion: string;
  profileVersionArn: string;
  status: 'Active';
  validity: SignatureValidity | undefined;
}

/** One artifact to sign: an uploaded zip version and the profile to sign it with. */
export interface SignRequest {
  /** Caller's id for the artifact, e.g. `Child/Fn`; used in progress events and errors. */
  id: string;
  sha256: string;
  /** What the signature must cover: the built zip's digest and length, checked on every signed or reused object. */
  signedContent: SignedContent;
  source: { bucket: string; key: string; versionId: string };
  profile: ResolvedProfile;
  /** Signer writes `<prefix>/<jobId>.zip` into this bucket. */
  destination: { bucket: string; prefix: string };
}

/** Where a signed artifact is, and how long its signature lasts. */
export interface SignResult {
  id: string;
  profileName: string;
  profileOwner: string | undefined;
  profileVersionArn: string;
  jobId: string;
  jobArn: string;
  signedObject: { bucket: string; key: string; versionId?: string };
  /** ISO-8601 UTC. */
  expiresAt: string;
  /** True when a cached, still-valid signature was used instead of a new job. */
  reused: boolean;
}

/**
 * Jobs in flight by default. A job spends seconds waiting on Signer and almost nothing
 * here, so the bound is set by Signer's StartSigningJob rate, not local resources: at
 * 10 starts/s and ~2 s per job, 20+ jobs must be in flight to keep the rate busy.
 */
export const DEFAULT_SIGNING_CONCURRENCY = 32;

/** Tuning and collaborators of signArtifacts; every field has a default. */
export interface SignOptions {
  /** Signing jobs (and cache checks) in flight at once. Default DEFAULT_SIGNING_CONCURRENCY. */
  concurrency?: number;
  /** First DescribeSigningJob delay; grows ×1.5 per poll. Default 250 ms. */
  pollInitialMs?: number;
  /** Longest delay between polls. Default 5 s. */
  pollMaxMs?: number;
  /** Whole-operation deadline. Default 15 min. */
  timeoutMs?: number;
  /** A cached signature is reused only if it stays valid at least this long. Default 30 days. */
  minSignatureValidityMs?: number;
  /**
   * What signed objects look like: `toolkit-sig/1` (default; each must carry an envelope over the built zip)
   * or `any` (AWS Signer, whose format is not published: the version each job read must hold the built zip).
   */
  signedFormat?: 'toolkit-sig/1' | 'any';
  /** The same as a Signer validity period in calendar units, counted from the start of the run (wins over minSignatureValidityMs). */
  minSignatureValidity?: SignatureValidity;
  /** Signature reuse cache; undefined signs everything. Saved before signArtifacts returns or throws. */
  cache?: SignatureCache | undefined;
  io?: IoHost;
  signal?: AbortSignal;
  clock?: Clock;
  /** Throttle backoff tuning (full jitter): base and cap of the delay, and retries per call. */
  throttle?: Partial<ThrottleBackoff>;
  /** Random source in [0, 1) for jitter; injectable for deterministic tests. */
  random?: () => number;
}

/** Exponential backoff with full jitter: delay = random × min(capMs, baseMs × 2^attempt). */
export interface ThrottleBackoff {
  baseMs: number;
  capMs: number;
  maxRetries: number;
}
