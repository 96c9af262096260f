import { describe, expect, it } from 'vitest';
import {
  encodeEnvelopeComment,
  evaluateSignature,
  generateProfileKeyPair,
  lambdaErrorCodeFor,
  parseTrustData,
  readZipLayout,
  signZipWithEnvelope,
  type CodeSigningPolicy,
  type SignatureEnvelope,
  type TrustData,
  type Verdict,
} from '../src/index.ts';
import { JOB_ARN, OTHER_PROFILE_VERSION_ARN, PROFILE_VERSION_ARN, flipByte } from './format-fixtures.ts';
import { buildZip } from '@toolkit/test-support';

const keys = generateProfileKeyPair();
const signedAt = new Date('2025-03-01T10:00:00.000Z');
const expiresAt = new Date('2025-09-01T10:00:00.000Z');
const deployAt = new Date('2025-04-01T00:00:00.000Z');
const unsigned = buildZip([
  { name: 'index.js', content: 'exports.handler = async () => "hello";\n' },
  { name: 'package.json', content: '{"name":"fn"}\n' },
]);
const { zip: signed, envelope } = signZipWithEnvelope(unsigned, {
  privateKey: keys.privateKeyPem,
  profileVersionArn: PROFILE_VERSION_ARN,
  jobArn: JOB_ARN,
  signedAt,
  expiresAt,
});

