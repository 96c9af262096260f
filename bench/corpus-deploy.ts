// Deploys every real-world template of the corpus (examples/corpus) to one local cloud
// through the real CLI, as a new user would, and prints deployed/failed with the reason.
// `node --no-warnings --import tsx bench/corpus-deploy.ts [--only NAME,…] [--jobs N]`
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startCloud } from '@toolkit/cloud';
import { repoRoot, toolkitArgs } from './lib/toolkit-command.ts';

const corpusDir = join(repoRoot, 'examples', 'corpus');
const { values } = parseArgs({ options: { only: { type: 'string' }, jobs: { type: 'string', default: '2' } } });

/** One template's outcome. */
interface Outcome {
  name: string;
  /** Uses SAM features beyond Function and LayerVersion (waits on the SAM transform's coverage): named `sam-…`. */
  samBeyondFunction: boolean;
  deployed: boolean;
  reason: string;
}

const files = (await readdir(corpusDir)).filter((file) => /\.ya?ml$/.test(file)).sort();
const selected = values.only
  ? files.filter((file) => values.only!.split(',').includes(file.replace(/\.ya?ml$/, '')))
  : files;
const work = await mkdtemp(join(tmpdir(), 'corpus-deploy-'));
const cloud = await startCloud({ stateDir: join(work, 'state') });
const outcomes: Outcome[] = [];
try {
  const queue = [...selected];
  const worker = async () => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) outcomes.push(await deployOne(file));
  };
  await Promise.all(Array.from({ length: Number(values.jobs) }, worker));
} finally {
  await cloud.close();
  await rm(work, { recursive: true, force: true });
}

outcomes.sort((a, b) => a.name.localeCompare(b.name));
for (const outcome of outcomes) {
  process.stdout.write(
    `${outcome.deployed ? 'deployed' : 'FAILED  '}  ${outcome.name}${outcome.reason ? `  ${outcome.reason}` : ''}\n`,
  );
}
for (const [label, group] of [
  ['plain CloudFormation + Function/LayerVersion', outcomes.filter((o) => !o.samBeyondFunction)],
  ['SAM features beyond Function (SAM transform issue)', outcomes.filter((o) => o.samBeyondFunction)],
] as const) {
  const deployed = group.filter((o) => o.deployed).length;
  const share = group.length ? Math.round((100 * deployed) / group.length) : 0;
  process.stdout.write(`${label}: ${deployed}/${group.length} deployed (${share} %)\n`);
}

async function deployOne(file: string): Promise<Outcome> {
  const name = file.replace(/\.ya?ml$/, '');
  const text = await readFile(join(corpusDir, file), 'utf8');
  const samBeyondFunction = name.startsWith('sam-');
  const project = join(work, name);
  await mkdir(project, { recursive: true });
  await writeFile(join(project, 'template.yaml'), text);
  await scaffoldCode(project, text);
  const args = [
    'deploy',
    '--template-file',
    'template.yaml',
    '--stack-name',
    name.replace(/[^A-Za-z0-9-]/g, '-'),
    '--target',
    'local',
    '--endpoint-url',
    cloud.endpoint,
    '--capabilities',
    'CAPABILITY_IAM',
    'CAPABILITY_NAMED_IAM',
    'CAPABILITY_AUTO_EXPAND',
    '--json',
    ...parameterOverrides(text),
  ];
  const run = await runCli(args, project);
  if (run.code === 0) return { name, samBeyondFunction, deployed: true, reason: '' };
  const message = run.stderr
    .split('\n')
    .filter((line) => line.trim() && !line.includes('StackEvent'))
    .slice(-4)
    .join(' | ');
  return { name, samBeyondFunction, deployed: false, reason: `exit ${run.code}: ${message.slice(0, 400)}` };
}

/** Values for parameters without a default: a plain lowercase word, or an account id where the pattern wants digits. */
function parameterOverrides(text: string): string[] {
  const section = /^Parameters:\n((?:[ \t]+.*\n|\n)*)/m.exec(text)?.[1] ?? '';
  const declared: { name: string; hasDefault: boolean; pattern?: string }[] = [];
  for (const line of section.split('\n')) {
    const name = /^ {2}([A-Za-z0-9]+):\s*$/.exec(line)?.[1];
    const current = declared.at(-1);
    if (name) declared.push({ name, hasDefault: false });
    else if (current && /^\s+Default:/.test(line)) current.hasDefault = true;
    else if (current) current.pattern ??= /^\s+AllowedPattern:\s*['"]?(.*?)['"]?\s*$/.exec(line)?.[1];
  }
  const values = declared
    .filter((parameter) => !parameter.hasDefault)
    .map((parameter) => {
      const candidates = [`corpus${parameter.name.toLowerCase()}`, '123456789012'];
      const pattern = parameter.pattern ? new RegExp(parameter.pattern.replace(/\\\\/g, '\\')) : undefined;
      return `${parameter.name}=${candidates.find((value) => pattern?.test(value) ?? true) ?? candidates[0]}`;
    });
  return values.length ? ['--parameter-overrides', ...values] : [];
}

/** The code folders and files a template names, each with a handler for every Handler it declares. */
async function scaffoldCode(project: string, text: string): Promise<void> {
  // Files an AWS::Include pulls in (the corpus's are API definition bodies): a minimal OpenAPI document.
  for (const match of text.matchAll(/AWS::Include['"]?\s+Parameters:\s+Location:\s*['"]?([\w./-]+)['"]?/g)) {
    const target = join(project, match[1]!);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, "openapi: 3.0.1\ninfo: { title: corpus, version: '1' }\npaths: {}\n");
  }
  const modules = [...text.matchAll(/Handler:\s*['"]?([\w./-]+)\.[\w]+/g)].map((m) => m[1]!);
  for (const match of text.matchAll(/(CodeUri|ContentUri|DefinitionUri):\s*['"]?([\w./-]+)['"]?\s*$/gm)) {
    const [, key, location] = match as unknown as [string, string, string];
    const target = join(project, location);
    if (key === 'DefinitionUri') {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }));
    } else if (/\.(py|js|mjs)$/.test(location)) {
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, 'def lambda_handler(event, context):\n    return {}\n');
    } else {
      await mkdir(target, { recursive: true });
      for (const module of modules.length ? modules : ['app']) {
        await mkdir(dirname(join(target, module)), { recursive: true });
        await writeFile(join(target, `${module}.js`), 'exports.handler = async () => ({});\n');
        await writeFile(join(target, `${module}.py`), 'def handler(event, context):\n    return {}\n');
      }
      // esbuild builds name their TypeScript entry points (`EntryPoints: [app.ts]`).
      for (const entry of text.matchAll(/^\s*-\s*['"]?([\w./-]+\.ts)['"]?\s*$/gm)) {
        await mkdir(dirname(join(target, entry[1]!)), { recursive: true });
        await writeFile(join(target, entry[1]!), 'export const lambdaHandler = async (): Promise<object> => ({});\n');
      }
    }
  }
}

function runCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, toolkitArgs(args), { cwd, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
