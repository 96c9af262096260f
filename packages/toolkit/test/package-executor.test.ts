import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { recordingIoHost, silentIoHost } from '@toolkit/core';
import { serializeTemplate } from '@toolkit/template';
import { defaultStateDir } from '@toolkit/cloud';
import { fixtureTree, listSigningJobIds, startTestCloud, type TestCloud } from '@toolkit/test-support';
import { createSigningProfile } from '../src/create-signing-profile.ts';
import { executePackagePlan } from '../src/package-executor.ts';
import { preparePackage, type PackageTemplateOptions } from '../src/package-template.ts';

const fn = (codeUri: string) => ({
  Type: 'AWS::Serverless::Function',
  Properties: { CodeUri: codeUri, Handler: 'index.handler', Runtime: 'nodejs22.x' },
});
const project = {
  'template.yaml': JSON.stringify({
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: {
      Alpha: fn('alpha/'),
      Beta: fn('beta/'),
      Gamma: fn('gamma/'),
      Child: { Type: 'AWS::Serverless::Application', Properties: { Location: 'child/template.yaml' } },
    },
  }),
  'child/template.yaml': JSON.stringify({
    Transform: 'AWS::Serverless-2016-10-31',
    Resources: { Delta: fn('../delta/') },
  }),
  ...Object.fromEntries(
    ['alpha', 'beta', 'gamma', 'delta'].map((name) => [
      `${name}/index.js`,
      `exports.handler = async () => '${name}';\n`,
    ]),
  ),
};

describe('executePackagePlan runs exactly the plan it is given', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  let options: PackageTemplateOptions;

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree(project));
    cloud = await startTestCloud(defaultStateDir(dir, process.env));
    const target = { cwd: dir, target: 'local', endpointUrl: cloud.endpoint } as const;
    await createSigningProfile({ ...target, profileName: 'Prof' });
    options = { ...target, signingProfiles: 'Alpha=Prof Beta=Prof Child/Delta=Prof' };
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  const keysIn = async (bucket: string): Promise<string[]> =>
    ((await cloud.s3.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key ?? '').sort();

  it('leaves an entry taken out of the plan unbuilt, unuploaded, unsigned and unrewritten, and does the rest', async () => {
    const prepared = await preparePackage(options);
    expect(prepared.plan.map((p) => `${p.id} ${p.action}`)).toEqual([
      'Alpha zip-folder',
      'Beta zip-folder',
      'Gamma zip-folder',
      'Child/Delta zip-folder',
      'Child package-template',
    ]);
    const plan = prepared.plan.filter((p) => p.id !== 'Beta');

    const io = recordingIoHost();
    const result = await executePackagePlan(
      { ...prepared, plan },
      { ...options, outputTemplateFile: 'packaged.json' },
      io,
    );

    expect(result.plan).toEqual(plan);
    expect(result.artifacts.map((a) => [a.id, a.signing?.profileName ?? null])).toEqual([
      ['Alpha', 'Prof'],
      ['Gamma', null],
      ['Child/Delta', 'Prof'],
    ]);
    const tasks = (step: string) => [...new Set(io.events.filter((e) => e.step === step).map((e) => e.task))].sort();
    expect(tasks('build')).toEqual(['Alpha', 'Child/Delta', 'Gamma']);
    expect(tasks('upload')).toEqual(['Alpha', 'Child/Delta', 'Gamma']);
    expect(result.signingJobsStarted).toBe(2);
    expect(await listSigningJobIds(cloud.signer)).toHaveLength(2);
    const bucket = result.artifacts[0]?.s3.bucket ?? '';
    const zips = result.artifacts.map((a) => `${a.sha256}.zip`);
    expect((await keysIn(bucket)).filter((k) => !k.startsWith('signed/') && k.endsWith('.zip'))).toEqual(
      [...zips].sort(),
    );
    expect(result.uploads).toBe(4); // three zips and the nested template
    const packaged = JSON.parse(await readFile(join(dir, 'packaged.json'), 'utf8')) as {
      Resources: Record<string, { Properties: Record<string, unknown> }>;
    };
    expect(packaged.Resources['Beta']?.Properties['CodeUri']).toBe('beta/');
    expect(packaged.Resources['Alpha']?.Properties['CodeUri']).toMatchObject({
      Bucket: bucket,
      Key: expect.stringMatching(/^signed\//),
    });
    expect(packaged.Resources['Gamma']?.Properties['CodeUri']).toMatchObject({ Bucket: bucket, Key: zips[1] });
    expect(packaged.Resources['Child']?.Properties['Location']).toMatch(/^https:\/\/s3\..*\.template$/);
  });

  it('without its package-template entry, rewrites the nested template but neither uploads it nor points the parent at it', async () => {
    // New code for Delta: executing the template entry would upload a nested template not seen before.
    await writeFile(join(dir, 'delta', 'index.js'), "exports.handler = async () => 'delta, changed';\n");
    const bucket = (await cloud.s3.send(new ListBucketsCommand({}))).Buckets?.[0]?.Name ?? '';
    const before = await keysIn(bucket);
    const prepared = await preparePackage(options);
    const plan = prepared.plan.filter((p) => p.action !== 'package-template');

    const result = await executePackagePlan({ ...prepared, plan }, options, silentIoHost);

    expect(result.artifacts.map((a) => a.id)).toEqual(['Alpha', 'Beta', 'Gamma', 'Child/Delta']);
    expect(result.uploads).toBe(2); // Beta's zip and Delta's new one
    expect(JSON.parse(result.templateBody)).toMatchObject({
      Resources: { Child: { Properties: { Location: 'child/template.yaml' } } },
    });
    const child = prepared.root.children.get('Child');
    expect(child && serializeTemplate(child)).toContain(result.artifacts[3]?.signing?.signedKey);
    expect((await keysIn(bucket)).filter((k) => !before.includes(k) && !k.startsWith('signed/'))).toEqual(
      [`${result.artifacts[1]?.sha256}.zip`, `${result.artifacts[3]?.sha256}.zip`].sort(),
    );
  });
});
