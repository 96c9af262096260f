import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  DeleteLayerVersionCommand,
  GetLayerVersionByArnCommand,
  GetLayerVersionCommand,
  ListLayersCommand,
  ListLayerVersionsCommand,
  PublishLayerVersionCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createS3Plugin } from '../src/plugins/s3/s3-plugin.ts';
import { createSignerPlugin } from '../src/plugins/signer/signer-plugin.ts';
import { createLambdaPlugin } from '../src/plugins/lambda/index.ts';
import { ROLE, handlerZip, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { storedZip } from '@toolkit/test-support';

const lambdaPlugin = createLambdaPlugin();
let f: LambdaFixture;
let layerBase = '';
beforeAll(async () => {
  f = await startLambdaFixture({ plugins: [createS3Plugin, createSignerPlugin, () => lambdaPlugin] });
  layerBase = `arn:aws:lambda:${f.cloud.region}:${f.cloud.accountId}:layer`;
});
afterAll(async () => {
  await f?.close();
});

const libZip = (marker: string) => storedZip({ 'python/lib.py': `VALUE = ${JSON.stringify(marker)}\n` });

describe('layers', () => {
  it('publishes versions from ZipFile and from S3, numbered from 1', async () => {
    const zip = libZip('one');
    const first = await f.lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'lib',
        Description: 'first',
        Content: { ZipFile: zip },
        CompatibleRuntimes: ['python3.12'],
        LicenseInfo: 'MIT',
      }),
    );
    expect(first.$metadata.httpStatusCode).toBe(201);
    expect(first).toMatchObject({
      LayerArn: `${layerBase}:lib`,
      LayerVersionArn: `${layerBase}:lib:1`,
      Version: 1,
      Description: 'first',
      CompatibleRuntimes: ['python3.12'],
      LicenseInfo: 'MIT',
      Content: { CodeSha256: createHash('sha256').update(zip).digest('base64'), CodeSize: zip.length },
    });
    expect(first.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const download = await fetch(first.Content?.Location ?? '');
    expect(Buffer.from(await download.arrayBuffer()).equals(zip)).toBe(true);

    await f.s3.send(new CreateBucketCommand({ Bucket: 'layers' }));
    await f.s3.send(new PutObjectCommand({ Bucket: 'layers', Key: 'lib.zip', Body: libZip('two') }));
    const second = await f.lambda.send(
      new PublishLayerVersionCommand({
        LayerName: 'lib',
        Content: { S3Bucket: 'layers', S3Key: 'lib.zip' },
        CompatibleRuntimes: ['python3.13'],
      }),
    );
    expect(second.Version).toBe(2);
  });

  it('gets a version by name and number, and by ARN', async () => {
    const got = await f.lambda.send(new GetLayerVersionCommand({ LayerName: 'lib', VersionNumber: 1 }));
    expect(got).toMatchObject({ LayerVersionArn: `${layerBase}:lib:1`, Description: 'first' });
    const byArn = await f.lambda.send(new GetLayerVersionByArnCommand({ Arn: `${layerBase}:lib:2` }));
    expect(byArn).toMatchObject({ Version: 2, LayerArn: `${layerBase}:lib` });
    const missing = await sdkError(f.lambda.send(new GetLayerVersionCommand({ LayerName: 'lib', VersionNumber: 9 })));
    expect(missing).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
      message: 'The resource you requested does not exist.',
    });
    const badArn = await sdkError(f.lambda.send(new GetLayerVersionByArnCommand({ Arn: 'not-an-arn' })));
    expect(badArn).toMatchObject({ name: 'ValidationException', status: 400 });
  });

  it('lists versions newest first, filtered by runtime, and layers with their latest match', async () => {
    const all = await f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'lib' }));
    expect(all.LayerVersions?.map((v) => v.Version)).toEqual([2, 1]);
    const py312 = await f.lambda.send(
      new ListLayerVersionsCommand({ LayerName: 'lib', CompatibleRuntime: 'python3.12' }),
    );
    expect(py312.LayerVersions?.map((v) => v.Version)).toEqual([1]);
    const page = await f.lambda.send(new ListLayerVersionsCommand({ LayerName: 'lib', MaxItems: 1 }));
    const rest = await f.lambda.send(
      new ListLayerVersionsCommand({ LayerName: 'lib', MaxItems: 1, Marker: page.NextMarker }),
    );
    expect([...(page.LayerVersions ?? []), ...(rest.LayerVersions ?? [])].map((v) => v.Version)).toEqual([2, 1]);
    const layers = await f.lambda.send(new ListLayersCommand({}));
    expect(layers.Layers).toEqual([
      expect.objectContaining({
        LayerName: 'lib',
        LayerArn: `${layerBase}:lib`,
        LatestMatchingVersion: expect.objectContaining({ Version: 2 }),
      }),
    ]);
  });

  it('puts layers on functions and refuses unknown ones', async () => {
    const out = await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'with-layer',
        Runtime: 'python3.12',
        Role: ROLE,
        Handler: 'app.handler',
        Code: { ZipFile: handlerZip() },
        Layers: [`${layerBase}:lib:1`],
      }),
    );
    expect(out.Layers).toEqual([{ Arn: `${layerBase}:lib:1`, CodeSize: libZip('one').length }]);
    const unknown = await sdkError(
      f.lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: 'with-layer', Layers: [`${layerBase}:lib:7`] }),
      ),
    );
    expect(unknown).toEqual({
      name: 'InvalidParameterValueException',
      status: 400,
      message: `Layer version ${layerBase}:lib:7 does not exist.`,
      type: 'User',
    });
    const removed = await f.lambda.send(
      new UpdateFunctionConfigurationCommand({ FunctionName: 'with-layer', Layers: [] }),
    );
    expect(removed.Layers).toBeUndefined();
  });

  it('deletes versions (204, idempotent) and never reuses their numbers', async () => {
    const deleted = await f.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'lib', VersionNumber: 2 }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    await f.lambda.send(new DeleteLayerVersionCommand({ LayerName: 'lib', VersionNumber: 2 }));
    const next = await f.lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'lib', Content: { ZipFile: libZip('three') } }),
    );
    expect(next.Version).toBe(3);
    const junk = await sdkError(
      f.lambda.send(new PublishLayerVersionCommand({ LayerName: 'lib', Content: { ZipFile: Buffer.from('junk') } })),
    );
    expect(junk).toMatchObject({
      name: 'InvalidParameterValueException',
      message: 'Could not unzip uploaded file. Please check your file, then try to upload again.',
    });
  });
});

