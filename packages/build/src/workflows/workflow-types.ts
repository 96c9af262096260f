import type { SourcePosition } from '@toolkit/core';

/** The template facts a build workflow is chosen from (see `@toolkit/template`'s `readBuildInfo`). */
export interface WorkflowInput {
  /** The resource's logical id: `make build-<LogicalId>`, and named in every error. */
  logicalId: string;
  runtime?: string;
  architecture: string;
  buildMethod?: string;
  buildProperties?: Record<string, unknown>;
  /** Where the resource's `Metadata` is written, for errors about it. */
  position?: SourcePosition;
  layer: boolean;
  /** `Metadata.SkipBuild: true`: zipped as it is, whatever its runtime and manifest. */
  skipBuild?: boolean;
}

/** Node.js package managers, chosen by the lockfile found beside `package.json`. */
export type NodeTool = 'npm' | 'pnpm' | 'yarn';

/** The build chosen for one source folder, as SAM CLI would choose it. */
export type Workflow =
  | { kind: 'copy' }
  | { kind: 'node'; tool: NodeTool; manifest: string; lockfile?: string }
  | { kind: 'esbuild'; manifest?: string; tool?: NodeTool; lockfile?: string }
  | { kind: 'python'; manifest: string }
  | { kind: 'makefile'; manifest: string };

/** Dependencies a build installed or reused, as `--json` reports them. */
export interface DependencyReport {
  tool: string;
  cacheKey: string;
  /** True when the install was found in the dependency cache (from an earlier run or another artifact). */
  reused: boolean;
}

/** What the workflow produced: the folder to zip and what to report. */
export interface WorkflowOutcome {
  /** The folder the zip is made of: the source itself, or a staging folder in the build cache. */
  dir: string;
  /** `copy`, `npm`, `pnpm`, `yarn`, `esbuild`, `pip` or `makefile`. */
  buildMethod: string;
  dependencies: DependencyReport | null;
  /**
   * A folder holding the installed dependencies under the same names as in `dir` (links into
   * the dependency cache): zipped once, its entries copied into every zip that holds them.
   */
  sharedDir?: string;
}
