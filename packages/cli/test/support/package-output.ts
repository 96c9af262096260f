import { readFile } from 'node:fs/promises';
import { parseTemplateText } from '@toolkit/template';
import type { PackagedArtifact } from '@toolkit/toolkit';
import type { ToolkitRun } from './run-toolkit.ts';

/** One artifact of `toolkit package --json`: the library's own result type. */
export type PackagedArtifactJson = PackagedArtifact;

/** The document `toolkit package --json` prints. */
export interface PackageJson {
  outputTemplate: string | null;
  artifacts: PackagedArtifactJson[];
}

/** The JSON document of a successful `toolkit package --json` run; fails with the run's stderr otherwise. */
export function packageJson(run: ToolkitRun): PackageJson {
  if (run.exitCode !== 0) throw new Error(`toolkit package exited ${run.exitCode}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as PackageJson;
}

/** A template body as plain data, intrinsics in long form. */
export function plainTemplate(
  text: string,
  name = 'template',
): { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> } & Record<string, unknown> {
  const parsed = parseTemplateText(text, name);
  if (!parsed.template) throw new Error(`${name} does not parse: ${JSON.stringify(parsed.diagnostics)}`);
  return parsed.template as ReturnType<typeof plainTemplate>;
}

/** A template file as plain data. */
export async function readPlainTemplate(file: string): Promise<ReturnType<typeof plainTemplate>> {
  return plainTemplate(await readFile(file, 'utf8'), file);
}
