import { readSync } from 'node:fs';
import { pieceReusable, type PieceMap } from './deflate-pieces.ts';
import type { HashingSink, ReadAt } from './hashing-sink.ts';

const LOCAL_HEADER_BYTES = 30;
/** What a read past the end of an earlier zip says. */
export const SHORT_PREVIOUS_ZIP = 'the previous zip is shorter than its central directory says';

/** Synchronous reads of an earlier zip, for the sink to copy from: on a build worker a trip through libuv's pool only adds wake-ups. */
export function readsOf(fd: number): ReadAt {
  return (into, offset, length, position) => readSync(fd, into, offset, length, position);
}

/**
 * The compressed pieces of a large entry of an earlier zip, read synchronously on the
 * build worker that deflates the file's new content (its thread does nothing else).
 */
export class PieceSource {
  /** Where each piece starts, relative to the entry's data. */
  private readonly offsets: number[] = [];
  private dataStart: number | undefined;

  constructor(
    private readonly fd: number,
    /** The entry's local header offset in the zip. */
    private readonly entry: { start: number },
    readonly map: PieceMap,
  ) {
    let at = 0;
    for (const length of map.lengths) {
      this.offsets.push(at);
      at += length;
    }
  }

  /** True when piece `index` of the file now (see {@link pieceReusable}) is this entry's piece `index`. */
  reusable(level: number, index: number, digest: string, before: string | undefined): boolean {
    return pieceReusable(this.map, level, index, digest, before);
  }

  /** Copies the compressed bytes of piece `index` into the sink (no buffer of their own); gives their length. */
  async copyTo(index: number, sink: HashingSink): Promise<number> {
    const length = this.map.lengths[index] as number;
    await sink.copyFrom(readsOf(this.fd), this.start() + (this.offsets[index] as number), length, SHORT_PREVIOUS_ZIP);
    return length;
  }

  /** Where the entry's data starts: after its local header, whose name and extra field lengths it gives. */
  private start(): number {
    if (this.dataStart === undefined) {
      const header = Buffer.alloc(LOCAL_HEADER_BYTES);
      readFully(this.fd, header, this.entry.start);
      if (header.readUInt32LE(0) !== 0x04034b50) throw new Error('the previous zip has no local header where expected');
      this.dataStart = this.entry.start + LOCAL_HEADER_BYTES + header.readUInt16LE(26) + header.readUInt16LE(28);
    }
    return this.dataStart;
  }
}

function readFully(fd: number, into: Buffer, position: number): void {
  for (let filled = 0; filled < into.length;) {
    const n = readSync(fd, into, filled, into.length - filled, position + filled);
    if (n === 0) throw new Error(SHORT_PREVIOUS_ZIP);
    filled += n;
  }
}
