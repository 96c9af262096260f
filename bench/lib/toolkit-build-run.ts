import { execFileSync } from 'node:child_process';
import type { ProcessOutcome } from './measured-process.ts';
import { toolkitArgs } from './toolkit-command.ts';

/** One artifact of `toolkit build --json`. */
export interface BuiltArtifactJson {
  id: string;
  sha256: string;
  buildMethod: string;
  dependencies: { tool: string; cacheKey: string; reused: boolean } | null;
}

/** The artifacts a measured `toolkit build --json` printed; throws (the benchmark fails) when it did not succeed. */
export function builtArtifacts(what: string, outcome: ProcessOutcome): BuiltArtifactJson[] {
  if (outcome.exitCode !== 0)
    throw new Error(`${what}: toolkit build exited ${outcome.exitCode}: ${outcome.stderr.trim()}`);
  return (JSON.parse(outcome.stdout) as { artifacts: BuiltArtifactJson[] }).artifacts;
}

/** Runs `toolkit build --json` untimed (priming a cache, or a cold reference build) and returns its artifacts. */
export function buildUntimed(templateFile: string, buildDir: string, cwd: string): BuiltArtifactJson[] {
  const stdout = execFileSync(
    process.execPath,
    toolkitArgs(['build', '--json', '--template-file', templateFile, '--build-dir', buildDir]),
    { cwd, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' }, maxBuffer: 64 << 20 },
  );
  return (JSON.parse(stdout) as { artifacts: BuiltArtifactJson[] }).artifacts;
}
