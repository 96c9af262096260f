import { createHash, createPublicKey, verify } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { evaluateSignature, type TrustData } from '@toolkit/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportTrust } from '../src/index.ts';
import { bodyBytes } from './server-fixture.ts';
import { startSignerFixture, type SignerFixture } from './signer-fixtures.ts';
import { storedZip, zipEntryNames } from '@toolkit/test-support';

/**
 * A verifier written from docs/signed-package-format.md alone, sharing no code with @toolkit/signing:
 * find the EOCD that ends at end of file, read the comment, recompute SHA-384 of
 * every byte before the comment-length field, rebuild the canonical JSON and check
 * the ECDSA P-384 signature with node:crypto.
 */
function verifyIndependently(
  zip: Buffer,
  publicKeyPem: string,
): { ok: true; envelope: Record<string, string> } | { ok: false; reason: string } {
  let eocd = -1;
  for (let i = zip.length - 22; i >= 0 && i >= zip.length - 22 - 0xffff; i--) {
    if (zip.readUInt32LE(i) === 0x06054b50 && i + 22 + zip.readUInt16LE(i + 20) === zip.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, reason: 'no EOCD ending at end of file' };
  const comment = zip.subarray(eocd + 22).toString('latin1');
  const marker = 'TOOLKIT-SIG/1 ';
  if (!comment.startsWith(marker)) return { ok: false, reason: 'no signature marker' };
  const encoded = comment.slice(marker.length);
  const json = Buffer.from(encoded, 'base64url');
  if (json.toString('base64url') !== encoded) return { ok: false, reason: 'comment is not canonical base64url' };
  let envelope: Record<string, string>;
  try {
    envelope = JSON.parse(json.toString('utf8')) as Record<string, string>;
  } catch {
    return { ok: false, reason: 'envelope is not JSON' };
  }
  const fields = [
    'digest',
    'digestAlgorithm',
    'expiresAt',
    'format',
    'jobArn',
    'platformId',
    'profileVersionArn',
    'signature',
    'signedAt',
  ];
  if (Object.keys(envelope).sort().join() !== fields.join()) return { ok: false, reason: 'envelope fields differ' };
  if (
    envelope.format !== 'toolkit-sig/1' ||
    envelope.platformId !== 'AWSLambda-SHA384-ECDSA' ||
    envelope.digestAlgorithm !== 'SHA-384'
  )
    return { ok: false, reason: 'wrong constants' };
  const digest = createHash('sha384')
    .update(zip.subarray(0, eocd + 20))
    .digest('hex');
  if (digest !== envelope.digest) return { ok: false, reason: 'digest mismatch' };
  const payload = `{${fields
    .filter((f) => f !== 'signature')
    .map((f) => `${JSON.stringify(f)}:${JSON.stringify(envelope[f])}`)
    .join(',')}}`;
  const signature = Buffer.from(envelope.signature as string, 'base64');
  if (signature.toString('base64') !== envelope.signature)
    return { ok: false, reason: 'signature is not canonical base64' };
  const valid = verify(
    'sha384',
    Buffer.from(payload, 'utf8'),
    { key: createPublicKey(publicKeyPem), dsaEncoding: 'der' },
    signature,
  );
  return valid ? { ok: true, envelope } : { ok: false, reason: 'bad signature' };
}

let f: SignerFixture;
let unsigned: Buffer;
let signed: Buffer;
let jobId: string;
let profileVersionArn: string;
let trust: TrustData;
let publicKeyPem: string;

beforeAll(async () => {
  f = await startSignerFixture();
  await f.versionedBucket('src');
  ({ profileVersionArn } = await f.profile('Independent'));
  unsigned = storedZip({ 'a.js': 'x' });
  const version = await f.upload('src', 'small.zip', unsigned);
  jobId = await f.start({ profileName: 'Independent', bucket: 'src', key: 'small.zip', version });
  const job = await f.waitForJob(jobId);
  expect(job.status).toBe('Succeeded');
  signed = await bodyBytes((await f.s3.send(new GetObjectCommand({ Bucket: 'src', Key: `signed/${jobId}.zip` }))).Body);
  trust = exportTrust(f.stateDir);
  publicKeyPem = trust.profileVersions.find((v) => v.profileVersionArn === profileVersionArn)?.publicKeyPem as string;
});
afterAll(async () => f?.close());

describe('a zip signed by the local Signer', () => {
  it('verifies with node:crypto and the exported public key alone', () => {
    const result = verifyIndependently(signed, publicKeyPem);
    expect(result).toMatchObject({
      ok: true,
      envelope: { profileVersionArn, jobArn: `arn:aws:signer:us-east-1:000000000000:/signing-jobs/${jobId}` },
    });
  });

  it('keeps every byte of the unsigned zip before the comment-length field, and stays a readable zip', async () => {
    const prefix = unsigned.length - 2;
    expect(signed.subarray(0, prefix).equals(unsigned.subarray(0, prefix))).toBe(true);
    expect(await zipEntryNames(signed)).toEqual(['a.js']);
  });

  it('does not verify with another profile version’s key', async () => {
    const other = await f.profile('OtherIndependent');
    const otherKey = exportTrust(f.stateDir).profileVersions.find(
      (v) => v.profileVersionArn === other.profileVersionArn,
    )?.publicKeyPem as string;
    expect(verifyIndependently(signed, otherKey)).toMatchObject({ ok: false, reason: 'bad signature' });
  });

  it(`detects a change to any single byte (every position, two bit patterns each)`, () => {
    const missed: string[] = [];
    for (let index = 0; index < signed.length; index++) {
      for (const mask of [0x01, 0xff]) {
        const tampered = Buffer.from(signed);
        tampered[index] = (tampered[index] as number) ^ mask;
        if (verifyIndependently(tampered, publicKeyPem).ok) missed.push(`independent: byte ${index} ^ ${mask}`);
        const verdict = evaluateSignature({
          zip: tampered,
          allowedProfileVersionArns: [profileVersionArn],
          policy: 'Warn',
          trust,
          at: new Date(),
        });
        if (verdict.verdict !== 'reject' || verdict.failure !== 'integrity')
          missed.push(`verdict: byte ${index} ^ ${mask} → ${verdict.verdict}/${verdict.failure}`);
      }
    }
    expect(signed.length).toBeGreaterThan(500);
    expect(missed).toEqual([]);
  });

  it('detects appended bytes', () => {
    expect(verifyIndependently(Buffer.concat([signed, Buffer.from([0])]), publicKeyPem).ok).toBe(false);
  });
});
