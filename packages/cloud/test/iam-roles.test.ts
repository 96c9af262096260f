import {
  CreateCodeSigningConfigCommand,
  CreateFunctionCommand,
  DeleteCodeSigningConfigCommand,
  DeleteFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  LambdaClient,
  UpdateCodeSigningConfigCommand,
  UpdateFunctionCodeCommand,
} from '@aws-sdk/client-lambda';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  AddProfilePermissionCommand,
  CancelSigningProfileCommand,
  ListProfilePermissionsCommand,
  PutSigningProfileCommand,
  RemoveProfilePermissionCommand,
  RevokeSigningProfileCommand,
  SignerClient,
  StartSigningJobCommand,
} from '@aws-sdk/client-signer';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudClientConfig, createStateIdentity } from '../src/index.ts';
import { ROLE, handlerZip, sdkError } from './lambda-fixtures.ts';
import { ZipSigner } from './lambda-signing-fixtures.ts';
import { startFixture, type CloudFixture } from './server-fixture.ts';

const ACCOUNT = '000000000000';
const DEVELOPER = `arn:aws:iam::${ACCOUNT}:user/developer`;
const fnArn = (name: string) => `arn:aws:lambda:us-east-1:${ACCOUNT}:function:${name}`;

let f: CloudFixture;
let admin: { signer: ZipSigner; lambda: LambdaClient };
let dev: { s3: S3Client; signer: SignerClient; lambda: LambdaClient; sts: STSClient };
let cscArn = '';
let profileArn = '';

beforeAll(async () => {
  f = await startFixture();
  const adminConfig = { ...cloudClientConfig(f.cloud.endpoint), maxAttempts: 1 };
  admin = { signer: new ZipSigner(f.cloud, f.s3), lambda: new LambdaClient(adminConfig) };
  await admin.signer.init();
  const profile = await admin.signer.profile('TeamProfile');
  profileArn = profile.profileVersionArn.replace(/\/[^/]+$/, '');
  const csc = await admin.lambda.send(
    new CreateCodeSigningConfigCommand({
      AllowedPublishers: { SigningProfileVersionArns: [profile.profileVersionArn] },
      CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Enforce' },
    }),
  );
  cscArn = csc.CodeSigningConfig?.CodeSigningConfigArn ?? '';
  const config = { ...adminConfig, credentials: f.cloud.credentials('developer') };
  dev = {
    s3: new S3Client(config),
    signer: new SignerClient(config),
    lambda: new LambdaClient(config),
    sts: new STSClient(config),
  };
});
afterAll(async () => {
  for (const client of [admin.lambda, ...Object.values(dev)]) client.destroy();
  admin.signer.destroy();
  await f.close();
});

/** Starts a signing job as the developer on the admin's artifact bucket. */
async function developerSigns(): Promise<unknown> {
  const put = await dev.s3.send(
    new PutObjectCommand({ Bucket: 'signing-artifacts', Key: 'dev.zip', Body: handlerZip('dev') }),
  );
  return dev.signer.send(
    new StartSigningJobCommand({
      profileName: 'TeamProfile',
      source: { s3: { bucketName: 'signing-artifacts', key: 'dev.zip', version: put.VersionId } },
      destination: { s3: { bucketName: 'signing-artifacts', prefix: 'signed/' } },
    }),
  );
}

