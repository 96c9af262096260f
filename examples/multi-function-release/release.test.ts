import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeFunction } from '@toolkit/toolkit';
import { readZip } from '@toolkit/test-support';
import { runRelease, type ReleaseReport } from './release.ts';

const run = promisify(execFile);
const exampleDir = dirname(fileURLToPath(import.meta.url));
const skipped = new Set(['node_modules', '.toolkit', 'release-report.json']);

describe('multi-function release', () => {
  let root: string;
  let options: Parameters<typeof runRelease>[0];
  let first: ReleaseReport;

  beforeAll(async () => {
    // A copy of the app and the admin stack, so caches and state never land in the repository.
    root = await mkdtemp(join(tmpdir(), 'shop-release-test-'));
    const projectDir = join(root, 'examples', 'multi-function-release');
    await cp(exampleDir, projectDir, { recursive: true, filter: (source) => !skipped.has(basename(source)) });
    await cp(join(exampleDir, '..', 'admin', 'template.yaml'), join(root, 'examples', 'admin', 'template.yaml'));
    options = { projectDir, stateDir: join(root, 'state'), reportFile: join(root, 'release-report.json') };
    first = await runRelease(options);
  }, 180_000);

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('deploys the admin stack and the app, nested stack included', () => {
    expect(first.admin.status).toBe('CREATE_COMPLETE');
    expect(first.app.status).toBe('CREATE_COMPLETE');
    expect(first.app.outputs.CreateOrderFunctionArn).toMatch(/^arn:aws:lambda:[^:]+:\d{12}:function:/);
    expect(first.app.outputs.NodeSharedLayerArn).toMatch(/:layer:shop-node-shared-dev:\d+$/);
  });

  it('signs every function with ReleaseSigning and every layer with LayerSigning, and each passes the CSC', () => {
    const byId = new Map(first.artifacts.map((a) => [a.id, a]));
    expect(first.artifacts).toHaveLength(19);
    expect(byId.get('Orders/CreateOrderFunction')?.profileName).toBe('ReleaseSigning');
    expect(byId.get('NodeSharedLayer')?.profileName).toBe('LayerSigning');
    expect(byId.get('PythonSharedLayer')?.profileName).toBe('LayerSigning');
    for (const artifact of first.artifacts) {
      expect(artifact.verdict, `${artifact.id}: ${artifact.reasons.join('; ')}`).toBe('accept');
      expect(artifact.signedSha256).not.toBe(artifact.sha256);
      expect(Date.parse(artifact.expiresAt)).toBeGreaterThan(Date.now());
    }
    expect(first.ok).toBe(true);
  });

  it('makes the admin CSC trust both profile versions, under Enforce', () => {
    expect(first.codeSigningConfig.policy).toBe('Enforce');
    expect([...first.codeSigningConfig.allowedProfileVersionArns].sort()).toEqual(
      first.profiles.map((p) => p.profileVersionArn).sort(),
    );
  });

  it('runs the deployed, signed code: a Node.js function and a nested Python one, each with its layer', async () => {
    const target = { target: 'local' as const, stateDir: options!.stateDir!, cwd: options!.projectDir! };
    const catalog = await invokeFunction({
      ...target,
      stackName: first.app.stackName,
      functionId: 'CatalogListFunction',
      event: await readFile(join(options!.projectDir!, 'events', 'catalog-tea.json'), 'utf8'),
    });
    expect(catalog.functionError).toBeUndefined();
    const listed = JSON.parse((catalog.payload as { body: string }).body) as { count: number };
    expect(listed.count).toBeGreaterThan(0);
    const status = await invokeFunction({
      ...target,
      stackName: first.app.stackName,
      functionId: 'Orders/OrderStatusFunction',
      event: JSON.stringify({
        pathParameters: { id: 'o-1' },
        queryStringParameters: { placedAt: '2020-01-01T00:00:00Z' },
      }),
    });
    expect(status.functionError).toBeUndefined();
    expect(JSON.parse((status.payload as { body: string }).body)).toEqual({ orderId: 'o-1', status: 'DELIVERED' });
  }, 60_000);

  it('invokes the three built functions after the deploy, each answering through its dependency', () => {
    expect(first.builtFunctions.map((f) => [f.functionId, f.build, f.ok, f.problem])).toEqual([
      ['LoyaltyPointsFunction', 'npm', true, null],
      ['ReceiptFunction', 'esbuild', true, null],
      ['VatQuoteFunction', 'pip', true, null],
    ]);
    expect(first.builtFunctions[0]?.answer).toMatchObject({ points: 246, rules: 'shop-loyalty@1.2.0' });
    expect(first.builtFunctions[2]?.answer).toMatchObject({ vatCents: 190, rules: 'shop-tax@2.1.0' });
  });

  it('deploys and signs the zips the builds made: installed packages and the bundle, not the sources', async () => {
    const byId = new Map(first.artifacts.map((a) => [a.id, a]));
    const entries = async (id: string) => {
      const zip = join(options!.projectDir!, '.toolkit', 'build', `${byId.get(id)!.sha256}.zip`);
      return new Map((await readZip(zip)).map((e) => [e.name, e.content.toString('utf8')]));
    };
    const loyalty = await entries('LoyaltyPointsFunction');
    expect(loyalty.get('node_modules/shop-loyalty/index.js')).toContain('exports.pointsFor');
    expect(loyalty.get('index.js')).toContain("require('shop-loyalty')");
    const receipt = await entries('ReceiptFunction');
    expect([...receipt.keys()]).toEqual(['index.js']);
    expect(receipt.get('index.js')).toContain('padStart(2, "0")');
    expect(receipt.get('index.js')).not.toContain('interface ReceiptRequest');
    const vat = await entries('VatQuoteFunction');
    expect(vat.get('shop_tax/__init__.py')).toContain('def vat_cents');
    expect(vat.get('app.py')).toContain('import shop_tax');
    expect([...vat.keys()].filter((name) => name.startsWith('vendor/') || name.endsWith('.ts'))).toEqual([]);
  });

  it('writes the same report to disk', async () => {
    expect(JSON.parse(await readFile(options!.reportFile!, 'utf8'))).toEqual(JSON.parse(JSON.stringify(first)));
  });

  it('changes nothing and signs nothing on a second run', async () => {
    const second = await runRelease(options);
    expect(second.admin.status).toBe('NO_CHANGES');
    expect(second.app.status).toBe('NO_CHANGES');
    expect(second.artifacts.every((a) => a.signatureReused && a.verdict === 'accept')).toBe(true);
    expect(second.profiles.map((p) => p.profileVersionArn)).toEqual(first.profiles.map((p) => p.profileVersionArn));
  }, 120_000);

  it('as a script, prints its progress and summary but no debug lines or SDK warnings', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const quiet of ['NODE_NO_WARNINGS', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'NODE_OPTIONS'])
      delete env[quiet];
    const args = [
      '--import',
      'tsx',
      join(exampleDir, 'release.ts'),
      '--project-dir',
      options!.projectDir!,
      '--state-dir',
      options!.stateDir!,
      '--report',
      options!.reportFile!,
    ];
    const { stderr } = await run(process.execPath, args, { cwd: exampleDir, env });
    expect(stderr).toMatch(
      /^shop-release: NO_CHANGES; 19 signed artifacts verified, 0 not accepted; 3\/3 built functions answered; \d+ ms\n$/m,
    );
    expect(stderr).not.toMatch(/^debug: /m);
    expect(stderr).not.toMatch(/Warning|NodeVersionSupport/);
  }, 120_000);
});
