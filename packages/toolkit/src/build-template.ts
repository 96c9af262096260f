import { availableParallelism } from 'node:os';
import { dirname, relative } from 'node:path';
import { silentIoHost, type IoHost, messages } from '@toolkit/core';
import { buildArtifacts, type BuiltArtifact, type DependencyReport } from '@toolkit/build';
import type { Artifact } from '@toolkit/template';
import { planStepsOf } from './build-steps.ts';
import { buildRequestOf, buildToolSettings, type BuildToolOptions } from './build-requests.ts';
import { loadArtifactPlan, resolveBuildDir, resolveTemplateFile } from './load-artifact-plan.ts';

/** Input of `buildTemplate`. */
export interface BuildTemplateOptions extends BuildToolOptions {
  /** Template path; relative paths resolve against `cwd`. */
  templateFile?: string;
  /** Build cache folder, relative to the template's folder; default `.toolkit/build`. */
  buildDir?: string;
  cwd?: string;
  concurrency?: number;
}

/** One built artifact, as `toolkit build --json` prints it. */
export interface BuildArtifactReport {
  id: string;
  logicalId: string;
  resourceType: string;
  property: string;
  source: string;
  zip: string;
  sha256: string;
  size: number;
  /** `copy` (zipped as it is), `npm`, `pnpm`, `yarn`, `pip`, `esbuild`, `makefile`, or `zip-file`. */
  buildMethod: string;
  /** Dependencies installed for it, or reused from the dependency cache; null when it has none to install. */
  dependencies: DependencyReport | null;
}

/** Result of `buildTemplate`. */
export interface BuildTemplateResult {
  templateFile: string;
  artifacts: BuildArtifactReport[];
}

/** Artifacts that are built from local files (folders and .zip files), in template order. */
export function localArtifacts(artifacts: readonly Artifact[]): Artifact[] {
  return artifacts.filter((a) => a.source.kind === 'directory' || a.source.kind === 'zip-file');
}

/** Builds every local zip artifact of a template into the content-addressed build cache. */
export async function buildTemplate(
  options: BuildTemplateOptions = {},
  io: IoHost = silentIoHost,
): Promise<BuildTemplateResult> {
  const cwd = options.cwd ?? process.cwd();
  const templateFile = resolveTemplateFile(cwd, options.templateFile);
  const plan = await loadArtifactPlan(templateFile, io);
  const local = localArtifacts(plan.artifacts).filter((a) => a.property !== 'Location' && a.property !== 'TemplateURL');
  io.notify(
    messages.ArtifactPlan.msg(`Building ${local.length} artifact(s)`, {
      artifacts: local.map((a) => ({ id: a.id, steps: buildSteps(a) })),
    }),
  );
  const built = await buildArtifacts(
    local.map((a) => buildRequestOf(a.id, a.source as { kind: 'directory' | 'zip-file'; path: string }, a.build)),
    {
      ...buildToolSettings(options),
      buildDir: resolveBuildDir(templateFile, options.buildDir ?? '.toolkit/build'),
      projectDir: dirname(templateFile),
      concurrency: options.concurrency ?? availableParallelism(),
      io,
    },
  );
  const byId = new Map<string, BuiltArtifact>(built.map((b) => [b.id, b]));
  return {
    templateFile,
    artifacts: local.map((a) => {
      const b = byId.get(a.id)!;
      return {
        id: a.id,
        logicalId: a.logicalId,
        resourceType: a.resourceType,
        property: a.property,
        source: relative(cwd, b.source) || '.',
        zip: b.zip,
        sha256: b.sha256,
        size: b.size,
        buildMethod: b.buildMethod,
        dependencies: b.dependencies,
      };
    }),
  };
}

/** The progress steps of an artifact's build, as the TTY shows them: install/bundle/make, then zip. */
export function buildSteps(artifact: Artifact): string[] {
  if (artifact.source.kind !== 'directory' || !artifact.build) return ['build'];
  const planned = planStepsOf(artifact.source.path, artifact.build);
  return [...planned, 'build'];
}
