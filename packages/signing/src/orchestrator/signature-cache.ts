import { readFile } from 'node:fs/promises';
import { removeStaleTempFiles, writeFileAtomic } from '@toolkit/core';

/** A signature made earlier for an artifact version under a profile version. */
export interface CachedSignature {
  sha256: string;
  profileVersionArn: string;
  jobId: string;
  jobArn: string;
  signedObject: { bucket: string; key: string; versionId?: string; etag?: string };
  /** ISO-8601 UTC. */
  expiresAt: string;
}

/** The file format, one JSON document; entries sorted so the file diffs cleanly. */
export interface SignatureCacheFile {
  format: 'toolkit-signature-cache/1';
  entries: CachedSignature[];
}

const FORMAT = 'toolkit-signature-cache/1';

function entryKey(sha256: string, profileVersionArn: string): string {
  return `${sha256} ${profileVersionArn}`;
}

/**
 * Maps (artifact sha256, profile version ARN) to the signed object Signer made for it. Held in memory
 * while signing and written atomically with `save()`; an unreadable file starts empty with a warning.
 */
export class SignatureCache {
  readonly path: string | undefined;
  /** Problems met reading the file (it was then ignored). */
  readonly warnings: string[] = [];
  private readonly entries = new Map<string, CachedSignature>();

  constructor(path?: string, entries: readonly CachedSignature[] = []) {
    this.path = path;
    for (const entry of entries) this.set(entry);
  }

  /**
   * Reads the cache at `path`; a missing file is an empty cache, a corrupt one is empty plus a
   * warning. Temp files an interrupted save left beside it are removed once stale.
   */
  static async load(path: string): Promise<SignatureCache> {
    await removeStaleTempFiles(path);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new SignatureCache(path);
      throw error;
    }
    const cache = new SignatureCache(path);
    const parsed = parseCacheFile(text);
    if (typeof parsed === 'string') {
      cache.warnings.push(`${path}: ${parsed}; ignoring the signature cache and signing again`);
      return cache;
    }
    for (const entry of parsed.entries) cache.set(entry);
    if (parsed.skipped > 0)
      cache.warnings.push(`${path}: skipped ${parsed.skipped} malformed entr${parsed.skipped === 1 ? 'y' : 'ies'}`);
    return cache;
  }

  /** The cached signature for this artifact and profile version, if any. */
  get(sha256: string, profileVersionArn: string): CachedSignature | undefined {
    return this.entries.get(entryKey(sha256, profileVersionArn));
  }

  /** Records (or replaces) the signature for an artifact and profile version. */
  set(entry: CachedSignature): void {
    this.entries.set(entryKey(entry.sha256, entry.profileVersionArn), entry);
  }

  /** Forgets a signature that can no longer be used. */
  delete(sha256: string, profileVersionArn: string): void {
    this.entries.delete(entryKey(sha256, profileVersionArn));
  }

  /** Number of entries held. */
  get size(): number {
    return this.entries.size;
  }

  /** The file document, without signatures already expired at `now` (they can never be reused). */
  toFile(now: number = Date.now()): SignatureCacheFile {
    const live = [...this.entries.values()].filter((e) => Date.parse(e.expiresAt) > now);
    live.sort((a, b) => (a.sha256 + a.profileVersionArn < b.sha256 + b.profileVersionArn ? -1 : 1));
    return { format: FORMAT, entries: live };
  }

  /** Writes the cache atomically to its path (no-op for an in-memory cache). */
  async save(now: number = Date.now()): Promise<void> {
    if (this.path === undefined) return;
    await writeFileAtomic(this.path, `${JSON.stringify(this.toFile(now), null, 2)}\n`);
  }
}

/** Parses a cache file: its valid entries and how many were skipped, or why the whole file is unusable. */
export function parseCacheFile(text: string): { entries: CachedSignature[]; skipped: number } | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (!isRecord(doc) || doc.format !== FORMAT || !Array.isArray(doc.entries)) return `not a ${FORMAT} document`;
  const entries = doc.entries.filter(isCachedSignature);
  return { entries, skipped: doc.entries.length - entries.length };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCachedSignature(value: unknown): value is CachedSignature {
  if (!isRecord(value) || !isRecord(value.signedObject)) return false;
  const o = value.signedObject;
  const optionalString = (v: unknown): boolean => v === undefined || typeof v === 'string';
  return (
    typeof value.sha256 === 'string' &&
    typeof value.profileVersionArn === 'string' &&
    typeof value.jobId === 'string' &&
    typeof value.jobArn === 'string' &&
    typeof value.expiresAt === 'string' &&
    !Number.isNaN(Date.parse(value.expiresAt)) &&
    typeof o.bucket === 'string' &&
    typeof o.key === 'string' &&
    optionalString(o.versionId) &&
    optionalString(o.etag)
  );
}
