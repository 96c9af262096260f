import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createLimiter, writeFileAtomic, type IoHost, messages } from '@toolkit/core';
import { buildArtifacts, type BuiltArtifact } from '@toolkit/build';
import { uploadArtifact, type UploadedArtifact } from '@toolkit/signing';
import { declaredParameterNames, rewriteArtifact, serializeTemplate } from '@toolkit/template';
import { resolveArtifactBucket } from './artifact-bucket.ts';
import { openAwsSession, type AwsSession } from './aws-session.ts';
import { resolveBuildDir } from './load-artifact-plan.ts';
import { packageFiles } from './package-files.ts';
import { packageNestedTemplates } from './package-nested-templates.ts';
import { buildRequestOf, buildToolSettings } from './build-requests.ts';
import { planStepsOf } from './build-steps.ts';
import { buildSourceOf, isCodeEntry, rewriteTargetOf, type CodePlanEntry } from './package-plan.ts';
import { resolvePlannedProfiles, signUploaded, type SignedEntry, type UploadedEntry } from './package-signing.ts';
import { pairInOrder } from './package-step-results.ts';
import type {
  PackagedArtifact,
  PackageTemplateOptions,
  PackageTemplateResult,
  PreparedPackage,
} from './package-template.ts';

/**
 * Runs a package plan and nothing else: builds and uploads the zip of each code entry,
 * signs those that name a profile (each signature checked against the zip built here),
 * rewrites each entry's property, uploads nested templates and writes the packaged
 * template atomically. Fails before writing anything if any signing job fails.
 */
export async function executePackagePlan(
  prepared: PreparedPackage,
  options: PackageTemplateOptions,
  io: IoHost,
): Promise<PackageTemplateResult> {
  const { plan, root, templateFile } = prepared;
  const cwd = options.cwd ?? process.cwd();
  io.notify(
    messages.ArtifactPlan.msg(`Packaging ${plan.length} artifact(s)`, {
      artifacts: plan.flatMap((p) => {
        if (p.action === 'upload-file') return [{ id: p.id, steps: ['upload'] }];
        if (!isCodeEntry(p)) return [];
        const build = p.action === 'zip-folder' ? prepared.builds?.get(p.id) : undefined;
        const before = build ? planStepsOf(p.source, build) : [];
        return [{ id: p.id, steps: [...before, 'build', 'upload', ...(p.sign ? ['sign'] : [])] }];
      }),
    }),
  );
  const session = options.session ?? (await openAwsSession({ ...options, cwd }, io));
  try {
    const prefix = (options.s3Prefix ?? '').replace(/^\/+|\/+$/g, '');
    // A missing or inactive profile is bad input: found before anything is created or uploaded.
    const profiles = await resolvePlannedProfiles(session, plan);
    const bucket = await resolveArtifactBucket(session, {
      ...options,
      resolveS3: options.resolveS3 ?? session.target === 'local',
    });
    const built = await buildAndUpload(
      session,
      plan.filter(isCodeEntry),
      { ...options, bucket, prefix, templateFile, builds: prepared.builds },
      io,
    );
    const signed = await signUploaded(
      session,
      built.entries,
      profiles,
      { ...options, bucket, prefix, templateFile },
      io,
    );
    const artifacts = signed.entries.map((entry) => rewriteSigned(prepared, entry));
    // Files before nested templates: a nested template is serialized with its own files' new locations.
    const files = await packageFiles(
      session,
      root,
      plan.filter((p) => p.action === 'upload-file'),
      {
        bucket,
        prefix,
        forceUpload: options.forceUpload === true,
        ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
      },
      io,
    );
    const nested = await packageNestedTemplates(
      session,
      root,
      plan.filter((p) => p.action === 'package-template'),
      {
        bucket,
        prefix,
        forceUpload: options.forceUpload === true,
      },
    );
    const templateBody = serializeTemplate(root);
    let outputTemplate: string | null = null;
    if (options.outputTemplateFile) {
      outputTemplate = resolve(cwd, options.outputTemplateFile);
      await writeFileAtomic(outputTemplate, templateBody);
    }
    return {
      outputTemplate,
      templateBody,
      parameterNames: declaredParameterNames(root),
      artifacts: [...artifacts, ...files.artifacts],
      plan,
      signingJobsStarted: signed.jobsStarted,
      uploads: built.uploads + files.uploads + nested,
    };
  } finally {
    if (!options.session) await session.close();
  }
}

