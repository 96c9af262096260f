import type { SourcePosition } from '@toolkit/core';
import { isSeq, type Node } from 'yaml';
import { nodePosition } from './diagnostic-position.ts';
import { mapValue, plainString, valueAt } from './node-access.ts';
import { toPlainValue } from './plain-template.ts';

/** What a build needs to know about a function or layer besides its source: read as SAM CLI reads it. */
export interface ArtifactBuildInfo {
  /** `Runtime` of a function (own or Globals); for a layer, its BuildMethod when that names a runtime. */
  runtime?: string;
  /** `x86_64` or `arm64`: a function's first `Architectures` entry, a layer's `Metadata.BuildArchitecture`. */
  architecture: string;
  /** `Metadata.BuildMethod` (`esbuild`, `makefile`, `nodejs20.x`, …). */
  buildMethod?: string;
  /** `Metadata.BuildProperties` as plain data. */
  buildProperties?: Record<string, unknown>;
  /** Where the resource's `Metadata` (or, without one, the resource) is written. */
  position: SourcePosition;
  /** True for a layer (its dependencies go under `nodejs/` or `python/`). */
  layer: boolean;
  /** `Metadata.SkipBuild: true`, as SAM CLI reads it: the folder is zipped as it is. */
  skipBuild?: boolean;
}

/** The build facts of a function or layer resource; `globals` is its `Globals` section, if any. */
export function readBuildInfo(
  resource: Node,
  globals: Node | undefined,
  type: string,
  context: { file: string; text: string },
): ArtifactBuildInfo {
  const metadata = mapValue(resource, 'Metadata');
  const property = (name: string): Node | undefined =>
    valueAt(resource, ['Properties', name]) ?? mapValue(globals, name);
  const layer = type.endsWith('LayerVersion');
  const buildMethod = plainString(mapValue(metadata, 'BuildMethod'));
  const properties = toPlainValue(mapValue(metadata, 'BuildProperties'), new Map());
  const architectures = property('Architectures');
  const architecture = layer
    ? plainString(mapValue(metadata, 'BuildArchitecture'))
    : isSeq(architectures)
      ? plainString(architectures.items[0])
      : undefined;
  const runtime = layer ? buildMethod : plainString(property('Runtime'));
  const skip = toPlainValue(mapValue(metadata, 'SkipBuild'), new Map());
  return {
    ...(runtime === undefined ? {} : { runtime }),
    architecture: architecture ?? 'x86_64',
    ...(buildMethod === undefined ? {} : { buildMethod }),
    ...(properties !== null && typeof properties === 'object' && !Array.isArray(properties)
      ? { buildProperties: properties as Record<string, unknown> }
      : {}),
    position: nodePosition(context.text, metadata ?? resource, context.file),
    layer,
    ...(skip === true || skip === 'true' || skip === 'True' ? { skipBuild: true } : {}),
  };
}
