import type { SourcePosition } from '@toolkit/core';
import type { ArtifactBuildInfo } from './build-metadata.ts';
import type { FileArtifactProperty, FileLocationForm } from './file-artifacts.ts';

/** Where an artifact's content comes from. Paths are absolute. */
export type ArtifactSource =
  | { kind: 'directory'; path: string }
  | { kind: 'zip-file'; path: string }
  | { kind: 's3'; bucket: string; key: string; version?: string }
  | { kind: 'inline' }
  | { kind: 'image' }
  | { kind: 'template'; path: string }
  /**
   * One file uploaded as it is (a state machine or OpenAPI definition…), rewritten in `form`; for
   * a property that takes a package (SourceBundle, ModulePackage…), `path` may be a folder, zipped.
   */
  | { kind: 'file'; path: string; form: FileLocationForm };

/** The template property an artifact lives in. */
export type ArtifactProperty =
  | 'CodeUri'
  | 'InlineCode'
  | 'ImageUri'
  | 'PackageType'
  | 'Code'
  | 'ContentUri'
  | 'Content'
  | 'Location'
  | 'TemplateURL'
  | FileArtifactProperty;

/** One artifact of a template tree: function code, layer content, or a nested template. */
export interface Artifact {
  /** Path-qualified id: `Fn`, `Child/Fn`, `Child/Grand/Fn`. */
  id: string;
  logicalId: string;
  /** Logical ids of the nested stack resources above this one; `[]` at the root. */
  stackPath: string[];
  /** Absolute path of the template that declares the resource. */
  templateFile: string;
  resourceType: string;
  property: ArtifactProperty;
  source: ArtifactSource;
  /** Where the property's value is written (for a Globals-derived CodeUri: in Globals). */
  position: SourcePosition;
  /** Whether the function has a CodeSigningConfigArn, itself or through Globals. */
  codeSigningConfigArn: boolean;
  /** True when the value comes from `Globals.Function`, not from the resource itself. */
  fromGlobals: boolean;
  /**
   * The keys from the template's top to the mapping holding `property`, when it is not a resource's
   * top-level property: an `AWS::Include`'s `Location` (resourceType `AWS::Include`), or a nested file
   * property such as `Command.ScriptLocation` or `Functions.<name>.CodeUri`.
   */
  at?: string[];
  /**
   * For a resource inside `Fn::ForEach` loops: the keys from the template's top to its mapping
   * (`Resources`, `Fn::ForEach::Name`, `2`, `${Name}Function`). Its `logicalId` is the loop's output key.
   */
  resourceAt?: string[];
  /**
   * One item's code of a loop whose `CodeUri`/`ContentUri` names the loop's identifier
   * (`functions/${Name}/`): its location goes into the generated mapping `mapping` under `key`,
   * and the property becomes `Fn::FindInMap: [mapping, Ref: identifier, property]`, as `sam package` writes it.
   */
  forEachItem?: { mapping: string; key: string; identifier: string };
  /** Runtime, architecture and `Metadata` build settings of a folder source (functions and SAM layers). */
  build?: ArtifactBuildInfo;
}

/** True for artifacts that are zip files to build, upload and sign (not inline, image or templates). */
export function isZipArtifact(artifact: Artifact): boolean {
  const kind = artifact.source.kind;
  return kind === 'directory' || kind === 'zip-file' || kind === 's3';
}

/** True for a file uploaded as it is, neither zipped nor signed. */
export function isFileArtifact(artifact: Artifact): boolean {
  return artifact.source.kind === 'file';
}

/** True for a nested template artifact (`Location`/`TemplateURL`). */
export function isNestedTemplateArtifact(artifact: Artifact): boolean {
  return artifact.source.kind === 'template';
}
