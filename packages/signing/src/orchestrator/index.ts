export type {
  ResolvedProfile,
  SignRequest,
  SignResult,
  SignOptions,
  SignatureValidity,
  ThrottleBackoff,
} from './types.ts';
export { DEFAULT_SIGNING_CONCURRENCY } from './types.ts';
export { resolveProfiles, type ProfileReference, type ResolveProfilesOptions } from './resolve-profiles.ts';
export { signArtifacts, type SigningClients } from './sign-artifacts.ts';
export { SigningFailedError, type SigningFailure, type SigningStopReason } from './signing-failed-error.ts';
export { SignatureCache, parseCacheFile, type CachedSignature, type SignatureCacheFile } from './signature-cache.ts';
export { judgeCachedSignature, type CacheVerdict, type ObservedSignature } from './cache-validation.ts';
export { deriveClientRequestToken, type TokenInput } from './client-request-token.ts';
export { throttleBackoffMs, pollDelayMs, defaultThrottleBackoff } from './schedules.ts';
export { isThrottlingError, withThrottleRetry } from './throttle-retry.ts';
export { signerPrefix } from './signer-destination.ts';
export { MAX_SIGNATURE_VALIDITY, addValidity } from './signature-validity.ts';
export { systemClock, type Clock } from './clock.ts';
