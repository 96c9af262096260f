import type { SignatureEnvelope } from './envelope-text.ts';
import type { TrustData } from '../verdict/trust-data.ts';
import type { CheckResult, CodeSigningPolicy, Verdict, VerdictFailure } from '../verdict/verdict.ts';

/** What reading a package and checking its signature found, before any rule is applied. */
export type PackageFacts =
  | { kind: 'malformed'; message: string }
  | { kind: 'unsigned' }
  | {
      kind: 'signed';
      envelope: SignatureEnvelope;
      digestHex: string;
      digestMatches: boolean;
      /** `unknown-version`: the trust data has no public key for the envelope's profile version. */
      signature: 'valid' | 'invalid' | 'unknown-version';
    };

/** The rest of what Lambda knows when it checks a package. */
export interface VerdictContext {
  /** The CSC's `AllowedPublishers.SigningProfileVersionArns`. */
  allowedProfileVersionArns: readonly string[];
  policy: CodeSigningPolicy;
  trust: TrustData;
  /** The time of the check (deploy time). */
  at: Date;
}

/**
 * The CSC truth table over the facts of one package. Integrity (digest, signature, known key)
 * first, always rejecting; then publisher, expiry and revocation (and no signature at all),
 * which `Warn` accepts with reasons and `Enforce` rejects. Node (`evaluateSignature`) and the
 * browser (`evaluateSignatureWeb`) gather the facts with their own crypto and share this.
 */
export function decideVerdict(facts: PackageFacts, input: VerdictContext): Verdict {
  if (facts.kind === 'malformed')
    return integrityFailure(null, 'fail', 'skip', [`the package is malformed or was altered: ${facts.message}`]);
  if (facts.kind === 'unsigned')
    return policyOutcome(input.policy, 'unsigned', allChecks('skip'), ['the package is not signed'], null);
  const { envelope } = facts;
  const reasons: string[] = [];
  const integrity: CheckResult = facts.digestMatches ? 'pass' : 'fail';
  if (integrity === 'fail')
    reasons.push(`the package changed since it was signed (SHA-384 ${facts.digestHex}, signed ${envelope.digest})`);
  let signature: CheckResult = 'pass';
  if (facts.signature === 'unknown-version') {
    signature = 'fail';
    reasons.push(
      `the signing profile version ${envelope.profileVersionArn} is unknown to the trust data, so its public key cannot be found and the signature cannot be verified`,
    );
  } else if (facts.signature === 'invalid') {
    signature = 'fail';
    reasons.push(
      `the signature does not verify with the public key of ${envelope.profileVersionArn}: the signature envelope was altered or forged`,
    );
  }
  if (integrity === 'fail' || signature === 'fail') return integrityFailure(envelope, integrity, signature, reasons);

  const at = input.at.getTime();
  const publisher: CheckResult = input.allowedProfileVersionArns.includes(envelope.profileVersionArn) ? 'pass' : 'fail';
  if (publisher === 'fail')
    reasons.push(
      `the signing profile version ${envelope.profileVersionArn} is not an allowed publisher of this code signing configuration`,
    );
  const expiry: CheckResult = at > Date.parse(envelope.expiresAt) ? 'fail' : 'pass';
  if (expiry === 'fail') reasons.push(`the signature expired at ${envelope.expiresAt}`);
  const revocation = revocationCheck(envelope, input.trust, reasons);
  const failure: VerdictFailure | null =
    publisher === 'fail' ? 'mismatch' : expiry === 'fail' ? 'expired' : revocation === 'fail' ? 'revoked' : null;
  const checks = { integrity, signature, publisher, expiry, revocation };
  if (failure === null) return { verdict: 'accept', failure: null, checks, reasons, envelope };
  return policyOutcome(input.policy, failure, checks, reasons, envelope);
}

/** The public key the trust data holds for an envelope's profile version, or undefined. */
export function publicKeyFor(trust: TrustData, envelope: SignatureEnvelope): string | undefined {
  return trust.profileVersions.find((v) => v.profileVersionArn === envelope.profileVersionArn)?.publicKeyPem;
}

/** A job revocation always counts; a profile revocation counts for signatures made at or after its effective time. */
function revocationCheck(envelope: SignatureEnvelope, trust: TrustData, reasons: string[]): CheckResult {
  let result: CheckResult = 'pass';
  const job = trust.revokedJobs.find((j) => j.jobArn === envelope.jobArn);
  if (job !== undefined) {
    result = 'fail';
    reasons.push(`the signing job ${envelope.jobArn} was revoked at ${job.revokedAt}`);
  }
  const version = trust.profileVersions.find((v) => v.profileVersionArn === envelope.profileVersionArn);
  if (version?.status === 'Revoked') {
    const effective =
      version.revokedEffectiveFrom === null ? Number.NEGATIVE_INFINITY : Date.parse(version.revokedEffectiveFrom);
    if (effective <= Date.parse(envelope.signedAt)) {
      result = 'fail';
      reasons.push(
        `the signing profile version ${envelope.profileVersionArn} was revoked effective ${version.revokedEffectiveFrom ?? 'from its creation'}, at or before the signing time ${envelope.signedAt}`,
      );
    }
  }
  return result;
}

function integrityFailure(
  envelope: SignatureEnvelope | null,
  integrity: CheckResult,
  signature: CheckResult,
  reasons: string[],
): Verdict {
  return {
    verdict: 'reject',
    failure: 'integrity',
    checks: { ...allChecks('skip'), integrity, signature },
    reasons,
    envelope,
  };
}

function policyOutcome(
  policy: CodeSigningPolicy,
  failure: VerdictFailure,
  checks: Verdict['checks'],
  reasons: string[],
  envelope: SignatureEnvelope | null,
): Verdict {
  return { verdict: policy === 'Warn' ? 'warn' : 'reject', failure, checks, reasons, envelope };
}

function allChecks(result: CheckResult): Verdict['checks'] {
  return { integrity: result, signature: result, publisher: result, expiry: result, revocation: result };
}
