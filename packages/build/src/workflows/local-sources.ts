import { createHash, type Hash } from 'node:crypto';
import { statSync, type Stats } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileDigests } from './file-digests.ts';

/** Folders never part of a local package's content: installs, caches and version control. */
const SKIPPED = new Set(['node_modules', '.git', '.toolkit', '.aws-sam', '__pycache__']);

/**
 * A digest per local path an install reads (`file:` packages, local wheels, find-links
 * folders), relative to `base`, as `spec=sha256`: a file by its bytes, a folder by every
 * file's name, size and digest. Part of the dependency cache key, so changing a local package
 * installs again even when the manifest and lockfile name it the same. A path that does
 * not exist gives `spec=missing` (the install reports it). File digests come from `digests`,
 * which reads only the files whose stat changed since an earlier build hashed them.
 */
export async function localSourceDigests(
  base: string,
  specs: readonly string[],
  digests: FileDigests,
): Promise<string[]> {
  const unique = [...new Set(specs)].sort();
  return Promise.all(unique.map(async (spec) => `${spec}=${await digestOf(localPath(base, spec), digests)}`));
}

/** `file:x`, `file:///x` or a plain path, resolved against `base`. */
function localPath(base: string, spec: string): string {
  if (spec.startsWith('file://')) return fileURLToPath(spec);
  const path = spec.startsWith('file:') ? spec.slice('file:'.length) : spec;
  return isAbsolute(path) ? path : resolve(base, path);
}

async function digestOf(path: string, digests: FileDigests): Promise<string> {
  const st = statIfPresent(path);
  if (!st) return 'missing';
  if (!st.isDirectory()) return digests.digest(path, st);
  const hash = createHash('sha256');
  await hashFolder(hash, path, '', digests);
  return hash.digest('hex');
}

async function hashFolder(hash: Hash, dir: string, prefix: string, digests: FileDigests): Promise<void> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    const st = statIfPresent(path); // through links; a broken one is left to the install
    if (st?.isDirectory()) await hashFolder(hash, path, `${prefix}${entry.name}/`, digests);
    else if (st?.isFile()) hash.update(`${prefix}${entry.name}\0${st.size}\0${await digests.digest(path, st)}\n`);
  }
}

/**
 * The stat of `path` through links, undefined when it is missing. Synchronous: a warm build
 * stats every `file:` package of every function, and a promise per stat cost several times
 * the system call.
 */
function statIfPresent(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The `file:` specs among a package.json's dependencies (npm, pnpm and yarn install them from disk). */
export function nodeFileSpecs(manifest: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    return []; // the install reports a broken manifest
  }
  const specs: string[] = [];
  for (const field of ['dependencies', 'optionalDependencies'] as const) {
    const deps = (parsed as Record<string, unknown> | null)?.[field];
    if (deps === null || typeof deps !== 'object') continue;
    for (const spec of Object.values(deps as Record<string, unknown>))
      if (typeof spec === 'string' && spec.startsWith('file:')) specs.push(spec);
  }
  return specs;
}

/** Options of requirements.txt whose value is a local path pip reads. */
const PATH_OPTIONS = new Set(['-f', '--find-links', '-e', '--editable', '-r', '--requirement', '-c', '--constraint']);

/**
 * The local paths a requirements.txt reads: find-links folders, editable and nested
 * requirement files, and wheels, archives or folders named as requirements (`./x.whl`,
 * `file:…`, `name @ file:…`). URLs and index names are not local and are left out.
 */
export function pythonLocalSpecs(requirements: string): string[] {
  const specs: string[] = [];
  for (const raw of requirements.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const tokens = line.split(/\s+/);
    const [first, second] = tokens;
    const option = first!.includes('=') && first!.startsWith('-') ? first!.split('=', 2) : undefined;
    if (option && PATH_OPTIONS.has(option[0]!)) specs.push(option[1]!);
    else if (PATH_OPTIONS.has(first!) && second !== undefined) specs.push(second);
    else if (first!.startsWith('-')) continue;
    else {
      const at = tokens.indexOf('@');
      const target = at >= 0 ? tokens[at + 1] : first;
      if (target !== undefined && isLocalRequirement(target)) specs.push(target);
    }
  }
  return specs.filter((spec) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || spec.startsWith('file://'));
}

function isLocalRequirement(target: string): boolean {
  return (
    target.startsWith('file:') ||
    target.startsWith('.') ||
    target.startsWith('/') ||
    /\.(whl|zip|tar\.gz|tgz)$/.test(target)
  );
}
