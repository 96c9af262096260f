import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeTreeSync } from './fixture-tree.ts';
import { buildZip } from './zip.ts';

/** A packed npm package written by {@link npmTarball}, as a lockfile records it. */
export interface PackedNpmPackage {
  name: string;
  version: string;
  /** The `file:` spec, relative to the project that depends on it. */
  spec: string;
  integrity: string;
}

/**
 * Packs an npm package (`package/` + files, as `npm pack` lays it out) into `<project>/<relative>`
 * with the system tar, so a project can depend on it with `file:` and install it offline.
 */
export function npmTarball(
  project: string,
  relative: string,
  pkg: { name: string; version: string; files: Record<string, string> },
): PackedNpmPackage {
  const staging = mkdtempSync(join(tmpdir(), 'toolkit-npm-pack-'));
  try {
    writeTreeSync(join(staging, 'package'), {
      'package.json': JSON.stringify({ name: pkg.name, version: pkg.version, main: 'index.js' }),
      ...pkg.files,
    });
    const out = join(project, relative);
    mkdirSync(dirname(out), { recursive: true });
    execFileSync('tar', ['-czf', out, '-C', staging, 'package']);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(out)).digest('base64')}`;
    return { name: pkg.name, version: pkg.version, spec: `file:${relative}`, integrity };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `package.json` and an npm v3 `package-lock.json` for a project whose dependencies are packed tarballs. */
export function npmProjectFiles(name: string, deps: readonly PackedNpmPackage[]): Record<string, string> {
  const dependencies = Object.fromEntries(deps.map((d) => [d.name, d.spec]));
  const manifest = { name, version: '1.0.0', dependencies };
  const lock = {
    name,
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name, version: '1.0.0', dependencies },
      ...Object.fromEntries(
        deps.map((d) => [`node_modules/${d.name}`, { version: d.version, resolved: d.spec, integrity: d.integrity }]),
      ),
    },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'package-lock.json': `${JSON.stringify(lock, null, 2)}\n`,
  };
}

/**
 * Writes a pure-Python wheel (`<name>-<version>-py3-none-any.whl`) into `folder`, with the
 * metadata and RECORD pip checks, so `pip install --no-index --find-links` installs it offline.
 */
export function pythonWheel(folder: string, name: string, version: string, files: Record<string, string>): string {
  const distInfo = `${name}-${version}.dist-info`;
  const entries: Record<string, string> = {
    ...files,
    [`${distInfo}/METADATA`]: `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`,
    [`${distInfo}/WHEEL`]: 'Wheel-Version: 1.0\nGenerator: toolkit-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  const record = Object.entries(entries).map(([path, content]) => {
    const digest = createHash('sha256').update(content).digest('base64url');
    return `${path},sha256=${digest},${Buffer.byteLength(content)}`;
  });
  entries[`${distInfo}/RECORD`] = `${[...record, `${distInfo}/RECORD,,`].join('\n')}\n`;
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}-${version}-py3-none-any.whl`);
  writeFileSync(file, buildZip(Object.entries(entries).map(([entryName, content]) => ({ name: entryName, content }))));
  return file;
}

/** Packs each package into `<folder>/vendor/` and writes the folder's `package.json` and lockfile depending on them. */
export function writeNpmProject(
  folder: string,
  name: string,
  packages: ReadonlyArray<{ name: string; version: string; files: Record<string, string> }>,
): PackedNpmPackage[] {
  const packed = packages.map((p) => npmTarball(folder, `vendor/${p.name}-${p.version}.tgz`, p));
  for (const [file, text] of Object.entries(npmProjectFiles(name, packed))) writeFileSync(join(folder, file), text);
  return packed;
}

/** A pnpm v9 `pnpm-lock.yaml` for a project whose dependencies are packed tarballs. */
export function pnpmLockfile(deps: readonly PackedNpmPackage[]): string {
  const importers = deps.map((d) => `      ${d.name}:\n        specifier: ${d.spec}\n        version: ${d.spec}\n`);
  const packages = deps.map(
    (d) =>
      `  ${d.name}@${d.spec}:\n    resolution: {integrity: ${d.integrity}, tarball: ${d.spec}}\n    version: ${d.version}\n`,
  );
  const snapshots = deps.map((d) => `  ${d.name}@${d.spec}: {}\n`);
  return [
    "lockfileVersion: '9.0'\n",
    'settings:\n  autoInstallPeers: true\n  excludeLinksFromLockfile: false\n',
    `importers:\n\n  .:\n    dependencies:\n${importers.join('')}`,
    `packages:\n\n${packages.join('\n')}`,
    `snapshots:\n\n${snapshots.join('\n')}`,
  ].join('\n');
}
