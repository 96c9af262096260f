import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtureTree, getObjectBytes, startTestCloud, type TestCloud } from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { projectStateDir, runToolkit, type ToolkitRun } from './support/run-toolkit.ts';

// Pins what `toolkit package` prints and writes for the repository's examples, so that
// restructuring how packaging runs cannot change it. Only what differs from run to run
// is normalised: the project folder, signing job ids, object version ids, profile
// version ids, expiry times and the names of nested templates (which hold those ids).

const releaseProfiles = [
  ...[
    'CatalogList',
    'CatalogGet',
    'CartAdd',
    'CartGet',
    'Checkout',
    'PaymentWebhook',
    'InventorySync',
    'PriceQuote',
    'TaxQuote',
    'ProductSearch',
  ].map((name) => `${name}Function=ReleaseSigning`),
  'RecommendationsFunction=ReleaseSigning',
  'AuditLogFunction=ReleaseSigning',
  'Orders/CreateOrderFunction=ReleaseSigning',
  'Orders/OrderStatusFunction=ReleaseSigning',
  'NodeSharedLayer=LayerSigning',
  'PythonSharedLayer=LayerSigning',
].join(' ');

const examples = [
  { name: 'hello-signed', signingProfiles: 'HelloFunction=ReleaseSigning' },
  { name: 'multi-function-release', signingProfiles: releaseProfiles },
];

/** Replaces each distinct run-dependent value with a placeholder numbered by first appearance, everywhere it occurs. */
class Normaliser {
  private readonly names = new Map<string, string>();
  constructor(private readonly dir: string) {}

  /** The document with its variable values, and every later mention of them, replaced. */
  normalise(text: string): string {
    const collect = (pattern: RegExp, kind: string) => {
      for (const match of text.matchAll(pattern)) {
        const value = match[1] ?? match[0];
        if (!this.names.has(value))
          this.names.set(
            value,
            `<${kind}-${[...this.names.values()].filter((n) => n.startsWith(`<${kind}-`)).length + 1}>`,
          );
      }
    };
    text = text.split(this.dir).join('<project>');
    collect(/"jobId": "([^"]+)"/g, 'job');
    collect(/"versionId": "([^"]+)"/g, 'version');
    collect(/^\s+Version: (\S+)$/gm, 'signed-version');
    collect(/([0-9a-f]{64})\.template/g, 'nested-template');
    collect(/signing-profiles\/[A-Za-z]+\/([A-Za-z0-9]+)/g, 'profile-version');
    for (const [value, name] of [...this.names].sort(([a], [b]) => b.length - a.length))
      text = text.split(value).join(name);
    return text.replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<timestamp>');
  }
}

describe('toolkit package --json for the examples is unchanged', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const outputs: Record<string, string> = {};

  const run = async (args: string[], cwd: string): Promise<ToolkitRun> => {
    const result = await runToolkit([...args, ...cloud.targetArgs], { cwd });
    expect(result.exitCode, result.stderr).toBe(0);
    return result;
  };

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({}));
    cloud = await startTestCloud(projectStateDir(dir));
    for (const name of ['ReleaseSigning', 'LayerSigning'])
      await run(['local', 'profile', 'create', name, '--json'], dir);
    for (const example of examples) {
      const cwd = await copyExample(example.name, join(dir, example.name));
      const normaliser = new Normaliser(dir);
      const packageArgs = [
        'package',
        '--signing-profiles',
        example.signingProfiles,
        '--output-template-file',
        'packaged.yaml',
        '--json',
      ];
      outputs[`${example.name}: package --dry-run --json`] = normaliser.normalise(
        (await run([...packageArgs, '--dry-run'], cwd)).stdout,
      );
      outputs[`${example.name}: package --json`] = normaliser.normalise((await run(packageArgs, cwd)).stdout);
      const packaged = await readFile(join(cwd, 'packaged.yaml'), 'utf8');
      outputs[`${example.name}: packaged.yaml`] = normaliser.normalise(packaged);
      // Nested templates are uploaded rewritten: their text is pinned too.
      for (const [, bucket, key] of packaged.matchAll(
        /https:\/\/s3\.[^/]+\.amazonaws\.com\/([^/]+)\/(\S+\.template)/g,
      )) {
        const body = (await getObjectBytes(cloud.s3, bucket!, key!)).toString('utf8');
        outputs[`${example.name}: ${normaliser.normalise(key!)}`] = normaliser.normalise(body);
      }
      // Again: every signature is reused and nothing is uploaded.
      outputs[`${example.name}: package --json, again`] = normaliser.normalise((await run(packageArgs, cwd)).stdout);
    }
  }, 120_000);

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('prints the same documents and writes the same packaged templates as before', async () => {
    const text = Object.entries(outputs)
      .map(([name, output]) => `=== ${name}\n${output.trimEnd()}\n`)
      .join('\n');
    await expect(text).toMatchFileSnapshot('golden/package-examples.txt');
  });
});