describe('the plugin’s metrics accessor', () => {
  it('reports warnings of a Warn CSC through signatureValidationMetrics()', async () => {
    const csc = await f.lambda.send(
      new CreateCodeSigningConfigCommand({
        AllowedPublishers: {
          SigningProfileVersionArns: ['arn:aws:signer:us-east-1:000000000000:/signing-profiles/Nobody/abcdefghij'],
        },
      }),
    );
    expect(lambdaPlugin.signatureValidationMetrics()).toEqual({ functions: [], records: [] });
    await f.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'warned',
        Runtime: 'python3.12',
        Role: ROLE,
        Handler: 'app.handler',
        Code: { ZipFile: handlerZip('warned') },
        Layers: [`${layerBase}:lib:1`],
        CodeSigningConfigArn: csc.CodeSigningConfig?.CodeSigningConfigArn,
      }),
    );
    const metrics = lambdaPlugin.signatureValidationMetrics();
    expect(metrics.functions).toEqual([
      { functionName: 'warned', functionArn: f.functionArn('warned'), signatureValidationErrors: 2 },
    ]);
    expect(metrics.records.map((r) => [r.artifactArn, r.failure])).toEqual([
      [f.functionArn('warned'), 'unsigned'],
      [`${layerBase}:lib:1`, 'unsigned'],
    ]);
  });
});
