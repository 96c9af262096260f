import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { helloTemplate } from './support/hello-template.ts';
import { packageJson, plainTemplate } from './support/package-output.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import { fixtureTree, getObjectBytes, s3UrlLocation, startTestCloud } from '@toolkit/test-support';

const template = `${helloTemplate}  Nested:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/template.yaml
`;

const nestedTemplate = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Code: code/
      Handler: index.handler
      Runtime: nodejs22.x
      Role: !GetAtt Role.Arn
`;

describe('toolkit package and verify on the default local target (the cloud runs in-process per command)', () => {
  let dir = '';
  let cleanup = async () => {};

  beforeAll(async () => {
    ({ dir, cleanup } = await fixtureTree({
      'template.yaml': template,
      'hello/index.js': 'exports.handler = async () => "hello";\n',
      'nested/template.yaml': nestedTemplate,
      'nested/code/index.js': 'exports.handler = async () => "nested";\n',
    }));
  });

  afterAll(async () => cleanup());

  it('creates a profile, packages, signs, exports trust and verifies, with state kept in the user state folder between runs', async () => {
    const profile = await runToolkit(['local', 'profile', 'create', 'Release', '--validity', '30days', '--json'], {
      cwd: dir,
    });
    expect(profile.exitCode, profile.stderr).toBe(0);
    // The state (private keys included) lives outside the project, so no build can zip it.
    expect(existsSync(join(projectStateDir(dir), 'cloud.db'))).toBe(true);
    expect(existsSync(join(dir, '.toolkit/cloud'))).toBe(false);

    const run = await runToolkit(
      [
        'package',
        '--json',
        '--output-template-file',
        'packaged.yaml',
        '--signing-profiles',
        'Hello=Release',
        'Nested/Handler=Release',
      ],
      { cwd: dir },
    );
    const first = packageJson(run);
    expect(first.artifacts.map((a) => [a.id, a.signing?.profileName, a.signing?.reused])).toEqual([
      ['Hello', 'Release', false],
      ['Nested/Handler', 'Release', false],
    ]);
    const profileVersionArn = (JSON.parse(profile.stdout) as { profileVersionArn: string }).profileVersionArn;
    expect(first.artifacts.every((a) => a.signing?.profileVersionArn === profileVersionArn)).toBe(true);
    // A 30-day profile: the signature expires 30 days after signing.
    const expiresIn = Date.parse(first.artifacts[0]!.signing!.expiresAt) - Date.now();
    expect(Math.round(expiresIn / 86_400_000)).toBe(30);

    // A second run in-process finds the same state: same bucket, reused signatures.
    const again = packageJson(
      await runToolkit(
        [
          'package',
          '--json',
          '--output-template-file',
          'packaged.yaml',
          '--signing-profiles',
          'Hello=Release',
          'Nested/Handler=Release',
          '--min-signature-validity',
          '7days',
        ],
        { cwd: dir },
      ),
    );
    expect(again.artifacts.map((a) => a.signing?.reused)).toEqual([true, true]);
    expect(again.artifacts.map((a) => a.signing?.jobId)).toEqual(first.artifacts.map((a) => a.signing?.jobId));

    const trust = await runToolkit(['local', 'trust', 'export', '--out', 'trust.json'], { cwd: dir });
    expect(trust.exitCode, trust.stderr).toBe(0);
    expect(trust.stderr).toBe(`Wrote 1 profile version(s) to ${join(dir, 'trust.json')}\n`);

    // Read the signed zips and the nested template with a cloud of our own, once no CLI run holds the state.
    const cloud = await startTestCloud(projectStateDir(dir));
    let nested: ReturnType<typeof plainTemplate>;
    try {
      for (const a of first.artifacts)
        await writeFile(
          join(dir, `${a.id.replace('/', '-')}.zip`),
          await getObjectBytes(cloud.s3, a.s3.bucket, a.signing!.signedKey),
        );
      const root = plainTemplate(await readFile(join(dir, 'packaged.yaml'), 'utf8'));
      const { bucket, key } = s3UrlLocation(root.Resources.Nested!.Properties.TemplateURL as string);
      nested = plainTemplate((await getObjectBytes(cloud.s3, bucket, key)).toString('utf8'));
    } finally {
      await cloud.close();
    }
    expect(nested.Resources.Handler!.Properties.Code).toMatchObject({ S3Key: first.artifacts[1]!.signing!.signedKey });

    for (const zip of ['Hello.zip', 'Nested-Handler.zip']) {
      const withTrustFile = await runToolkit(
        ['verify', zip, '--trust', 'trust.json', '--allowed-profile-version-arn', profileVersionArn],
        { cwd: dir },
      );
      expect(withTrustFile.exitCode, withTrustFile.stderr).toBe(0);
      expect(withTrustFile.stdout).toMatch(/^verdict: accept \(policy enforce, at .+\)$/m);
      // Without --trust, verify reads the local cloud's state folder.
      const fromState = await runToolkit(
        ['verify', zip, '--json', '--allowed-profile-version-arn', profileVersionArn],
        { cwd: dir },
      );
      expect(fromState.exitCode, fromState.stderr).toBe(0);
      expect(JSON.parse(fromState.stdout)).toMatchObject({ verdict: 'accept', envelope: { profileVersionArn } });
    }
  });
});
