import { isUtf8 } from 'node:buffer';
import type { Diagnostic, FileProblem } from '@toolkit/core';
import { positionAt } from './diagnostic-position.ts';

/** Why a template file could not be opened: missing, not a regular file, or another error. */
export type TemplateFileProblem = FileProblem;

/** File access a template tree load needs, given by the caller: this package does no I/O of its own. */
export interface TemplateFiles {
  /** The bytes of a regular file, or why it cannot be read. */
  read(file: string): Promise<{ bytes: Uint8Array } | FileProblem>;
  /** The path with every symlink resolved: a template reached by two names is loaded once. */
  realPath(file: string): Promise<string>;
  /** Whether a local artifact path is a folder, another kind of file, or missing. */
  pathKind(file: string): 'directory' | 'file' | undefined;
}

/** A template file's text, or why it cannot be read as one. */
export type TemplateFileText = { text: string } | TemplateFileProblem | { diagnostic: Diagnostic };

/**
 * What a missing path holding U+FFFD is told: Node decodes a name whose bytes are not UTF-8
 * with U+FFFD in their place, and that decoded name names no file.
 */
export const NON_UTF8_NAME =
  'cannot be opened: its name is not valid UTF-8 (the bytes shown as U+FFFD), which cannot be passed through; rename it';

/**
 * Reads a template file through `files` as UTF-8 text. A FIFO or a device given as a template is
 * an error instead of a hang; bytes that are not UTF-8 are an error at their line and column
 * instead of silently becoming U+FFFD.
 */
export async function readTemplateFile(file: string, files: TemplateFiles): Promise<TemplateFileText> {
  const read = await files.read(file);
  if ('problem' in read)
    return read.problem === 'not-found' && file.includes('\ufffd') ? { ...read, detail: NON_UTF8_NAME } : read;
  const bytes = read.bytes;
  // ignoreBOM keeps a leading BOM in the text, as Node's Buffer decoding does.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  if (isUtf8(bytes)) return { text: decoder.decode(bytes) };
  const bad = firstInvalidUtf8(bytes);
  const before = decoder.decode(bytes.subarray(0, bad));
  return {
    diagnostic: {
      severity: 'error',
      code: 'TEMPLATE_NOT_UTF8',
      message: `The template is not valid UTF-8: byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at offset ${bad} starts no valid UTF-8 sequence`,
      position: positionAt(before, before.length, file),
    },
  };
}

/** The offset of the first byte that is not part of a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Length and the allowed range of the second byte (excludes overlongs, surrogates, > U+10FFFF).
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? low : 0x80) || c > (k === 1 ? high : 0xbf)) return i;
    }
    i += length;
  }
  return bytes.length;
}
