import { evaluateSignature, type TrustData, type Verdict, type VerdictFailure } from '@toolkit/signing';
import type { CloudContext } from '../../plugin.ts';
import type { SignerPlugin } from '../signer/signer-plugin.ts';
import type { CodeSigningConfigRow } from './code-signing-config-store.ts';
import { codeVerificationFailed, invalidCodeSignature } from './lambda-errors.ts';

/** One package a deployment puts in place: the function's code or one of its layers. */
export interface DeployArtifact {
  /** The function ARN for its code, the layer version ARN for a layer. */
  arn: string;
  bytes: Buffer;
}

/** A package that `Warn` let through: it becomes a SignatureValidationErrors record. */
export interface SignatureWarning {
  artifactArn: string;
  failure: VerdictFailure;
  reason: string;
}

/** The signer of a package whose signature passed every check. */
export interface AcceptedSignature {
  profileVersionArn: string;
  jobArn: string;
}

/** How a deployment under a CSC went: the accepted signature of each artifact, and the warnings to record. */
export interface DeploymentVerdict {
  signatures: Map<string, AcceptedSignature>;
  warnings: SignatureWarning[];
}

/**
 * Checks every package of a deployment against a code signing configuration, at
 * the cloud's current time. An integrity failure anywhere answers
 * InvalidCodeSignatureException whatever the policy; any other rejection (only
 * under Enforce) CodeVerificationFailedException naming the function.
 */
export function verifyDeployment(
  ctx: CloudContext,
  csc: CodeSigningConfigRow,
  functionArn: string,
  artifacts: DeployArtifact[],
): DeploymentVerdict {
  const trust = signerTrust(ctx);
  const at = ctx.now();
  const verdicts = artifacts.map((artifact) => ({
    artifact,
    verdict: evaluateSignature({
      zip: artifact.bytes,
      allowedProfileVersionArns: csc.allowedProfileVersionArns,
      policy: csc.policy,
      trust,
      at,
    }),
  }));
  if (verdicts.some(({ verdict }) => verdict.failure === 'integrity')) throw invalidCodeSignature();
  if (verdicts.some(({ verdict }) => verdict.verdict === 'reject')) throw codeVerificationFailed(functionArn);
  const signatures = new Map<string, AcceptedSignature>();
  const warnings: SignatureWarning[] = [];
  for (const { artifact, verdict } of verdicts) {
    const accepted = acceptedSignature(verdict);
    if (accepted) signatures.set(artifact.arn, accepted);
    if (verdict.verdict === 'warn' && verdict.failure !== null) {
      warnings.push({ artifactArn: artifact.arn, failure: verdict.failure, reason: verdict.reasons.join('; ') });
    }
  }
  return { signatures, warnings };
}

/**
 * The signer a package claims, when its signature is intact (digest and key
 * check out), whether or not any CSC would allow that publisher. Layers report
 * this as their signing fields.
 */
export function intactSignature(ctx: CloudContext, bytes: Buffer): AcceptedSignature | null {
  const trust = signerTrust(ctx);
  const verdict = evaluateSignature({
    zip: bytes,
    allowedProfileVersionArns: [],
    policy: 'Warn',
    trust,
    at: ctx.now(),
  });
  if (verdict.envelope === null || verdict.failure === 'integrity' || verdict.failure === 'unsigned') return null;
  return { profileVersionArn: verdict.envelope.profileVersionArn, jobArn: verdict.envelope.jobArn };
}

function acceptedSignature(verdict: Verdict): AcceptedSignature | null {
  if (verdict.verdict !== 'accept' || verdict.envelope === null) return null;
  return { profileVersionArn: verdict.envelope.profileVersionArn, jobArn: verdict.envelope.jobArn };
}

function signerTrust(ctx: CloudContext): TrustData {
  return ctx.plugin<SignerPlugin>('signer').trustData();
}
