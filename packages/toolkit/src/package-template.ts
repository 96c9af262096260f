import { silentIoHost, type IoHost } from '@toolkit/core';
import type { SignatureValidity } from '@toolkit/signing';
import type { DependencyReport } from '@toolkit/build';
import { declaredParameterNames, type ArtifactBuildInfo, type TemplateNode } from '@toolkit/template';
import type { BuildToolOptions } from './build-requests.ts';
import type { AwsSession, TargetOptions } from './aws-session.ts';
import { loadArtifactPlan, resolveTemplateFile } from './load-artifact-plan.ts';
import { executePackagePlan } from './package-executor.ts';
import { planPackage, type PackagePlanEntry } from './package-plan.ts';
import { assignSigningProfiles, type SigningProfilesInput } from './signing-assignments.ts';

/** Input of `packageTemplate`: `toolkit package`'s flags as a typed object. */
export interface PackageTemplateOptions extends TargetOptions, BuildToolOptions {
  templateFile?: string;
  /** Where the packaged template goes; without it the text is returned (the CLI prints it). */
  outputTemplateFile?: string;
  s3Bucket?: string;
  s3Prefix?: string;
  resolveS3?: boolean;
  signingProfiles?: SigningProfilesInput;
  forceUpload?: boolean;
  kmsKeyId?: string;
  /** Signing jobs in flight at once (default DEFAULT_SIGNING_CONCURRENCY, 32). */
  concurrency?: number;
  buildDir?: string;
  /** Reuse a cached signature only if it stays valid this much longer, in calendar units as Signer counts (default 30 days). */
  minSignatureValidity?: SignatureValidity;
  /** Give up on signing after this long (default 15 minutes). */
  signingTimeoutMs?: number;
  /** Plan only: nothing is built, uploaded, signed or written. */
  dryRun?: boolean;
  /** An already open session (deploy passes its own); otherwise one is opened and closed here. */
  session?: AwsSession;
}

/** One packaged artifact, as `toolkit package --json` prints it. */
export interface PackagedArtifact {
  id: string;
  resourceType: string;
  property: string;
  sha256: string;
  /** How its zip was built (see `BuildArtifactReport.buildMethod`). */
  buildMethod: string;
  /** Dependencies installed or reused for it; null when it has none to install. */
  dependencies: DependencyReport | null;
  s3: { bucket: string; key: string; versionId: string | null };
  signing: null | {
    profileName: string;
    profileOwner: string | null;
    profileVersionArn: string;
    jobId: string;
    signedKey: string;
    expiresAt: string;
    reused: boolean;
  };
}

/** Result of `packageTemplate`. */
export interface PackageTemplateResult {
  /** Absolute path of the written template, or null when none was asked for (or on a dry run). */
  outputTemplate: string | null;
  /** The packaged root template's text (empty on a dry run). */
  templateBody: string;
  /** The names the root template declares in `Parameters` (packaging leaves them as they are). */
  parameterNames: string[];
  artifacts: PackagedArtifact[];
  /** What was (or, on a dry run, would be) done. */
  plan: PackagePlanEntry[];
  /** Signing jobs started (0 when every signature was reused). */
  signingJobsStarted: number;
  uploads: number;
}

/** A package plan and the loaded template it rewrites. */
export interface PreparedPackage {
  /** The root template file, absolute. */
  templateFile: string;
  /** The loaded template tree: the executor rewrites it in place. */
  root: TemplateNode;
  /** What packaging does, artifact by artifact: pure data, exactly what `--dry-run` prints. */
  plan: PackagePlanEntry[];
  /** Runtime and Metadata of each folder artifact, by id: what its build workflow is chosen from. */
  builds?: ReadonlyMap<string, ArtifactBuildInfo>;
}

/**
 * Loads the template and plans its packaging: which artifacts are built, uploaded, signed
 * (with which profile) and rewritten where. Nothing is built, uploaded or written.
 */
export async function preparePackage(
  options: PackageTemplateOptions = {},
  io: IoHost = silentIoHost,
): Promise<PreparedPackage> {
  const templateFile = resolveTemplateFile(options.cwd ?? process.cwd(), options.templateFile);
  const loaded = await loadArtifactPlan(templateFile, io);
  const choices = assignSigningProfiles(options.signingProfiles, loaded.artifacts, io, loaded.root);
  return {
    templateFile,
    root: loaded.root,
    plan: planPackage(loaded.artifacts, choices),
    builds: new Map(loaded.artifacts.flatMap((a) => (a.build ? [[a.id, a.build] as const] : []))),
  };
}

/**
 * Builds, uploads and signs every local artifact of a template (nested stacks
 * included), rewrites the template to the (signed) S3 locations and writes it
 * atomically: plans first, then executes exactly that plan (or, on a dry run, returns it).
 */
export async function packageTemplate(
  options: PackageTemplateOptions = {},
  io: IoHost = silentIoHost,
): Promise<PackageTemplateResult> {
  const prepared = await preparePackage(options, io);
  if (options.dryRun) {
    return {
      outputTemplate: null,
      templateBody: '',
      parameterNames: declaredParameterNames(prepared.root),
      artifacts: [],
      plan: prepared.plan,
      signingJobsStarted: 0,
      uploads: 0,
    };
  }
  return executePackagePlan(prepared, options, io);
}