const denied = (action: string, resource: string, explicit = true) =>
  `User: ${DEVELOPER} is not authorized to perform: ${action} on resource: ${resource} ${
    explicit
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${action} action`
  }`;

describe('the developer identity', () => {
  it('is an IAM user of the account', async () => {
    const who = await dev.sts.send(new GetCallerIdentityCommand({}));
    expect(who.Arn).toBe(DEVELOPER);
  });

  it('builds and uploads', async () => {
    await dev.s3.send(new CreateBucketCommand({ Bucket: 'dev-artifacts' }));
    await dev.s3.send(new PutObjectCommand({ Bucket: 'dev-artifacts', Key: 'a.zip', Body: 'zip' }));
  });

  it('signs only with a profile it was granted, at the granted revision', async () => {
    expect(await sdkError(developerSigns())).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
      message: `User: ${DEVELOPER} is not authorized to perform: signer:StartSigningJob on resource: ${profileArn} because no permission of the signing profile allows it`,
    });
    const added = await admin.signer.signer.send(
      new AddProfilePermissionCommand({
        profileName: 'TeamProfile',
        action: 'signer:StartSigningJob',
        principal: DEVELOPER,
        statementId: 'developer-signs',
      }),
    );
    const listed = await dev.signer.send(new ListProfilePermissionsCommand({ profileName: 'TeamProfile' }));
    expect(listed.revisionId).toBe(added.revisionId);
    expect(listed.permissions).toEqual([
      { action: 'signer:StartSigningJob', principal: DEVELOPER, statementId: 'developer-signs' },
    ]);
    expect(await developerSigns()).toMatchObject({ jobOwner: ACCOUNT });
    // Removing needs the current revision: a stale one is a conflict.
    expect(
      await sdkError(
        admin.signer.signer.send(
          new RemoveProfilePermissionCommand({
            profileName: 'TeamProfile',
            statementId: 'developer-signs',
            revisionId: 'stale',
          }),
        ),
      ),
    ).toMatchObject({ name: 'ConflictException', status: 409 });
    const removed = await admin.signer.signer.send(
      new RemoveProfilePermissionCommand({
        profileName: 'TeamProfile',
        statementId: 'developer-signs',
        revisionId: added.revisionId,
      }),
    );
    expect(removed.revisionId).not.toBe(added.revisionId);
    expect((await sdkError(developerSigns())).name).toBe('AccessDeniedException');
  });

  it('may not create, cancel or revoke signing profiles, nor grant itself one', async () => {
    const profile = (name: string) => `arn:aws:signer:us-east-1:${ACCOUNT}:/signing-profiles/${name}`;
    const refusals = await Promise.all([
      sdkError(
        dev.signer.send(new PutSigningProfileCommand({ profileName: 'Rogue', platformId: 'AWSLambda-SHA384-ECDSA' })),
      ),
      sdkError(dev.signer.send(new CancelSigningProfileCommand({ profileName: 'TeamProfile' }))),
      sdkError(
        dev.signer.send(
          new RevokeSigningProfileCommand({
            profileName: 'TeamProfile',
            profileVersion: 'x',
            reason: 'r',
            effectiveTime: new Date(),
          }),
        ),
      ),
      sdkError(
        dev.signer.send(
          new AddProfilePermissionCommand({
            profileName: 'TeamProfile',
            action: 'signer:StartSigningJob',
            principal: DEVELOPER,
            statementId: 'self',
          }),
        ),
      ),
    ]);
    expect(refusals.map((e) => [e.name, e.status, e.message])).toEqual([
      ['AccessDeniedException', 403, denied('signer:PutSigningProfile', profile('Rogue'))],
      ['AccessDeniedException', 403, denied('signer:CancelSigningProfile', profile('TeamProfile'))],
      ['AccessDeniedException', 403, denied('signer:RevokeSigningProfile', profile('TeamProfile'))],
      ['AccessDeniedException', 403, denied('signer:AddProfilePermission', profile('TeamProfile'))],
    ]);
  });

  it('creates and updates functions only under a code signing configuration, and may not detach it', async () => {
    const unsigned = await sdkError(
      dev.lambda.send(
        new CreateFunctionCommand({
          FunctionName: 'unsigned',
          Runtime: 'nodejs20.x',
          Role: ROLE,
          Handler: 'index.handler',
          Code: { ZipFile: handlerZip('unsigned') },
        }),
      ),
    );
    expect(unsigned).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
      message: denied('lambda:CreateFunction', fnArn('unsigned')),
    });
    const { signed } = await admin.signer.sign(handlerZip('governed'), 'TeamProfile');
    await dev.lambda.send(
      new CreateFunctionCommand({
        FunctionName: 'governed',
        Runtime: 'nodejs20.x',
        Role: ROLE,
        Handler: 'index.handler',
        Code: { ZipFile: signed },
        CodeSigningConfigArn: cscArn,
      }),
    );
    const { signed: next } = await admin.signer.sign(handlerZip('governed-2'), 'TeamProfile');
    await dev.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: 'governed', ZipFile: next }));
    const detach = await sdkError(
      dev.lambda.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'governed' })),
    );
    expect(detach).toMatchObject({
      name: 'AccessDeniedException',
      status: 403,
      message: denied('lambda:DeleteFunctionCodeSigningConfig', fnArn('governed')),
    });
    const got = await dev.lambda.send(new GetFunctionCommand({ FunctionName: 'governed' }));
    expect(got.Configuration?.FunctionName).toBe('governed');
  });

  it('may not create, update or delete code signing configurations', async () => {
    const refusals = await Promise.all([
      sdkError(
        dev.lambda.send(
          new CreateCodeSigningConfigCommand({ AllowedPublishers: { SigningProfileVersionArns: [`${profileArn}/x`] } }),
        ),
      ),
      sdkError(
        dev.lambda.send(
          new UpdateCodeSigningConfigCommand({
            CodeSigningConfigArn: cscArn,
            CodeSigningPolicies: { UntrustedArtifactOnDeployment: 'Warn' },
          }),
        ),
      ),
      sdkError(dev.lambda.send(new DeleteCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }))),
    ]);
    expect(refusals.map((e) => e.message)).toEqual([
      denied('lambda:CreateCodeSigningConfig', '*'),
      denied('lambda:UpdateCodeSigningConfig', cscArn),
      denied('lambda:DeleteCodeSigningConfig', cscArn),
    ]);
  });
});

describe('an identity created with its own policy', () => {
  it('is allowed only what its policy allows, in AWS words', async () => {
    const auditor = await createStateIdentity(
      f.stateDir,
      ACCOUNT,
      'auditor',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['lambda:Get*', 'lambda:List*'], Resource: '*' }],
      }),
    );
    if (auditor === 'exists') throw new Error('the auditor identity exists already');
    const lambda = new LambdaClient({
      ...cloudClientConfig(f.cloud.endpoint),
      credentials: { accessKeyId: auditor.accessKeyId, secretAccessKey: auditor.secretAccessKey },
      maxAttempts: 1,
    });
    try {
      expect(
        (await lambda.send(new GetFunctionCommand({ FunctionName: 'governed' }))).Configuration?.FunctionName,
      ).toBe('governed');
      const refused = await sdkError(
        lambda.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'governed' })),
      );
      expect(refused.message).toBe(
        `User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: lambda:DeleteFunctionCodeSigningConfig on resource: ${fnArn('governed')} because no identity-based policy allows the lambda:DeleteFunctionCodeSigningConfig action`,
      );
    } finally {
      lambda.destroy();
    }
  });
});

describe('the admin identity', () => {
  it('detaches a configuration the developer may not', async () => {
    await admin.lambda.send(new DeleteFunctionCodeSigningConfigCommand({ FunctionName: 'governed' }));
  });
});
