import {
  centralHeaderSize,
  dataDescriptor,
  endOfCentralDirectory,
  localHeader,
  writeCentralHeader,
  ZIP32_LIMIT,
  type CentralRecord,
} from './zip-format.ts';
import type { HashingSink } from './hashing-sink.ts';

/** An entry's name and normalised mode (0o644 or 0o755). */
export interface EntryHeader {
  nameBytes: Buffer;
  mode: number;
}

/** Entry data compressed in memory: sizes and CRC are known before the header is written. */
export interface BufferedData {
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

/** What streaming an entry's data reported once done. */
export interface StreamedResult {
  crc: number;
  size: number;
  compressedSize: number;
}

/** What the central directory records about an entry copied from an earlier zip. */
export type CopiedEntry = Pick<CentralRecord, 'method' | 'crc' | 'size' | 'compressedSize' | 'dataDescriptor'>;

/** Streamed entries this close to 4 GiB get ZIP64 descriptors: deflate may grow incompressible data a little. */
const ZIP64_STREAM_THRESHOLD = ZIP32_LIMIT - (1 << 24);

/** Writes zip entries in the order given, then the central directory. Holds no timestamps or owners. */
export class ZipWriter {
  private readonly records: CentralRecord[] = [];

  constructor(private readonly sink: HashingSink) {}

  /** Adds an entry whose compressed bytes are already in memory (no data descriptor). */
  async addBuffered(header: EntryHeader, data: BufferedData): Promise<void> {
    const record: CentralRecord = {
      ...header,
      method: data.method,
      crc: data.crc,
      size: data.size,
      compressedSize: data.data.length,
      offset: this.sink.offset,
      dataDescriptor: false,
      zip64Local: false,
    };
    await this.sink.write(localHeader(record));
    await this.sink.write(data.data);
    this.records.push(record);
  }

  /**
   * Adds entries copied whole (local header, data, descriptor) from an earlier zip, where
   * they lie one after another, by one `copy` of their bytes; `entries` give what the central directory records about each and where
   * it starts in the earlier zip, relative to the first.
   */
  async addCopiedRun(
    entries: ReadonlyArray<{ header: EntryHeader; entry: CopiedEntry; at: number }>,
    copy: (sink: HashingSink) => Promise<void>,
  ): Promise<void> {
    const offset = this.sink.offset;
    await copy(this.sink);
    for (const { header, entry, at } of entries)
      this.records.push({
        nameBytes: header.nameBytes,
        mode: header.mode,
        method: entry.method,
        crc: entry.crc,
        size: entry.size,
        compressedSize: entry.compressedSize,
        dataDescriptor: entry.dataDescriptor,
        offset: offset + at,
        zip64Local: false,
      });
  }

  /**
   * Adds an entry whose data `writeData` streams into the sink; its CRC and sizes
   * follow in a data descriptor. `expectedSize` (from stat) picks the descriptor width.
   */
  async addStreamed(
    header: EntryHeader,
    method: number,
    expectedSize: number,
    writeData: (sink: HashingSink) => Promise<StreamedResult>,
  ): Promise<void> {
    const zip64Local = expectedSize >= ZIP64_STREAM_THRESHOLD;
    const offset = this.sink.offset;
    const partial = { ...header, method, crc: 0, size: 0, compressedSize: 0, dataDescriptor: true, zip64Local };
    await this.sink.write(localHeader(partial));
    const result = await writeData(this.sink);
    await this.sink.write(dataDescriptor(result.crc, result.compressedSize, result.size, zip64Local));
    this.records.push({ ...partial, ...result, offset });
  }

  /** Writes the central directory and end records; returns the archive's digest, size and entry count. */
  async finish(): Promise<{ sha256: string; size: number; entries: number }> {
    const centralOffset = this.sink.offset;
    // One buffer for the whole directory: a buffer per entry cost more than writing it.
    let centralSize = 0;
    for (const record of this.records) centralSize += centralHeaderSize(record);
    const central = Buffer.allocUnsafe(centralSize);
    let at = 0;
    for (const record of this.records) at += writeCentralHeader(record, central, at);
    await this.sink.write(central);
    await this.sink.write(endOfCentralDirectory(this.records.length, centralSize, centralOffset));
    const { sha256, size } = await this.sink.finish();
    return { sha256, size, entries: this.records.length };
  }
}
