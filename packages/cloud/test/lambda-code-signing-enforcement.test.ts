import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  PublishLayerVersionCommand,
  PutFunctionCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { RevokeSignatureCommand, RevokeSigningProfileCommand } from '@aws-sdk/client-signer';
import { SIGNATURE_MARKER, readZipLayout } from '@toolkit/signing';
import { readSignatureValidationMetrics } from '../src/index.ts';
import { ROLE, handlerZip, sdkError, startLambdaFixture, type LambdaFixture } from './lambda-fixtures.ts';
import { ZipSigner, tamper } from './lambda-signing-fixtures.ts';
import { derToPair, P384_ORDER, pairToDer, storedZip } from '@toolkit/test-support';

const DAY = 24 * 60 * 60 * 1000;
let offset = 0;
let f: LambdaFixture;
let signer: ZipSigner;
let allowed: { profileVersionArn: string };
let warnCsc = '';
let enforceCsc = '';

beforeAll(async () => {
  f = await startLambdaFixture({ clock: () => new Date(Date.now() + offset) });
  signer = new ZipSigner(f.cloud, f.s3);
  await signer.init();
  allowed = await signer.profile('Allowed');
  // A second profile that no code signing config allows.
  await signer.profile('Other');
  warnCsc = await csc('Warn', [allowed.profileVersionArn]);
  enforceCsc = await csc('Enforce', [allowed.profileVersionArn]);
});
afterAll(async () => {
  signer?.destroy();
  await f?.close();
});

async function csc(policy: 'Warn' | 'Enforce', arns: string[]): Promise<string> {
  const out = await f.lambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: { SigningProfileVersionArns: arns },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: policy },
    }),
  );
  return out.CodeSigningConfig?.CodeSigningConfigArn ?? '';
}

function create(name: string, zip: Buffer, cscArn?: string, layers?: string[]) {
  return f.lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: zip },
      ...(cscArn ? { CodeSigningConfigArn: cscArn } : {}),
      ...(layers ? { Layers: layers } : {}),
    }),
  );
}

function jobArn(jobId: string): string {
  return `arn:aws:signer:${f.cloud.region}:${f.cloud.accountId}:/signing-jobs/${jobId}`;
}

function enforceMessage(name: string): string {
  return `Lambda cannot deploy the function. The function or layer might be signed using a signature that the client is not configured to accept. Check the provided signature for ${f.functionArn(name)}.`;
}

/** The SignatureValidationErrors records of one function. */
function recordsOf(name: string) {
  return readSignatureValidationMetrics(f.stateDir).records.filter((r) => r.functionName === name);
}

/** Under Warn: deployed, one metric record with this failure; under Enforce: CodeVerificationFailedException. */
async function expectWarnThenReject(name: string, zip: Buffer, failure: string): Promise<void> {
  const warned = await create(`${name}-warn`, zip, warnCsc);
  expect(warned.State).toBe('Active');
  expect(warned.SigningProfileVersionArn).toBeUndefined();
  const records = recordsOf(`${name}-warn`);
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({
    functionArn: f.functionArn(`${name}-warn`),
    artifactArn: f.functionArn(`${name}-warn`),
    failure,
  });
  expect(records[0]?.reason.length).toBeGreaterThan(0);
  const rejected = await sdkError(create(`${name}-enforce`, zip, enforceCsc));
  expect(rejected).toEqual({
    name: 'CodeVerificationFailedException',
    status: 400,
    message: enforceMessage(`${name}-enforce`),
    type: 'User',
  });
  expect(await sdkError(f.lambda.send(new GetFunctionCommand({ FunctionName: `${name}-enforce` })))).toMatchObject({
    status: 404,
  });
}

