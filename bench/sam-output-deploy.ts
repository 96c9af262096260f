// Deploys the expected CloudFormation outputs of samtranslator's translator corpus
// (tests/translator/output/*.json in aws/serverless-application-model, fetched by the caller)
// to one local cloud, and sorts each result: CREATE_COMPLETE, a CloudFormation-style failure
// with its reason, or an internal error of the engine (which no template may cause).
// `node --no-warnings --import tsx bench/sam-output-deploy.ts <corpus dir> [--only text] [--jobs N] [--failures]`
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  type StackEvent,
} from '@aws-sdk/client-cloudformation';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { zipInMemory } from '@toolkit/build';
import { cloudClientConfig, startCloud } from '@toolkit/cloud';

const usage = 'usage: sam-output-deploy.ts <corpus dir> [--only text] [--jobs N] [--failures]';
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: 'string' },
    jobs: { type: 'string', default: '3' },
    failures: { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

/** The folder of expected outputs: under the repository root, tests/translator, or given directly. */
function outputFolder(dir: string): string {
  for (const candidate of [join(dir, 'tests', 'translator', 'output'), join(dir, 'output'), dir])
    if (existsSync(candidate) && existsSync(join(candidate, 'aws-cn'))) return candidate;
  process.stderr.write(`${dir}: no translator output/ folder here or under tests/translator\n${usage}\n`);
  process.exit(2);
}

type Verdict = 'deployed' | 'failed' | 'internal';

/** One template's result. */
interface Outcome {
  name: string;
  verdict: Verdict;
  reason: string;
}

/** Reasons that are a bug of the local cloud, not a template's fault. */
const INTERNAL =
  /Internal error in the local CloudFormation engine|InternalError|InternalFailure|TypeError|ReferenceError|RangeError|Cannot read properties|is not a function|is not iterable|Maximum call stack|\[object Object\]/;

const folder = outputFolder(resolve(positionals[0]!));
const names = (await readdir(folder))
  .filter((file) => file.endsWith('.json') && !file.startsWith('error_'))
  .map((file) => file.slice(0, -'.json'.length))
  .filter((name) => values.only === undefined || name.includes(values.only))
  .sort();

const work = await mkdtemp(join(tmpdir(), 'sam-output-deploy-'));
const cloud = await startCloud({ stateDir: join(work, 'state') });
// The SDK's retries absorb a reused keep-alive socket the server closed meanwhile (ECONNRESET), which says nothing about a template.
const config = cloudClientConfig(cloud.endpoint);
const cfn = new CloudFormationClient(config);
const s3 = new S3Client(config);
const templates = 'sam-output-templates';
const buckets = new Set<string>();
const outcomes: Outcome[] = [];
const started = performance.now();
try {
  await s3.send(new CreateBucketCommand({ Bucket: templates }));
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) outcomes.push(await deployOne(name));
  };
  await Promise.all(Array.from({ length: Number(values.jobs) }, worker));
} finally {
  cfn.destroy();
  s3.destroy();
  await cloud.close();
  await rm(work, { recursive: true, force: true });
}

outcomes.sort((a, b) => a.name.localeCompare(b.name));
for (const outcome of outcomes) {
  if (values.failures && outcome.verdict === 'deployed') continue;
  process.stdout.write(`${outcome.verdict.padEnd(8)}  ${outcome.name}${outcome.reason ? `  ${outcome.reason}` : ''}\n`);
}
const count = (verdict: Verdict) => outcomes.filter((o) => o.verdict === verdict).length;
process.stdout.write(
  `${outcomes.length} templates in ${((performance.now() - started) / 1000).toFixed(0)} s: ` +
    `${count('deployed')} CREATE_COMPLETE, ${count('failed')} failed with a CloudFormation reason, ` +
    `${count('internal')} internal errors\n`,
);
process.exitCode = count('internal') > 0 ? 1 : 0;

async function deployOne(name: string): Promise<Outcome> {
  const template = JSON.parse(await readFile(join(folder, `${name}.json`), 'utf8')) as Record<string, unknown>;
  const stackName = `t-${name.replace(/[^A-Za-z0-9-]/g, '-')}`.slice(0, 128);
  try {
    await provideCode(template);
    const key = `${name}.json`;
    await s3.send(new PutObjectCommand({ Bucket: templates, Key: key, Body: JSON.stringify(template) }));
    await cfn.send(
      new CreateStackCommand({
        StackName: stackName,
        TemplateURL: `${cloud.endpoint}/${templates}/${key}`,
        Parameters: parameterValues(template),
        Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'],
        DisableRollback: true,
      }),
    );
  } catch (error) {
    const { name: code, message } = error as Error;
    const verdict = code === 'ValidationError' || code === 'InsufficientCapabilitiesException' ? 'failed' : 'internal';
    return { name, verdict: INTERNAL.test(message) ? 'internal' : verdict, reason: `${code}: ${message}` };
  }
  for (;;) {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: stackName }))).Stacks?.[0];
    const status = stack?.StackStatus ?? '';
    if (status === 'CREATE_COMPLETE') return { name, verdict: 'deployed', reason: '' };
    if (!status.endsWith('_IN_PROGRESS')) {
      const reason = `${status}: ${firstFailure(await events(stackName)) ?? stack?.StackStatusReason ?? ''}`;
      return { name, verdict: INTERNAL.test(reason) ? 'internal' : 'failed', reason };
    }
    await new Promise((done) => setTimeout(done, 20));
  }
}

async function events(stackName: string): Promise<StackEvent[]> {
  return (await cfn.send(new DescribeStackEventsCommand({ StackName: stackName }))).StackEvents ?? [];
}

function firstFailure(list: StackEvent[]): string | undefined {
  const failed = list.filter((event) => event.ResourceStatus?.endsWith('_FAILED') && event.ResourceStatusReason);
  const first = failed.at(-1);
  return first ? `${first.LogicalResourceId}: ${first.ResourceStatusReason}` : undefined;
}

/** Values for parameters without a default: the first allowed value, a number, or a plain word. */
function parameterValues(template: Record<string, unknown>): { ParameterKey: string; ParameterValue: string }[] {
  const declared = (template.Parameters ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(declared)
    .filter(([, parameter]) => parameter.Default === undefined)
    .map(([key, parameter]) => {
      const allowed = parameter.AllowedValues as unknown[] | undefined;
      const type = String(parameter.Type ?? 'String');
      const value = allowed?.length ? String(allowed[0]) : /Number/.test(type) ? '1' : 'samoutput';
      return { ParameterKey: key, ParameterValue: value };
    });
}

/** Uploads a small zip for every S3 code location (S3Bucket/S3Key) the template names, so functions can be made. */
async function provideCode(value: unknown): Promise<void> {
  if (Array.isArray(value)) {
    for (const item of value) await provideCode(item);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.S3Bucket === 'string' && typeof record.S3Key === 'string') {
    if (!buckets.has(record.S3Bucket)) {
      buckets.add(record.S3Bucket);
      await s3.send(new CreateBucketCommand({ Bucket: record.S3Bucket })).catch(() => undefined);
    }
    const body = zipInMemory([{ name: 'index.js', data: Buffer.from('exports.handler = async () => ({});\n') }]);
    await s3.send(new PutObjectCommand({ Bucket: record.S3Bucket, Key: record.S3Key, Body: body }));
  }
  for (const item of Object.values(record)) await provideCode(item);
}
