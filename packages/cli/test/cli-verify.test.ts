import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateCodeSigningConfigCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { RevokeSignatureCommand, RevokeSigningProfileCommand } from '@aws-sdk/client-signer';
import { packageJson, type PackageJson } from './support/package-output.ts';
import { projectStateDir, runToolkit } from './support/run-toolkit.ts';
import {
  appendTrailingBytes,
  flipEntryByte,
  readEnvelope,
  tamperCentralDirectory,
  withEnvelope,
} from './support/signed-zip-bytes.ts';
import { cloudClientConfig } from '@toolkit/cloud';
import { fixtureTree, getObjectBytes, startTestCloud, type TestCloud } from '@toolkit/test-support';

type Outcome = 'pass' | 'fail' | 'skip';
type Checks = { integrity: Outcome; signature: Outcome; publisher: Outcome; expiry: Outcome; revocation: Outcome };
type VerdictName = 'accept' | 'warn' | 'reject';

/** One row of the verdict table: a zip, how it is checked, and what each policy decides. */
interface VerdictCase {
  name: string;
  zip: string;
  args?: () => string[];
  trust?: string;
  warn: VerdictName;
  enforce: VerdictName;
  checks: Checks;
  reason: RegExp | null;
}

const allPass: Checks = { integrity: 'pass', signature: 'pass', publisher: 'pass', expiry: 'pass', revocation: 'pass' };
const tampered: Checks = {
  integrity: 'fail',
  signature: 'pass',
  publisher: 'skip',
  expiry: 'skip',
  revocation: 'skip',
};

const template = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs22.x
    Handler: index.handler
