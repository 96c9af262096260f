import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CodeCorpus, writeTree, type TreeSpec } from './file-tree.ts';
import { seededRandom, type Random } from './seeded-random.ts';

/** Sizes of every workload; the full suite and the smoke run differ only here. */
export interface WorkloadSizes {
  /** Functions of W50 and W50-shared. */
  functions: number;
  layers: number;
  /** CodeUri folders W50-shared spreads its functions over. */
  sharedFolders: number;
  functionTree: TreeSpec;
  layerTree: TreeSpec;
  /** The memory case (B5) and its tenth, which B4 also zips. */
  big: TreeSpec;
  small: TreeSpec;
  /** W30: fewer, larger functions of many small files (B1, B2 and the start-up share of a warm run). */
  w30: FunctionsShape;
}

/** Functions with a folder each, plus layers. */
export interface FunctionsShape {
  functions: number;
  layers: number;
  functionTree: TreeSpec;
  layerTree: TreeSpec;
}

/** A generated SAM project. */
export interface Workload {
  name: string;
  dir: string;
  templateFile: string;
  /** Logical ids of its functions and layers, in template order. */
  functionIds: string[];
  layerIds: string[];
  /** CodeUri folders of its functions, relative to `dir`, one per function. */
  codeUris: string[];
}

/** Every workload of a suite run. */
export interface Workloads {
  w50: Workload;
  w50Shared: Workload;
  w30: Workload;
  big: Workload;
  small: Workload;
}

const generatorVersion = 3;

/** Generates (or reuses, when seed and sizes match) every workload under `root`. */
export async function prepareWorkloads(root: string, seed: string, sizes: WorkloadSizes): Promise<Workloads> {
  const random = seededRandom(seed);
  const corpus = new CodeCorpus(random.fork('corpus'));
  const ensure = (name: string, build: (dir: string, random: Random) => Promise<Workload>) =>
    ensureWorkload(join(root, name), { seed, sizes, name, generatorVersion }, () =>
      build(join(root, name), random.fork(name)),
    );
  return {
    w50: await ensure('w50', (dir, r) => functionsWorkload(`W${sizes.functions}`, dir, r, corpus, sizes, false)),
    w50Shared: await ensure('w50-shared', (dir, r) =>
      functionsWorkload(`W${sizes.functions}-shared`, dir, r, corpus, sizes, true),
    ),
    w30: await ensure('w30', (dir, r) =>
      functionsWorkload(`W${sizes.w30.functions}`, dir, r, corpus, { ...sizes.w30, sharedFolders: 1 }, false),
    ),
    big: await ensure('big', (dir, r) => singleFunctionWorkload('big', dir, r, corpus, sizes.big)),
    small: await ensure('small', (dir, r) => singleFunctionWorkload('small', dir, r, corpus, sizes.small)),
  };
}

async function ensureWorkload(dir: string, key: object, build: () => Promise<Workload>): Promise<Workload> {
  const marker = join(dir, '.workload.json');
  const wanted = JSON.stringify(key);
  const existing = await readFile(marker, 'utf8').catch(() => '');
  if (existing) {
    const stored = JSON.parse(existing) as { key: string; workload: Workload };
    if (stored.key === wanted) return stored.workload;
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const workload = await build();
  await writeFile(marker, JSON.stringify({ key: wanted, workload }));
  return workload;
}

const pad = (n: number) => String(n).padStart(2, '0');

async function functionsWorkload(
  name: string,
  dir: string,
  random: Random,
  corpus: CodeCorpus,
  sizes: FunctionsShape & { sharedFolders: number },
  shared: boolean,
): Promise<Workload> {
  const layerIds = Array.from({ length: sizes.layers }, (_, i) => `SharedLayer${i + 1}`);
  for (let i = 0; i < sizes.layers; i++) {
    await writeTree(join(dir, 'layers', `layer${i + 1}`), random.fork(`layer${i}`), corpus, {
      ...sizes.layerTree,
      modulesRoot: 'nodejs/',
    });
  }
  const functionIds = Array.from({ length: sizes.functions }, (_, i) => `Fn${pad(i + 1)}`);
  const codeUris = functionIds.map((_, i) =>
    shared ? `src/app${(i % sizes.sharedFolders) + 1}/` : `functions/fn${pad(i + 1)}/`,
  );
  if (shared) {
    for (let f = 0; f < sizes.sharedFolders; f++) {
      const folder = join(dir, 'src', `app${f + 1}`);
      await writeTree(folder, random.fork(`app${f}`), corpus, sizes.functionTree);
      await mkdir(join(folder, 'handlers'), { recursive: true });
      for (let i = f; i < sizes.functions; i += sizes.sharedFolders) {
        await writeFile(
          join(folder, 'handlers', `fn${pad(i + 1)}.mjs`),
          `export const handler = async (event) => ({ statusCode: 200, body: 'fn${pad(i + 1)}' });\n`,
        );
      }
    }
  } else {
    for (let i = 0; i < sizes.functions; i++) {
      await writeTree(join(dir, 'functions', `fn${pad(i + 1)}`), random.fork(`fn${i}`), corpus, sizes.functionTree);
    }
  }
  const templateFile = join(dir, 'template.yaml');
  await writeFile(templateFile, samTemplate(name, functionIds, codeUris, layerIds, shared));
  return { name, dir, templateFile, functionIds, layerIds, codeUris };
}

async function singleFunctionWorkload(
  name: string,
  dir: string,
  random: Random,
  corpus: CodeCorpus,
  tree: TreeSpec,
): Promise<Workload> {
  await writeTree(join(dir, 'fn'), random, corpus, tree);
  const templateFile = join(dir, 'template.yaml');
  await writeFile(templateFile, samTemplate(name, ['BigFunction'], ['fn/'], [], false));
  return { name, dir, templateFile, functionIds: ['BigFunction'], layerIds: [], codeUris: ['fn/'] };
}

function samTemplate(
  name: string,
  functionIds: string[],
  codeUris: string[],
  layerIds: string[],
  shared: boolean,
): string {
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: benchmark workload ${name} (generated)`,
    'Globals:',
    '  Function:',
    '    Runtime: nodejs22.x',
    '    MemorySize: 256',
    '    Timeout: 10',
    'Resources:',
  ];
  layerIds.forEach((id, i) => {
    lines.push(
      `  ${id}:`,
      '    Type: AWS::Serverless::LayerVersion',
      '    Properties:',
      `      ContentUri: layers/layer${i + 1}/`,
      '      CompatibleRuntimes: [nodejs22.x]',
    );
  });
  functionIds.forEach((id, i) => {
    lines.push(`  ${id}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      CodeUri: ${codeUris[i]}`);
    lines.push(`      Handler: ${shared ? `handlers/fn${pad(i + 1)}.handler` : 'index.handler'}`);
    if (layerIds.length) lines.push(`      Layers: [!Ref ${layerIds[i % layerIds.length]}]`);
    // The folders hold their node_modules already (as the AWS CLI packages them): zipped as they are.
    lines.push('    Metadata:', '      SkipBuild: true');
  });
  return `${lines.join('\n')}\n`;
}
