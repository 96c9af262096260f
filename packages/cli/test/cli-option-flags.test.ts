import { fixtureTree, storedZip } from '@toolkit/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runToolkit } from './support/run-toolkit.ts';
import { messages } from '@toolkit/core';

/** The library names options by property; the CLI prints each such error with the flags the user typed. */
describe('toolkit: library option errors name the flags', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  const toolkit = (...args: string[]) => runToolkit(args, { cwd: root });
  const csc = 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg';
  const version = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/Release/abcdefghij';

  beforeAll(async () => {
    ({ dir: root, cleanup } = await fixtureTree({
      'template.yaml': 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n',
      'trust.json': '{"exportedAt":"2030-01-01T00:00:00.000Z","profileVersions":[],"revokedJobs":[]}',
    }));
    await writeFile(join(root, 'plain.zip'), storedZip({ 'index.mjs': 'export const handler = async () => 1;\n' }));
  });
  afterAll(() => cleanup());

  it.each([
    [
      ['deploy', '--stack-name', 'bad_name'],
      '--stack-name: "bad_name" must start with a letter and hold only letters, digits and hyphens (at most 128)',
    ],
    [
      ['verify', 'plain.zip', '--trust', 'trust.json', '--allowed-profiles-from-csc', 'csc-1'],
      '--allowed-profiles-from-csc: "csc-1" is not a code signing configuration ARN',
    ],
    [
      [
        'verify',
        'plain.zip',
        '--trust',
        'trust.json',
        '--allowed-profile-version-arn',
        version,
        '--allowed-profiles-from-csc',
        csc,
      ],
      '--allowed-profiles-from-csc: give either it or --allowed-profile-version-arn, not both',
    ],
    [
      ['verify', 'plain.zip', '--trust', 'trust.json', '--max-trust-age', 'soon'],
      '--max-trust-age: "soon" is not a validity period; write e.g. 135months, 30days or 2years',
    ],
    [
      ['local', 'profile', 'create', 'Release', '--validity', 'forever'],
      '--validity: "forever" is not a validity period',
    ],
    [
      ['package', '--target', 'aws', '--region', 'us-east-1', '--endpoint-url', 'http://127.0.0.1:9'],
      '--s3-bucket: name a versioned bucket for the artifacts, or pass --resolve-s3 to use a managed one',
    ],
  ])('%j says %s', async (args, message) => {
    const run = await toolkit(...args);
    expect(run.exitCode, run.stderr).toBe(2);
    expect(run.stderr).toContain(`error: ${message}`);
  });

  it('names the flag in the --json error document too', async () => {
    const run = await toolkit('deploy', '--stack-name', 'bad_name', '--json');
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: messages.InvalidStackName.code,
        message:
          '--stack-name: "bad_name" must start with a letter and hold only letters, digits and hyphens (at most 128)',
        exitCode: 2,
      },
    });
  });
});