Resources:
${['Good', 'JobRevoked', 'Early', 'Late', 'Plain'].map((id) => `  ${id}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: ${id.toLowerCase()}/\n`).join('')}`;

describe('toolkit verify: the code signing verdict table, under Warn and Enforce', () => {
  let dir = '';
  let cleanup = async () => {};
  let cloud: TestCloud;
  let packaged: PackageJson;
  const arns: Record<string, string> = {};
  let goodEnvelope: Record<string, string> = {};

  const cases: VerdictCase[] = [
    {
      name: 'an untouched signed zip',
      zip: 'good.zip',
      warn: 'accept',
      enforce: 'accept',
      checks: allPass,
      reason: null,
    },
    {
      name: 'a flipped byte in an entry',
      zip: 'entry-byte.zip',
      warn: 'reject',
      enforce: 'reject',
      checks: tampered,
      reason: /^the package changed since it was signed \(SHA-384 [0-9a-f]{96}, signed [0-9a-f]{96}\)$/,
    },
    {
      name: 'a changed central directory',
      zip: 'central-directory.zip',
      warn: 'reject',
      enforce: 'reject',
      checks: tampered,
      reason: /^the package changed since it was signed/,
    },
    {
      name: 'bytes after the end-of-central-directory record',
      zip: 'trailing.zip',
      warn: 'reject',
      enforce: 'reject',
      checks: { ...tampered, signature: 'skip' },
      reason:
        /^the package is malformed or was altered: the zip has 4 byte\(s\) after its end-of-central-directory record$/,
    },
    {
      name: 'a forged envelope field',
      zip: 'forged-envelope.zip',
      warn: 'reject',
      enforce: 'reject',
      checks: { ...tampered, integrity: 'pass', signature: 'fail' },
      reason:
        /^the signature does not verify with the public key of .*\/ProfMain\/\w{10}: the signature envelope was altered or forged$/,
    },
    {
      name: 'a publisher the configuration does not allow',
      zip: 'good.zip',
      args: () => ['--allowed-profile-version-arn', arns.ProfOther!],
      warn: 'warn',
      enforce: 'reject',
      checks: { ...allPass, publisher: 'fail' },
      reason:
        /^the signing profile version .*\/ProfMain\/\w{10} is not an allowed publisher of this code signing configuration$/,
    },
    {
      name: 'an expired signature',
      zip: 'good.zip',
      args: () => [
        '--at',
        new Date(Date.parse(goodEnvelope.expiresAt!) + 86_400_000).toISOString(),
        ...allowEveryProfile(),
      ],
      warn: 'warn',
      enforce: 'reject',
      checks: { ...allPass, expiry: 'fail' },
      reason: /^the signature expired at \d{4}-.+Z$/,
    },
    {
      name: 'a revoked signing job, trust exported before the revocation',
      zip: 'job-revoked.zip',
      trust: 'trust-before.json',
      warn: 'accept',
      enforce: 'accept',
      checks: allPass,
      reason: null,
    },
    {
      name: 'a revoked signing job',
      zip: 'job-revoked.zip',
      warn: 'warn',
      enforce: 'reject',
      checks: { ...allPass, revocation: 'fail' },
      reason:
        /^the signing job arn:aws:signer:us-east-1:000000000000:\/signing-jobs\/[0-9a-f-]{36} was revoked at .+Z$/,
    },
    {
      name: 'a profile revoked effective before the signing time',
      zip: 'early.zip',
      warn: 'warn',
      enforce: 'reject',
      checks: { ...allPass, revocation: 'fail' },
      reason:
        /^the signing profile version .*\/ProfEarly\/\w{10} was revoked effective .+Z, at or before the signing time .+Z$/,
    },
    {
      name: 'a profile revoked effective after the signing time',
      zip: 'late.zip',
      warn: 'accept',
      enforce: 'accept',
      checks: allPass,
      reason: null,
    },
    {
      name: 'an unsigned zip',
      zip: 'unsigned.zip',
      warn: 'warn',
      enforce: 'reject',
      checks: { integrity: 'skip', signature: 'skip', publisher: 'skip', expiry: 'skip', revocation: 'skip' },
      reason: /^the package is not signed$/,
    },
  ];

  beforeAll(async () => {
    const files: Record<string, string> = { 'template.yaml': template };
    for (const id of ['good', 'jobrevoked', 'early', 'late', 'plain'])
      files[`${id}/index.js`] = `exports.handler = async () => ${JSON.stringify(id)};\n`;
    ({ dir, cleanup } = await fixtureTree(files));
    cloud = await startTestCloud(projectStateDir(dir));
    for (const name of ['ProfMain', 'ProfEarly', 'ProfLate', 'ProfOther']) {
      const run = await runToolkit(['local', 'profile', 'create', name, '--json', ...cloud.targetArgs], { cwd: dir });
      expect(run.exitCode, run.stderr).toBe(0);
      arns[name] = (JSON.parse(run.stdout) as { profileVersionArn: string }).profileVersionArn;
    }
    packaged = packageJson(
      await runToolkit(
        [
          'package',
          '--json',
          '--output-template-file',
          'packaged.yaml',
          '--signing-profiles',
          'Good=ProfMain',
          'JobRevoked=ProfMain',
          'Early=ProfEarly',
          'Late=ProfLate',
          ...cloud.targetArgs,
        ],
        { cwd: dir },
      ),
    );
    await mkdir(join(dir, 'zips'));
    const zip = async (id: string, signed = true) => {
      const a = packaged.artifacts.find((x) => x.id === id)!;
      return getObjectBytes(cloud.s3, a.s3.bucket, signed ? a.signing!.signedKey : a.s3.key);
    };
    const good = await zip('Good');
    goodEnvelope = readEnvelope(good);
    const early = await zip('Early');
    const late = await zip('Late');
    const zips: Record<string, Buffer> = {
      'good.zip': good,
      'job-revoked.zip': await zip('JobRevoked'),
      'early.zip': early,
      'late.zip': late,
      'unsigned.zip': await zip('Plain', false),
      'entry-byte.zip': flipEntryByte(good),
      'central-directory.zip': tamperCentralDirectory(good),
      'trailing.zip': appendTrailingBytes(good, Buffer.from('junk')),
      // A longer validity, re-encoded as a well-formed envelope: only the signature can tell.
      'forged-envelope.zip': withEnvelope(good, { ...goodEnvelope, expiresAt: '2099-12-31T00:00:00.000Z' }),
    };
    for (const [name, bytes] of Object.entries(zips)) await writeFile(join(dir, 'zips', name), bytes);
    await exportTrust('trust-before.json');

    // Signer takes only past effective times: move the cloud's clock an hour on instead of sleeping.
    cloud.advanceClock(3_600_000);
    const jobId = packaged.artifacts.find((a) => a.id === 'JobRevoked')!.signing!.jobId;
    await cloud.signer.send(new RevokeSignatureCommand({ jobId, reason: 'key handling incident' }));
    const revoke = (name: string, effectiveTime: number) =>
      cloud.signer.send(
        new RevokeSigningProfileCommand({
          profileName: name,
          profileVersion: arns[name]!.split('/').pop()!,
          effectiveTime: new Date(effectiveTime),
          reason: 'retired',
        }),
      );
    await revoke('ProfEarly', Date.parse(readEnvelope(early).signedAt!) - 60_000);
    await revoke('ProfLate', Date.parse(readEnvelope(late).signedAt!) + 30 * 60_000);
    await exportTrust('trust.json');
  });

  afterAll(async () => {
    await cloud?.close();
    await cleanup();
  });

  /** The allowed publishers of a configuration that names every profile made here. */
  const allowEveryProfile = () => Object.values(arns).flatMap((arn) => ['--allowed-profile-version-arn', arn]);

  async function exportTrust(file: string): Promise<void> {
    const run = await runToolkit(['local', 'trust', 'export', '--out', file], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
  }

  it('the exported trust records the revocations as made', async () => {
    const trust = JSON.parse(await readFile(join(dir, 'trust.json'), 'utf8')) as {
      profileVersions: { profileVersionArn: string; status: string; revokedEffectiveFrom: string | null }[];
      revokedJobs: { jobArn: string }[];
    };
    const status = (name: string) => trust.profileVersions.find((v) => v.profileVersionArn === arns[name]);
    expect(status('ProfMain')).toMatchObject({ status: 'Active', revokedEffectiveFrom: null });
    expect(status('ProfEarly')).toMatchObject({ status: 'Revoked', revokedEffectiveFrom: expect.any(String) });
    expect(status('ProfLate')).toMatchObject({ status: 'Revoked', revokedEffectiveFrom: expect.any(String) });
    expect(trust.revokedJobs.map((j) => j.jobArn.split('/').pop())).toEqual([
      packaged.artifacts.find((a) => a.id === 'JobRevoked')!.signing!.jobId,
    ]);
  });

  for (const policy of ['warn', 'enforce'] as const) {
    describe(`--policy ${policy}`, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const expected = c[policy];
        const args = [
          'verify',
          join('zips', c.zip),
          '--trust',
          c.trust ?? 'trust.json',
          '--policy',
          policy,
          ...(c.args?.() ?? allowEveryProfile()),
        ];

        const json = await runToolkit([...args, '--json'], { cwd: dir });
        expect(json.stderr).toBe('');
        expect(json.exitCode).toBe(expected === 'reject' ? 1 : 0);
        const document = JSON.parse(json.stdout) as {
          verdict: string;
          checks: Checks;
          reasons: string[];
          envelope: Record<string, string> | null;
        };
        expect(Object.keys(document).sort()).toEqual(['allowedPublishers', 'checks', 'envelope', 'reasons', 'verdict']);
        expect(document.verdict).toBe(expected);
        expect(document.checks).toEqual(c.checks);
        if (c.reason === null) expect(document.reasons).toEqual([]);
        else {
          expect(document.reasons).toHaveLength(1);
          expect(document.reasons[0]).toMatch(c.reason);
        }
        if (c.zip === 'unsigned.zip' || c.zip === 'trailing.zip') expect(document.envelope).toBeNull();
        else
          expect(Object.keys(document.envelope ?? {}).sort()).toEqual([
            'digest',
            'digestAlgorithm',
            'expiresAt',
            'format',
            'jobArn',
            'platformId',
            'profileVersionArn',
            'signature',
            'signedAt',
          ]);

        const human = await runToolkit(args, { cwd: dir });
        expect(human.exitCode).toBe(json.exitCode);
        const mark = { pass: '✓', fail: '✗', skip: '-' };
        const lines = human.stdout.trimEnd().split('\n');
        expect(lines.slice(0, 5)).toEqual(
          Object.entries(c.checks).map(([check, outcome]) => `${mark[outcome]} ${check.padEnd(10)} ${outcome}`),
        );
        expect(lines.slice(5, -1)).toEqual(document.reasons.map((r) => `  ${r}`));
        expect(lines.at(-1)).toMatch(
          new RegExp(`^verdict: ${expected} \\(policy ${policy}, at \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\)$`),
        );
      });
    });
  }

  it('checks under Enforce by default and evaluates at --at', async () => {
    const run = await runToolkit(
      ['verify', 'zips/good.zip', '--trust', 'trust.json', '--at', '2030-01-02T03:04:05.000Z', ...allowEveryProfile()],
      { cwd: dir },
    );
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^verdict: accept \(policy enforce, at 2030-01-02T03:04:05\.000Z\)$/m);
    const unsigned = await runToolkit(
      ['verify', 'zips/unsigned.zip', '--trust', 'trust.json', ...allowEveryProfile()],
      { cwd: dir },
    );
    expect(unsigned.exitCode).toBe(1);
    expect(unsigned.stdout).toMatch(/^verdict: reject \(policy enforce, at /m);
  });

  describe('as a gatekeeper', () => {
    it('under --policy enforce, refuses to run without allowed publishers (exit 2, naming both flags)', async () => {
      const run = await runToolkit(['verify', 'zips/good.zip', '--trust', 'trust.json'], { cwd: dir });
      expect(run.exitCode).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^error: --allowed-profile-version-arn: under --policy enforce, name the allowed publishers .*--allowed-profiles-from-csc/m,
      );
    });

    it('under --policy warn without allowed publishers, says which profile versions it trusted', async () => {
      const run = await runToolkit(['verify', 'zips/good.zip', '--trust', 'trust.json', '--policy', 'warn'], {
        cwd: dir,
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /^Trusted publishers: every profile version in .*trust\.json \(no --allowed-profile-version-arn\):$/m,
      );
      for (const arn of Object.values(arns)) expect(run.stderr).toContain(`\n  ${arn}`);
      const json = await runToolkit(
        ['verify', 'zips/good.zip', '--trust', 'trust.json', '--policy', 'warn', '--json'],
        { cwd: dir },
      );
      expect(JSON.parse(json.stdout)).toMatchObject({
        verdict: 'accept',
        allowedPublishers: { from: 'trust', profileVersionArns: expect.arrayContaining(Object.values(arns)) },
      });
    });

    it('--allowed-profiles-from-csc takes the publishers of a code signing configuration from Lambda, as Lambda would', async () => {
      const lambda = new LambdaClient(cloudClientConfig(cloud.cloud.endpoint, cloud.cloud.region));
      try {
        const csc = async (profile: string) =>
          (
            await lambda.send(
              new CreateCodeSigningConfigCommand({
                AllowedPublishers: { SigningProfileVersionArns: [arns[profile]!] },
                CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
              }),
            )
          ).CodeSigningConfig!.CodeSigningConfigArn!;
        const verify = (cscArn: string) =>
          runToolkit(
            [
              'verify',
              'zips/good.zip',
              '--trust',
              'trust.json',
              '--allowed-profiles-from-csc',
              cscArn,
              ...cloud.targetArgs,
              '--json',
            ],
            { cwd: dir },
          );
        const other = await verify(await csc('ProfOther'));
        expect(other.exitCode, other.stderr).toBe(1);
        expect(JSON.parse(other.stdout)).toMatchObject({
          verdict: 'reject',
          checks: { publisher: 'fail' },
          allowedPublishers: { from: 'code-signing-config', profileVersionArns: [arns.ProfOther] },
        });
        const main = await verify(await csc('ProfMain'));
        expect(main.exitCode, main.stderr).toBe(0);
        expect(JSON.parse(main.stdout)).toMatchObject({
          verdict: 'accept',
          allowedPublishers: { from: 'code-signing-config', profileVersionArns: [arns.ProfMain] },
        });
        const missing = await verify('arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg');
        expect(missing.exitCode).toBe(2);
        expect(missing.stderr).toMatch(
          /^error: --allowed-profiles-from-csc: Lambda has no code signing configuration arn:aws:lambda:.*csc-0123456789abcdefg$/m,
        );
      } finally {
        lambda.destroy();
      }
    });

    it('warns when the --trust file is older than --max-trust-age or records no export time', async () => {
      const trust = JSON.parse(await readFile(join(dir, 'trust.json'), 'utf8')) as { exportedAt?: string };
      expect(Date.now() - Date.parse(trust.exportedAt!)).toBeLessThan(3_600_000);
      await writeFile(
        join(dir, 'trust-old.json'),
        JSON.stringify({ ...trust, exportedAt: new Date(Date.now() - 3 * 86_400_000).toISOString() }),
      );
      const { exportedAt: _dropped, ...undated } = trust;
      await writeFile(join(dir, 'trust-undated.json'), JSON.stringify(undated));
      const verify = (file: string, ...more: string[]) =>
        runToolkit(['verify', 'zips/good.zip', '--trust', file, ...allowEveryProfile(), ...more], { cwd: dir });

      const old = await verify('trust-old.json');
      expect(old.exitCode).toBe(0);
      expect(old.stderr).toMatch(
        /trust-old\.json was exported at .+Z \(3 days ago\), longer ago than --max-trust-age 1 days: signatures and profiles revoked since are accepted/,
      );
      expect((await verify('trust-old.json', '--max-trust-age', '1week')).exitCode).toBe(2);
      expect((await verify('trust-old.json', '--max-trust-age', '7days')).stderr).toBe('');
      expect((await verify('trust-undated.json')).stderr).toMatch(
        /trust-undated\.json records no export time \(exportedAt\)/,
      );
      expect((await verify('trust.json')).stderr).toBe('');
    });
  });

  it.each([
    [
      'an --at that is not a time',
      ['zips/good.zip', '--at', 'yesterday'],
      /^error: --at: "yesterday" is not an ISO-8601 time$/m,
    ],
    [
      'a --trust file that does not exist',
      ['zips/good.zip', '--trust', 'nope.json'],
      /^error: --trust: cannot read .*nope\.json$/m,
    ],
    [
      'a --trust file that is not trust data',
      ['zips/good.zip', '--trust', 'packaged.yaml'],
      /^error: --trust: .*packaged\.yaml: /m,
    ],
    [
      'a zip that does not exist',
      ['zips/nope.zip', '--trust', 'trust.json'],
      /^error: .*nope\.zip: cannot read the package$/m,
    ],
    [
      'an unknown --policy',
      ['zips/good.zip', '--trust', 'trust.json', '--policy', 'lenient'],
      /Argument: policy, Given: "lenient", Choices: "warn", "enforce"/,
    ],
  ])('exits 2 for %s', async (_what, args, message) => {
    const run = await runToolkit(['verify', ...args], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });
});
