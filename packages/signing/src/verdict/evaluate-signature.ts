import { envelopeSignatureValid, readSignedZip } from '../format/read-signed-zip.ts';
import { SignedPackageError } from '../format/signed-package-error.ts';
import type { SignatureEnvelope } from '../format/envelope.ts';
import type { TrustData } from './trust-data.ts';
import type { CheckResult, CodeSigningPolicy, Verdict, VerdictFailure } from './verdict.ts';

/** What Lambda knows when it checks a package. */
export interface EvaluateSignatureInput {
  zip: Buffer;
  /** The CSC's `AllowedPublishers.SigningProfileVersionArns`. */
  allowedProfileVersionArns: readonly string[];
  policy: CodeSigningPolicy;
  trust: TrustData;
  /** The time of the check (deploy time). */
  at: Date;
}

/**
 * The CSC truth table. Integrity (digest, signature, known key) first, always
 * rejecting; then publisher, expiry and revocation (and no signature at all),
 * which `Warn` accepts with reasons and `Enforce` rejects.
 */
export function evaluateSignature(input: EvaluateSignatureInput): Verdict {
  let contents: ReturnType<typeof readSignedZip>;
  try {
    contents = readSignedZip(input.zip);
  } catch (error) {
    if (!(error instanceof SignedPackageError)) throw error;
    return integrityFailure(null, 'fail', 'skip', [`the package is malformed or was altered: ${error.message}`]);
  }
  if (contents.unsigned) {
    return policyOutcome(input.policy, 'unsigned', allChecks('skip'), ['the package is not signed'], null);
  }
  const { envelope } = contents;
  const reasons: string[] = [];
  const integrity: CheckResult = contents.digestMatches ? 'pass' : 'fail';
  if (integrity === 'fail')
    reasons.push(`the package changed since it was signed (SHA-384 ${contents.digestHex}, signed ${envelope.digest})`);
  const version = input.trust.profileVersions.find((v) => v.profileVersionArn === envelope.profileVersionArn);
  let signature: CheckResult = 'pass';
  if (version === undefined) {
    signature = 'fail';
    reasons.push(
      `the signing profile version ${envelope.profileVersionArn} is unknown to the trust data, so its public key cannot be found and the signature cannot be verified`,
    );
  } else if (!envelopeSignatureValid(envelope, version.publicKeyPem)) {
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
