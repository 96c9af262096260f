import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_MARKER,
  SignedPackageError,
  evaluateSignature,
  generateProfileKeyPair,
  readSignedZip,
  readZipLayout,
  signZipWithEnvelope,
  verifySignedZip,
  type TrustData,
} from '../src/index.ts';
import { JOB_ARN, PROFILE_VERSION_ARN } from './format-fixtures.ts';
import { buildZip } from '@toolkit/test-support';

// Property tests over the zip reader and the envelope parser: whatever a mutation does to a
// valid signed zip, reading it ends in a result or a SignedPackageError (never another
// exception) and the mutated zip is never accepted. Runs are bounded to keep this a few seconds.
const RUNS = 300;

const keys = generateProfileKeyPair();
const { zip: signed, envelope } = signZipWithEnvelope(
  buildZip([
    { name: 'index.js', content: 'exports.handler = async () => "fuzz";\n' },
    { name: 'lib/', content: '' },
    { name: 'lib/util.js', content: 'module.exports = 1;\n' },
  ]),
  {
    privateKey: keys.privateKeyPem,
    profileVersionArn: PROFILE_VERSION_ARN,
    jobArn: JOB_ARN,
    signedAt: new Date('2025-03-01T10:00:00.000Z'),
    expiresAt: new Date('2035-03-01T10:00:00.000Z'),
  },
);
const trust: TrustData = {
  profileVersions: [
    {
      profileVersionArn: PROFILE_VERSION_ARN,
      publicKeyPem: keys.publicKeyPem,
      status: 'Active',
      revokedEffectiveFrom: null,
    },
  ],
  revokedJobs: [],
};
const canonicalJson = JSON.stringify(envelope);

/** Reading never throws anything but a typed error, and the zip is accepted by no check. */
function expectNeverAccepted(zip: Buffer): void {
  try {
    readSignedZip(zip);
  } catch (error) {
    if (!(error instanceof SignedPackageError)) throw error;
  }
  expect(verifySignedZip(zip, keys.publicKeyPem).ok).toBe(false);
  const verdict = evaluateSignature({
    zip,
    allowedProfileVersionArns: [PROFILE_VERSION_ARN],
    policy: 'Enforce',
    trust,
    at: new Date('2026-01-01T00:00:00.000Z'),
  });
  expect(verdict.verdict).toBe('reject');
}

type ByteMutation =
  | { kind: 'xor'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array };

const position = fc.nat({ max: 1_000_000 });
const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({ kind: fc.constant('xor' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: position,
    bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
);

function applyBytes(zip: Buffer, mutation: ByteMutation): Buffer {
  const at = 'at' in mutation ? mutation.at % (zip.length + 1) : zip.length;
  switch (mutation.kind) {
    case 'xor': {
      const copy = Buffer.from(zip);
      const index = at % zip.length;
      copy[index] = (copy[index] as number) ^ mutation.mask;
      return copy;
    }
    case 'insert':
      return Buffer.concat([zip.subarray(0, at), mutation.bytes, zip.subarray(at)]);
    case 'delete':
      return Buffer.concat([zip.subarray(0, at), zip.subarray(at + mutation.count)]);
    case 'truncate':
      return zip.subarray(0, Math.min(at, zip.length - 1));
    case 'append':
      return Buffer.concat([zip, mutation.bytes]);
  }
}

/** `signed` with its envelope replaced by `json`, well encoded, so the parser itself is what is tested. */
function withEnvelopeJson(json: string): Buffer {
  const layout = readZipLayout(signed);
  const comment = Buffer.from(SIGNATURE_MARKER + Buffer.from(json, 'utf8').toString('base64url'), 'latin1');
  const length = Buffer.alloc(2);
  length.writeUInt16LE(comment.length);
  return Buffer.concat([signed.subarray(0, layout.commentLengthOffset), length, comment]);
}

const fields = Object.keys(envelope) as (keyof typeof envelope)[];
type TextMutation =
  | { kind: 'whitespace'; at: number; text: string }
  | { kind: 'escape'; at: number }
  | { kind: 'replace'; at: number; char: string }
  | { kind: 'duplicate'; field: number; fake: boolean; at: number }
  | { kind: 'swap'; a: number; b: number };

const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  fc.record({
    kind: fc.constant('whitespace' as const),
    at: position,
    text: fc.constantFrom(' ', '\n', '\t', '\r', '  '),
  }),
  fc.record({ kind: fc.constant('escape' as const), at: position }),
  fc.record({
    kind: fc.constant('replace' as const),
    at: position,
    char: fc.string({ minLength: 1, maxLength: 1, unit: 'binary' }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    field: fc.nat({ max: fields.length - 1 }),
    fake: fc.boolean(),
    at: fc.nat({ max: fields.length }),
  }),
  fc.record({
    kind: fc.constant('swap' as const),
    a: fc.nat({ max: fields.length - 1 }),
    b: fc.nat({ max: fields.length - 1 }),
  }),
);

function applyText(json: string, mutation: TextMutation): string {
  switch (mutation.kind) {
    case 'whitespace': {
      const at = mutation.at % (json.length + 1);
      return json.slice(0, at) + mutation.text + json.slice(at);
    }
    case 'escape': {
      // \uXXXX in place of one character inside a string: the same value, another byte form.
      const at = mutation.at % json.length;
      const char = json.charAt(at);
      if (char === '"' || char === '\\' || char === ':' || char === ',' || char === '{' || char === '}') return json;
      return `${json.slice(0, at)}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}${json.slice(at + 1)}`;
    }
    case 'replace': {
      const at = mutation.at % json.length;
      return json.slice(0, at) + mutation.char + json.slice(at + 1);
    }
    case 'duplicate': {
      const field = fields[mutation.field] as string;
      const value = mutation.fake
        ? `${String(envelope[field as keyof typeof envelope]).slice(0, -1)}0`
        : envelope[field as keyof typeof envelope];
      const members = fields.map((f) => `${JSON.stringify(f)}:${JSON.stringify(envelope[f])}`);
      members.splice(mutation.at, 0, `${JSON.stringify(field)}:${JSON.stringify(value)}`);
      return `{${members.join(',')}}`;
    }
    case 'swap': {
      const order = [...fields];
      [order[mutation.a], order[mutation.b]] = [
        order[mutation.b] as keyof typeof envelope,
        order[mutation.a] as keyof typeof envelope,
      ];
      return `{${order.map((f) => `${JSON.stringify(f)}:${JSON.stringify(envelope[f])}`).join(',')}}`;
    }
  }
}

describe('signed zip reader and envelope parser under random mutation', () => {
  it('the unmutated zip and envelope are accepted (so rejections below are the mutations)', () => {
    expect(verifySignedZip(withEnvelopeJson(canonicalJson), keys.publicKeyPem).ok).toBe(true);
  });

  it('never crashes and never accepts a zip with mutated bytes', () => {
    fc.assert(
      fc.property(fc.array(byteMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const zip = mutations.reduce(applyBytes, signed);
        fc.pre(!zip.equals(signed));
        expectNeverAccepted(zip);
      }),
      { numRuns: RUNS },
    );
  });

  it('never crashes and never accepts an envelope in any other byte form or with other content', () => {
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const json = mutations.reduce(applyText, canonicalJson);
        fc.pre(json !== canonicalJson);
        expectNeverAccepted(withEnvelopeJson(json));
      }),
      { numRuns: RUNS },
    );
  });
});
