import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messages, recordingIoHost } from '@toolkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkUpdatable } from '../src/deploy-inputs.ts';
import { deployStack, OptionError, parseValidityPeriod, verifyPackage } from '../src/index.ts';

/** Errors of the library name options by their property, never by a CLI flag. */
describe('@toolkit/toolkit option errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolkit-option-errors-'));
    await writeFile(join(dir, 'template.yaml'), 'Resources:\n  Store:\n    Type: AWS::S3::Bucket\n');
    await writeFile(
      join(dir, 'trust.json'),
      JSON.stringify({ exportedAt: '2030-01-01T00:00:00.000Z', profileVersions: [], revokedJobs: [] }),
    );
    await writeFile(
      join(dir, 'old-trust.json'),
      JSON.stringify({ exportedAt: '2001-01-01T00:00:00.000Z', profileVersions: [], revokedJobs: [] }),
    );
    await writeFile(join(dir, 'plain.zip'), 'not a zip');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the stack name option of deployStack as stackName', async () => {
    const error = await deployStack({ cwd: dir, stackName: 'bad_name' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect(error).toMatchObject({ code: messages.InvalidStackName.code, option: 'stackName', source: 'user' });
    expect((error as Error).message).toBe(
      'stackName: "bad_name" must start with a letter and hold only letters, digits and hyphens (at most 128)',
    );
  });

  it('names every option a message mentions by property, and by flag through messageFor', async () => {
    const error = await verifyPackage({
      cwd: dir,
      zipFile: 'plain.zip',
      trustFile: 'trust.json',
      allowedProfileVersionArns: ['arn:aws:signer:us-east-1:123456789012:/signing-profiles/Release/abcdefghij'],
      allowedProfilesFromCsc: 'arn:aws:lambda:us-east-1:123456789012:code-signing-config:csc-0123456789abcdefg',
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: messages.ConflictingPublishers.code, option: 'allowedProfilesFromCsc' });
    expect((error as Error).message).toBe(
      'allowedProfilesFromCsc: give either it or allowedProfileVersionArns, not both',
    );
    expect((error as OptionError).messageFor((option) => `<${option}>`)).toBe(
      '<allowedProfilesFromCsc>: give either it or <allowedProfileVersionArns>, not both',
    );
  });

  it('names the stack of a stack that cannot be updated by the stackName option, and stays a failed operation', () => {
    const stack = { StackName: 'broken', CreationTime: new Date(0), StackStatus: 'ROLLBACK_COMPLETE' } as const;
    const error = (() => {
      try {
        checkUpdatable(stack, 'broken');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: messages.StackNotUpdatable.code, option: 'stackName', source: 'toolkit' });
    expect((error as Error).message).toBe(
      'Stack broken is in ROLLBACK_COMPLETE and cannot be updated; delete it first (delete with stackName broken)',
    );
    expect((error as OptionError).messageFor((option) => `<${option}>`)).toContain('(delete with <stackName> broken)');
  });

  it('words the trust notices without flags, naming their option in the payload', async () => {
    const io = recordingIoHost();
    await verifyPackage(
      {
        cwd: dir,
        zipFile: 'plain.zip',
        trustFile: 'old-trust.json',
        policy: 'warn',
        maxTrustAge: { value: 1, type: 'DAYS' },
      },
      io,
    ).catch(() => undefined);
    const old = io.messages.find(messages.TrustFileOld.is);
    const trusted = io.messages.find(messages.TrustedPublishers.is);
    expect(old?.data).toMatchObject({ option: 'maxTrustAge', maxTrustAge: '1 days' });
    expect(old?.message).toMatch(/ago\), longer ago than maxTrustAge 1 days: /);
    expect(trusted?.data).toMatchObject({ from: 'trust', option: 'allowedProfileVersionArns' });
    expect(trusted?.message).toMatch(
      /^Trusted publishers: every profile version in .*old-trust\.json \(no allowedProfileVersionArns\): none$/,
    );
    expect(io.messages.length).toBeGreaterThan(0);
    for (const message of io.messages) expect(message.message).not.toMatch(/--[a-z]/);
  });

  it('parseValidityPeriod names the option it was given', () => {
    expect(() => parseValidityPeriod('soon', 'minSignatureValidity')).toThrow(
      expect.objectContaining({
        option: 'minSignatureValidity',
        message: 'minSignatureValidity: "soon" is not a validity period; write e.g. 135months, 30days or 2years',
      }),
    );
  });
});
