import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { PassThrough } from 'node:stream';
import { zipDirectory, zipInMemory } from '@toolkit/build';

/** The bytes a file property uploads and the extension its content-addressed key takes. */
export interface UploadBody {
  body: Buffer;
  extension: string;
}

/**
 * The bytes to upload for a file property's source: a folder zipped deterministically; with
 * `zipsFiles` (a property that takes only a zip, as CodeCommit's `Code.S3`), a file that is not a
 * zip is zipped alone under its own name, as `aws cloudformation package` zips it; any other file
 * as it is.
 */
export async function fileUploadBody(path: string, zipsFiles: boolean): Promise<UploadBody> {
  if ((await stat(path)).isDirectory()) {
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => chunks.push(chunk));
    await zipDirectory(path, sink);
    return { body: Buffer.concat(chunks), extension: '.zip' };
  }
  const body = await readFile(path);
  if (!zipsFiles || isZip(body)) return { body, extension: zipsFiles ? '.zip' : extname(path) };
  return { body: zipInMemory([{ name: basename(path), data: body }]), extension: '.zip' };
}

/** End of central directory: its signature within the last 64 KiB + 22 bytes, where a zip ends. */
const END_OF_CENTRAL_DIRECTORY = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** Whether `bytes` read as a zip archive: they end with an end-of-central-directory record, as Python's `zipfile.is_zipfile` checks. */
function isZip(bytes: Buffer): boolean {
  const tail = bytes.subarray(Math.max(0, bytes.length - (0xffff + 22)));
  const at = tail.lastIndexOf(END_OF_CENTRAL_DIRECTORY);
  return at >= 0 && tail.length - at >= 22;
}
