import { constants } from 'node:fs';
import { access, readFile, realpath, stat } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { UserInputError, writeFileAtomic, messages } from '@toolkit/core';
import { dependencyCacheDir } from './dependency-cache.ts';
import { toolVersion } from './run-tool.ts';
import type { WorkflowContext } from './workflow-context.ts';

/** A tool's version as last asked: valid while its executable keeps the same path, size and mtime. */
interface VersionRecord {
  stamp: string;
  version: string;
}

const VERSIONS_FILE = 'tool-versions.json';

/** The executable `command` resolves to on the environment's PATH, as a shell finds it. */
export async function findOnPath(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, command);
    if (
      await access(path, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return undefined;
}

/**
 * The tool's `--version` line, part of every dependency cache key. Asking costs a process
 * start (npm: about half a second), so the answer is kept in the dependency cache against
 * the executable's real path, size and mtime, and a warm build runs no tool at all. A tool
 * not on PATH is a `UserInputError` naming who needs it.
 */
export async function cachedToolVersion(
  ctx: WorkflowContext,
  command: string,
  args: readonly string[],
  subject: string,
): Promise<string> {
  const id = [command, ...args].join(' ');
  let version = ctx.versions.get(id);
  if (!version) {
    version = askOrRecall(ctx, command, args, id, subject);
    ctx.versions.set(id, version);
  }
  return version;
}

async function askOrRecall(
  ctx: WorkflowContext,
  command: string,
  args: readonly string[],
  id: string,
  subject: string,
): Promise<string> {
  const found = await findOnPath(command, ctx.env);
  if (!found)
    throw new UserInputError(
      messages.BuildToolMissing,
      `${subject}: ${command} is needed but is not installed or not on PATH.`,
    );
  const real = await realpath(found);
  const st = await stat(real);
  const stamp = `${real}:${st.size}:${st.mtimeMs}`;
  const file = join(dependencyCacheDir(ctx.buildDir), VERSIONS_FILE);
  const records = await readRecords(file);
  const known = records.get(id);
  if (known?.stamp === stamp) return known.version;
  const version = (await packagedVersion(command, real)) ?? (await toolVersion(found, args, ctx.env, subject));
  // Records of other tools written meanwhile are re-read, so concurrent asks do not drop each other's.
  ctx.versionWrites = ctx.versionWrites
    .then(async () => {
      const latest = await readRecords(file);
      latest.set(id, { stamp, version });
      await writeFileAtomic(file, JSON.stringify([...latest]), 0o600);
    })
    .catch(() => {
      // Only a cache: the next build asks the tool again.
    });
  await ctx.versionWrites;
  return version;
}

/**
 * The version in the package.json of the npm package the executable belongs to (npm's
 * `bin/npm-cli.js`, a global pnpm or yarn): read instead of starting the tool, which costs
 * a cold build about half a second; undefined for anything else.
 */
async function packagedVersion(command: string, real: string): Promise<string | undefined> {
  for (let dir = dirname(real), up = 0; up < 3; dir = dirname(dir), up++) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === command && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No package.json at this level: look one up.
    }
  }
  return undefined;
}

async function readRecords(file: string): Promise<Map<string, VersionRecord>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) return new Map();
    return new Map(
      parsed.filter(
        (e): e is [string, VersionRecord] =>
          Array.isArray(e) &&
          typeof e[0] === 'string' &&
          typeof e[1]?.stamp === 'string' &&
          typeof e[1]?.version === 'string',
      ),
    );
  } catch {
    return new Map();
  }
}
