import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Node.js functions that share one package.json and lockfile of packed local packages. */
export interface LockfileWorkload {
  dir: string;
  templateFile: string;
  /** One function's folder: what a single `npm ci` installs. */
  functionDirs: string[];
}

/**
 * Writes `functions` Node.js functions, each with the same package.json and package-lock.json
 * depending on `packages` local tarballs (copied into each folder, as `file:vendor/…`), so
 * npm installs them without a package index.
 */
export async function writeLockfileWorkload(
  dir: string,
  functions: number,
  packages: number,
): Promise<LockfileWorkload> {
  const vendor = join(dir, 'vendor');
  await mkdir(vendor, { recursive: true });
  const deps: Array<{ name: string; spec: string; integrity: string }> = [];
  for (let i = 0; i < packages; i++) {
    const name = `bench-dep-${String(i).padStart(2, '0')}`;
    const staging = await mkdtemp(join(tmpdir(), 'bench-pack-'));
    await mkdir(join(staging, 'package', 'lib'), { recursive: true });
    await writeFile(
      join(staging, 'package', 'package.json'),
      JSON.stringify({ name, version: '1.0.0', main: 'lib/index.js' }),
    );
    for (let f = 0; f < 8; f++)
      await writeFile(
        join(staging, 'package', 'lib', f === 0 ? 'index.js' : `part-${f}.js`),
        `// ${name} part ${f}\n${Array.from({ length: 200 }, (_, l) => `exports.v${f}_${l} = ${(i * 31 + f * 7 + l) % 997};`).join('\n')}\n`,
      );
    const tarball = join(vendor, `${name}-1.0.0.tgz`);
    execFileSync('tar', ['-czf', tarball, '-C', staging, 'package']);
    await rm(staging, { recursive: true, force: true });
    const integrity = `sha512-${createHash('sha512')
      .update(await readFile(tarball))
      .digest('base64')}`;
    deps.push({ name, spec: `file:vendor/${name}-1.0.0.tgz`, integrity });
  }
  const dependencies = Object.fromEntries(deps.map((d) => [d.name, d.spec]));
  const manifest = { name: 'bench-fn', version: '1.0.0', dependencies };
  const lock = {
    name: 'bench-fn',
    version: '1.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'bench-fn', version: '1.0.0', dependencies },
      ...Object.fromEntries(
        deps.map((d) => [`node_modules/${d.name}`, { version: '1.0.0', resolved: d.spec, integrity: d.integrity }]),
      ),
    },
  };
  const functionDirs: string[] = [];
  const lines = ['Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (let i = 1; i <= functions; i++) {
    const id = `Fn${String(i).padStart(2, '0')}`;
    const fnDir = join(dir, id.toLowerCase());
    await cp(vendor, join(fnDir, 'vendor'), { recursive: true });
    await writeFile(join(fnDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(fnDir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
    await writeFile(join(fnDir, 'index.js'), `exports.handler = async () => require('bench-dep-00').v0_${i % 200};\n`);
    functionDirs.push(fnDir);
    lines.push(
      `  ${id}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      CodeUri: ${id.toLowerCase()}/`,
      '      Handler: index.handler',
      '      Runtime: nodejs22.x',
    );
  }
  const templateFile = join(dir, 'template.yaml');
  await writeFile(templateFile, `${lines.join('\n')}\n`);
  return { dir, templateFile, functionDirs };
}
