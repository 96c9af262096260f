import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { judgeCachedSignature, type ObservedSignature } from '../src/orchestrator/cache-validation.ts';
import { parseCacheFile, SignatureCache, type CachedSignature } from '../src/orchestrator/signature-cache.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2025-01-01T00:00:00.000Z');
const ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/Prof/abcdefghij';

function entry(overrides: Partial<CachedSignature> = {}): CachedSignature {
  return {
    sha256: 'a'.repeat(64),
    profileVersionArn: ARN,
    jobId: '11111111-2222-4333-8444-555555555555',
    jobArn: 'arn:aws:signer:us-east-1:123456789012:/signing-jobs/11111111-2222-4333-8444-555555555555',
    signedObject: {
      bucket: 'dst',
      key: 'signed/11111111-2222-4333-8444-555555555555.zip',
      versionId: 'v1',
      etag: '"e1"',
    },
    expiresAt: new Date(NOW + 90 * DAY).toISOString(),
    ...overrides,
  };
}

const healthy: ObservedSignature = {
  object: { etag: '"e1"' },
  job: { status: 'Succeeded', revoked: false, expiresAt: new Date(NOW + 90 * DAY).toISOString() },
};
const dest = { bucket: 'dst', prefix: 'signed/' };

describe('SignatureCache file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sigcache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts empty when the file is missing and round-trips entries', async () => {
    const path = join(dir, '.toolkit', 'signatures.json');
    const cache = await SignatureCache.load(path);
    expect(cache.size).toBe(0);
    expect(cache.warnings).toEqual([]);
    cache.set(entry());
    cache.set(entry({ sha256: 'b'.repeat(64), signedObject: { bucket: 'dst', key: 'signed/x.zip' } }));
    await cache.save(NOW);
    const again = await SignatureCache.load(path);
    expect(again.size).toBe(2);
    expect(again.get('a'.repeat(64), ARN)).toEqual(entry());
    expect(again.get('a'.repeat(64), `${ARN}x`)).toBeUndefined();
    // atomic write leaves no temp files behind
    expect(await readdir(join(dir, '.toolkit'))).toEqual(['signatures.json']);
    const doc = JSON.parse(await readFile(path, 'utf8'));
    expect(doc.format).toBe('toolkit-signature-cache/1');
    expect(doc.entries.map((e: CachedSignature) => e.sha256)).toEqual(['a'.repeat(64), 'b'.repeat(64)]);
  });

  it('clears the empty temp file an interrupted save left, once stale, and keeps a fresh one', async () => {
    const path = join(dir, 'signatures.json');
    await new SignatureCache(path, [entry()]).save(NOW);
    const stale = join(dir, '.signatures.json.0a1b2c3d4e5f.tmp');
    const fresh = join(dir, '.signatures.json.f5e4d3c2b1a0.tmp');
    await writeFile(stale, '');
    await writeFile(fresh, '');
    const hourAgo = Date.now() / 1000 - 3600;
    await utimes(stale, hourAgo, hourAgo);
    const cache = await SignatureCache.load(path);
    expect(cache.get('a'.repeat(64), ARN)).toEqual(entry());
    expect((await readdir(dir)).sort()).toEqual(['.signatures.json.f5e4d3c2b1a0.tmp', 'signatures.json']);
  });

  it('drops already-expired signatures when saving, and deletes on request', async () => {
    const path = join(dir, 'signatures.json');
    const cache = new SignatureCache(path, [
      entry(),
      entry({ sha256: 'c'.repeat(64), expiresAt: new Date(NOW - 1).toISOString() }),
    ]);
    await cache.save(NOW);
    expect((await SignatureCache.load(path)).size).toBe(1);
    cache.delete('a'.repeat(64), ARN);
    await cache.save(NOW);
    expect((await SignatureCache.load(path)).size).toBe(0);
  });

  it('ignores a corrupt file with a warning, and skips malformed entries', async () => {
    const path = join(dir, 'signatures.json');
    await writeFile(path, '{not json');
    const corrupt = await SignatureCache.load(path);
    expect(corrupt.size).toBe(0);
    expect(corrupt.warnings[0]).toContain('not valid JSON');

    await writeFile(
      path,
      JSON.stringify({
        format: 'toolkit-signature-cache/1',
        entries: [entry(), { sha256: 1 }, { ...entry(), expiresAt: 'never' }],
      }),
    );
    const partial = await SignatureCache.load(path);
    expect(partial.size).toBe(1);
    expect(partial.warnings[0]).toContain('skipped 2 malformed entries');

    expect(parseCacheFile(JSON.stringify({ format: 'other', entries: [] }))).toBe(
      'not a toolkit-signature-cache/1 document',
    );
  });
});

