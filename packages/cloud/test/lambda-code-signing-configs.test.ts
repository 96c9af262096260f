import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  DeleteFunctionCommand,
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  ListCodeSigningConfigsCommand,
  ListFunctionsByCodeSigningConfigCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
} from '@aws-sdk/client-lambda';
import { ROLE, handlerZip, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';

const PROFILE_A = 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/ProfileA/abcdefghij';
const PROFILE_B = 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/ProfileB/klmnopqrst';
const CSC_ARN = /^arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-[a-z0-9]{17}$/;
const MISSING = 'arn:aws:lambda:us-east-1:000000000000:code-signing-config:csc-0123456789abcdefg';

let f: LambdaFixture;
beforeAll(async () => {
  f = await startLambdaFixture();
});
afterAll(async () => {
  await f?.close();
});

function createCsc(arns: string[], policy?: 'Warn' | 'Enforce', description?: string) {
  return f.lambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: { SigningProfileVersionArns: arns },
      ...(policy ? { CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy } } : {}),
      ...(description !== undefined ? { Description: description } : {}),
    }),
  );
}

describe('code signing configuration lifecycle', () => {
  it('creates (201, Warn by default), gets, updates, lists', async () => {
    const created = await createCsc([PROFILE_A], undefined, 'admins');
    expect(created.$metadata.httpStatusCode).toBe(201);
    const csc = created.CodeSigningConfig;
    expect(csc?.CodeSigningConfigArn).toMatch(CSC_ARN);
    expect(csc?.CodeSigningConfigArn?.endsWith(`:${csc.CodeSigningConfigId}`)).toBe(true);
    expect(csc).toMatchObject({
      Description: 'admins',
      AllowedPublishers: { SigningProfileVersionArns: [PROFILE_A] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
    });
    expect(csc?.LastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const arn = csc?.CodeSigningConfigArn ?? '';

    const got = await f.lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: arn }));
    expect(got.CodeSigningConfig).toEqual(csc);

    const updated = await f.lambda.send(
      new UpdateCodeSigningConfigCommand({
        CodeSigningConfigArn: arn,
        AllowedPublishers: { SigningProfileVersionArns: [PROFILE_A, PROFILE_B] },
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
      }),
    );
    expect(updated.CodeSigningConfig).toMatchObject({
      Description: 'admins',
      AllowedPublishers: { SigningProfileVersionArns: [PROFILE_A, PROFILE_B] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    });

    const second = await createCsc([PROFILE_B], 'Enforce');
    const page1 = await f.lambda.send(new ListCodeSigningConfigsCommand({ MaxItems: 1 }));
    expect(page1.CodeSigningConfigs?.map((c) => c.CodeSigningConfigArn)).toEqual([arn]);
    const page2 = await f.lambda.send(new ListCodeSigningConfigsCommand({ MaxItems: 1, Marker: page1.NextMarker }));
    expect(page2.CodeSigningConfigs?.map((c) => c.CodeSigningConfigArn)).toEqual([
      second.CodeSigningConfig?.CodeSigningConfigArn,
    ]);
    expect(page2.NextMarker).toBeUndefined();
  });

  it('validates publishers (1 to 20) and the policy', async () => {
    expect(await sdkError(createCsc([]))).toMatchObject({ name: 'ValidationException', status: 400 });
    const many = Array.from({ length: 21 }, (_, i) => `${PROFILE_A.slice(0, -10)}${String(i).padStart(10, 'a')}`);
    expect(await sdkError(createCsc(many))).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(await createCsc(many.slice(0, 20))).toMatchObject({ $metadata: { httpStatusCode: 201 } });
    const badPolicy = await sdkError(createCsc([PROFILE_A], 'Sometimes' as 'Warn'));
    expect(badPolicy).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('answers Lambda’s words for an unknown configuration', async () => {
    const message = `The Lambda code signing configuration ${MISSING} can not be found.`;
    const calls = [
      () => f.lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: MISSING })),
      () => f.lambda.send(new UpdateCodeSigningConfigCommand({ CodeSigningConfigArn: MISSING, Description: 'x' })),
      () => f.lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: MISSING })),
    ];
    for (const call of calls) {
      expect(await sdkError(call())).toEqual({ name: 'ResourceNotFoundException', status: 404, message, type: 'User' });
    }
  });

  it('attaches to functions, refuses deletion while in use (409), then deletes (204)', async () => {
    const arn = (await createCsc([PROFILE_A])).CodeSigningConfig?.CodeSigningConfigArn ?? '';
    await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'with-csc',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: handlerZip() },
        CodeSigningConfigArn: arn,
      }),
    );
    await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'later-csc',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: handlerZip('later') },
      }),
    );
    expect(
      await f.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'later-csc' })),
    ).not.toHaveProperty('CodeSigningConfigArn');
    const put = await f.lambda.send(
      new PutFunctionCodeSigningConfigCommand({ FunctionName: 'later-csc', CodeSigningConfigArn: arn }),
    );
    expect(put).toMatchObject({ CodeSigningConfigArn: arn, FunctionName: 'later-csc' });
    const got = await f.lambda.send(new GetFunctionCodeSigningConfigCommand({ FunctionName: 'later-csc' }));
    expect(got).toMatchObject({ CodeSigningConfigArn: arn, FunctionName: 'later-csc' });
    const users = await f.lambda.send(new ListFunctionsByCodeSigningConfigCommand({ CodeSigningConfigArn: arn }));
    expect(users.FunctionArns).toEqual([f.functionArn('later-csc'), f.functionArn('with-csc')]);

    const inUse = await sdkError(f.lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn })));
    expect(inUse).toMatchObject({ name: 'ResourceConflictException', status: 409 });

    const removed = await f.lambda.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'later-csc' }));
    expect(removed.$metadata.httpStatusCode).toBe(204);
    await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'with-csc' }));
    const deleted = await f.lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: arn }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await sdkError(f.lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: arn })));
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `The Lambda code signing configuration ${arn} can not be found.`,
    });
  });

  it('answers CodeSigningConfigNotFoundException for a function pointed at a missing configuration', async () => {
    const expected = {
      name: 'CodeSigningConfigNotFoundException',
      status: 404,
      message: `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${MISSING}.`,
      type: 'User',
    };
    await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'plain',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: handlerZip('plain') },
      }),
    );
    expect(
      await sdkError(
        f.lambda.send(
          new PutFunctionCodeSigningConfigCommand({ FunctionName: 'plain', CodeSigningConfigArn: MISSING }),
        ),
      ),
    ).toEqual(expected);
    const create = f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'doomed',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: handlerZip() },
        CodeSigningConfigArn: MISSING,
      }),
    );
    expect(await sdkError(create)).toEqual(expected);
    const missingFn = await sdkError(
      f.lambda.send(new PutFunctionCodeSigningConfigCommand({ FunctionName: 'nobody', CodeSigningConfigArn: MISSING })),
    );
    expect(missingFn).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${f.functionArn('nobody')}`,
    });
  });
});
