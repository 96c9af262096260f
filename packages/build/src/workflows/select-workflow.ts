import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserInputError, formatPosition, messages } from '@toolkit/core';
import type { NodeTool, Workflow, WorkflowInput } from './workflow-types.ts';

/** Lockfiles in the order SAM-style builds look for them, with the tool each one means. */
const NODE_LOCKFILES: ReadonlyArray<readonly [string, NodeTool]> = [
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
];

/**
 * Chooses the build of a source folder from its runtime, the manifest in it and its
 * `Metadata.BuildMethod`, as SAM CLI does: `makefile` and `esbuild` when named; Node.js
 * with `package.json` installs production dependencies; Python with `requirements.txt`
 * installs with pip; anything else is zipped as it is. A layer is only built when it
 * names a BuildMethod; `Metadata.SkipBuild: true` zips the folder as it is. An unknown BuildMethod is a `UserInputError` naming the resource.
 */
export function selectWorkflow(dir: string, input: WorkflowInput): Workflow {
  if (input.skipBuild) return { kind: 'copy' };
  const method = input.buildMethod;
  const where = input.position ? `${formatPosition(input.position)}: ` : '';
  if (method === 'makefile') {
    const manifest = join(dir, 'Makefile');
    if (!existsSync(manifest))
      throw new UserInputError(
        messages.BuildManifestMissing,
        `${where}${input.logicalId} has BuildMethod makefile but ${manifest} does not exist.`,
        input.position ? { position: input.position } : {},
      );
    return { kind: 'makefile', manifest };
  }
  if (method === 'esbuild') return { kind: 'esbuild', ...nodeManifest(dir) };
  const language = method ?? (input.layer ? undefined : input.runtime);
  if (method !== undefined && !/^(nodejs|python)\d/.test(method))
    throw new UserInputError(
      messages.BuildUnknownMethod,
      `${where}${input.logicalId}: unknown BuildMethod '${method}' (expected makefile, esbuild, or a nodejs or python runtime such as nodejs20.x or python3.12).`,
      input.position ? { position: input.position } : {},
    );
  if (language?.startsWith('nodejs')) {
    const node = nodeManifest(dir);
    if (node.manifest !== undefined) return { kind: 'node', manifest: node.manifest, ...node };
  }
  if (language?.startsWith('python')) {
    const manifest = join(dir, 'requirements.txt');
    if (existsSync(manifest)) return { kind: 'python', manifest };
  }
  return { kind: 'copy' };
}

function nodeManifest(dir: string): { manifest?: string; tool: NodeTool; lockfile?: string } {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return { tool: 'npm' };
  for (const [name, tool] of NODE_LOCKFILES) {
    const lockfile = join(dir, name);
    if (existsSync(lockfile)) return { manifest, tool, lockfile };
  }
  return { manifest, tool: 'npm' };
}
