import { describe, expect, it } from 'vitest';
import { buildZip } from '@toolkit/test-support';
import {
  encodeEnvelopeComment,
  evaluateSignature,
  generateProfileKeyPair,
  readZipLayout,
  signZipWithEnvelope,
  type CodeSigningPolicy,
  type SignatureEnvelope,
  type TrustData,
} from '../src/index.ts';
import { evaluateSignatureWeb, readSignedZipWeb } from '../src/portable/index.ts';
import { JOB_ARN, OTHER_PROFILE_VERSION_ARN, PROFILE_VERSION_ARN, flipByte } from './format-fixtures.ts';

// The console checks packages with the portable verifier (WebCrypto, no Buffer); `toolkit verify`
// and Lambda with Node's crypto. Both must reach the same verdict, word for word, on every zip.
const keys = generateProfileKeyPair();
const signedAt = new Date('2025-03-01T10:00:00.000Z');
const deployAt = new Date('2025-04-01T00:00:00.000Z');
const unsigned = buildZip([
  { name: 'index.js', content: 'exports.handler = async () => "hello";\n' },
  { name: 'lib/ünïcode.js', content: 'module.exports = 1;\n' },
]);
const { zip: signed, envelope } = signZipWithEnvelope(unsigned, {
  privateKey: keys.privateKeyPem,
  profileVersionArn: PROFILE_VERSION_ARN,
  jobArn: JOB_ARN,
  signedAt,
  expiresAt: new Date('2025-09-01T10:00:00.000Z'),
});

function trust(revokedJobs: TrustData['revokedJobs'] = [], revokedEffectiveFrom: string | null = null): TrustData {
  return {
    profileVersions: [
      {
        profileVersionArn: PROFILE_VERSION_ARN,
        publicKeyPem: keys.publicKeyPem,
        status: revokedEffectiveFrom ? 'Revoked' : 'Active',
        revokedEffectiveFrom,
      },
    ],
    revokedJobs,
  };
}

function withEnvelope(zip: Buffer, forged: SignatureEnvelope): Buffer {
  const layout = readZipLayout(zip);
  const comment = encodeEnvelopeComment(forged);
  const length = Buffer.alloc(2);
  length.writeUInt16LE(comment.length);
  return Buffer.concat([zip.subarray(0, layout.commentLengthOffset), length, comment]);
}

const notDer = (() => {
  const der = Buffer.from(envelope.signature, 'base64');
  return withEnvelope(signed, { ...envelope, signature: Buffer.concat([der, Buffer.from([0])]).toString('base64') });
})();

const cases: { name: string; zip: Buffer; trust?: TrustData; allowed?: string[]; at?: Date }[] = [
  { name: 'valid', zip: signed },
  { name: 'tampered entry byte', zip: flipByte(signed, 35) },
  { name: 'trailing byte', zip: Buffer.concat([signed, Buffer.from([0])]) },
  { name: 'forged envelope field', zip: withEnvelope(signed, { ...envelope, expiresAt: '2099-01-01T00:00:00.000Z' }) },
  { name: 'signature bytes not DER', zip: notDer },
  { name: 'profile version unknown', zip: signed, trust: { profileVersions: [], revokedJobs: [] } },
  { name: 'publisher not allowed', zip: signed, allowed: [OTHER_PROFILE_VERSION_ARN] },
  { name: 'expired', zip: signed, at: new Date('2030-01-01T00:00:00.000Z') },
  { name: 'job revoked', zip: signed, trust: trust([{ jobArn: JOB_ARN, revokedAt: '2025-03-15T00:00:00.000Z' }]) },
  { name: 'profile version revoked', zip: signed, trust: trust([], '2025-02-01T00:00:00.000Z') },
  { name: 'unsigned', zip: unsigned },
  { name: 'not a zip', zip: Buffer.from('hello') },
  { name: 'empty', zip: Buffer.alloc(0) },
];

describe.each<CodeSigningPolicy>(['Warn', 'Enforce'])(
  'the WebCrypto verdict equals the Node one under %s',
  (policy) => {
    it.each(cases)('$name', async (row) => {
      const input = {
        zip: row.zip,
        allowedProfileVersionArns: row.allowed ?? [PROFILE_VERSION_ARN],
        policy,
        trust: row.trust ?? trust(),
        at: row.at ?? deployAt,
      };
      const web = await evaluateSignatureWeb({ ...input, zip: new Uint8Array(row.zip) });
      expect(web).toEqual(evaluateSignature(input));
    });
  },
);

describe('the portable verifier', () => {
  it('tells the verdicts apart (so the equality above compares different answers)', async () => {
    const base = { allowedProfileVersionArns: [PROFILE_VERSION_ARN], policy: 'Enforce' as const, trust: trust() };
    const verdicts = await Promise.all(
      cases.map((row) =>
        evaluateSignatureWeb({ ...base, trust: row.trust ?? trust(), zip: row.zip, at: row.at ?? deployAt }),
      ),
    );
    expect(verdicts[0]).toMatchObject({ verdict: 'accept', envelope });
    expect(new Set(verdicts.map((v) => v.reasons.join('|'))).size).toBeGreaterThan(8);
  });

  it('agrees with Node on single-byte changes all over a signed zip', async () => {
    const input = {
      allowedProfileVersionArns: [PROFILE_VERSION_ARN],
      policy: 'Warn' as const,
      trust: trust(),
      at: deployAt,
    };
    // Every 5th byte: entries, central directory, EOCD and envelope alike, in about two seconds.
    for (let index = 0; index < signed.length; index += 5) {
      const zip = flipByte(signed, index);
      const web = await evaluateSignatureWeb({ ...input, zip: new Uint8Array(zip) });
      expect(web, `byte ${index}`).toEqual(evaluateSignature({ ...input, zip }));
      expect(web.verdict, `byte ${index}`).toBe('reject');
    }
  });

  it('recomputes the digest the envelope carries', async () => {
    const contents = await readSignedZipWeb(new Uint8Array(signed));
    expect(contents).toEqual({ unsigned: false, envelope, digestHex: envelope.digest, digestMatches: true });
  });
});
