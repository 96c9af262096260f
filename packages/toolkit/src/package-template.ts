import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createLimiter, silentIoHost, UserInputError, writeFileAtomic, type IoHost } from '@toolkit/core';
import { buildArtifacts, type BuiltArtifact } from '@toolkit/build';
import {
  isS3NotFound,
  resolveProfiles,
  signArtifacts,
  SignatureCache,
  signedContentOfFile,
  uploadArtifact,
  type SignatureValidity,
  type SignedContent,
  type UploadedArtifact,
  type ResolvedProfile,
  type SigningProfileChoice,
  type SignResult,
} from '@toolkit/signing';
import { rewriteArtifact, serializeTemplate, type Artifact, type TemplateNode } from '@toolkit/template';
import { resolveArtifactBucket } from './artifact-bucket.ts';
import { openAwsSession, type AwsSession, type TargetOptions } from './aws-session.ts';
import { loadArtifactPlan, resolveBuildDir, resolveTemplateFile } from './load-artifact-plan.ts';
import { planPackage, type PackagePlanEntry } from './package-plan.ts';
import { assignSigningProfiles, type SigningProfilesInput } from './signing-assignments.ts';
import { OptionError } from './option-error.ts';

/** Input of `packageTemplate`: `toolkit package`'s flags as a typed object. */
export interface PackageTemplateOptions extends TargetOptions {
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
  artifacts: PackagedArtifact[];
  /** What was (or, on a dry run, would be) done. */
  plan: PackagePlanEntry[];
  /** Signing jobs started (0 when every signature was reused). */
  signingJobsStarted: number;
  uploads: number;
}

/**
 * Builds, uploads and signs every local artifact of a template (nested stacks
 * included), rewrites the template to the (signed) S3 locations and writes it
 * atomically. Fails before writing anything if any signing job fails.
 */
