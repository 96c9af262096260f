import type { SigningProfileChoice } from '@toolkit/signing';
import {
  fileLocationForm,
  INCLUDE_TRANSFORM,
  type Artifact,
  type ArtifactProperty,
  type RewriteTarget,
} from '@toolkit/template';

/** What packaging will do with one artifact: pure data, printed by `--dry-run`. */
export interface PackagePlanEntry {
  id: string;
  resourceType: string;
  property: ArtifactProperty;
  /** Local source (folder, zip, file or nested template), absolute. */
  source: string;
  /** `upload-file`: a definition or template uploaded as it is, neither zipped nor signed. */
  action: 'zip-folder' | 'use-zip' | 'upload-file' | 'package-template';
  sign: SigningProfileChoice | null;
  /** The template file whose property is rewritten. */
  rewrites: string;
  /** An `AWS::Include`, a nested file property or a `Metadata` file: the keys from the template's top to the mapping holding it. */
  at?: string[];
  /** A resource inside `Fn::ForEach` loops: the keys from the template's top to its mapping. */
  resourceAt?: string[];
  /** One item's code of a loop, rewritten through a generated mapping (see the template package's `forEachItem`). */
  forEachItem?: { mapping: string; key: string; identifier: string };
}

/**
 * Plans every local artifact in the order `findArtifacts` gives, which has each
 * nested template after its own subtree, so nested templates are packaged first.
 */
export function planPackage(
  artifacts: readonly Artifact[],
  choices: ReadonlyMap<string, SigningProfileChoice>,
): PackagePlanEntry[] {
  return artifacts.flatMap((a) => {
    const action = actions[a.source.kind];
    if (action === undefined || !('path' in a.source)) return [];
    return [
      {
        id: a.id,
        resourceType: a.resourceType,
        property: a.property,
        source: a.source.path,
        action,
        sign: action === 'upload-file' ? null : (choices.get(a.id) ?? null),
        rewrites: a.templateFile,
        ...(a.at ? { at: a.at } : {}),
        ...(a.resourceAt ? { resourceAt: a.resourceAt } : {}),
        ...(a.forEachItem ? { forEachItem: a.forEachItem } : {}),
      },
    ];
  });
}

const actions: Partial<Record<Artifact['source']['kind'], PackagePlanEntry['action']>> = {
  directory: 'zip-folder',
  'zip-file': 'use-zip',
  file: 'upload-file',
  template: 'package-template',
};

/** A plan entry for a zip to build, upload and (when it names a profile) sign. */
export type CodePlanEntry = PackagePlanEntry & { action: 'zip-folder' | 'use-zip' };

/** True for the entries whose artifact is a zip (not a nested template). */
export function isCodeEntry(entry: PackagePlanEntry): entry is CodePlanEntry {
  return entry.action === 'zip-folder' || entry.action === 'use-zip';
}

const sourceKinds = {
  'zip-folder': 'directory',
  'use-zip': 'zip-file',
  'upload-file': 'file',
  'package-template': 'template',
} as const;

/** The build source of a code entry: the folder to zip or the zip to use. */
export function buildSourceOf(entry: CodePlanEntry): { kind: 'directory' | 'zip-file'; path: string } {
  return { kind: entry.action === 'zip-folder' ? 'directory' : 'zip-file', path: entry.source };
}

/**
 * The resource property an entry rewrites, read from the entry itself: its id is the
 * path of nested stack logical ids and then the resource's own (logical ids never hold `/`).
 */
export function rewriteTargetOf(entry: PackagePlanEntry): RewriteTarget {
  const stackPath = entry.id.split('/');
  const logicalId = stackPath.pop() ?? entry.id;
  // An included snippet's Location is an s3:// URI wherever it is written.
  const form =
    entry.action !== 'upload-file'
      ? undefined
      : entry.resourceType === INCLUDE_TRANSFORM
        ? 's3-uri'
        : fileLocationForm(entry.resourceType, entry.property);
  return {
    id: entry.id,
    ...(entry.at ? { at: entry.at } : {}),
    ...(entry.resourceAt ? { resourceAt: entry.resourceAt } : {}),
    ...(entry.forEachItem ? { forEachItem: entry.forEachItem } : {}),
    logicalId,
    stackPath,
    property: entry.property,
    source: { kind: sourceKinds[entry.action], ...(form ? { form } : {}) },
  };
}
