import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserInputError, messages } from '@toolkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployStack } from '../src/index.ts';

const template = `Parameters:
  Mode:
    Type: String
    AllowedValues: [Warn, Enforce]
Resources:
  Store:
    Type: AWS::S3::Bucket
`;

/** A request AWS refuses as invalid is the caller's to fix: it leaves the library as a user error. */
describe('@toolkit/toolkit and AWS validation errors', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toolkit-aws-validation-'));
    await writeFile(join(dir, 'template.yaml'), template);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("turns CloudFormation's ValidationError into a UserInputError coded AwsValidation, with AWS's message", async () => {
    const error = await deployStack({
      cwd: dir,
      stateDir: 'state',
      stackName: 'modes',
      parameterOverrides: { Mode: 'Sometimes' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect(error).toMatchObject({
      code: messages.AwsValidation.code,
      source: 'user',
      message: "Parameter 'Mode' must be one of AllowedValues",
    });
    expect((error as Error).cause).toMatchObject({
      name: 'ValidationError',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });
});
