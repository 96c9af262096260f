import type { SignatureEnvelope } from '../portable/envelope-text.ts';

/** A CSC's `CodeSigningPolicies.UntrustedArtifactOnDeployment`. */
export type CodeSigningPolicy = 'Warn' | 'Enforce';

/** How one check of a package went; `skip` when an earlier failure made it meaningless. */
export type CheckResult = 'pass' | 'fail' | 'skip';

/** Why a package is not trusted, in the order Lambda checks. */
export type VerdictFailure = 'integrity' | 'mismatch' | 'expired' | 'revoked' | 'unsigned';

/** What Lambda decides about one package under one code signing configuration. */
export interface Verdict {
  verdict: 'accept' | 'warn' | 'reject';
  failure: null | VerdictFailure;
  checks: {
    integrity: CheckResult;
    signature: CheckResult;
    publisher: CheckResult;
    expiry: CheckResult;
    revocation: CheckResult;
  };
  /** One sentence per failed check; warnings under Warn, errors under Enforce. */
  reasons: string[];
  envelope: SignatureEnvelope | null;
}