describe('code signing enforcement on CreateFunction', () => {
  it('accepts code signed by an allowed profile and reports its signer', async () => {
    const { signed, jobId } = await signer.sign(handlerZip('good'), 'Allowed');
    const out = await create('signed-good', signed, enforceCsc);
    expect(out).toMatchObject({ SigningProfileVersionArn: allowed.profileVersionArn, SigningJobArn: jobArn(jobId) });
    const got = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'signed-good' }));
    expect(got.Configuration).toMatchObject({
      SigningProfileVersionArn: allowed.profileVersionArn,
      SigningJobArn: jobArn(jobId),
    });
    expect(recordsOf('signed-good')).toEqual([]);
  });

  it('rejects tampered code under Warn and Enforce alike, and accepts it without a CSC', async () => {
    const { signed } = await signer.sign(handlerZip('tampered'), 'Allowed');
    const tampered = tamper(signed);
    for (const [name, arn] of [
      ['tampered-warn', warnCsc],
      ['tampered-enforce', enforceCsc],
    ] as const) {
      const error = await sdkError(create(name, tampered, arn));
      expect(error).toMatchObject({ name: 'InvalidCodeSignatureException', status: 400, type: 'User' });
      expect(error.message).toContain('integrity check');
    }
    expect(recordsOf('tampered-warn')).toEqual([]);
    const unchecked = await create('tampered-no-csc', tampered);
    expect(unchecked.State).toBe('Active');
    expect(unchecked.SigningProfileVersionArn).toBeUndefined();
  });

  it('rejects another byte form of a valid envelope (a fake digest before the real one, whitespace, a high-S twin) as an integrity failure', async () => {
    const { signed } = await signer.sign(handlerZip('malleable'), 'Allowed');
    const layout = readZipLayout(signed);
    const envelope = JSON.parse(
      Buffer.from(layout.comment.subarray(SIGNATURE_MARKER.length).toString('latin1'), 'base64url').toString('utf8'),
    ) as Record<string, string>;
    const withJson = (json: string): Buffer => {
      const comment = Buffer.from(SIGNATURE_MARKER + Buffer.from(json, 'utf8').toString('base64url'), 'latin1');
      const length = Buffer.alloc(2);
      length.writeUInt16LE(comment.length);
      return Buffer.concat([signed.subarray(0, layout.commentLengthOffset), length, comment]);
    };
    const canonical = JSON.stringify(envelope);
    const { r, s } = derToPair(Buffer.from(envelope.signature!, 'base64'));
    const variants = {
      'fake-digest': canonical.replace('{', `{"digest":"${'0'.repeat(96)}",`),
      whitespace: JSON.stringify(envelope, null, 2),
      'high-s': JSON.stringify({ ...envelope, signature: pairToDer(r, P384_ORDER - s).toString('base64') }),
    };
    expect((await create('malleable-original', signed, enforceCsc)).SigningProfileVersionArn).toBe(
      allowed.profileVersionArn,
    );
    for (const [name, json] of Object.entries(variants)) {
      for (const [policy, arn] of [
        ['warn', warnCsc],
        ['enforce', enforceCsc],
      ] as const) {
        const error = await sdkError(create(`malleable-${name}-${policy}`, withJson(json), arn));
        expect(error, `${name} under ${policy}`).toMatchObject({
          name: 'InvalidCodeSignatureException',
          status: 400,
          type: 'User',
        });
      }
    }
  });

  it('profile not allowed: Warn records a metric, Enforce rejects', async () => {
    const { signed } = await signer.sign(handlerZip('other'), 'Other');
    await expectWarnThenReject('mismatch', signed, 'mismatch');
  });

  it('revoked signature: Warn records a metric, Enforce rejects', async () => {
    const { signed, jobId } = await signer.sign(handlerZip('job-revoked'), 'Allowed');
    await signer.signer.send(new RevokeSignatureCommand({ jobId, reason: 'leaked build' }));
    await expectWarnThenReject('job-revoked', signed, 'revoked');
  });

  it('revoked profile (effective before signing): Warn records a metric, Enforce rejects', async () => {
    const revocable = await signer.profile('Revocable');
    const cscs = {
      warn: await csc('Warn', [revocable.profileVersionArn]),
      enforce: await csc('Enforce', [revocable.profileVersionArn]),
    };
    const { signed } = await signer.sign(handlerZip('profile-revoked'), 'Revocable');
    await signer.signer.send(
      new RevokeSigningProfileCommand({
        profileName: 'Revocable',
        profileVersion: revocable.profileVersionArn.split('/').at(-1),
        reason: 'key compromised',
        effectiveTime: new Date(Date.now() - 60_000),
      }),
    );
    expect((await create('profile-revoked-warn', signed, cscs.warn)).State).toBe('Active');
    expect(recordsOf('profile-revoked-warn').map((r) => r.failure)).toEqual(['revoked']);
    expect(await sdkError(create('profile-revoked-enforce', signed, cscs.enforce))).toMatchObject({
      name: 'CodeVerificationFailedException',
      message: enforceMessage('profile-revoked-enforce'),
    });
  });

  it('expired signature (1-day validity, clock moved 2 days): Warn records a metric, Enforce rejects', async () => {
    const shortLived = await signer.profile('ShortLived', 1);
    const cscs = {
      warn: await csc('Warn', [shortLived.profileVersionArn]),
      enforce: await csc('Enforce', [shortLived.profileVersionArn]),
    };
    const { signed } = await signer.sign(handlerZip('expiring'), 'ShortLived');
    expect((await create('not-yet-expired', signed, cscs.enforce)).SigningProfileVersionArn).toBe(
      shortLived.profileVersionArn,
    );
    offset = 2 * DAY;
    try {
      expect((await create('expired-warn', signed, cscs.warn)).State).toBe('Active');
      expect(recordsOf('expired-warn').map((r) => r.failure)).toEqual(['expired']);
      expect(await sdkError(create('expired-enforce', signed, cscs.enforce))).toMatchObject({
        name: 'CodeVerificationFailedException',
        message: enforceMessage('expired-enforce'),
      });
    } finally {
      offset = 0;
    }
  });

  it('unsigned code: Warn records a metric, Enforce rejects', async () => {
    await expectWarnThenReject('unsigned', handlerZip('unsigned'), 'unsigned');
  });
});