export async function packageTemplate(options: PackageTemplateOptions = {}, io: IoHost = silentIoHost): Promise<PackageTemplateResult> {
  const cwd = options.cwd ?? process.cwd();
  const templateFile = resolveTemplateFile(cwd, options.templateFile);
  const loaded = await loadArtifactPlan(templateFile, io);
  const choices = assignSigningProfiles(options.signingProfiles, loaded.artifacts, io, loaded.root);
  const plan = planPackage(loaded.artifacts, choices);
  if (options.dryRun) {
    return { outputTemplate: null, templateBody: '', artifacts: [], plan, signingJobsStarted: 0, uploads: 0 };
  }

  io.notify({
    level: 'debug',
    code: 'ArtifactPlan',
    message: `Packaging ${plan.length} artifact(s)`,
    data: { artifacts: plan.filter((p) => p.action !== 'package-template').map((p) => ({ id: p.id, steps: p.sign ? ['build', 'upload', 'sign'] : ['build', 'upload'] })) },
  });
  const session = options.session ?? (await openAwsSession({ ...options, cwd }, io));
  try {
    const prefix = (options.s3Prefix ?? '').replace(/^\/+|\/+$/g, '');
    // A missing or inactive profile is bad input: found before anything is created or uploaded.
    const profiles = await resolveChosenProfiles(session, choices);
    const bucket = await resolveArtifactBucket(session, { ...options, resolveS3: options.resolveS3 ?? session.target === 'local' });
    const codeArtifacts = loaded.artifacts.filter((a) => a.source.kind === 'directory' || a.source.kind === 'zip-file');

    // Each zip is uploaded as soon as it is built (once per distinct zip, however many
    // functions share it), so uploading overlaps building the rest.
    const limit = createLimiter(16);
    const uploadsBySha = new Map<string, Promise<UploadedArtifact>>();
    const pending: Promise<unknown>[] = [];
    let uploads = 0;
    const startUpload = (b: BuiltArtifact): void => {
      let upload = uploadsBySha.get(b.sha256);
      if (!upload) {
        upload = limit(() =>
          uploadArtifact(session.s3, {
            bucket,
            prefix,
            file: b.zip,
            sha256: b.sha256,
            size: b.size,
            ...(options.forceUpload ? { forceUpload: true } : {}),
            ...(options.kmsKeyId ? { kmsKeyId: options.kmsKeyId } : {}),
          }),
        );
        uploadsBySha.set(b.sha256, upload);
        upload.then((r) => void (r.uploaded && uploads++), () => undefined);
      }
      pending.push(
        upload.then((r) => io.progress?.({ task: b.id, step: 'upload', state: r.uploaded ? 'done' : 'skip', detail: r.key })),
      );
    };
    let built: BuiltArtifact[];
    try {
      built = await buildArtifacts(
        codeArtifacts.map((a) => ({ id: a.id, source: a.source as { kind: 'directory' | 'zip-file'; path: string } })),
        { buildDir: resolveBuildDir(templateFile, options.buildDir ?? '.toolkit/build'), projectDir: dirname(templateFile), concurrency: availableParallelism(), io, onBuilt: startUpload },
      );
    } finally {
      // Never leave uploads running behind a failure: settle them before reporting it.
      await Promise.allSettled(pending);
    }
    await Promise.all(pending);
    const builtById = new Map(built.map((b) => [b.id, b]));
    const uploaded = new Map<string, UploadedArtifact>();
    for (const [sha256, upload] of uploadsBySha) uploaded.set(sha256, await upload);

    const signed = await signChosen(session, codeArtifacts, choices, profiles, builtById, uploaded, { ...options, bucket, prefix, templateFile }, io);

    const artifacts: PackagedArtifact[] = codeArtifacts.map((a) => {
      const b = builtById.get(a.id)!;
      const u = uploaded.get(b.sha256)!;
      const s = signed.results.get(a.id);
      const location = s ? s.signedObject : { bucket: u.bucket, key: u.key, versionId: u.versionId };
      rewriteArtifact(nodeAt(loaded.root, a.stackPath), a, {
        bucket: location.bucket,
        key: location.key,
        ...(location.versionId ? { version: location.versionId } : {}),
      });
      return {
        id: a.id,
        resourceType: a.resourceType,
        property: a.property,
        sha256: b.sha256,
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
    });

    uploads += await packageNestedTemplates(session, loaded.root, loaded.artifacts, bucket, prefix, options.forceUpload === true);
    const templateBody = serializeTemplate(loaded.root);
    let outputTemplate: string | null = null;
    if (options.outputTemplateFile) {
      outputTemplate = resolve(cwd, options.outputTemplateFile);
      await writeFileAtomic(outputTemplate, templateBody);
    }
    return { outputTemplate, templateBody, artifacts, plan, signingJobsStarted: signed.jobsStarted, uploads };
  } finally {
    if (!options.session) await session.close();
  }
}

async function signChosen(
  session: AwsSession,
  artifacts: readonly Artifact[],
  choices: ReturnType<typeof assignSigningProfiles>,
  profiles: ReadonlyMap<string, ResolvedProfile>,
  builtById: Map<string, { sha256: string; zip: string }>,
  uploaded: Map<string, { bucket: string; key: string; versionId: string }>,
  options: PackageTemplateOptions & { bucket: string; prefix: string; templateFile: string },
  io: IoHost,
): Promise<{ results: Map<string, SignResult>; jobsStarted: number }> {
  const toSign = artifacts.filter((a) => choices.has(a.id));
  if (toSign.length === 0) return { results: new Map(), jobsStarted: 0 };
  const cache = await SignatureCache.load(join(dirname(options.templateFile), '.toolkit', 'signatures.json'));
  for (const warning of cache.warnings) io.notify({ level: 'warn', code: 'SignatureCache', message: warning });
  // What each signature must cover, so every signed (or reused) object is checked against the zip built here.
  const contents = new Map<string, Promise<SignedContent>>();
  const contentOf = (zip: string): Promise<SignedContent> => {
    let content = contents.get(zip);
    if (!content) contents.set(zip, (content = signedContentOfFile(zip)));
    return content;
  };
  const requests = await Promise.all(
    toSign.map(async (a) => {
      const built = builtById.get(a.id)!;
      const source = uploaded.get(built.sha256)!;
      return {
        id: a.id,
        sha256: built.sha256,
        signedContent: await contentOf(built.zip),
        source: { bucket: source.bucket, key: source.key, versionId: source.versionId },
        profile: profiles.get(choices.get(a.id)!.profileName)!,
        destination: { bucket: options.bucket, prefix: options.prefix ? `${options.prefix}/signed/` : 'signed/' },
      };
    }),
  );
  const results = await signArtifacts(
    { s3: session.s3, signer: session.signer },
    requests,
    {
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      cache,
      io,
      ...(options.minSignatureValidity !== undefined ? { minSignatureValidity: options.minSignatureValidity } : {}),
      // The local cloud's signed objects are toolkit-sig/1, checked by their envelope; AWS's format is not
      // published, so there the version each job read is checked against the built zip instead.
      signedFormat: session.target === 'local' ? 'toolkit-sig/1' : 'any',
      ...(options.signingTimeoutMs !== undefined ? { timeoutMs: options.signingTimeoutMs } : {}),
    },
  );
  return { results: new Map(results.map((r) => [r.id, r])), jobsStarted: results.filter((r) => !r.reused).length };
}

/** The current version of every chosen profile; a missing or inactive one is an error naming the flag. */
async function resolveChosenProfiles(session: AwsSession, choices: ReadonlyMap<string, SigningProfileChoice>): Promise<Map<string, ResolvedProfile>> {
  if (choices.size === 0) return new Map();
  try {
    return await resolveProfiles(session.signer, [...choices.values()], { target: session.target });
  } catch (error) {
    if (error instanceof UserInputError) throw new OptionError(error.code, 'signingProfiles', (n) => `${n('signingProfiles')}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Uploads each nested template (children first, already rewritten) unless its
 * content-addressed key is already there, points its parent at it, and returns
 * how many were uploaded. A template nested at several places is serialized and
 * uploaded once.
 */
async function packageNestedTemplates(
  session: AwsSession,
  root: TemplateNode,
  artifacts: readonly Artifact[],
  bucket: string,
  prefix: string,
  forceUpload: boolean,
): Promise<number> {
  let uploads = 0;
  const urls = new Map<TemplateNode, string>();
  // findArtifacts lists each nested template after its own subtree, so children are rewritten before they are serialized.
  for (const artifact of artifacts.filter((a) => a.source.kind === 'template')) {
    const parent = nodeAt(root, artifact.stackPath);
    const child = parent.children.get(artifact.logicalId);
    if (!child) continue;
    let url = urls.get(child);
    if (url === undefined) {
      const body = serializeTemplate(child);
      const sha256 = createHash('sha256').update(body).digest('hex');
      const key = `${prefix ? `${prefix}/` : ''}${sha256}.template`;
      if (forceUpload || !(await objectExists(session, bucket, key))) {
        await session.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/yaml' }));
        uploads++;
      }
      url = `https://s3.${session.region}.amazonaws.com/${bucket}/${key}`;
      urls.set(child, url);
    }
    rewriteArtifact(parent, artifact, { url });
  }
  return uploads;
}

async function objectExists(session: AwsSession, bucket: string, key: string): Promise<boolean> {
  try {
    await session.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if (isS3NotFound(error)) return false;
    throw error;
  }
}

/** The template node at a nested stack path (`[]` is the root). */
function nodeAt(root: TemplateNode, stackPath: readonly string[]): TemplateNode {
  let node = root;
  for (const logicalId of stackPath) node = node.children.get(logicalId)!;
  return node;
}