/**
 * Builds every code entry's zip and uploads each as soon as it is built (once per distinct
 * zip, however many entries share it), so uploading overlaps building the rest.
 */
async function buildAndUpload(
  session: AwsSession,
  entries: readonly CodePlanEntry[],
  settings: PackageTemplateOptions & {
    bucket: string;
    prefix: string;
    templateFile: string;
    builds: PreparedPackage['builds'];
  },
  io: IoHost,
): Promise<{ entries: UploadedEntry[]; uploads: number }> {
  const limit = createLimiter(16);
  const uploadsBySha = new Map<string, Promise<UploadedArtifact>>();
  const pending: Promise<unknown>[] = [];
  const uploadOf = (b: BuiltArtifact): Promise<UploadedArtifact> => {
    let upload = uploadsBySha.get(b.sha256);
    if (!upload) {
      upload = limit(() =>
        uploadArtifact(session.s3, {
          bucket: settings.bucket,
          prefix: settings.prefix,
          file: b.zip,
          sha256: b.sha256,
          size: b.size,
          ...(settings.forceUpload ? { forceUpload: true } : {}),
          ...(settings.kmsKeyId ? { kmsKeyId: settings.kmsKeyId } : {}),
        }),
      );
      uploadsBySha.set(b.sha256, upload);
    }
    return upload;
  };
  const startUpload = (b: BuiltArtifact): void => {
    pending.push(
      uploadOf(b).then((r) =>
        io.progress?.({ task: b.id, step: 'upload', state: r.uploaded ? 'done' : 'skip', detail: r.key }),
      ),
    );
  };
  let built: BuiltArtifact[];
  try {
    built = await buildArtifacts(
      entries.map((entry) => buildRequestOf(entry.id, buildSourceOf(entry), settings.builds?.get(entry.id))),
      {
        ...buildToolSettings(settings),
        buildDir: resolveBuildDir(settings.templateFile, settings.buildDir ?? '.toolkit/build'),
        projectDir: dirname(settings.templateFile),
        concurrency: availableParallelism(),
        io,
        onBuilt: startUpload,
      },
    );
  } finally {
    // Never leave uploads running behind a failure: settle them before reporting it.
    await Promise.allSettled(pending);
  }
  await Promise.all(pending);
  const uploaded = await Promise.all(
    pairInOrder('building', entries, built).map(async ([entry, b]) => ({
      entry,
      built: b,
      uploaded: await uploadOf(b),
    })),
  );
  let uploads = 0;
  for (const upload of uploadsBySha.values()) if ((await upload).uploaded) uploads++;
  return { entries: uploaded, uploads };
}

/** Points the entry's property at its signed object (or, unsigned, its upload) and reports it as `--json` prints it. */
function rewriteSigned(
  prepared: PreparedPackage,
  { entry, built, uploaded: u, signature: s }: SignedEntry,
): PackagedArtifact {
  const location = s ? s.signedObject : { bucket: u.bucket, key: u.key, versionId: u.versionId };
  rewriteArtifact(prepared.root, rewriteTargetOf(entry), {
    bucket: location.bucket,
    key: location.key,
    ...(location.versionId ? { version: location.versionId } : {}),
  });
  return {
    id: entry.id,
    resourceType: entry.resourceType,
    property: entry.property,
    sha256: built.sha256,
    buildMethod: built.buildMethod,
    dependencies: built.dependencies,
    s3: { bucket: u.bucket, key: u.key, versionId: u.versionId ?? null },
    signing: s
      ? {
          profileName: s.profileName,
          profileOwner: s.profileOwner ?? null,
          profileVersionArn: s.profileVersionArn,
          jobId: s.jobId,
          signedKey: s.signedObject.key,
          expiresAt: s.expiresAt,
          reused: s.reused,
        }
      : null,
  };
}
