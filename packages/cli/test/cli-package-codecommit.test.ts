import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getObjectBytes, lines, missingTool, readZip, storedZip, tools } from '@toolkit/test-support';
import { awsCliPackage } from './support/aws-cli-package.ts';
import { useProjectWithCloud } from './support/project-with-cloud.ts';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { runToolkit } from './support/run-toolkit.ts';

const repository = (name: string, seed: string) => [
  `  ${name}:`,
  '    Type: AWS::CodeCommit::Repository',
  `    Properties: { RepositoryName: ${name}, Code: { S3: ${seed} } }`,
];

// A repository's initial content as a folder, a lone file and a zip: always uploaded as a zip.
const files = {
  'template.yaml': lines(
    'Resources:',
    ...repository('Folder', 'seed'),
    ...repository('Lone', 'notes.md'),
    ...repository('Zipped', 'initial.zip'),
  ),
  'seed/README.md': '# seed\n',
  'seed/src/main.py': 'print("seed")\n',
  'notes.md': '# notes\n',
  'initial.zip': storedZip({ 'hello.txt': 'hello\n' }),
};

type Location = { Bucket: string; Key: string; ObjectVersion?: string };

describe.skipIf(missingTool(tools.awsCli))('package: CodeCommit Code.S3 as the AWS CLI', () => {
  const project = useProjectWithCloud(files);

  /** The files of each repository's uploaded zip, by logical id, from a packaged template. */
  async function uploadedContents(packaged: string): Promise<Map<string, Array<[string, string]>>> {
    const [dir, cloud] = [project.dir(), project.cloud()];
    const resources = plainTemplate(await readFile(join(dir, packaged), 'utf8')).Resources;
    const contents = new Map<string, Array<[string, string]>>();
    for (const name of ['Folder', 'Lone', 'Zipped']) {
      const location = (resources[name]!.Properties.Code as { S3: Location }).S3;
      const zip = join(dir, `${packaged}-${name}.zip`);
      await writeFile(zip, await getObjectBytes(cloud.s3, location.Bucket, location.Key));
      const entries = (await readZip(zip)).filter((e) => !e.name.endsWith('/'));
      contents.set(name, entries.map((e) => [e.name, e.content.toString()] as [string, string]).sort());
    }
    return contents;
  }

  it('zips a folder or a lone file, uploads a zip as it is, and writes {Bucket, Key, ObjectVersion}, as the AWS CLI does', async () => {
    const [dir, cloud] = [project.dir(), project.cloud()];
    await awsCliPackage(dir, cloud, 'aws-cli-package', 'aws.yaml');
    const toolkitRun = await runToolkit(
      ['package', '--json', '--output-template-file', 'toolkit.yaml', '--endpoint-url', cloud.endpoint],
      { cwd: dir },
    );
    const packaged = packageJson(toolkitRun);
    expect(packaged.artifacts.map((a) => [a.id, a.property, a.s3.key.endsWith('.zip')])).toEqual([
      ['Folder', 'S3', true],
      ['Lone', 'S3', true],
      ['Zipped', 'S3', true],
    ]);
    const ours = await uploadedContents('toolkit.yaml');
    expect(ours).toEqual(await uploadedContents('aws.yaml'));
    expect(ours.get('Folder')).toEqual([
      ['README.md', files['seed/README.md']],
      ['src/main.py', files['seed/src/main.py']],
    ]);
    expect(ours.get('Lone')).toEqual([['notes.md', files['notes.md']]]);
    const zipped = packaged.artifacts.find((a) => a.id === 'Zipped')!.s3;
    expect(await getObjectBytes(cloud.s3, zipped.bucket, zipped.key)).toEqual(files['initial.zip']);

    // The same mapping; ours names the object version too (the artifact bucket is versioned).
    const resources = plainTemplate(await readFile(join(dir, 'toolkit.yaml'), 'utf8')).Resources;
    const lone = packaged.artifacts.find((a) => a.id === 'Lone')!.s3;
    expect(resources.Lone?.Properties.Code).toEqual({
      S3: { Bucket: lone.bucket, Key: lone.key, ObjectVersion: lone.versionId },
    });
  });
});
