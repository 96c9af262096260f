import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { mapConcurrent } from '@toolkit/core';
import type { Random } from './seeded-random.ts';
import { javascriptText, jsonText, packageJsonText, packageName } from './source-text.ts';

/** The shape of one generated folder: a bundled handler plus a slice of node_modules. */
export interface TreeSpec {
  files: number;
  bytes: number;
  /** Files over 1 MiB (vendored bundles, data dumps) and their share of the bytes. */
  largeFiles?: number;
  largeShare?: number;
  /** Folder inside the tree that holds node_modules (`nodejs/` for a layer). */
  modulesRoot?: string;
}

interface PlannedFile {
  path: string;
  kind: 'js' | 'json' | 'package';
  size: number;
}

/** A shared pool of JavaScript that files are cut from, so 400 MB of workload generates in seconds. */
export class CodeCorpus {
  readonly text: string;
  constructor(random: Random, bytes = 6 << 20) {
    this.text = javascriptText(random, bytes);
  }

  /** About `size` characters starting at a line boundary picked by `random`. */
  slice(random: Random, size: number): string {
    const parts: string[] = [];
    let left = size;
    while (left > 0) {
      const start = this.text.indexOf('\n', random.int(0, this.text.length - 1)) + 1;
      const piece = this.text.slice(start, start + left);
      parts.push(piece);
      left -= Math.max(piece.length, 1);
    }
    return parts.join('\n');
  }
}

/** Plans file names and sizes for a tree: deterministic for a given random stream. */
export function planTree(random: Random, spec: TreeSpec): PlannedFile[] {
  const root = spec.modulesRoot ?? '';
  const large = spec.largeFiles ?? 0;
  const largeBytes = large ? Math.floor(spec.bytes * (spec.largeShare ?? 0.5)) : 0;
  const files: PlannedFile[] = [
    { path: `${root}index.mjs`, kind: 'js', size: Math.floor((spec.bytes - largeBytes) * 0.12) },
    { path: `${root}package.json`, kind: 'package', size: 0 },
  ];
  for (let i = 0; i < large; i++) {
    files.push({
      path: `${root}vendor/bundle-${i}.${i % 3 === 2 ? 'json' : 'js'}`,
      kind: i % 3 === 2 ? 'json' : 'js',
      size: Math.floor(largeBytes / large),
    });
  }
  const smallFiles: PlannedFile[] = [];
  while (files.length + smallFiles.length < spec.files) {
    const pkg = `${root}node_modules/${packageName(random)}-${smallFiles.length}`;
    smallFiles.push({ path: `${pkg}/package.json`, kind: 'package', size: 0 });
    const count = Math.min(random.int(4, 14), spec.files - files.length - smallFiles.length);
    for (let j = 0; j < count; j++) {
      const json = random.next() < 0.15;
      smallFiles.push({
        path: `${pkg}/${json ? 'data' : 'lib'}/${packageName(random)}-${j}.${json ? 'json' : 'js'}`,
        kind: json ? 'json' : 'js',
        size: random.weight(),
      });
    }
  }
  const budget = spec.bytes - largeBytes - (files[0]?.size ?? 0);
  const weights = smallFiles.reduce((sum, f) => sum + f.size, 0);
  for (const f of smallFiles)
    f.size = f.kind === 'package' ? 0 : Math.max(200, Math.floor((f.size / weights) * budget));
  return [...files, ...smallFiles];
}

/** Writes a planned tree under `dir`. */
export async function writeTree(dir: string, random: Random, corpus: CodeCorpus, spec: TreeSpec): Promise<void> {
  const planned = planTree(random, spec);
  const folders = [...new Set(planned.map((f) => dirname(join(dir, f.path))))];
  for (const folder of folders) await mkdir(folder, { recursive: true });
  // Content is made synchronously as each index is taken, so the random stream is consumed in file order.
  await mapConcurrent(planned, 16, (f) => writeFile(join(dir, f.path), fileContent(random, corpus, f)));
}

function fileContent(random: Random, corpus: CodeCorpus, f: PlannedFile): string {
  if (f.kind === 'package') return packageJsonText(random, f.path.split('/').at(-2) ?? 'handler');
  if (f.kind === 'json') return jsonText(random, f.size);
  // A unique first line keeps every file distinct even where slices of the corpus repeat.
  const head = `// ${f.path} ${random.int(0, 2 ** 31)}\n`;
  return head + corpus.slice(random, f.size - head.length);
}
