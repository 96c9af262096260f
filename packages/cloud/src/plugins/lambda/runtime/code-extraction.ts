import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { BlobStore } from '../../../state/blob-store.ts';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** One file of a deployment package, as its central directory describes it. */
interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  executable: boolean;
}

/**
 * Extracts deployed code (function and layer zips, by blob) into folders named by
 * the blob's SHA-256, once per cloud run: what runs is exactly the stored package.
 * Extraction goes to a temporary folder renamed into place, so a half-written tree is never used.
 */
export class CodeExtractor {
  readonly #root: string;
  readonly #blobs: BlobStore;
  readonly #pending = new Map<string, Promise<string>>();

  constructor(root: string, blobs: BlobStore) {
    this.#root = root;
    this.#blobs = blobs;
  }

  /** Empties the folder: the start-up permission sweep drops execute bits, so trees are rebuilt per run. */
  async reset(): Promise<void> {
    await rm(this.#root, { recursive: true, force: true });
    await mkdir(this.#root, { recursive: true, mode: 0o700 });
  }

  /** The folder holding the extracted blob, extracting it on first use. */
  extract(blob: string): Promise<string> {
    if (!/^[0-9a-f]{64}$/.test(blob)) return Promise.reject(new Error(`not a blob name: ${blob}`));
    let pending = this.#pending.get(blob);
    if (!pending) {
      pending = this.#extractOnce(blob);
      this.#pending.set(blob, pending);
      pending.catch(() => this.#pending.delete(blob));
    }
    return pending;
  }

  async #extractOnce(blob: string): Promise<string> {
    const target = join(this.#root, blob);
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      return target;
    const temp = join(this.#root, `.${blob}-${randomBytes(4).toString('hex')}`);
    try {
      await unzipInto(await readFile(this.#blobs.pathOf(blob)), temp);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { recursive: true, force: true });
      throw error;
    }
    return target;
  }
}

/** Writes every entry of `zip` under `dir`; names that could leave `dir` are refused. */
export async function unzipInto(zip: Buffer, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  for (const entry of centralEntries(zip)) {
    const path = join(dir, entry.name);
    if (entry.name.endsWith('/')) {
      await mkdir(path, { recursive: true, mode: 0o700 });
      continue;
    }
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, entryData(zip, entry), { mode: entry.executable ? 0o700 : 0o600, flag: 'wx' });
  }
}

function centralEntries(zip: Buffer): ZipEntry[] {
  const eocd = findEocd(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_HEADER_SIGNATURE)
      throw new Error(`the package's central directory entry ${index} is damaged`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    checkEntryName(name);
    const unixMode = zip.readUInt32LE(offset + 38) >>> 16;
    entries.push({
      name,
      method: zip.readUInt16LE(offset + 10),
      compressedSize: zip.readUInt32LE(offset + 20),
      size: zip.readUInt32LE(offset + 24),
      localOffset: zip.readUInt32LE(offset + 42),
      // Only the owner's execute bit matters: `bootstrap` and native helpers must stay runnable.
      executable: (unixMode & 0o100) !== 0,
    });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

function findEocd(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT - 1024);
  for (let offset = zip.length - EOCD_SIZE; offset >= lowest; offset--) {
    if (zip.readUInt32LE(offset) === EOCD_SIGNATURE) return offset;
  }
  throw new Error('the package is not a zip archive');
}

function entryData(zip: Buffer, entry: ZipEntry): Buffer {
  const at = entry.localOffset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL_HEADER_SIGNATURE)
    throw new Error(`the package's entry ${entry.name} has no local header`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const raw = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return raw;
  if (entry.method === 8) return inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
  throw new Error(`the package's entry ${entry.name} uses compression method ${entry.method}`);
}

/** Entry names stay inside the folder: relative, no `..`, no backslashes or control characters. */
function checkEntryName(name: string): void {
  const bad =
    name === '' ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    /[\\\x00-\x1f\x7f]/.test(name) ||
    name.split('/').some((segment) => segment === '..');
  if (bad) throw new Error(`the package holds an entry name that cannot be extracted: ${JSON.stringify(name)}`);
}
