import type { SigningProfileChoice } from '@toolkit/signing';
import type { Artifact, ArtifactProperty, RewriteTarget } from '@toolkit/template';

/** What packaging will do with one artifact: pure data, printed by `--dry-run`. */
export interface PackagePlanEntry {
  id: string;
  resourceType: string;
  property: ArtifactProperty;
  /** Local source (folder, zip or nested template), absolute. */
  source: string;
  action: 'zip-folder' | 'use-zip' | 'package-template';
  sign: SigningProfileChoice | null;
  /** The template file whose property is rewritten. */
  rewrites: string;
}

/**
 * Plans every local artifact in the order `findArtifacts` gives, which has each
 * nested template after its own subtree, so nested templates are packaged first.
 */
export function planPackage(
  artifacts: readonly Artifact[],
  choices: ReadonlyMap<string, SigningProfileChoice>,
): PackagePlanEntry[] {
  const local = artifacts.filter(
    (a) => a.source.kind === 'directory' || a.source.kind === 'zip-file' || a.source.kind === 'template',
  );
  return local.map((a) => ({
    id: a.id,
    resourceType: a.resourceType,
    property: a.property,
    source: (a.source as { path: string }).path,
    action:
      a.source.kind === 'directory' ? 'zip-folder' : a.source.kind === 'zip-file' ? 'use-zip' : 'package-template',
    sign: choices.get(a.id) ?? null,
    rewrites: a.templateFile,
  }));
}

/** A plan entry for a zip to build, upload and (when it names a profile) sign. */
export type CodePlanEntry = PackagePlanEntry & { action: 'zip-folder' | 'use-zip' };

/** True for the entries whose artifact is a zip (not a nested template). */
export function isCodeEntry(entry: PackagePlanEntry): entry is CodePlanEntry {
  return entry.action === 'zip-folder' || entry.action === 'use-zip';
}

const sourceKinds = { 'zip-folder': 'directory', 'use-zip': 'zip-file', 'package-template': 'template' } as const;

/** The build source of a code entry: the folder to zip or the zip to use. */
export function buildSourceOf(entry: CodePlanEntry): { kind: 'directory' | 'zip-file'; path: string } {
  return { kind: sourceKinds[entry.action], path: entry.source };
}

/**
 * The resource property an entry rewrites, read from the entry itself: its id is the
 * path of nested stack logical ids and then the resource's own (logical ids never hold `/`).
 */
export function rewriteTargetOf(entry: PackagePlanEntry): RewriteTarget {
  const stackPath = entry.id.split('/');
  const logicalId = stackPath.pop() ?? entry.id;
  return { id: entry.id, logicalId, stackPath, property: entry.property, source: { kind: sourceKinds[entry.action] } };
}
