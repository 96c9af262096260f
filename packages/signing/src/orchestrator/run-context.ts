import type { S3Client } from '@aws-sdk/client-s3';
import type { SignerClient } from '@aws-sdk/client-signer';
import type { IoHost } from '@toolkit/core';
import type { Clock } from './clock.ts';
import type { SignatureCache } from './signature-cache.ts';
import type { ThrottleRetryContext } from './throttle-retry.ts';

/** Everything one signArtifacts run shares between its workers (per run, never module-level). */
export interface RunContext {
  s3: S3Client;
  signer: SignerClient;
  io: IoHost;
  clock: Clock;
  cache: SignatureCache | undefined;
  /** Aborts on the caller's signal or the deadline. */
  signal: AbortSignal;
  /** True once any job failed: start nothing new. */
  stopping(): boolean;
  pollInitialMs: number;
  pollMaxMs: number;
  minValidityMs: number;
  /** The signed objects' format: `toolkit-sig/1` (the local cloud's, checked by its envelope) or `any` (checked by the signed source). */
  signedFormat: 'toolkit-sig/1' | 'any';
  runStartedAt: number;
  /** Retry context for a call; `startsJob` calls are abandoned once stopping. */
  retry(startsJob: boolean): ThrottleRetryContext;
}
