import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageJson } from './support/package-output.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, listBucketNames, listSigningJobIds, startTestCloud, type TestCloud } from '@toolkit/test-support';

const template = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: api/
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: worker/
  Inline:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: exports.handler = async () => 'inline';
  Guarded:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: guarded/
      CodeSigningConfigArn: arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg
`;

const cscWarning = 'warning: Guarded has a CodeSigningConfigArn but no signing profile';

describe('toolkit package: the plan, bad input, warnings and config', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  const pkg = (...args: string[]) => runToolkit(['package', ...args, ...cloud.targetArgs], { cwd: dir });

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'api/index.js': 'exports.handler = async () => "api";\n',
      'worker/index.js': 'exports.handler = async () => "worker";\n',
      'worker/lib/jobs.js': 'module.exports = [];\n',
      'guarded/index.js': 'exports.handler = async () => "guarded";\n',
    }));
    cloud = await startTestCloud(projectStateDir(dir));
    for (const name of ['ProfA', 'ProfB']) {
      const run = await runToolkit(['local', 'profile', 'create', name, ...cloud.targetArgs], { cwd: dir });
      expect(run.exitCode, run.stderr).toBe(0);
    }
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  it('--dry-run prints the plan and builds, uploads, signs and writes nothing', async () => {
    const args = [
      '--dry-run',
      '--output-template-file',
      'out.yaml',
      '--signing-profiles',
      'Api=ProfA',
      'Guarded=ProfB:123456789012',
    ];
    const human = await pkg(...args);
    expect(human.exitCode, human.stderr).toBe(0);
    const lines = human.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('Dry run: nothing was built, uploaded, signed or written.');
    expect(lines[1]).toMatch(/^artifact\s+action\s+source\s+sign with\s+rewrites$/);
    expect(lines.slice(2).map((l) => l.split(/\s{2,}/))).toEqual([
      ['Api', 'zip-folder', 'api', 'ProfA', 'template.yaml CodeUri'],
      ['Worker', 'zip-folder', 'worker', '-', 'template.yaml CodeUri'],
      ['Guarded', 'zip-folder', 'guarded', 'ProfB:123456789012', 'template.yaml CodeUri'],
    ]);

    const json = await pkg(...args, '--json');
    expect(json.exitCode, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      dryRun: true,
      plan: [
        {
          id: 'Api',
          resourceType: 'AWS::Serverless::Function',
          property: 'CodeUri',
          source: join(dir, 'api'),
          action: 'zip-folder',
          sign: { profileName: 'ProfA' },
          rewrites: join(dir, 'template.yaml'),
        },
        {
          id: 'Worker',
          resourceType: 'AWS::Serverless::Function',
          property: 'CodeUri',
          source: join(dir, 'worker'),
          action: 'zip-folder',
          sign: null,
          rewrites: join(dir, 'template.yaml'),
        },
        {
          id: 'Guarded',
          resourceType: 'AWS::Serverless::Function',
          property: 'CodeUri',
          source: join(dir, 'guarded'),
          action: 'zip-folder',
          sign: { profileName: 'ProfB', profileOwner: '123456789012' },
          rewrites: join(dir, 'template.yaml'),
        },
      ],
    });

    expect(existsSync(join(dir, '.toolkit/build'))).toBe(false);
    expect(existsSync(join(dir, '.toolkit/signatures.json'))).toBe(false);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
    expect(await listBucketNames(cloud.s3)).toEqual([]);
    expect(await listSigningJobIds(cloud.signer)).toEqual([]);
  });

  it.each([
    [
      'an id the template does not have',
      ['Nope=ProfA'],
      /^error: --signing-profiles: Nope is not a function or layer of the template; signable ids: Api, Worker, Guarded$/m,
    ],
    [
      'an entry without "="',
      ['Api'],
      /^error: --signing-profiles: the entry "Api" has no "="; write Id=Profile or Id=Profile:Owner\.$/m,
    ],
    [
      'an owner that is not an account id',
      ['Api=ProfA:12345'],
      /^error: --signing-profiles: the entry "Api=ProfA:12345" has an invalid profile owner "12345"/m,
    ],
    [
      'the same id twice',
      ['Api=ProfA', 'Api=ProfB'],
      /^error: --signing-profiles: the entry "Api=ProfB" names Api a second time/m,
    ],
    [
      'an inline function',
      ['Inline=ProfA'],
      /^error: --signing-profiles: Inline is deployed as inline code, not a zip package, and cannot be signed$/m,
    ],
    [
      'a profile that does not exist',
      ['Api=ProfA', 'Worker=Missing'],
      /^error: --signing-profiles: Signing profile "Missing" does not exist\. Create it with: toolkit local profile create Missing$/m,
    ],
  ])('exits 2 naming --signing-profiles for %s, and creates nothing', async (_what, entries, message) => {
    const run = await pkg('--output-template-file', 'out.yaml', '--signing-profiles', ...entries);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    // Bad input is found before anything is built, uploaded or signed.
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'out.yaml'))).toBe(false);
    expect(await listBucketNames(cloud.s3)).toEqual([]);
  });

  it('warns on stderr about a function with a CodeSigningConfigArn and no profile, and keeps stdout pure JSON', async () => {
    const unsigned = await pkg('--json', '--signing-profiles', 'Api=ProfA');
    const document = packageJson(unsigned);
    expect(unsigned.stderr).toContain(
      `${cscWarning}: its code is deployed unsigned and will be rejected under an Enforce policy`,
    );
    expect(document.artifacts.find((a) => a.id === 'Guarded')!.signing).toBeNull();

    const signed = await pkg('--json', '--signing-profiles', 'Api=ProfA', 'Guarded=ProfB');
    expect(packageJson(signed).artifacts.find((a) => a.id === 'Guarded')!.signing).toMatchObject({
      profileName: 'ProfB',
    });
    expect(signed.stderr).not.toContain('warning:');
  });

  it('without --output-template-file prints the packaged template on stdout and the summary on stderr', async () => {
    const run = await pkg('--signing-profiles', 'Api=ProfA', 'Guarded=ProfB');
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Transform: AWS::Serverless-2016-10-31\n/);
    expect(run.stdout).toMatch(
      / {6}CodeUri:\n {8}Bucket: toolkit-artifacts-000000000000-us-east-1\n {8}Key: signed\/[0-9a-f-]{36}\.zip\n {8}Version: \S+\n/,
    );
    expect(run.stdout).toContain("InlineCode: exports.handler = async () => 'inline';");
    expect(run.stderr).toMatch(/^artifact\s+profile version\s+job id\s+key\s+expires$/m);
  });

  it('honours signing_profiles from samconfig.toml, and a flag overrides it', async () => {
    await writeFile(
      join(dir, 'samconfig.toml'),
      'version = 0.1\n[default.package.parameters]\nsigning_profiles = "Api=\\"ProfB\\" Worker=\\"ProfA\\" Guarded=\\"ProfA\\""\n',
    );
    try {
      const fromFile = packageJson(await pkg('--json'));
      const profileOf = (doc: typeof fromFile, id: string) =>
        doc.artifacts.find((a) => a.id === id)!.signing?.profileName ?? null;
      expect(['Api', 'Worker', 'Guarded'].map((id) => profileOf(fromFile, id))).toEqual(['ProfB', 'ProfA', 'ProfA']);

      const flagged = await pkg('--json', '--signing-profiles', 'Worker=ProfB');
      const fromFlag = packageJson(flagged);
      expect(['Api', 'Worker', 'Guarded'].map((id) => profileOf(fromFlag, id))).toEqual([null, 'ProfB', null]);
      expect(flagged.stderr).toContain(cscWarning);
    } finally {
      await rm(join(dir, 'samconfig.toml'));
    }
  });
});
