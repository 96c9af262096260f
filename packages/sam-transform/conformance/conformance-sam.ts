import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseTemplateDocument, sourceScalarTypes, toPlainTemplate } from '@toolkit/template';
import { CorpusFileError, upstreamManagedPolicies, type PolicyMaps } from './upstream-managed-policies.ts';
import {
  PARTITIONS,
  runErrorCase,
  runValidCase,
  type CaseInput,
  type CaseResult,
  type Partition,
} from './conformance-case.ts';

// Runs the SAM transform over samtranslator's own translator corpus (tests/translator in
// aws/serverless-application-model): input/*.yaml against output/[partition/]*.json, and the
// error_* cases against their errorMessage, comparing as upstream's test_translator.py does.

const usage =
  'usage: pnpm conformance:sam <corpus dir> [--partition aws|aws-cn|aws-us-gov] [--filter text] [--failures]\n' +
  '       [--managed-policies <samtranslator/internal/data/aws_managed_policies.json>]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      partition: { type: 'string', default: 'aws' },
      filter: { type: 'string' },
      failures: { type: 'boolean', default: false },
      'managed-policies': { type: 'string' },
    },
  });
} catch (error) {
  fail((error as Error).message);
}
const { positionals, values } = parsed;
if (positionals.length !== 1) fail('give exactly one corpus folder');
const partition = PARTITIONS.find((p) => p.name === values.partition);
if (partition === undefined) fail(`--partition: ${values.partition} is not aws, aws-cn or aws-us-gov`);

/** The folder holding input/ and output/: the repository root, tests/translator, or that folder itself. */
function corpusFolder(dir: string): string {
  for (const candidate of [join(dir, 'tests', 'translator'), dir])
    if (existsSync(join(candidate, 'input')) && existsSync(join(candidate, 'output'))) return candidate;
  fail(`${dir}: no input/ and output/ folders here or under tests/translator`);
}

const root = corpusFolder(resolve(positionals[0]!));
const policiesFlag = values['managed-policies'];
if (policiesFlag !== undefined && !existsSync(policiesFlag)) fail(`--managed-policies: ${policiesFlag} does not exist`);
let managedPolicies: PolicyMaps;
try {
  managedPolicies = upstreamManagedPolicies(root, policiesFlag, (message) =>
    process.stderr.write(`note: ${message}\n`),
  );
} catch (error) {
  if (!(error instanceof CorpusFileError)) throw error;
  fail(error.message);
}
const context = { partition, managedPolicies };
const names = readdirSync(join(root, 'input'))
  .filter((file) => file.endsWith('.yaml'))
  .map((file) => file.slice(0, -'.yaml'.length))
  // translate_* cases are upstream's other tests (AlwaysDeploy time patching, metadata conversion).
  .filter((name) => !name.startsWith('translate_'))
  .filter((name) => values.filter === undefined || name.includes(values.filter))
  .sort();

function readInput(name: string): CaseInput | string {
  const text = readFileSync(join(root, 'input', `${name}.yaml`), 'utf8');
  // Only YAML syntax counts here: CloudFormation's structural checks are the transform's to make.
  const parsed = parseTemplateDocument(text, `${name}.yaml`);
  if (!parsed.wellFormed) return parsed.diagnostics.map((d) => d.message).join('; ');
  // Upstream round-trips the input through JSON too.
  const template = JSON.parse(JSON.stringify(toPlainTemplate(parsed.document))) as Record<string, unknown>;
  return { template, sourceTypes: sourceScalarTypes(parsed.document) };
}

function runCase(name: string, selected: Partition): CaseResult | undefined {
  const isError = name.startsWith('error_');
  if (isError && selected.name !== 'aws') return undefined;
  const folder = selected.name === 'aws' ? join(root, 'output') : join(root, 'output', selected.name);
  const expectedFile = join(folder, `${name}.json`);
  if (!existsSync(expectedFile)) return undefined;
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as Record<string, unknown>;
  const input = readInput(name);
  if (typeof input === 'string')
    return { name, status: isError ? 'ERROR-MISMATCH' : 'DIFF', detail: `the input does not parse: ${input}` };
  return isError
    ? runErrorCase(name, input, String(expected['errorMessage']), context)
    : runValidCase(name, input, expected, context);
}

const started = performance.now();
const results: CaseResult[] = [];
for (const name of names) {
  const result = runCase(name, partition);
  if (result === undefined) continue;
  results.push(result);
  const passed = result.status === 'PASS' || result.status === 'ERROR-MATCH';
  if (passed && values.failures) continue;
  process.stdout.write(`${result.status} ${name}\n`);
  if (!passed && result.detail !== undefined)
    process.stdout.write(`    ${result.detail.split('\n')[0]!.slice(0, 400)}\n`);
  if (result.status === 'ERROR-MISMATCH' && result.detail?.includes('\n'))
    process.stdout.write(`${result.detail.split('\n').slice(1).join('\n').slice(0, 600)}\n`);
}
const seconds = (performance.now() - started) / 1000;

const count = (status: CaseResult['status']) => results.filter((r) => r.status === status).length;
const valid = count('PASS') + count('DIFF');
const errors = count('ERROR-MATCH') + count('ERROR-MISMATCH');
process.stdout.write(
  [
    '',
    `partition ${partition.name} (${partition.region})`,
    `valid templates: ${count('PASS')}/${valid} equal (PASS), ${count('DIFF')} DIFF`,
    `error templates: ${count('ERROR-MATCH')}/${errors} rejected with samtranslator's message (ERROR-MATCH), ${count('ERROR-MISMATCH')} ERROR-MISMATCH`,
    `time: ${seconds.toFixed(1)} s for ${results.length} cases (parsing, transforming and comparing)`,
    '',
  ].join('\n'),
);
process.exitCode = count('DIFF') + count('ERROR-MISMATCH') > 0 ? 1 : 0;
