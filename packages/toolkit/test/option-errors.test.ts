import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError } from '@toolkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    await writeFile(join(dir, 'plain.zip'), 'not a zip');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('names the stack name option of deployStack as stackName', async () => {
    const error = await deployStack({ cwd: dir, stackName: 'bad_name' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect(error).toBeInstanceOf(UserInputError);
    expect(error).toMatchObject({ code: 'InvalidStackName', option: 'stackName', source: 'user' });
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
    expect(error).toMatchObject({ code: 'ConflictingPublishers', option: 'allowedProfilesFromCsc' });
    expect((error as Error).message).toBe(
      'allowedProfilesFromCsc: give either it or allowedProfileVersionArns, not both',
    );
    expect((error as OptionError).messageFor((option) => `<${option}>`)).toBe(
      '<allowedProfilesFromCsc>: give either it or <allowedProfileVersionArns>, not both',
    );
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
