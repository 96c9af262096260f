import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddPermissionCommand,
  CreateAliasCommand,
  CreateFunctionCommand,
  DeleteAliasCommand,
  DeleteFunctionCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListTagsCommand,
  ListVersionsByFunctionCommand,
  PublishVersionCommand,
  RemovePermissionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateAliasCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ROLE, handlerZip, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';

const LAMBDA_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let f: LambdaFixture;
beforeAll(async () => {
  f = await startLambdaFixture();
});
afterAll(async () => {
  await f?.close();
});

function create(name: string, extra: Record<string, unknown> = {}) {
  return f.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: handlerZip(name) },
      ...extra,
    }),
  );
}

describe('CreateFunction and reads', () => {
  it('creates a function with Lambda defaults and the AWS CodeSha256', async () => {
    const zip = handlerZip('defaults');
    const out = await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'defaults',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: zip },
      }),
    );
    expect(out.$metadata.httpStatusCode).toBe(201);
    expect(out).toMatchObject({
      FunctionName: 'defaults',
      FunctionArn: f.functionArn('defaults'),
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      CodeSize: zip.length,
      CodeSha256: createHash('sha256').update(zip).digest('base64'),
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      Version: '$LATEST',
      State: 'Active',
      LastUpdateStatus: 'Successful',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
    });
    expect(out.LastModified).toMatch(LAMBDA_TIME);
    expect(out.RevisionId).toMatch(UUID);
    expect(out.SigningProfileVersionArn).toBeUndefined();
    expect(out.Layers).toBeUndefined();
  });

  it('keeps every configuration member given', async () => {
    const out = await create('configured', {
      Description: 'a function',
      Timeout: 30,
      MemorySize: 512,
      Environment: { Variables: { STAGE: 'test' } },
      Architectures: ['arm64'],
      Tags: { team: 'core' },
    });
    expect(out).toMatchObject({
      Description: 'a function',
      Timeout: 30,
      MemorySize: 512,
      Environment: { Variables: { STAGE: 'test' } },
      Architectures: ['arm64'],
    });
    const got = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'configured' }));
    const { $metadata: _metadata, ...configuration } = out;
    expect(got.Configuration).toEqual(configuration);
    expect(got.Tags).toEqual({ team: 'core' });
    expect(got.Code?.RepositoryType).toBe('S3');
  });

  it('serves the deployed code at Code.Location', async () => {
    const zip = handlerZip('download');
    await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'download',
        Runtime: 'python3.12',
        Role: ROLE,
        Handler: 'app.handler',
        Code: { ZipFile: zip },
      }),
    );
    const got = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'download' }));
    const response = await fetch(got.Code?.Location ?? '');
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(zip)).toBe(true);
  });

  it('reads code from S3 (a given object version)', async () => {
    await f.s3.send(new CreateBucketCommand({ Bucket: 'code' }));
    await f.s3.send(new PutBucketVersioningCommand({ Bucket: 'code', VersioningConfiguration: { Status: 'Enabled' } }));
    const first = handlerZip('s3-v1');
    const put = await f.s3.send(new PutObjectCommand({ Bucket: 'code', Key: 'fn.zip', Body: first }));
    await f.s3.send(new PutObjectCommand({ Bucket: 'code', Key: 'fn.zip', Body: handlerZip('s3-v2') }));
    const out = await create('from-s3', {
      Code: { S3Bucket: 'code', S3Key: 'fn.zip', S3ObjectVersion: put.VersionId },
    });
    expect(out.CodeSha256).toBe(createHash('sha256').update(first).digest('base64'));
    const missing = await sdkError(create('from-s3-missing', { Code: { S3Bucket: 'code', S3Key: 'nope.zip' } }));
    expect(missing).toMatchObject({ name: 'InvalidParameterValueException', status: 400 });
    expect(missing.message).toMatch(/^Error occurred while GetObject\. S3 Error Code: NoSuchKey\. S3 Error Message: /);
  });

  it('accepts a function ARN or partial ARN as FunctionName', async () => {
    await create('by-arn');
    const full = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: f.functionArn('by-arn') }));
    const partial = await f.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName: '000000000000:function:by-arn' }),
    );
    expect(full.FunctionName).toBe('by-arn');
    expect(partial.FunctionArn).toBe(f.functionArn('by-arn'));
  });

  it('answers Lambda errors for bad input', async () => {
    expect(await sdkError(create('by-arn'))).toEqual({
      name: 'ResourceConflictException',
      status: 409,
      message: 'Function already exist: by-arn',
      type: 'User',
    });
    expect(await sdkError(create('junk', { Code: { ZipFile: Buffer.from('not a zip at all') } }))).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
      message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
    });
    expect(await sdkError(create('no-runtime', { Runtime: undefined }))).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Runtime and Handler are mandatory parameters for functions created with deployment packages.',
    });
    expect(await sdkError(create('small', { MemorySize: 64 }))).toMatchObject({
      name: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '64' at 'memorySize' failed to satisfy constraint: Member must have value greater than or equal to 128",
    });
    expect(await sdkError(create('image', { PackageType: 'Image' }))).toMatchObject({
      name: 'InvalidParameterValueException',
      status: 400,
    });
    expect(await sdkError(f.lambda.send(new GetFunctionCommand({ FunctionName: 'ghost' })))).toEqual({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Function not found: ${f.functionArn('ghost')}`,
      type: 'User',
    });
  });
});

describe('updates', () => {
  it('UpdateFunctionCode replaces the code and the revision', async () => {
    const before = await create('update-code');
    const zip = handlerZip('new code');
    const out = await f.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'update-code', ZipFile: zip, RevisionId: before.RevisionId }),
    );
    expect(out.CodeSha256).toBe(createHash('sha256').update(zip).digest('base64'));
    expect(out.RevisionId).not.toBe(before.RevisionId);
    const stale = await sdkError(
      f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'update-code', ZipFile: zip, RevisionId: before.RevisionId }),
      ),
    );
    expect(stale).toMatchObject({ name: 'PreconditionFailedException', status: 412 });
    const junk = await sdkError(
      f.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'update-code', ZipFile: Buffer.from('junk') })),
    );
    expect(junk.name).toBe('InvalidParameterValueException');
  });

  it('UpdateFunctionConfiguration changes only what is given', async () => {
    await create('update-config', { Environment: { Variables: { A: '1' } }, Description: 'before' });
    const out = await f.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'update-config',
        MemorySize: 256,
        Timeout: 10,
        Handler: 'main.handler',
        Runtime: 'nodejs22.x',
      }),
    );
    expect(out).toMatchObject({
      MemorySize: 256,
      Timeout: 10,
      Handler: 'main.handler',
      Runtime: 'nodejs22.x',
      Description: 'before',
      Environment: { Variables: { A: '1' } },
    });
    const env = await f.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'update-config',
        Environment: { Variables: { B: '2' } },
        Description: 'after',
      }),
    );
    expect(env).toMatchObject({ Environment: { Variables: { B: '2' } }, Description: 'after', MemorySize: 256 });
    const role = await f.lambda.send(
      new UpdateFunctionConfigurationCommand({
        FunctionName: 'update-config',
        Role: 'arn:aws:iam::000000000000:role/other',
      }),
    );
    expect(role.Role).toBe('arn:aws:iam::000000000000:role/other');
  });
});

describe('versions, aliases, listing, deleting', () => {
  it('publishes versions, reusing the last one when nothing changed', async () => {
    const created = await create('versions', { Publish: true });
    expect(created).toMatchObject({ Version: '1', FunctionArn: `${f.functionArn('versions')}:1` });
    const same = await f.lambda.send(new PublishVersionCommand({ FunctionName: 'versions' }));
    expect(same.Version).toBe('1');
    await f.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'versions', ZipFile: handlerZip('v2') }));
    const v2 = await f.lambda.send(new PublishVersionCommand({ FunctionName: 'versions', Description: 'second' }));
    expect(v2).toMatchObject({ Version: '2', Description: 'second' });
    const wrongSha = await sdkError(
      f.lambda.send(new PublishVersionCommand({ FunctionName: 'versions', CodeSha256: 'abc' })),
    );
    expect(wrongSha.name).toBe('InvalidParameterValueException');
    const listed = await f.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versions' }));
    expect(listed.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '1', '2']);
    const v1 = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'versions', Qualifier: '1' }));
    expect(v1.CodeSha256).toBe(created.CodeSha256);
    expect(v1.FunctionArn).toBe(`${f.functionArn('versions')}:1`);
    const missing = await sdkError(
      f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'versions', Qualifier: '9' })),
    );
    expect(missing).toMatchObject({ status: 404, message: `Function not found: ${f.functionArn('versions')}:9` });
  });

  it('manages aliases', async () => {
    const alias = await f.lambda.send(
      new CreateAliasCommand({ FunctionName: 'versions', Name: 'live', FunctionVersion: '1', Description: 'prod' }),
    );
    expect(alias).toMatchObject({
      AliasArn: `${f.functionArn('versions')}:live`,
      Name: 'live',
      FunctionVersion: '1',
      Description: 'prod',
    });
    expect(alias.$metadata.httpStatusCode).toBe(201);
    const dup = await sdkError(
      f.lambda.send(new CreateAliasCommand({ FunctionName: 'versions', Name: 'live', FunctionVersion: '1' })),
    );
    expect(dup).toMatchObject({
      name: 'ResourceConflictException',
      status: 409,
      message: `Alias already exists: ${f.functionArn('versions')}:live`,
    });
    const updated = await f.lambda.send(
      new UpdateAliasCommand({
        FunctionName: 'versions',
        Name: 'live',
        FunctionVersion: '2',
        RevisionId: alias.RevisionId,
      }),
    );
    expect(updated.FunctionVersion).toBe('2');
    const byAlias = await f.lambda.send(new GetFunctionConfigurationCommand({ FunctionName: 'versions:live' }));
    expect(byAlias.Version).toBe('2');
    const got = await f.lambda.send(new GetAliasCommand({ FunctionName: 'versions', Name: 'live' }));
    expect(got.RevisionId).toBe(updated.RevisionId);
    const list = await f.lambda.send(new ListAliasesCommand({ FunctionName: 'versions' }));
    expect(list.Aliases?.map((a) => a.Name)).toEqual(['live']);
    const inUse = await sdkError(
      f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'versions', Qualifier: '2' })),
    );
    expect(inUse).toMatchObject({ name: 'ResourceConflictException', status: 409 });
    await f.lambda.send(new DeleteAliasCommand({ FunctionName: 'versions', Name: 'live' }));
    const gone = await sdkError(f.lambda.send(new GetAliasCommand({ FunctionName: 'versions', Name: 'live' })));
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: `Cannot find alias arn: ${f.functionArn('versions')}:live`,
    });
  });

  it('deletes a version, then the function', async () => {
    await f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'versions', Qualifier: '1' }));
    const listed = await f.lambda.send(new ListVersionsByFunctionCommand({ FunctionName: 'versions' }));
    expect(listed.Versions?.map((v) => v.Version)).toEqual(['$LATEST', '2']);
    const latest = await sdkError(
      f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'versions', Qualifier: '$LATEST' })),
    );
    expect(latest.name).toBe('InvalidParameterValueException');
    const out = await f.lambda.send(new DeleteFunctionCommand({ FunctionName: f.functionArn('versions') }));
    expect(out.$metadata.httpStatusCode).toBe(204);
    const gone = await sdkError(f.lambda.send(new DeleteFunctionCommand({ FunctionName: 'versions' })));
    expect(gone).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${f.functionArn('versions')}`,
    });
  });

  it('lists functions page by page', async () => {
    for (const name of ['page-a', 'page-b', 'page-c']) await create(name);
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const page = await f.lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: marker }));
      expect(page.Functions?.length).toBeLessThanOrEqual(2);
      names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName ?? ''));
      marker = page.NextMarker;
    } while (marker);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['page-a', 'page-b', 'page-c', 'defaults']));
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('permissions and tags', () => {
  it('stores permissions and returns the policy as Lambda does', async () => {
    await create('policy');
    const added = await f.lambda.send(
      new AddPermissionCommand({
        FunctionName: 'policy',
        StatementId: 's3-invoke',
        Action: 'lambda:InvokeFunction',
        Principal: 's3.amazonaws.com',
        SourceArn: 'arn:aws:s3:::bucket',
        SourceAccount: '000000000000',
      }),
    );
    expect(added.$metadata.httpStatusCode).toBe(201);
    const statement = {
      Sid: 's3-invoke',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: f.functionArn('policy'),
      Condition: {
        StringEquals: { 'AWS:SourceAccount': '000000000000' },
        ArnLike: { 'AWS:SourceArn': 'arn:aws:s3:::bucket' },
      },
    };
    expect(JSON.parse(added.Statement ?? '')).toEqual(statement);
    const policy = await f.lambda.send(new GetPolicyCommand({ FunctionName: 'policy' }));
    expect(JSON.parse(policy.Policy ?? '')).toEqual({ Version: '2012-10-17', Id: 'default', Statement: [statement] });
    expect(policy.RevisionId).toMatch(UUID);
    const dup = await sdkError(
      f.lambda.send(
        new AddPermissionCommand({
          FunctionName: 'policy',
          StatementId: 's3-invoke',
          Action: 'lambda:InvokeFunction',
          Principal: '000000000000',
        }),
      ),
    );
    expect(dup).toEqual({
      name: 'ResourceConflictException',
      status: 409,
      message:
        'The statement id (s3-invoke) provided already exists. Please provide a new statement id, or remove the existing statement.',
      type: 'User',
    });
    await f.lambda.send(new RemovePermissionCommand({ FunctionName: 'policy', StatementId: 's3-invoke' }));
    const none = await sdkError(f.lambda.send(new GetPolicyCommand({ FunctionName: 'policy' })));
    expect(none).toMatchObject({ name: 'ResourceNotFoundException', status: 404 });
  });

  it('tags a function by ARN', async () => {
    const arn = f.functionArn('policy');
    await f.lambda.send(new TagResourceCommand({ Resource: arn, Tags: { a: '1', b: '2' } }));
    await f.lambda.send(new UntagResourceCommand({ Resource: arn, TagKeys: ['a'] }));
    const tags = await f.lambda.send(new ListTagsCommand({ Resource: arn }));
    expect(tags.Tags).toEqual({ b: '2' });
  });
});
