import { isUtf8 } from 'node:buffer';
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Diagnostic } from '@toolkit/core';
import { positionAt } from './diagnostic-position.ts';

/** Why a template file could not be opened: missing, not a regular file, or another error. */
export interface TemplateFileProblem {
  problem: 'not-found' | 'not-regular' | 'unreadable';
  detail: string;
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
 * Reads a template file as UTF-8 text. The file is opened without blocking and checked to be a
 * regular file before it is read, so a FIFO or a device given as a template is an error
 * instead of a hang; bytes that are not UTF-8 are an error at their line and column instead
 * of silently becoming U+FFFD.
 */
export async function readTemplateFile(file: string): Promise<TemplateFileText> {
  let bytes: Buffer;
  try {
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const st = await handle.stat();
      if (!st.isFile())
        return {
          problem: 'not-regular',
          detail: st.isDirectory() ? 'a folder' : st.isFIFO() ? 'a FIFO' : 'a socket or device',
        };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      return { problem: 'not-found', detail: file.includes('\ufffd') ? NON_UTF8_NAME : 'does not exist' };
    if (code === 'EISDIR') return { problem: 'not-regular', detail: 'a folder' };
    return { problem: 'unreadable', detail: (error as Error).message };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8') };
  const bad = firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, bad).toString('utf8');
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
