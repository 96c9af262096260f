import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixtureTree, getObjectBytes, startTestCloud, type TestCloud } from '@toolkit/test-support';
import { copyExample } from './support/example-project.ts';
import { Normaliser } from './support/json-normaliser.ts';
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
    'LoyaltyPoints',
    'Receipt',
    'VatQuote',
  ].map((name) => `${name}Function=ReleaseSigning`),
  'RecommendationsFunction=ReleaseSigning',
  'AuditLogFunction=ReleaseSigning',
  'Orders/CreateOrderFunction=ReleaseSigning',
  'Orders/OrderStatusFunction=ReleaseSigning',
  'NodeSharedLayer=LayerSigning',
  'PythonSharedLayer=LayerSigning',
].join(' ');

const toolEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

const examples = [
  { name: 'hello-signed', signingProfiles: 'HelloFunction=ReleaseSigning' },
  { name: 'multi-function-release', signingProfiles: releaseProfiles },
];

describe('toolkit package --json for the examples is unchanged', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const outputs: Record<string, string> = {};

  const run = async (args: string[], cwd: string): Promise<ToolkitRun> => {
    // The built examples run npm and pip, found on PATH.
    const result = await runToolkit([...args, ...cloud.targetArgs], { cwd, env: toolEnv });
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
