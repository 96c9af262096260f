import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessSpec } from './measured-process.ts';

/** The repository root (bench/ is one level down). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliBin = join(repoRoot, 'packages', 'cli', 'bin', 'toolkit.mjs');

/** Node arguments that run the toolkit CLI with `args`. */
export function toolkitArgs(args: readonly string[]): string[] {
  return [cliBin, ...args];
}

/** A measured `toolkit …` invocation (the SDK's Node-version notice silenced). */
export function toolkitSpec(args: readonly string[], extra: Partial<ProcessSpec> = {}): ProcessSpec {
  return { command: process.execPath, args: toolkitArgs(args), ...extra, env: { NODE_NO_WARNINGS: '1', ...extra.env } };
}

/** The AWS CLI executable: pyenv's real script rather than its shell shim, so the shim is not timed. */
export function awsCliPath(): string {
  const found = spawnSync('pyenv', ['which', 'aws'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : 'aws';
}
