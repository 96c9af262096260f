import { crc32 } from 'node:zlib';
import { UserInputError, messages } from '@toolkit/core';
import { entryNameProblem } from './entry-name.ts';
import { centralHeader, endOfCentralDirectory, localHeader, METHOD_STORE, type CentralRecord } from './zip-format.ts';

/** A file to put in a small in-memory zip. */
export interface InMemoryEntry {
  name: string;
  data: Buffer;
  /** 0o644 (the default) or 0o755. */
  mode?: number;
}

/**
 * A small zip built in memory with the same records as `zipDirectory` (fixed timestamps,
 * Unix modes), entries stored in the order given: for a few KB of generated source,
 * such as CloudFormation's inline `ZipFile` code. Unsafe entry names (absolute, `..`,
 * backslashes, control characters) are a UserInputError.
 */
export function zipInMemory(entries: readonly InMemoryEntry[]): Buffer {
  const parts: Buffer[] = [];
  const records: CentralRecord[] = [];
  let offset = 0;
  for (const entry of entries) {
    const problem = entryNameProblem(entry.name);
    if (problem !== undefined)
      throw new UserInputError(
        messages.BuildUnsafeEntryName,
        `Zip entry name ${JSON.stringify(entry.name)} is refused: ${problem}.`,
      );
    const record: CentralRecord = {
      nameBytes: Buffer.from(entry.name, 'utf8'),
      method: METHOD_STORE,
      crc: crc32(entry.data),
      size: entry.data.length,
      compressedSize: entry.data.length,
      offset,
      mode: entry.mode ?? 0o644,
      dataDescriptor: false,
      zip64Local: false,
    };
    const header = localHeader(record);
    parts.push(header, entry.data);
    records.push(record);
    offset += header.length + entry.data.length;
  }
  const central = records.map(centralHeader);
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  return Buffer.concat([...parts, ...central, endOfCentralDirectory(records.length, centralSize, offset)]);
}
