import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ZIP_TAIL_BYTES, readZipTail } from './zip-layout.ts';

/** What a signature over a zip must cover: the SHA-384 of its bytes before the EOCD comment-length field. */
export interface SignedContent {
  /** Lowercase hex SHA-384, as the envelope's `digest` writes it. */
  digest: string;
  /** How many bytes it covers: the signed zip has exactly these, then the comment length and the envelope. */
  length: number;
}

/** The SignedContent of a zip file on disk, read as a stream (built zips can be large). */
export async function signedContentOfFile(path: string): Promise<SignedContent> {
  const handle = await open(path, 'r');
  let length: number;
  try {
    const { size } = await handle.stat();
    const tail = Buffer.alloc(Math.min(size, ZIP_TAIL_BYTES));
    await handle.read(tail, 0, tail.length, size - tail.length);
    length = size - tail.length + readZipTail(tail).commentLengthOffset;
  } finally {
    await handle.close();
  }
  const hash = createHash('sha384');
  if (length > 0) await pipeline(createReadStream(path, { start: 0, end: length - 1 }), hash);
  return { digest: hash.digest('hex'), length };
}
