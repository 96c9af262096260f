import { createReadStream, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw } from 'node:zlib';
import { OperationError, messages } from '@toolkit/core';
import type { Deflater } from './deflaters.ts';
import type { HashingSink } from './hashing-sink.ts';
import { METHOD_DEFLATE, METHOD_STORE } from './zip-format.ts';
import type { BufferedData, StreamedResult } from './zip-writer.ts';

/** Read size for streamed files and for the compressibility probe. */
const CHUNK_BYTES = 1 << 20;
/** A large file is stored when deflating its first chunk saves less than this fraction. */
const PROBE_MIN_SAVING = 0.02;

function changedError(path: string): OperationError {
  return new OperationError(
    messages.BuildFileChanged,
    `${path} changed while it was being zipped; build again once it is stable.`,
  );
}

/**
 * Reads the first `length` bytes of `path` (all `size` by default). Asks for one byte
 * more than the whole file so that a file that grew since it was stat'ed is noticed
 * without an extra read.
 */
async function readExactly(path: string, size: number, length = size): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const whole = length === size;
    const data = Buffer.allocUnsafe(whole ? length + 1 : length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(data, filled, data.length - filled, filled);
      if (bytesRead === 0) throw changedError(path);
      filled += bytesRead;
    }
    if (filled > length) throw changedError(path);
    return whole ? data.subarray(0, length) : data;
  } finally {
    await handle.close();
  }
}

/**
 * Reads a small file in one synchronous call: for files of a few KB, three trips
 * through the libuv pool (open, read, close) cost more than the read, and they
 * queue behind the deflates that share the pool.
 */
function readSmallFile(path: string, size: number): Buffer {
  const data = readFileSync(path);
  if (data.length !== size) throw changedError(path);
  return data;
}

/**
 * Reads a small file and deflates it with `deflater`; keeps whichever of deflated
 * and stored is smaller (ties store, as Info-ZIP does for empty files).
 */
export async function compressInMemory(
  path: string,
  size: number,
  level: number,
  deflater: Deflater,
): Promise<BufferedData> {
  const raw = readSmallFile(path, size);
  const crc = crc32(raw);
  if (size === 0 || level === 0) return { method: METHOD_STORE, crc, size, data: raw };
  const deflated = await deflater.deflate(raw);
  return deflated.length < raw.length
    ? { method: METHOD_DEFLATE, crc, size, data: deflated }
    : { method: METHOD_STORE, crc, size, data: raw };
}

/** Picks the method for a file too large to hold in memory from how well its first chunk deflates. */
export async function chooseStreamMethod(
  path: string,
  size: number,
  level: number,
  deflater: Deflater,
): Promise<number> {
  if (level === 0) return METHOD_STORE;
  const probe = await readExactly(path, size, Math.min(size, CHUNK_BYTES));
  const deflated = await deflater.deflate(probe);
  return deflated.length <= probe.length * (1 - PROBE_MIN_SAVING) ? METHOD_DEFLATE : METHOD_STORE;
}

/** Streams a file into the sink (file → deflate → sink), computing CRC-32 on the way; memory stays at a few chunks. */
export async function streamFileData(
  path: string,
  size: number,
  method: number,
  level: number,
  sink: HashingSink,
): Promise<StreamedResult> {
  let crc = 0;
  let read = 0;
  let compressedSize = 0;
  const source = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  async function* checksum(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      read += chunk.length;
      yield chunk;
    }
  }
  async function write(chunks: AsyncIterable<Buffer>): Promise<void> {
    for await (const chunk of chunks) {
      compressedSize += chunk.length;
      await sink.write(chunk);
    }
  }
  if (method === METHOD_DEFLATE) {
    await pipeline(source, checksum, createDeflateRaw({ level, chunkSize: 64 * 1024 }), write);
  } else {
    await pipeline(source, checksum, write);
  }
  if (read !== size) throw changedError(path);
  return { crc, size, compressedSize };
}