describe('judgeCachedSignature', () => {
  const min = 30 * DAY;
  it('reuses a healthy signature, taking the expiry Signer reports', () => {
    const observed = { ...healthy, job: { ...healthy.job!, expiresAt: new Date(NOW + 60 * DAY).toISOString() } };
    expect(judgeCachedSignature(entry(), dest, NOW, min, observed)).toEqual({
      reuse: true,
      expiresAt: new Date(NOW + 60 * DAY).toISOString(),
    });
    expect(judgeCachedSignature(entry(), dest, NOW, min)).toMatchObject({ reuse: true });
  });
  it('re-signs when the signature expires within the minimum validity (before any network check)', () => {
    const soon = entry({ expiresAt: new Date(NOW + 29 * DAY).toISOString() });
    expect(judgeCachedSignature(soon, dest, NOW, min)).toMatchObject({
      reuse: false,
      reason: expect.stringContaining('minimum validity'),
    });
    const gone = entry({ expiresAt: new Date(NOW - DAY).toISOString() });
    expect(judgeCachedSignature(gone, dest, NOW, min)).toMatchObject({
      reuse: false,
      reason: expect.stringContaining('expired'),
    });
    expect(judgeCachedSignature(soon, dest, NOW, 28 * DAY)).toMatchObject({ reuse: true });
  });
  it('re-signs when Signer reports an earlier expiry than the cache', () => {
    const observed = { ...healthy, job: { ...healthy.job!, expiresAt: new Date(NOW + DAY).toISOString() } };
    expect(judgeCachedSignature(entry(), dest, NOW, min, observed)).toMatchObject({ reuse: false });
  });
  it('re-signs when the destination changed', () => {
    expect(judgeCachedSignature(entry(), { bucket: 'other', prefix: 'signed/' }, NOW, min)).toMatchObject({
      reuse: false,
      reason: 'destination changed',
    });
    expect(judgeCachedSignature(entry(), { bucket: 'dst', prefix: 'v2/' }, NOW, min)).toMatchObject({
      reuse: false,
      reason: 'destination changed',
    });
  });
  it('re-signs when the signed object is gone or overwritten', () => {
    expect(judgeCachedSignature(entry(), dest, NOW, min, { ...healthy, object: undefined })).toMatchObject({
      reuse: false,
      reason: 'signed object is gone',
    });
    expect(judgeCachedSignature(entry(), dest, NOW, min, { ...healthy, object: { etag: '"e2"' } })).toMatchObject({
      reuse: false,
      reason: 'signed object was overwritten',
    });
  });
  it('re-signs when the job is revoked, unknown or not Succeeded', () => {
    expect(
      judgeCachedSignature(entry(), dest, NOW, min, { ...healthy, job: { ...healthy.job!, revoked: true } }),
    ).toMatchObject({ reuse: false, reason: expect.stringContaining('revoked') });
    expect(judgeCachedSignature(entry(), dest, NOW, min, { ...healthy, job: undefined })).toMatchObject({
      reuse: false,
      reason: expect.stringContaining('unknown'),
    });
    expect(
      judgeCachedSignature(entry(), dest, NOW, min, { ...healthy, job: { ...healthy.job!, status: 'Failed' } }),
    ).toMatchObject({ reuse: false });
  });
});
