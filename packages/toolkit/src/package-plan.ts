import type { SigningProfileChoice } from '@toolkit/signing';
import type { Artifact } from '@toolkit/template';

/** What packaging will do with one artifact: pure data, printed by `--dry-run`. */
export interface PackagePlanEntry {
  id: string;
  resourceType: string;
  property: string;
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
export function planPackage(artifacts: readonly Artifact[], choices: ReadonlyMap<string, SigningProfileChoice>): PackagePlanEntry[] {
  const local = artifacts.filter((a) => a.source.kind === 'directory' || a.source.kind === 'zip-file' || a.source.kind === 'template');
  return local.map((a) => ({
    id: a.id,
    resourceType: a.resourceType,
    property: a.property,
    source: (a.source as { path: string }).path,
    action: a.source.kind === 'directory' ? 'zip-folder' : a.source.kind === 'zip-file' ? 'use-zip' : 'package-template',
    sign: choices.get(a.id) ?? null,
    rewrites: a.templateFile,
  }));
}
