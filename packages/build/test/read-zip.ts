import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import yauzl from 'yauzl';

/** One entry as an independent reader (yauzl) sees it, plus its local header's extra length. */
export interface ReadEntry {
  name: string;
  content: Buffer;
  dosTime: number;
  dosDate: number;
  unixMode: number;
  madeByOs: number;
  method: number;
  centralExtraLength: number;
  localExtraLength: number;
}

/** Reads every entry of the zip at `path` with yauzl, in archive order. */
export function readZip(path: string): Promise<ReadEntry[]> {
  const raw = readFileSync(path);
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      const entries: ReadEntry[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError || !stream) return reject(streamError);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.push({
              name: entry.fileName,
              content: Buffer.concat(chunks),
              dosTime: entry.lastModFileTime,
              dosDate: entry.lastModFileDate,
              unixMode: (entry.externalFileAttributes >>> 16) & 0o7777,
              madeByOs: entry.versionMadeBy >> 8,
              method: entry.compressionMethod,
              centralExtraLength: entry.extraFieldLength,
              localExtraLength: raw.readUInt16LE(entry.relativeOffsetOfLocalHeader + 28),
            });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** True when Info-ZIP's `unzip` is on this machine. */
export function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
