import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_MARKER,
  SignedPackageError,
  canonicalJson,
  generateProfileKeyPair,
  readSignedZip,
  readZipLayout,
  signZip,
  signZipWithEnvelope,
  signedPayload,
  verifySignedZip,
  type SignatureEnvelope,
} from '../src/index.ts';
import { JOB_ARN, PROFILE_VERSION_ARN, flipByte } from './format-fixtures.ts';
import { buildZip, derToPair, P384_ORDER, pairToDer, zipEntryNames } from '@toolkit/test-support';
import { messages } from '@toolkit/core';

const keys = generateProfileKeyPair();
const signedAt = new Date('2025-03-01T10:00:00.000Z');
const expiresAt = new Date('2026-03-01T10:00:00.000Z');
const options = {
  privateKey: keys.privateKeyPem,
  profileVersionArn: PROFILE_VERSION_ARN,
  jobArn: JOB_ARN,
  signedAt,
  expiresAt,
};
const unsignedZip = buildZip([
  { name: 'index.js', content: 'exports.handler = async () => "hello";\n' },
  { name: 'lib/util.js', content: 'module.exports = 42;\n' },
]);

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof SignedPackageError) return error.code;
    throw error;
  }
  return undefined;
}

/** `zip` with its comment replaced by an envelope written as `json` (any byte form, canonical or not). */
function withEnvelopeJson(zip: Buffer, json: string): Buffer {
  const layout = readZipLayout(zip);
  const comment = Buffer.from(SIGNATURE_MARKER + Buffer.from(json, 'utf8').toString('base64url'), 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16LE(comment.length);
  return Buffer.concat([zip.subarray(0, layout.commentLengthOffset), length, comment]);
}

function withEnvelope(zip: Buffer, envelope: SignatureEnvelope): Buffer {
  return withEnvelopeJson(zip, JSON.stringify(envelope));
}

describe('signZip', () => {
  it('keeps every byte before the comment-length field and appends the envelope as the EOCD comment', () => {
    const signed = signZip(unsignedZip, options);
    const layout = readZipLayout(unsignedZip);
    expect(
      signed.subarray(0, layout.commentLengthOffset).equals(unsignedZip.subarray(0, layout.commentLengthOffset)),
    ).toBe(true);
    const comment = readZipLayout(signed).comment.toString('latin1');
    expect(comment.startsWith(SIGNATURE_MARKER)).toBe(true);
    expect(comment.slice(SIGNATURE_MARKER.length)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(signed.length).toBe(layout.commentLengthOffset + 2 + comment.length);
  });

  it('writes an envelope with exactly the specified fields, signed over their canonical JSON', () => {
    const { zip, envelope } = signZipWithEnvelope(unsignedZip, options);
    const comment = readZipLayout(zip).comment.toString('latin1');
    const decoded = JSON.parse(
      Buffer.from(comment.slice(SIGNATURE_MARKER.length), 'base64url').toString('utf8'),
    ) as Record<string, string>;
    expect(decoded).toEqual(envelope);
    expect(Object.keys(decoded).sort()).toEqual([
      'digest',
      'digestAlgorithm',
      'expiresAt',
      'format',
      'jobArn',
      'platformId',
      'profileVersionArn',
      'signature',
      'signedAt',
    ]);
    expect(decoded).toMatchObject({
      format: 'toolkit-sig/1',
      platformId: 'AWSLambda-SHA384-ECDSA',
      digestAlgorithm: 'SHA-384',
      profileVersionArn: PROFILE_VERSION_ARN,
      jobArn: JOB_ARN,
      signedAt: '2025-03-01T10:00:00.000Z',
      expiresAt: '2026-03-01T10:00:00.000Z',
    });
    const { signature, ...rest } = decoded;
    const payload = `{${Object.keys(rest)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify(rest[k])}`)
      .join(',')}}`;
    expect(
      verify(
        'sha384',
        Buffer.from(payload),
        { key: createPublicKey(keys.publicKeyPem), dsaEncoding: 'der' },
        Buffer.from(signature as string, 'base64'),
      ),
    ).toBe(true);
  });

  it('accepts a KeyObject and leaves the zip readable by an ordinary zip reader', async () => {
    const signed = signZip(unsignedZip, { ...options, privateKey: createPrivateKey(keys.privateKeyPem) });
    expect(verifySignedZip(signed, keys.publicKeyPem).ok).toBe(true);
    expect(await zipEntryNames(signed)).toEqual(['index.js', 'lib/util.js']);
  });

  it('replaces a plain archive comment', () => {
    const commented = buildZip([{ name: 'a.txt', content: 'a' }], 'built by zip');
    expect(readSignedZip(commented).unsigned).toBe(true);
    expect(verifySignedZip(signZip(commented, options), keys.publicKeyPem).ok).toBe(true);
  });

  it('refuses empty, malformed and already signed zips with typed codes', () => {
    const zip = buildZip([{ name: 'a.txt', content: 'abc' }]);
    const layout = readZipLayout(zip);
    expect(codeOf(() => signZip(Buffer.alloc(0), options))).toBe(messages.ZipEmpty.code);
    expect(codeOf(() => signZip(buildZip([]), options))).toBe(messages.ZipEmpty.code);
    expect(codeOf(() => signZip(Buffer.from('not a zip at all, just some text'), options))).toBe(
      messages.ZipNoEocd.code,
    );
    expect(codeOf(() => signZip(Buffer.concat([zip, Buffer.from('x')]), options))).toBe(messages.ZipTrailingData.code);
    const badOffset = Buffer.from(zip);
    badOffset.writeUInt32LE(layout.centralDirectoryOffset + 1, layout.eocdOffset + 16);
    expect(codeOf(() => signZip(badOffset, options))).toBe(messages.ZipBadCentralDirectory.code);
    const badSize = Buffer.from(zip);
    badSize.writeUInt32LE(layout.centralDirectorySize - 1, layout.eocdOffset + 12);
    expect(codeOf(() => signZip(badSize, options))).toBe(messages.ZipBadCentralDirectory.code);
    expect(codeOf(() => signZip(flipByte(zip, layout.centralDirectoryOffset), options))).toBe(
      messages.ZipBadCentralDirectory.code,
    );
    expect(codeOf(() => signZip(flipByte(zip, 0), options))).toBe(messages.ZipBadCentralDirectory.code);
    expect(codeOf(() => signZip(signZip(zip, options), options))).toBe(messages.ZipAlreadySigned.code);
    expect(codeOf(() => signZip(zip, { ...options, expiresAt: signedAt }))).toBe(messages.SignatureBadOptions.code);
  });

  it('refuses ZIP64 and multi-disk archives clearly', () => {
    const zip = buildZip([{ name: 'a.txt', content: 'abc' }]);
    const { eocdOffset } = readZipLayout(zip);
    const zip64 = Buffer.from(zip);
    zip64.writeUInt32LE(0xffffffff, eocdOffset + 16);
    expect(codeOf(() => readZipLayout(zip64))).toBe(messages.Zip64Unsupported.code);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    const withLocator = Buffer.concat([zip.subarray(0, eocdOffset), locator, zip.subarray(eocdOffset)]);
    expect(codeOf(() => readZipLayout(withLocator))).toBe(messages.Zip64Unsupported.code);
    const multiDisk = Buffer.from(zip);
    multiDisk.writeUInt16LE(1, eocdOffset + 4);
    expect(codeOf(() => readZipLayout(multiDisk))).toBe(messages.ZipMultiDisk.code);
  });
});

describe('readSignedZip and verifySignedZip', () => {
  const { zip: signed, envelope } = signZipWithEnvelope(unsignedZip, options);

  it('returns the envelope and the recomputed digest', () => {
    const contents = readSignedZip(signed);
    expect(contents.unsigned).toBe(false);
    if (contents.unsigned) return;
    expect(contents.envelope).toEqual(envelope);
    expect(contents.digestHex).toBe(envelope.digest);
    expect(contents.digestMatches).toBe(true);
    expect(verifySignedZip(signed, keys.publicKeyPem)).toEqual({ ok: true, envelope, digestHex: envelope.digest });
  });

  it('reports an unsigned zip', () => {
    expect(readSignedZip(unsignedZip)).toMatchObject({ unsigned: true });
    expect(verifySignedZip(unsignedZip, keys.publicKeyPem)).toMatchObject({ ok: false, problem: 'unsigned' });
  });

  it('detects a changed entry byte by its digest', () => {
    const tampered = flipByte(signed, 40);
    expect(readSignedZip(tampered)).toMatchObject({ unsigned: false, digestMatches: false });
    expect(verifySignedZip(tampered, keys.publicKeyPem)).toMatchObject({ ok: false, problem: 'digest' });
  });

  it('detects a forged envelope field and a wrong key by the signature', () => {
    const forged = withEnvelope(signed, { ...envelope, expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(verifySignedZip(forged, keys.publicKeyPem)).toMatchObject({ ok: false, problem: 'signature' });
    expect(verifySignedZip(signed, generateProfileKeyPair().publicKeyPem)).toMatchObject({
      ok: false,
      problem: 'signature',
    });
  });

  it('refuses envelopes with extra or missing fields', () => {
    const extra = withEnvelope(signed, { ...envelope, note: 'x' } as SignatureEnvelope);
    expect(codeOf(() => readSignedZip(extra))).toBe(messages.SignatureBadEnvelope.code);
    const { jobArn: _jobArn, ...missing } = envelope;
    expect(codeOf(() => readSignedZip(withEnvelope(signed, missing as SignatureEnvelope)))).toBe(
      messages.SignatureBadEnvelope.code,
    );
  });

  it('treats a damaged marker as a bad envelope, not as an unsigned zip', () => {
    const { commentLengthOffset } = readZipLayout(signed);
    expect(codeOf(() => readSignedZip(flipByte(signed, commentLengthOffset + 2)))).toBe(
      messages.SignatureBadEnvelope.code,
    );
  });

  it('detects a change to any single byte of a signed zip', () => {
    const small = signZip(buildZip([{ name: 'a', content: 'b' }]), options);
    for (let index = 0; index < small.length; index++) {
      for (const mask of [0x01, 0x80]) {
        expect(verifySignedZip(flipByte(small, index, mask), keys.publicKeyPem).ok, `byte ${index} ^ ${mask}`).toBe(
          false,
        );
      }
    }
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: 'x', c: [2, { f: null, e: 'é' }] } })).toBe(
      '{"a":{"c":[2,{"e":"é","f":null}],"d":"x"},"b":1}',
    );
  });
});

describe('generateProfileKeyPair', () => {
  it('makes distinct P-384 key pairs', () => {
    const other = generateProfileKeyPair();
    expect(createPublicKey(other.publicKeyPem).asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(other.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(other.publicKeyPem).not.toBe(keys.publicKeyPem);
  });
});

describe('the envelope has exactly one valid byte form', () => {
  const { zip: signed, envelope } = signZipWithEnvelope(unsignedZip, options);
  const canonical = JSON.stringify(envelope);

  it('accepts the form signZip writes', () => {
    expect(verifySignedZip(withEnvelopeJson(signed, canonical), keys.publicKeyPem).ok).toBe(true);
  });

  it.each([
    [
      'reordered keys',
      JSON.stringify(Object.fromEntries(Object.entries(envelope).sort(([a], [b]) => a.localeCompare(b)))),
    ],
    ['whitespace', JSON.stringify(envelope, null, 1)],
    ['a trailing newline', `${canonical}\n`],
    ['an escaped key', canonical.replace('"digest":', '"\\u0064igest":')],
    [
      'a needless escape in a value',
      canonical.replace(/"jobArn":"([^"]*)"/, (_m, arn: string) => `"jobArn":"${arn.replaceAll('/', '\\/')}"`),
    ],
    [
      'a fake digest before the real one (last key wins in JSON.parse)',
      canonical.replace('{', `{"digest":"${'0'.repeat(96)}",`),
    ],
    ['the real digest twice', canonical.replace('{', `{"digest":"${envelope.digest}",`)],
  ])('refuses %s', (_label, json) => {
    expect(json).not.toBe(canonical);
    const variant = withEnvelopeJson(signed, json);
    expect(codeOf(() => readSignedZip(variant))).toBe(messages.SignatureBadEnvelope.code);
    expect(verifySignedZip(variant, keys.publicKeyPem)).toMatchObject({ ok: false, problem: 'malformed' });
  });

  it('signs with a low S and refuses the high-S twin of a valid signature', () => {
    for (let round = 0; round < 8; round++) {
      const fresh = signZipWithEnvelope(unsignedZip, options).envelope;
      const { r, s } = derToPair(Buffer.from(fresh.signature, 'base64'));
      expect(s <= P384_ORDER / 2n).toBe(true);
      const highS = pairToDer(r, P384_ORDER - s);
      // The twin is a valid ECDSA signature: only the low-S rule tells them apart.
      expect(
        verify('sha384', signedPayload(fresh), { key: createPublicKey(keys.publicKeyPem), dsaEncoding: 'der' }, highS),
      ).toBe(true);
      const twin = withEnvelope(signed, { ...fresh, signature: highS.toString('base64') });
      expect(verifySignedZip(twin, keys.publicKeyPem).ok).toBe(false);
      expect(codeOf(() => readSignedZip(twin))).toBe(messages.SignatureBadEnvelope.code);
    }
  });
});

describe('zip entry names', () => {
  function zipWithLocalName(central: string, local: string): Buffer {
    const zip = buildZip([{ name: central, content: 'x' }]);
    expect(Buffer.byteLength(local)).toBe(Buffer.byteLength(central));
    Buffer.from(local, 'utf8').copy(zip, 30);
    return zip;
  }

  it.each([
    [
      'a local header name that differs from the central one',
      zipWithLocalName('index.js', 'evil.js!'),
      /differs from the name in its local file header/,
    ],
    [
      'a duplicate name',
      buildZip([
        { name: 'index.js', content: 'a' },
        { name: 'index.js', content: 'b' },
      ]),
      /"index.js" appears twice/,
    ],
    ['an absolute path', buildZip([{ name: '/etc/passwd', content: 'a' }]), /"\/etc\/passwd" is an absolute path/],
    ['a drive letter', buildZip([{ name: 'C:/evil.js', content: 'a' }]), /absolute path/],
    ['a .. segment', buildZip([{ name: 'lib/../../evil.js', content: 'a' }]), /"\.\."/],
    ['a backslash', buildZip([{ name: '..\\..\\evil.js', content: 'a' }]), /backslash/],
    ['a newline', buildZip([{ name: 'evil\n.js', content: 'a' }]), /control character/],
    ['an empty name', buildZip([{ name: '', content: 'a' }]), /is empty/],
  ])('refuses %s, naming the entry', (_label, zip, message) => {
    expect(codeOf(() => readZipLayout(zip))).toBe(messages.ZipBadEntryName.code);
    expect(() => signZip(zip, options)).toThrow(message);
  });

  it('accepts ordinary nested names and folders', () => {
    const zip = buildZip([
      { name: 'lib/', content: '' },
      { name: 'lib/a..b.js', content: 'a' },
      { name: 'node_modules/@scope/x/index.js', content: 'b' },
    ]);
    expect(verifySignedZip(signZip(zip, options), keys.publicKeyPem).ok).toBe(true);
  });
});
