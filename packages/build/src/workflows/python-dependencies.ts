import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { cachedInstall, contentKey } from './dependency-cache.ts';
import { localSourceDigests, pythonLocalSpecs } from './local-sources.ts';
import { dropLocalDirectUrls } from './pip-direct-urls.ts';
import { cachedToolVersion } from './tool-versions.ts';
import { runTool } from './run-tool.ts';
import type { WorkflowContext } from './workflow-context.ts';
import type { DependencyReport } from './workflow-types.ts';

/** A Python function or layer to install the requirements of. */
export interface PythonProject {
  manifest: string;
  runtime?: string;
  architecture: string;
  subject: string;
}

/** Lambda's CPU names as manylinux wheel tags spell them. */
const WHEEL_MACHINE: Readonly<Record<string, string>> = { x86_64: 'x86_64', arm64: 'aarch64' };

/**
 * The packages of `requirements.txt`, installed with the machine's python3 (`pip install -t`)
 * into the dependency cache, keyed by the requirements, the contents of the local wheels and
 * folders they name, pip's version, runtime and architecture. Binary wheels for Lambda's platform are asked first, so a package with
 * native code matches the function's architecture; when pip cannot get them it installs
 * as it would on this machine (pure-Python packages and sdists), as SAM CLI falls back.
 */
export async function installPythonDependencies(
  ctx: WorkflowContext,
  project: PythonProject,
): Promise<{ packages: string; report: DependencyReport }> {
  const subject = `${project.subject} (${project.manifest})`;
  const version = await cachedToolVersion(ctx, 'python3', ['-m', 'pip', '--version'], subject);
  const requirements = await readFile(project.manifest);
  const key = contentKey([
    // 2: installs write no bytecode (see below); 3: nor the local paths of direct URLs.
    'python-dependencies/3',
    version.replace(/ from .*$/, ''),
    project.runtime ?? '',
    project.architecture,
    requirements,
    // A local wheel or find-links folder changed in place keeps its line in requirements.txt.
    ...(await localSourceDigests(
      dirname(project.manifest),
      pythonLocalSpecs(requirements.toString('utf8')),
      ctx.fileDigests,
    )),
  ]);
  const { dir, reused } = await cachedInstall(ctx, key, async (temp) => {
    const target = join(temp, 'packages');
    // --no-compile: a .pyc's header holds its source's time, so bytecode would make every install's
    // zip differ; it would also be compiled for this machine's python3, not the function's runtime.
    const pipInstall = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--no-compile'];
    const base = [...pipInstall, '-r', project.manifest, '-t'];
    const run = (args: string[]) =>
      runTool({ command: 'python3', args, cwd: dirname(project.manifest), env: ctx.env, subject });
    const pythonVersion = /^python(\d+\.\d+)/.exec(project.runtime ?? '')?.[1];
    const machine = WHEEL_MACHINE[project.architecture] ?? 'x86_64';
    if (pythonVersion) {
      const platformArgs = [
        `${target}`,
        '--platform',
        `manylinux2014_${machine}`,
        '--implementation',
        'cp',
        '--python-version',
        pythonVersion,
        '--only-binary=:all:',
      ];
      const binary = await run([...base, ...platformArgs]).then(
        () => true,
        () => false,
      );
      if (binary) return void (await dropLocalDirectUrls(target));
      await rm(target, { recursive: true, force: true });
    }
    await run([...base, target]);
    await dropLocalDirectUrls(target);
  });
  return { packages: join(dir, 'packages'), report: { tool: 'pip', cacheKey: key, reused } };
}
