import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CancelSigningProfileCommand,
  GetSigningPlatformCommand,
  GetSigningProfileCommand,
  ListSigningPlatformsCommand,
  ListSigningProfilesCommand,
  ListTagsForResourceCommand,
  PutSigningProfileCommand,
  RevokeSigningProfileCommand,
  SignPayloadCommand,
  TagResourceCommand,
  type SignatureValidityPeriod,
  UntagResourceCommand,
} from '@aws-sdk/client-signer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrust } from '../src/index.ts';
import { sdkError } from './lambda-fixtures.ts';
import { startSignerFixture, type SignerFixture } from './signer-fixtures.ts';
import { messages } from '@toolkit/core';

let f: SignerFixture;
beforeAll(async () => {
  f = await startSignerFixture();
});
afterAll(async () => f?.close());

const PLATFORM = 'AWSLambda-SHA384-ECDSA';
const put = (
  profileName: string,
  extra: { signatureValidityPeriod?: SignatureValidityPeriod; platformId?: string; tags?: Record<string, string> } = {},
) => f.signer.send(new PutSigningProfileCommand({ profileName, platformId: PLATFORM, ...extra }));

describe('PutSigningProfile and GetSigningProfile', () => {
  it('creates a profile with a 10-character version, its ARNs and the default validity', async () => {
    const created = await put('Alpha_1', { tags: { team: 'payments' } });
    expect(created.arn).toBe('arn:aws:signer:us-east-1:000000000000:/signing-profiles/Alpha_1');
    expect(created.profileVersion).toMatch(/^[a-zA-Z0-9]{10}$/);
    expect(created.profileVersionArn).toBe(`${created.arn}/${created.profileVersion}`);
    const got = await f.signer.send(new GetSigningProfileCommand({ profileName: 'Alpha_1' }));
    expect(got).toMatchObject({
      profileName: 'Alpha_1',
      profileVersion: created.profileVersion,
      profileVersionArn: created.profileVersionArn,
      platformId: PLATFORM,
      platformDisplayName: 'AWS Lambda',
      signatureValidityPeriod: { value: 135, type: 'MONTHS' },
      status: 'Active',
      arn: created.arn,
      tags: { team: 'payments' },
    });
    expect(got.signingMaterial).toBeUndefined();
    expect(got.revocationRecord).toBeUndefined();
  });

  it('keeps the version for the same settings and makes a new key pair version for new ones', async () => {
    const first = await put('Rotating', { signatureValidityPeriod: { value: 30, type: 'DAYS' } });
    const again = await put('Rotating', { signatureValidityPeriod: { value: 30, type: 'DAYS' } });
    expect(again.profileVersion).toBe(first.profileVersion);
    const second = await put('Rotating', { signatureValidityPeriod: { value: 2, type: 'YEARS' } });
    expect(second.profileVersion).not.toBe(first.profileVersion);
    const got = await f.signer.send(new GetSigningProfileCommand({ profileName: 'Rotating' }));
    expect(got).toMatchObject({
      profileVersion: second.profileVersion,
      signatureValidityPeriod: { value: 2, type: 'YEARS' },
    });
    const trust = exportTrust(f.stateDir);
    const versions = trust.profileVersions.filter((v) => v.profileVersionArn.includes('/Rotating/'));
    expect(versions.map((v) => v.profileVersionArn).sort()).toEqual(
      [first.profileVersionArn, second.profileVersionArn].sort(),
    );
    expect(new Set(versions.map((v) => v.publicKeyPem)).size).toBe(2);
  });

  it.each([
    ['a', PLATFORM, undefined],
    ['bad-name', PLATFORM, undefined],
    ['x'.repeat(65), PLATFORM, undefined],
    ['GoodName', 'AWSIoTDeviceManagement-SHA256-ECDSA', undefined],
    ['GoodName', 'NoSuchPlatform', undefined],
    ['GoodName', PLATFORM, { value: 0, type: 'DAYS' }],
    ['GoodName', PLATFORM, { value: 4109, type: 'DAYS' }],
    ['GoodName', PLATFORM, { value: 136, type: 'MONTHS' }],
    ['GoodName', PLATFORM, { value: 12, type: 'YEARS' }],
    ['GoodName', PLATFORM, { value: 1, type: 'WEEKS' }],
  ] as [string, string, SignatureValidityPeriod | undefined][])(
    'refuses name %j, platform %s, validity %j with ValidationException',
    async (name, platformId, validity) => {
      const error = await sdkError(put(name, { platformId, signatureValidityPeriod: validity }));
      expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    },
  );

  it.each([
    { value: 1, type: 'DAYS' },
    { value: 4108, type: 'DAYS' },
    { value: 135, type: 'MONTHS' },
    { value: 11, type: 'YEARS' },
  ] as SignatureValidityPeriod[])('accepts the validity bound %j', async (validity) => {
    const name = `Bound_${validity.type}_${validity.value}`;
    await put(name, { signatureValidityPeriod: validity });
    expect((await f.signer.send(new GetSigningProfileCommand({ profileName: name }))).signatureValidityPeriod).toEqual(
      validity,
    );
  });

  it('answers ResourceNotFoundException for an unknown profile or another owner', async () => {
    expect(await sdkError(f.signer.send(new GetSigningProfileCommand({ profileName: 'Missing' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
    await put('Owned');
    expect(
      await sdkError(
        f.signer.send(new GetSigningProfileCommand({ profileName: 'Owned', profileOwner: '123456789012' })),
      ),
    ).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(
      await f.signer.send(new GetSigningProfileCommand({ profileName: 'Owned', profileOwner: '000000000000' })),
    ).toMatchObject({ status: 'Active' });
  });

  it('keeps private keys in the state directory, owner-only, and never returns them', async () => {
    const created = await put('KeyHolder');
    const keyFile = join(f.stateDir, 'signer', 'keys', `${created.profileVersion}.pem`);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(f.stateDir, 'signer', 'keys'))).mode & 0o777).toBe(0o700);
    const got = await f.signer.send(new GetSigningProfileCommand({ profileName: 'KeyHolder' }));
    expect(JSON.stringify(got)).not.toContain('PRIVATE KEY');
  });
});

describe('CancelSigningProfile and ListSigningProfiles', () => {
  it('cancels, hides canceled profiles unless asked, and refuses to reuse the name', async () => {
    await put('ToCancel');
    await f.signer.send(new CancelSigningProfileCommand({ profileName: 'ToCancel' }));
    expect((await f.signer.send(new GetSigningProfileCommand({ profileName: 'ToCancel' }))).status).toBe('Canceled');
    const names = async (input: ConstructorParameters<typeof ListSigningProfilesCommand>[0]) =>
      ((await f.signer.send(new ListSigningProfilesCommand({ ...input, maxResults: 25 }))).profiles ?? []).map(
        (p) => p.profileName,
      );
    expect(await names({})).not.toContain('ToCancel');
    expect(await names({ includeCanceled: true })).toContain('ToCancel');
    expect(await names({ statuses: ['Canceled'] })).toEqual(['ToCancel']);
    expect(await names({ platformId: 'Other' })).toEqual([]);
    expect(await sdkError(put('ToCancel'))).toMatchObject({ name: 'ValidationException' });
    expect(await sdkError(f.signer.send(new CancelSigningProfileCommand({ profileName: 'NeverWas' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('pages in name order with nextToken', async () => {
    for (const name of ['Page_a', 'Page_b', 'Page_c', 'Page_d', 'Page_e']) await put(name);
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await f.signer.send(new ListSigningProfilesCommand({ maxResults: 2, nextToken }));
      expect(page.profiles?.length).toBeLessThanOrEqual(2);
      seen.push(...(page.profiles ?? []).map((p) => p.profileName as string));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBeGreaterThan(3);
    expect(seen.filter((n) => n.startsWith('Page_'))).toEqual(['Page_a', 'Page_b', 'Page_c', 'Page_d', 'Page_e']);
    expect(seen).toEqual([...seen].sort());
    expect(await sdkError(f.signer.send(new ListSigningProfilesCommand({ maxResults: 26 })))).toMatchObject({
      name: 'ValidationException',
    });
    expect(await sdkError(f.signer.send(new ListSigningProfilesCommand({ nextToken: 'garbage!' })))).toMatchObject({
      name: 'ValidationException',
    });
  });
});

describe('RevokeSigningProfile', () => {
  it('revokes a version effective in the past, moves the time earlier but never later, and refuses the future', async () => {
    const { profileVersion } = await put('ToRevoke');
    const now = Date.now();
    const revoke = (effectiveTime: Date, version = profileVersion as string) =>
      f.signer.send(
        new RevokeSigningProfileCommand({
          profileName: 'ToRevoke',
          profileVersion: version,
          reason: 'key compromised',
          effectiveTime,
        }),
      );
    expect(await sdkError(revoke(new Date(now + 3_600_000)))).toMatchObject({
      name: 'ValidationException',
      status: 400,
    });
    await revoke(new Date(now - 60_000));
    const got = await f.signer.send(new GetSigningProfileCommand({ profileName: 'ToRevoke' }));
    expect(got.status).toBe('Revoked');
    expect(got.revocationRecord?.revocationEffectiveFrom?.getTime()).toBe(now - 60_000);
    expect(got.revocationRecord?.revokedBy).toBe('arn:aws:iam::000000000000:root');
    expect(await sdkError(revoke(new Date(now - 30_000)))).toMatchObject({ name: 'ValidationException' });
    await revoke(new Date(now - 120_000));
    const moved = await f.signer.send(new GetSigningProfileCommand({ profileName: 'ToRevoke' }));
    expect(moved.revocationRecord?.revocationEffectiveFrom?.getTime()).toBe(now - 120_000);
    const trusted = exportTrust(f.stateDir).profileVersions.find((v) => v.profileVersionArn === got.profileVersionArn);
    expect(trusted).toMatchObject({ status: 'Revoked', revokedEffectiveFrom: new Date(now - 120_000).toISOString() });
    expect(await sdkError(revoke(new Date(now - 60_000), 'AAAAAAAAAA'))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(await sdkError(put('ToRevoke'))).toMatchObject({ name: 'ValidationException' });
  });

  it('requires a reason of at most 500 characters', async () => {
    const { profileVersion } = await put('NeedsReason');
    const error = await sdkError(
      f.signer.send(
        new RevokeSigningProfileCommand({
          profileName: 'NeedsReason',
          profileVersion,
          reason: 'x'.repeat(501),
          effectiveTime: new Date(Date.now() - 1000),
        }),
      ),
    );
    expect(error).toMatchObject({ name: 'ValidationException' });
  });
});

describe('signing platforms', () => {
  it('lists and gets the Lambda platform only', async () => {
    const list = await f.signer.send(new ListSigningPlatformsCommand({}));
    expect(list.platforms?.map((p) => p.platformId)).toEqual([PLATFORM]);
    expect(list.platforms?.[0]).toMatchObject({
      displayName: 'AWS Lambda',
      partner: 'AWSLambda',
      target: 'SHA384-ECDSA',
      maxSizeInMB: 250,
      revocationSupported: true,
    });
    expect((await f.signer.send(new ListSigningPlatformsCommand({ partner: 'AmazonFreeRTOS' }))).platforms).toEqual([]);
    expect(await f.signer.send(new GetSigningPlatformCommand({ platformId: PLATFORM }))).toMatchObject({
      platformId: PLATFORM,
      category: 'AWS',
    });
    expect(await sdkError(f.signer.send(new GetSigningPlatformCommand({ platformId: 'Nope' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      status: 404,
    });
  });
});

describe('tags', () => {
  it('tags, lists and untags a profile by ARN', async () => {
    const { arn } = await put('Tagged', { tags: { a: '1' } });
    await f.signer.send(new TagResourceCommand({ resourceArn: arn, tags: { b: '2', c: '3' } }));
    expect((await f.signer.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({
      a: '1',
      b: '2',
      c: '3',
    });
    await f.signer.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['a', 'c'] }));
    expect((await f.signer.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual({ b: '2' });
    const missing = 'arn:aws:signer:us-east-1:000000000000:/signing-profiles/NoSuchProfile';
    expect(await sdkError(f.signer.send(new ListTagsForResourceCommand({ resourceArn: missing })))).toMatchObject({
      name: 'NotFoundException',
      status: 404,
    });
    expect(
      await sdkError(f.signer.send(new TagResourceCommand({ resourceArn: 'not-an-arn', tags: { a: '1' } }))),
    ).toMatchObject({ name: 'BadRequestException', status: 400 });
    expect(
      await sdkError(f.signer.send(new TagResourceCommand({ resourceArn: arn, tags: { 'aws:reserved': 'x' } }))),
    ).toMatchObject({ name: 'BadRequestException' });
  });
});

it('answers operations it does not emulate with a clear error', async () => {
  const error = await sdkError(
    f.signer.send(
      new SignPayloadCommand({ profileName: 'Alpha_1', payload: Buffer.from('{}'), payloadFormat: 'JSON' }),
    ),
  );
  expect(error.status).toBe(404);
  expect(error.message).toContain('does not implement');
});

describe('exportTrust', () => {
  it('exports every profile version with its public key, and refuses a folder without cloud state', async () => {
    const { profileVersionArn } = await put('Exported');
    const trust = exportTrust(f.stateDir);
    expect(Date.parse(trust.exportedAt as string)).not.toBeNaN();
    const exported = trust.profileVersions.find((v) => v.profileVersionArn === profileVersionArn);
    expect(exported).toMatchObject({ status: 'Active', revokedEffectiveFrom: null });
    expect(exported?.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    const canceled = trust.profileVersions.find((v) => v.profileVersionArn.includes('/ToCancel/'));
    expect(canceled?.status).toBe('Canceled');
    expect(() => exportTrust(join(f.stateDir, 'no-such-folder'))).toThrow(
      expect.objectContaining({ code: messages.CloudStateNotFound.code }),
    );
  });
});
