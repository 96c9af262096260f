import { describe, expect, it } from 'vitest';
import { chmod, mkdir, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageJson } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';
import { getObjectBytes, readZip, startTestCloud, useFixtureProjects } from '@toolkit/test-support';

const TAG = 'Signature: 8a477f597d28d172789f06886806bc55\n# a cache\n';

const dotTemplate = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Runtime: nodejs22.x
      Handler: index.handler
`;

interface BuildDocument {
  artifacts: { id: string; zip: string; sha256: string }[];
}

describe('toolkit build leaves out what is not the function', () => {
  const project = useFixtureProjects();

  async function build(dir: string, args: string[] = []): Promise<BuildDocument['artifacts'][number]> {
    const run = await runToolkit(['build', '--json', ...args], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    return (JSON.parse(run.stdout) as BuildDocument).artifacts[0]!;
  }

  async function entryNames(zip: string): Promise<string[]> {
    return (await readZip(zip)).map((e) => e.name);
  }

  it('never zips .toolkit (keys, cloud database, build cache), .aws-sam or a folder tagged by CACHEDIR.TAG, and rebuilds the same bytes', async () => {
    const dir = await project({
      'template.yaml': dotTemplate,
      'index.js': 'exports.handler = async () => 1;\n',
      '.toolkit/cloud/signer/keys/profile.pem': '-----BEGIN PRIVATE KEY-----\n',
      '.toolkit/cloud/cloud.db': 'sqlite',
      '.toolkit/signatures.json': '{}',
      '.aws-sam/build/Fn/index.js': 'old build',
      'lib/.toolkit/state': 'nested state',
      'lib/util.js': 'module.exports = 1;\n',
      'node_modules/.cache/tool/CACHEDIR.TAG': TAG,
      'node_modules/.cache/tool/blob': 'cached',
      'node_modules/dep/index.js': 'module.exports = 2;\n',
      'not-a-cache/CACHEDIR.TAG': 'Signature: something else\n',
      'not-a-cache/kept.txt': 'kept',
    });
    const first = await build(dir);
    const expected = [
      'index.js',
      'lib/util.js',
      'node_modules/dep/index.js',
      'not-a-cache/CACHEDIR.TAG',
      'not-a-cache/kept.txt',
      'template.yaml',
    ];
    expect(await entryNames(first.zip)).toEqual(expected);
    // Drop the stat cache so the second build really re-zips the folder, which now holds the first zip.
    await writeFile(join(dir, '.toolkit/build/index.json'), '');
    const second = await build(dir);
    expect(second.sha256).toBe(first.sha256);
    expect(await entryNames(second.zip)).toEqual(expected);
  });

  it('never zips a build folder that sits inside the source (it is tagged as a cache), so rebuilding gives the same bytes', async () => {
    const dir = await project({ 'template.yaml': dotTemplate, 'index.js': 'exports.handler = async () => 1;\n' });
    const first = await build(dir, ['--build-dir', 'out']);
    expect((await readdir(join(dir, 'out'))).includes('CACHEDIR.TAG')).toBe(true);
    await writeFile(join(dir, 'out/index.json'), '');
    const second = await build(dir, ['--build-dir', 'out']);
    expect(second.sha256).toBe(first.sha256);
    expect(await entryNames(second.zip)).toEqual(['index.js', 'template.yaml']);
  });

  it("honours .toolkitignore in the source's folder and in the template's folder, in gitignore syntax", async () => {
    const template = dotTemplate.replace('CodeUri: .', 'CodeUri: src/');
    const dir = await project({
      'template.yaml': template,
      '.toolkitignore': '# project rules, relative to the template folder\nsrc/tests/\n*.map\n',
      'src/.toolkitignore': 'secret.txt\n/docs\n!keep.md\n*.md\n',
      'src/index.js': 'x',
      'src/index.js.map': 'map',
      'src/secret.txt': 'secret',
      'src/tests/a.test.js': 'test',
      'src/docs/guide.txt': 'docs',
      'src/lib/docs/kept.txt': 'not the root docs',
      'src/README.md': 'readme',
    });
    const built = await build(dir);
    expect(await entryNames(built.zip)).toEqual(['.toolkitignore', 'index.js', 'lib/docs/kept.txt']);
    // A rule change that leaves out another file is seen by the stat cache.
    await writeFile(join(dir, 'src/.toolkitignore'), 'secret.txt\n/docs\n*.md\nlib/\n');
    expect(await entryNames((await build(dir)).zip)).toEqual(['.toolkitignore', 'index.js']);
  });

  it('writes cache zips and the index 0600 in a 0700 folder, tightens ones left looser, and clears stale temp files', async () => {
    const dir = await project({ 'template.yaml': dotTemplate, 'index.js': 'exports.handler = async () => 1;\n' });
    const first = await build(dir);
    const buildDir = join(dir, '.toolkit/build');
    expect((await stat(buildDir)).mode & 0o777).toBe(0o700);
    expect((await stat(first.zip)).mode & 0o777).toBe(0o600);
    expect((await stat(join(buildDir, 'index.json'))).mode & 0o777).toBe(0o600);

    await chmod(buildDir, 0o755);
    await chmod(first.zip, 0o644);
    await chmod(join(buildDir, 'index.json'), 0o644);
    // What an interrupted index write leaves: an empty temp file. One an hour old is stale; a fresh one may be a live build's.
    const stale = join(buildDir, '.index.json.0a1b2c3d4e5f.tmp');
    const fresh = join(buildDir, '.index.json.f5e4d3c2b1a0.tmp');
    await writeFile(stale, '');
    await writeFile(fresh, '');
    const hourAgo = Date.now() / 1000 - 3600;
    await utimes(stale, hourAgo, hourAgo);
    const second = await build(dir);
    expect(second.sha256).toBe(first.sha256);
    expect((await stat(buildDir)).mode & 0o777).toBe(0o700);
    expect((await stat(first.zip)).mode & 0o777).toBe(0o600);
    expect((await stat(join(buildDir, 'index.json'))).mode & 0o777).toBe(0o600);
    const left = await readdir(buildDir);
    expect(left).not.toContain('.index.json.0a1b2c3d4e5f.tmp');
    expect(left).toContain('.index.json.f5e4d3c2b1a0.tmp');
  });

  it.each([
    ['a newline', Buffer.from('bad\nname.js'), /"sub\/bad\\nname\.js".*control character U\+000A/],
    ['a backslash', Buffer.from('..\\..\\evil.js'), /"sub\/\.\.\\\\\.\.\\\\evil\.js".*backslash/],
    ['bytes that are not UTF-8', Buffer.from([0x66, 0xff, 0x2e, 0x6a, 0x73]), /"sub\/f\ufffd\.js".*not valid UTF-8/],
  ])('exits 2 naming a file whose name has %s', async (_what, name, message) => {
    const dir = await project({ 'template.yaml': dotTemplate, 'index.js': 'x' });
    await mkdir(join(dir, 'sub'));
    await writeFile(Buffer.concat([Buffer.from(join(dir, 'sub') + '/'), name]), 'x');
    const run = await runToolkit(['build'], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('zips a name that merely holds U+FFFD, which is valid UTF-8', async () => {
    const dir = await project({ 'template.yaml': dotTemplate, 'index.js': 'x', 'odd\ufffd.txt': 'y' });
    expect(await entryNames((await build(dir)).zip)).toEqual(['index.js', 'odd\ufffd.txt', 'template.yaml']);
  });

  it("`toolkit package` with CodeUri: . uploads and signs a zip that holds none of the local cloud's keys", async () => {
    const dir = await project({ 'template.yaml': dotTemplate, 'index.js': 'exports.handler = async () => 1;\n' });
    const cloud = await startTestCloud(join(dir, '.toolkit/cloud'));
    try {
      const profile = await runToolkit(['local', 'profile', 'create', 'Release', ...cloud.targetArgs], { cwd: dir });
      expect(profile.exitCode, profile.stderr).toBe(0);
      // What the finding shipped: the profile's private key, inside the project folder.
      expect(
        (await readdir(join(dir, '.toolkit/cloud'), { recursive: true })).filter((name) => name.endsWith('.pem'))
          .length,
      ).toBeGreaterThan(0);
      const run = await runToolkit(
        [
          'package',
          '--json',
          '--output-template-file',
          'packaged.yaml',
          '--signing-profiles',
          'Fn=Release',
          ...cloud.targetArgs,
        ],
        { cwd: dir },
      );
      const artifact = packageJson(run).artifacts[0]!;
      for (const key of [artifact.s3.key, artifact.signing!.signedKey]) {
        const zip = join(dir, `downloaded-${key.replace(/\//g, '-')}`);
        await writeFile(zip, await getObjectBytes(cloud.s3, artifact.s3.bucket, key));
        expect(
          (await entryNames(zip)).filter((name) => !name.startsWith('index.js') && name !== 'template.yaml'),
        ).toEqual([]);
      }
    } finally {
      await cloud.close();
    }
  });
});