function trust(
  overrides: Partial<TrustData['profileVersions'][number]> = {},
  revokedJobs: TrustData['revokedJobs'] = [],
): TrustData {
  return {
    exportedAt: '2025-04-01T00:00:00.000Z',
    profileVersions: [
      {
        profileVersionArn: PROFILE_VERSION_ARN,
        publicKeyPem: keys.publicKeyPem,
        status: 'Active',
        revokedEffectiveFrom: null,
        ...overrides,
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

interface Row {
  name: string;
  zip: Buffer;
  failure: Verdict['failure'];
  trust?: TrustData;
  allowed?: string[];
  at?: Date;
  failedCheck?: keyof Verdict['checks'];
}

const centralDirectoryByte = readZipLayout(signed).centralDirectoryOffset + 20;
const rows: Row[] = [
  { name: 'valid signature', zip: signed, failure: null },
  { name: 'tampered entry byte', zip: flipByte(signed, 35), failure: 'integrity', failedCheck: 'integrity' },
  {
    name: 'tampered central directory',
    zip: flipByte(signed, centralDirectoryByte),
    failure: 'integrity',
    failedCheck: 'integrity',
  },
  {
    name: 'trailing bytes',
    zip: Buffer.concat([signed, Buffer.from([0])]),
    failure: 'integrity',
    failedCheck: 'integrity',
  },
  {
    name: 'forged envelope field',
    zip: withEnvelope(signed, { ...envelope, expiresAt: '2099-01-01T00:00:00.000Z' }),
    failure: 'integrity',
    failedCheck: 'signature',
  },
  {
    name: 'profile version unknown to the trust data',
    zip: signed,
    trust: { profileVersions: [], revokedJobs: [] },
    failure: 'integrity',
    failedCheck: 'signature',
  },
  {
    name: 'profile not allowed',
    zip: signed,
    allowed: [OTHER_PROFILE_VERSION_ARN],
    failure: 'mismatch',
    failedCheck: 'publisher',
  },
  { name: 'expired', zip: signed, at: new Date('2025-09-01T10:00:00.001Z'), failure: 'expired', failedCheck: 'expiry' },
  {
    name: 'job revoked',
    zip: signed,
    trust: trust({}, [{ jobArn: JOB_ARN, revokedAt: '2025-03-15T00:00:00.000Z' }]),
    failure: 'revoked',
    failedCheck: 'revocation',
  },
  {
    name: 'profile revoked effective before signing',
    zip: signed,
    trust: trust({ status: 'Revoked', revokedEffectiveFrom: '2025-02-01T00:00:00.000Z' }),
    failure: 'revoked',
    failedCheck: 'revocation',
  },
  {
    name: 'profile revoked effective at the signing time',
    zip: signed,
    trust: trust({ status: 'Revoked', revokedEffectiveFrom: signedAt.toISOString() }),
    failure: 'revoked',
    failedCheck: 'revocation',
  },
  {
    name: 'profile revoked effective after signing',
    zip: signed,
    trust: trust({ status: 'Revoked', revokedEffectiveFrom: '2025-03-02T00:00:00.000Z' }),
    failure: null,
  },
  { name: 'profile canceled after signing', zip: signed, trust: trust({ status: 'Canceled' }), failure: null },
  { name: 'unsigned', zip: unsigned, failure: 'unsigned' },
];

describe.each<CodeSigningPolicy>(['Warn', 'Enforce'])('evaluateSignature under %s', (policy) => {
  it.each(rows)('$name', (row) => {
    const verdict = evaluateSignature({
      zip: row.zip,
      allowedProfileVersionArns: row.allowed ?? [PROFILE_VERSION_ARN],
      policy,
      trust: row.trust ?? trust(),
      at: row.at ?? deployAt,
    });
    expect(verdict.failure).toBe(row.failure);
    const expected =
      row.failure === null ? 'accept' : row.failure === 'integrity' || policy === 'Enforce' ? 'reject' : 'warn';
    expect(verdict.verdict).toBe(expected);
    if (row.failure === null) {
      expect(verdict.reasons).toEqual([]);
      expect(Object.values(verdict.checks).every((c) => c === 'pass')).toBe(true);
      expect(verdict.envelope).toEqual(envelope);
    } else {
      expect(verdict.reasons.length).toBeGreaterThan(0);
    }
    if (row.failedCheck) expect(verdict.checks[row.failedCheck]).toBe('fail');
    if (row.failure === 'integrity')
      expect(verdict.checks).toMatchObject({ publisher: 'skip', expiry: 'skip', revocation: 'skip' });
    expect(lambdaErrorCodeFor(verdict)).toBe(
      expected !== 'reject'
        ? null
        : row.failure === 'integrity'
          ? 'InvalidCodeSignatureException'
          : 'CodeVerificationFailedException',
    );
  });
});

describe('evaluateSignature details', () => {
  const base = { allowedProfileVersionArns: [PROFILE_VERSION_ARN], policy: 'Warn' as const, at: deployAt };

  it('says why when the key cannot be found', () => {
    const verdict = evaluateSignature({ ...base, zip: signed, trust: { profileVersions: [], revokedJobs: [] } });
    expect(verdict.reasons.join()).toContain('unknown to the trust data');
  });

  it('reports every failed policy check but names the first in order', () => {
    const verdict = evaluateSignature({
      ...base,
      zip: signed,
      allowedProfileVersionArns: [OTHER_PROFILE_VERSION_ARN],
      trust: trust({}, [{ jobArn: JOB_ARN, revokedAt: '2025-03-15T00:00:00.000Z' }]),
      at: new Date('2030-01-01T00:00:00.000Z'),
    });
    expect(verdict.failure).toBe('mismatch');
    expect(verdict.checks).toMatchObject({ publisher: 'fail', expiry: 'fail', revocation: 'fail' });
    expect(verdict.reasons).toHaveLength(3);
  });

  it('accepts at exactly the expiry instant', () => {
    expect(evaluateSignature({ ...base, zip: signed, trust: trust(), at: expiresAt }).verdict).toBe('accept');
  });

  it('checks the signature with the key of the envelope’s own profile version', () => {
    const impostor = generateProfileKeyPair();
    const forged = signZipWithEnvelope(unsigned, {
      privateKey: impostor.privateKeyPem,
      profileVersionArn: PROFILE_VERSION_ARN,
      jobArn: JOB_ARN,
      signedAt,
      expiresAt,
    }).zip;
    expect(evaluateSignature({ ...base, zip: forged, trust: trust() })).toMatchObject({
      verdict: 'reject',
      failure: 'integrity',
    });
  });
});

describe('parseTrustData', () => {
  it('round-trips a trust file and names a bad field', () => {
    const data = trust({ status: 'Revoked', revokedEffectiveFrom: '2025-02-01T00:00:00.000Z' }, [
      { jobArn: JOB_ARN, revokedAt: '2025-03-15T00:00:00.000Z' },
    ]);
    expect(parseTrustData(JSON.stringify(data))).toEqual(data);
    expect(() => parseTrustData(JSON.stringify({ ...data, revokedJobs: [{ jobArn: JOB_ARN }] }))).toThrow(
      /revokedJobs\[0\]\.revokedAt/,
    );
    expect(() =>
      parseTrustData(
        JSON.stringify({ profileVersions: [{ ...data.profileVersions[0], status: 'Gone' }], revokedJobs: [] }),
      ),
    ).toThrow(/status/);
  });
});
