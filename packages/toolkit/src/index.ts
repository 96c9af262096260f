// The library API: every action of the toolkit, with typed options and results and an IoHost,
// callable from release scripts without the CLI. Actions are exported through
// `withAwsValidationAsUserError`, the one boundary where AWS's validation refusals become user errors.
import { withAwsValidationAsUserError } from './aws-validation.ts';
import * as build from './build-template.ts';
import * as profile from './create-signing-profile.ts';
import * as del from './delete-stack.ts';
import * as dryRun from './deploy-dry-run.ts';
import * as deploy from './deploy-stack.ts';
import * as verify from './verify-package.ts';
import * as invoke from './invoke-function.ts';
import * as logs from './function-logs.ts';

export type { BuildArtifactReport, BuildTemplateOptions, BuildTemplateResult } from './build-template.ts';
export type { BuildToolOptions } from './build-requests.ts';
export type { CreateSigningProfileOptions, SigningProfileResult } from './create-signing-profile.ts';
export type { DeleteStackOptions, DeleteStackResult } from './delete-stack.ts';
export type { DeployPlanResult } from './deploy-dry-run.ts';
export type { DeployStackOptions, DeployStackResult } from './deploy-stack.ts';
export type { LocalApi, LocalApiUrls, LocalFunctionUrl } from './local-api-urls.ts';
export { notEmulatedLine, type NotEmulatedType } from './not-emulated.ts';
export type { PackagedArtifact, PackageTemplateOptions, PackageTemplateResult } from './package-template.ts';
export type { InvokeFunctionOptions, InvokeFunctionResult } from './invoke-function.ts';
export type { FunctionLogEvent, FunctionLogsOptions, FunctionLogsResult } from './function-logs.ts';
export type { StackFunction } from './stack-functions.ts';
export type { AllowedPublishersSource, VerifyPackageOptions, VerifyPackageResult } from './verify-package.ts';
export type { PackagePlanEntry } from './package-plan.ts';
export type { ChangeSummary } from './change-set.ts';
export type { DeployEvent } from './stack-events.ts';
export type { StackArtifact } from './stack-artifacts.ts';
export type { SigningProfilesInput } from './signing-assignments.ts';

/** Builds every function and layer zip of a template (deterministic, cached by SHA-256). */
export const buildTemplate = withAwsValidationAsUserError(build.buildTemplate);
/** Creates (or reuses) a signing profile on the target. */
export const createSigningProfile = withAwsValidationAsUserError(profile.createSigningProfile);
/** Deletes a stack, waits until it is gone, then deletes the S3 objects its template pointed at. */
export const deleteStack = withAwsValidationAsUserError(del.deleteStack);
/** What a deploy would do: the package plan and the change set, creating nothing that stays. */
export const planDeploy = withAwsValidationAsUserError(dryRun.planDeploy);
/** Packages (and signs), then deploys through a CloudFormation change set. */
export const deployStack = withAwsValidationAsUserError(deploy.deployStack);
export { packageTemplate } from './package-entry.ts';
/** Invokes a deployed function once and returns its answer and log. */
export const invokeFunction = withAwsValidationAsUserError(invoke.invokeFunction);
/** Reads (or tails) the CloudWatch Logs of a stack's functions. */
export const functionLogs = withAwsValidationAsUserError(logs.functionLogs);
/** Applies Lambda's code signing verdict to a zip offline. */
export const verifyPackage = withAwsValidationAsUserError(verify.verifyPackage);
export { DEFAULT_MAX_TRUST_AGE } from './verify-package.ts';

export {
  localStateDir,
  openAwsSession,
  type AwsSession,
  type DeployClients,
  type TargetOptions,
} from './aws-session.ts';
export { parseValidityPeriod, type ValidityPeriod } from './signature-validity.ts';
export { OptionError, type OptionNamer } from './option-error.ts';
export { trustedPublishersText, trustFileOldText } from './trust-notices.ts';
export {
  createLocalIdentity,
  type CreateLocalIdentityOptions,
  type LocalIdentityResult,
} from './create-local-identity.ts';
export { localCredentials, type LocalCredentialsOptions, type LocalCredentialsResult } from './local-credentials.ts';
