import type { Verdict } from './verdict.ts';

/** The Lambda errors a rejected package produces. */
export type LambdaCodeSigningErrorCode = 'InvalidCodeSignatureException' | 'CodeVerificationFailedException';

/**
 * Which Lambda error a verdict raises: integrity failures are
 * `InvalidCodeSignatureException`, every other rejection (under Enforce)
 * `CodeVerificationFailedException`; null when the package is accepted or warned.
 */
export function lambdaErrorCodeFor(verdict: Verdict): LambdaCodeSigningErrorCode | null {
  if (verdict.verdict !== 'reject') return null;
  return verdict.failure === 'integrity' ? 'InvalidCodeSignatureException' : 'CodeVerificationFailedException';
}
