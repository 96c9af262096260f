import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CancelSigningProfileCommand } from '@aws-sdk/client-signer';
import { runCfnLint } from './support/cfn-lint.ts';
import {
  packageJson,
  plainTemplate,
  readPlainTemplate,
  type PackagedArtifactJson,
  type PackageJson,
} from './support/package-output.ts';
import {
  releaseFunctionIds,
  releaseProject,
  releaseSigning,
  releaseSigningArgs,
  releaseTemplate,
} from './support/release-project.ts';
import { projectStateDir, runToolkit, type ToolkitRun } from './support/run-toolkit.ts';
import {
  countObjectVersions,
  currentVersionId,
  fixtureTree,
  getObjectBytes,
  listSigningJobIds,
  missingTool,
  s3UrlLocation,
  startTestCloud,
  type TestCloud,
  tools,
} from '@toolkit/test-support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const fileName = (id: string) => `${id.replace('/', '-')}.zip`;

describe('toolkit package: a release of 17 artifacts, a nested stack and two profiles', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  let first: ToolkitRun;
  let result: PackageJson;
  const versionArns: Record<string, string> = {};
  const packageArgs = () => [
    'package',
    '--output-template-file',
    'packaged.yaml',
    ...releaseSigningArgs(),
    ...cloud.targetArgs,
  ];

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree(releaseProject()));
    cloud = await startTestCloud(projectStateDir(dir));
    for (const name of ['ProfA', 'ProfB']) {
      const run = await runToolkit(['local', 'profile', 'create', name, '--json', ...cloud.targetArgs], { cwd: dir });
      expect(run.exitCode, run.stderr).toBe(0);
      versionArns[name] = (JSON.parse(run.stdout) as { profileVersionArn: string }).profileVersionArn;
    }
    first = await runToolkit([...packageArgs(), '--json'], { cwd: dir });
    result = packageJson(first);
    const trust = await runToolkit(['local', 'trust', 'export', '--out', 'trust.json'], { cwd: dir });
    expect(trust.exitCode, trust.stderr).toBe(0);
    await mkdir(join(dir, 'signed'));
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  const artifact = (id: string): PackagedArtifactJson => result.artifacts.find((a) => a.id === id)!;

  it('prints exactly the documented JSON document, every artifact signed with its own profile', () => {
    expect(Object.keys(JSON.parse(first.stdout) as object).sort()).toEqual(['artifacts', 'outputTemplate']);
    expect(result.outputTemplate).toBe(join(dir, 'packaged.yaml'));
    expect(result.artifacts.map((a) => a.id).sort()).toEqual(Object.keys(releaseSigning).sort());
    for (const a of result.artifacts) {
      expect(Object.keys(a).sort()).toEqual([
        'buildMethod',
        'dependencies',
        'id',
        'property',
        'resourceType',
        's3',
        'sha256',
        'signing',
      ]);
      expect(Object.keys(a.s3).sort()).toEqual(['bucket', 'key', 'versionId']);
      expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(a.s3.key).toBe(`${a.sha256}.zip`);
      expect(a.s3.versionId).toEqual(expect.any(String));
      expect(a.s3.bucket).toBe(result.artifacts[0]!.s3.bucket);
      expect(Object.keys(a.signing ?? {}).sort()).toEqual([
        'expiresAt',
        'jobId',
        'profileName',
        'profileOwner',
        'profileVersionArn',
        'reused',
        'signedKey',
      ]);
      const profile = releaseSigning[a.id]!;
      expect(a.signing).toEqual({
        profileName: profile,
        profileOwner: null,
        profileVersionArn: versionArns[profile],
        jobId: expect.stringMatching(UUID),
        signedKey: `signed/${a.signing!.jobId}.zip`,
        expiresAt: expect.stringMatching(ISO),
        reused: false,
      });
    }
    expect(new Set(result.artifacts.map((a) => a.signing!.jobId)).size).toBe(result.artifacts.length);
    expect(artifact('Fn01')).toMatchObject({ resourceType: 'AWS::Serverless::Function', property: 'CodeUri' });
    expect(artifact('SharedLayer')).toMatchObject({
      resourceType: 'AWS::Serverless::LayerVersion',
      property: 'ContentUri',
    });
    expect(artifact('RawLayer')).toMatchObject({ resourceType: 'AWS::Lambda::LayerVersion', property: 'Content' });
    expect(artifact('LegacyFn')).toMatchObject({ resourceType: 'AWS::Lambda::Function', property: 'Code' });
    expect(artifact('Child/ChildB')).toMatchObject({ resourceType: 'AWS::Serverless::Function', property: 'CodeUri' });
  });

  it('rewrites every artifact of the root and the nested template to its signed object version', async () => {
    const packaged = await readPlainTemplate(join(dir, 'packaged.yaml'));
    const signedVersion = async (a: PackagedArtifactJson) =>
      currentVersionId(cloud.s3, a.s3.bucket, a.signing!.signedKey);
    const samLocation = async (id: string) => {
      const a = artifact(id);
      return { Bucket: a.s3.bucket, Key: a.signing!.signedKey, Version: await signedVersion(a) };
    };
    const lambdaLocation = async (id: string) => {
      const a = artifact(id);
      return { S3Bucket: a.s3.bucket, S3Key: a.signing!.signedKey, S3ObjectVersion: await signedVersion(a) };
    };
    for (const id of releaseFunctionIds) {
      expect(packaged.Resources[id]!.Properties.CodeUri).toEqual(await samLocation(id));
      expect(packaged.Resources[id]!.Properties.Layers).toEqual([{ Ref: 'SharedLayer' }]);
    }
    expect(packaged.Resources.SharedLayer!.Properties.ContentUri).toEqual(await samLocation('SharedLayer'));
    expect(packaged.Resources.RawLayer!.Properties.Content).toEqual(await lambdaLocation('RawLayer'));
    expect(packaged.Resources.LegacyFn!.Properties.Code).toEqual(await lambdaLocation('LegacyFn'));
    expect(packaged.Resources.LegacyFn!.Properties.Role).toEqual({ 'Fn::GetAtt': ['LegacyRole', 'Arn'] });

    // The nested template was packaged first, uploaded, and the parent points at it by https URL.
    const location = packaged.Resources.Child!.Properties.Location as string;
    expect(location).toMatch(/^https:\/\/s3\.us-east-1\.amazonaws\.com\//);
    const { bucket, key } = s3UrlLocation(location);
    expect(bucket).toBe(artifact('Fn01').s3.bucket);
    const child = plainTemplate((await getObjectBytes(cloud.s3, bucket, key)).toString('utf8'), 'child template');
    expect(Object.keys(child.Resources).sort()).toEqual(['ChildA', 'ChildB']);
    expect(child.Resources.ChildA!.Properties.CodeUri).toEqual(await samLocation('Child/ChildA'));
    expect(child.Resources.ChildB!.Properties.CodeUri).toEqual(await samLocation('Child/ChildB'));
    expect(child.Globals).toEqual({ Function: { Runtime: 'python3.12', Handler: 'app.handler' } });

    // The sources are left as they were.
    expect(await readFile(join(dir, 'template.yaml'), 'utf8')).toBe(releaseTemplate());
  });

  it('every signed zip is the uploaded zip plus a signature that toolkit verify accepts with the exported trust', async () => {
    for (const a of result.artifacts) {
      const unsigned = await getObjectBytes(cloud.s3, a.s3.bucket, a.s3.key, a.s3.versionId!);
      expect(sha256(unsigned), a.id).toBe(a.sha256);
      expect(unsigned.readUInt16LE(unsigned.length - 2), `${a.id}: an unsigned zip has no EOCD comment`).toBe(0);
      const signed = await getObjectBytes(cloud.s3, a.s3.bucket, a.signing!.signedKey);
      // Entries, central directory and EOCD fields are untouched; only the comment (and its length) is new.
      expect(signed.subarray(0, unsigned.length - 2).equals(unsigned.subarray(0, unsigned.length - 2)), a.id).toBe(
        true,
      );
      expect(signed.length).toBeGreaterThan(unsigned.length);
      const file = join(dir, 'signed', fileName(a.id));
      await writeFile(file, signed);
      const run = await runToolkit(
        [
          'verify',
          file,
          '--trust',
          'trust.json',
          '--json',
          '--allowed-profile-version-arn',
          versionArns.ProfA!,
          versionArns.ProfB!,
        ],
        { cwd: dir },
      );
      expect(run.exitCode, `${a.id}: ${run.stdout}${run.stderr}`).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        verdict: 'accept',
        reasons: [],
        checks: { integrity: 'pass', signature: 'pass', publisher: 'pass', expiry: 'pass', revocation: 'pass' },
        envelope: {
          profileVersionArn: a.signing!.profileVersionArn,
          jobArn: `arn:aws:signer:us-east-1:000000000000:/signing-jobs/${a.signing!.jobId}`,
          expiresAt: a.signing!.expiresAt,
        },
      });
    }
  });

  it.skipIf(missingTool(tools.cfnLint))('cfn-lint accepts the packaged root template', async () => {
    expect(await runCfnLint(join(dir, 'packaged.yaml'))).toEqual([]);
    // The check can fail: the same template with one bad value is flagged.
    const broken = (await readFile(join(dir, 'packaged.yaml'), 'utf8')).replace(
      'Runtime: nodejs22.x\n      Role:',
      'Runtime: nodejs0.x\n      Role:',
    );
    await writeFile(join(dir, 'broken.yaml'), broken);
    expect((await runCfnLint(join(dir, 'broken.yaml'))).map((m) => m.path.slice(0, 2).join('/'))).toContain(
      'Resources/LegacyFn',
    );
  });

  it('a re-run reuses every signature: no signing job starts, nothing is uploaded, the output is the same', async () => {
    const bucket = artifact('Fn01').s3.bucket;
    const jobsBefore = await listSigningJobIds(cloud.signer);
    expect(jobsBefore).toHaveLength(result.artifacts.length);
    const versionsBefore = await countObjectVersions(cloud.s3, bucket);
    const outputBefore = await readFile(join(dir, 'packaged.yaml'), 'utf8');

    const again = packageJson(await runToolkit([...packageArgs(), '--json'], { cwd: dir }));
    expect(again.artifacts.map((a) => a.signing?.reused)).toEqual(result.artifacts.map(() => true));
    expect(again.artifacts.map((a) => a.signing?.jobId)).toEqual(result.artifacts.map((a) => a.signing?.jobId));
    expect(again.artifacts.map((a) => a.s3)).toEqual(result.artifacts.map((a) => a.s3));
    expect(await listSigningJobIds(cloud.signer)).toHaveLength(jobsBefore.length);
    expect(await countObjectVersions(cloud.s3, bucket)).toBe(versionsBefore);
    expect(await readFile(join(dir, 'packaged.yaml'), 'utf8')).toBe(outputBefore);

    const human = await runToolkit(packageArgs(), { cwd: dir });
    expect(human.exitCode, human.stderr).toBe(0);
    expect(human.stdout).toContain('Packaged template: packaged.yaml');
    for (const a of result.artifacts) expect(human.stdout).toContain(`${a.signing!.jobId} (reused)`);
  });

  it('failed signing jobs exit 1, name every failure on stderr and leave the previous output template byte-identical', async () => {
    const outputBefore = await readFile(join(dir, 'packaged.yaml'));
    const jobsBefore = await listSigningJobIds(cloud.signer);
    // Fn01 and Fn02 now ship prebuilt zips that are already signed: Signer fails such jobs.
    await mkdir(join(dir, 'prebuilt'));
    let template = releaseTemplate();
    for (const id of ['Fn01', 'Fn02']) {
      await copyFile(join(dir, 'signed', fileName(id)), join(dir, 'prebuilt', fileName(id)));
      template = template.replace(`CodeUri: functions/${id.toLowerCase()}/`, `CodeUri: prebuilt/${fileName(id)}`);
    }
    await writeFile(join(dir, 'template.yaml'), template);
    try {
      const run = await runToolkit(packageArgs(), { cwd: dir });
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/Signing failed: 2 of 17 artifacts not signed/);
      for (const id of ['Fn01', 'Fn02']) {
        expect(run.stderr).toMatch(
          new RegExp(`- ${id} \\(profile ProfA, job [0-9a-f-]{36}\\): The source object is already signed`),
        );
      }
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await readFile(join(dir, 'packaged.yaml'))).toEqual(outputBefore);
      expect(await listSigningJobIds(cloud.signer)).toHaveLength(jobsBefore.length + 2);
    } finally {
      await writeFile(join(dir, 'template.yaml'), releaseTemplate());
    }
  });

  it('a profile canceled since the last run stops the run before any job starts, naming flag and profile', async () => {
    const outputBefore = await readFile(join(dir, 'packaged.yaml'));
    const jobsBefore = await listSigningJobIds(cloud.signer);
    const versionsBefore = await countObjectVersions(cloud.s3, artifact('Fn07').s3.bucket);
    await cloud.signer.send(new CancelSigningProfileCommand({ profileName: 'ProfB' }));
    // A changed function needs a new signature, which the canceled profile can no longer make.
    await writeFile(join(dir, 'functions/fn07/config.json'), '{"function":"Fn07","changed":true}\n');
    const run = await runToolkit(packageArgs(), { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/--signing-profiles/);
    expect(run.stderr).toMatch(/Signing profile "ProfB" is Canceled/);
    expect(await readFile(join(dir, 'packaged.yaml'))).toEqual(outputBefore);
    expect(await listSigningJobIds(cloud.signer)).toHaveLength(jobsBefore.length);
    expect(await countObjectVersions(cloud.s3, artifact('Fn07').s3.bucket)).toBe(versionsBefore);
  });
});