describe('enforcement on updates and layers', () => {
  it('checks UpdateFunctionCode against the function’s CSC', async () => {
    const { signed, jobId } = await signer.sign(handlerZip('update v1'), 'Allowed');
    await create('update-enforced', signed, enforceCsc);
    const rejected = await sdkError(
      f.lambda.send(
        new UpdateFunctionCodeCommand({ FunctionName: 'update-enforced', ZipFile: handlerZip('unsigned update') }),
      ),
    );
    expect(rejected).toEqual({
      name: 'CodeVerificationFailedException',
      status: 400,
      message: enforceMessage('update-enforced'),
      type: 'User',
    });
    const { signed: v2, jobId: job2 } = await signer.sign(handlerZip('update v2'), 'Allowed');
    const updated = await f.lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'update-enforced', ZipFile: v2 }),
    );
    expect(updated.SigningJobArn).toBe(jobArn(job2));
    expect(updated.SigningJobArn).not.toBe(jobArn(jobId));
    const tampered = await sdkError(
      f.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'update-enforced', ZipFile: tamper(v2) })),
    );
    expect(tampered.name).toBe('InvalidCodeSignatureException');
  });

  it('PutFunctionCodeSigningConfig does not re-check deployed code, later deploys are checked', async () => {
    await create('late-csc', handlerZip('unsigned, deployed before the CSC'));
    await f.lambda.send(
      new PutFunctionCodeSigningConfigCommand({ FunctionName: 'late-csc', CodeSigningConfigArn: enforceCsc }),
    );
    expect((await f.lambda.send(new GetFunctionCommand({ FunctionName: 'late-csc' }))).Configuration?.State).toBe(
      'Active',
    );
    const rejected = await sdkError(
      f.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'late-csc', ZipFile: handlerZip('still unsigned') })),
    );
    expect(rejected.name).toBe('CodeVerificationFailedException');
  });

  it('checks layers: unsigned rejected under Enforce, warned under Warn, signed accepted with their signer', async () => {
    const layerZip = storedZip({ 'nodejs/node_modules/lib/index.js': 'module.exports = 1;\n' });
    const unsignedLayer = await f.lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'unsigned-lib', Content: { ZipFile: layerZip } }),
    );
    expect(unsignedLayer.Content?.SigningProfileVersionArn).toBeUndefined();
    const { signed: signedLayerZip, jobId } = await signer.sign(layerZip, 'Allowed');
    const signedLayer = await f.lambda.send(
      new PublishLayerVersionCommand({ LayerName: 'signed-lib', Content: { ZipFile: signedLayerZip } }),
    );
    expect(signedLayer.Content).toMatchObject({
      SigningProfileVersionArn: allowed.profileVersionArn,
      SigningJobArn: jobArn(jobId),
    });
    const { signed: code } = await signer.sign(handlerZip('with layers'), 'Allowed');

    const rejected = await sdkError(create('layer-enforce', code, enforceCsc, [unsignedLayer.LayerVersionArn ?? '']));
    expect(rejected).toEqual({
      name: 'CodeVerificationFailedException',
      status: 400,
      message: enforceMessage('layer-enforce'),
      type: 'User',
    });

    const warned = await create('layer-warn', code, warnCsc, [unsignedLayer.LayerVersionArn ?? '']);
    expect(warned.SigningProfileVersionArn).toBe(allowed.profileVersionArn);
    expect(recordsOf('layer-warn')).toMatchObject([
      { artifactArn: unsignedLayer.LayerVersionArn, failure: 'unsigned' },
    ]);

    const accepted = await create('layer-ok', code, enforceCsc, [signedLayer.LayerVersionArn ?? '']);
    expect(accepted.Layers).toEqual([
      {
        Arn: signedLayer.LayerVersionArn,
        CodeSize: signedLayerZip.length,
        SigningProfileVersionArn: allowed.profileVersionArn,
        SigningJobArn: jobArn(jobId),
      },
    ]);
    const swap = await sdkError(
      f.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: 'layer-ok',
          Layers: [unsignedLayer.LayerVersionArn ?? ''],
        }),
      ),
    );
    expect(swap).toMatchObject({ name: 'CodeVerificationFailedException', message: enforceMessage('layer-ok') });
    const kept = await f.lambda.send(new GetFunctionCommand({ FunctionName: 'layer-ok' }));
    expect(kept.Configuration?.Layers?.map((l) => l.Arn)).toEqual([signedLayer.LayerVersionArn]);
  });

  it('counts SignatureValidationErrors per function', () => {
    const metrics = readSignatureValidationMetrics(f.stateDir);
    const counts = Object.fromEntries(metrics.functions.map((m) => [m.functionName, m.signatureValidationErrors]));
    expect(counts).toEqual({
      'mismatch-warn': 1,
      'job-revoked-warn': 1,
      'profile-revoked-warn': 1,
      'expired-warn': 1,
      'unsigned-warn': 1,
      'layer-warn': 1,
    });
    expect(metrics.records.every((r) => !Number.isNaN(Date.parse(r.recordedAt)))).toBe(true);
  });
});
