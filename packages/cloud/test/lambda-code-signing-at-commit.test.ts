import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, rm, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  PublishLayerVersionCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { FileBlobStore } from '../src/state/file-blob-store.ts';
import { stateLayout } from '../src/state/state-dir.ts';
import { ROLE, handlerZip, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { ZipSigner } from './lambda-signing-fixtures.ts';

// The code signing decision must be made against the configuration in force when the
// code is committed. These tests hold a deployment between reading its request and
// committing its code, change the configuration meanwhile, and check the change wins.

let f: LambdaFixture;
let signer: ZipSigner;
let allowed = '';
const BUCKET = 'code';

beforeAll(async () => {
  f = await startLambdaFixture();
  signer = new ZipSigner(f.cloud, f.s3);
  await signer.init();
  allowed = (await signer.profile('Allowed')).profileVersionArn;
  await f.s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  signer?.destroy();
  await f?.close();
});

async function csc(policy: 'Warn' | 'Enforce'): Promise<string> {
  const out = await f.lambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: { SigningProfileVersionArns: [allowed] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy },
    }),
  );
  return out.CodeSigningConfig?.CodeSigningConfigArn ?? '';
}

async function createUnsigned(name: string, marker: string) {
  return f.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: handlerZip(marker) },
    }),
  );
}

/**
 * Swaps the stored blob of `zip` (an S3 object's or a layer's) for a FIFO, so that
 * Lambda's read of it (after the request is parsed, before the code is committed)
 * waits for `release`. `reading` settles once Lambda has opened the blob, i.e. is held there.
 */
async function holdBlob(zip: Buffer): Promise<{ reading: Promise<void>; release(): Promise<void> }> {
  const layout = stateLayout(f.stateDir);
  const path = new FileBlobStore(layout.blobs, layout.tmp).pathOf(createHash('sha256').update(zip).digest('hex'));
  await rm(path);
  execFileSync('mkfifo', ['-m', '600', path]);
  // Opening a FIFO for writing returns only once a reader has opened it.
  const writer = open(path, 'w');
  return {
    reading: writer.then(() => undefined),
    async release() {
      const handle = await writer;
      await handle.writeFile(zip);
      await handle.close();
      await rm(path);
      await writeFile(path, zip, { mode: 0o600 });
    },
  };
}

async function s3Code(key: string, zip: Buffer): Promise<void> {
  await f.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: zip }));
}

describe('the code signing decision is made at commit', () => {
  it('UpdateFunctionCode is rejected under an Enforce CSC attached while its code was being read, and the stored code stays', async () => {
    const before = await createUnsigned('race-update', 'old');
    const enforce = await csc('Enforce');
    const zip = handlerZip('unsigned new code');
    await s3Code('race-update.zip', zip);
    const held = await holdBlob(zip);
    const update = sdkError(
      f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'race-update', S3Bucket: BUCKET, S3Key: 'race-update.zip' }),
      ),
    );
    await held.reading;
    await f.lambda.send(
      new PutFunctionCodeSigningConfigCommand({ FunctionName: 'race-update', CodeSigningConfigArn: enforce }),
    );
    await held.release();
    expect(await update).toMatchObject({ name: 'CodeVerificationFailedException', status: 400 });
    const after = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'race-update' }));
    expect(after.Configuration?.CodeSha256).toBe(before.CodeSha256);
    expect(after.Configuration?.RevisionId).toBe(before.RevisionId);
  });

  it('CreateFunction is rejected when its Warn CSC is switched to Enforce while its layer was being read', async () => {
    const warnThenEnforce = await csc('Warn');
    const layerZip = handlerZip('unsigned layer');
    const layer = await f.lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'race-layer', Content: { ZipFile: layerZip } }),
    );
    const held = await holdBlob(layerZip);
    const create = sdkError(
      f.lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'race-create',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: handlerZip('unsigned at create') },
          Layers: [layer.LayerVersionArn ?? ''],
          CodeSigningConfigArn: warnThenEnforce,
        }),
      ),
    );
    await held.reading;
    await f.lambda.send(
      new UpdateCodeSigningConfigCommand({
        CodeSigningConfigArn: warnThenEnforce,
        CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
      }),
    );
    await held.release();
    expect(await create).toMatchObject({ name: 'CodeVerificationFailedException', status: 400 });
    expect(await sdkError(f.lambda.send(new GetFunctionCommand({ FunctionName: 'race-create' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('UpdateFunctionCode whose body arrives in two parts is judged by the CSC attached between them', async () => {
    const before = await createUnsigned('race-body', 'old');
    const enforce = await csc('Enforce');
    let finish: () => void = () => undefined;
    const secondPart = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let firstPartSent: () => void = () => undefined;
    const firstPart = new Promise<void>((resolve) => {
      firstPartSent = resolve;
    });
    // Just before the signed request goes out, its body becomes a stream that sends half, then waits.
    const command = new UpdateFunctionCodeCommand({
      FunctionName: 'race-body',
      ZipFile: handlerZip('unsigned, sent slowly'),
    });
    command.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { body: string | Uint8Array | Readable };
        // The SDK's JSON body is a Uint8Array that warns when read as a string: take its bytes as they are.
        const raw = request.body as string | Uint8Array;
        const body =
          typeof raw === 'string' ? Buffer.from(raw) : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
        const half = Math.floor(body.length / 2);
        request.body = Readable.from(
          (async function* () {
            yield body.subarray(0, half);
            firstPartSent();
            await secondPart;
            yield body.subarray(half);
          })(),
        );
        return next(args);
      },
      { step: 'deserialize', priority: 'low', name: 'sendBodyInTwoParts' },
    );
    const update = sdkError(f.lambda.send(command));
    await firstPart;
    await f.lambda.send(
      new PutFunctionCodeSigningConfigCommand({ FunctionName: 'race-body', CodeSigningConfigArn: enforce }),
    );
    finish();
    expect(await update).toMatchObject({ name: 'CodeVerificationFailedException', status: 400 });
    const after = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'race-body' }));
    expect(after.Configuration?.CodeSha256).toBe(before.CodeSha256);
  });
});
