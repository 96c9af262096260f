import { describe, expect, it } from 'vitest';
import { deriveClientRequestToken, type TokenInput } from '../src/orchestrator/client-request-token.ts';

const base: TokenInput = {
  sha256: 'a'.repeat(64),
  profileVersionArn: 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/Prof/abcdefghij',
  source: { bucket: 'src', key: 'p/aaa.zip', versionId: 'v1' },
  destination: { bucket: 'dst', prefix: 'signed/' },
};

describe('deriveClientRequestToken', () => {
  it('is deterministic and UUID-shaped (36 chars, version 5, RFC variant)', () => {
    const token = deriveClientRequestToken(base);
    expect(
      deriveClientRequestToken({ ...base, source: { ...base.source }, destination: { ...base.destination } }),
    ).toBe(token);
    expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(token).toHaveLength(36);
  });

  it('changes when any identifying input changes', () => {
    const variants: TokenInput[] = [
      { ...base, sha256: 'b'.repeat(64) },
      { ...base, profileVersionArn: `${base.profileVersionArn.slice(0, -1)}k` },
      { ...base, source: { ...base.source, versionId: 'v2' } },
      { ...base, source: { ...base.source, bucket: 'src2' } },
      { ...base, source: { ...base.source, key: 'q/aaa.zip' } },
      { ...base, destination: { ...base.destination, bucket: 'dst2' } },
      { ...base, destination: { ...base.destination, prefix: 'other/' } },
      { ...base, supersedes: '11111111-2222-4333-8444-555555555555' },
    ];
    const tokens = new Set([base, ...variants].map(deriveClientRequestToken));
    expect(tokens.size).toBe(variants.length + 1);
  });

  it('does not collide when fields shift across boundaries', () => {
    const a = deriveClientRequestToken({ ...base, source: { bucket: 'ab', key: 'c', versionId: 'v' } });
    const b = deriveClientRequestToken({ ...base, source: { bucket: 'a', key: 'bc', versionId: 'v' } });
    expect(a).not.toBe(b);
  });
});
