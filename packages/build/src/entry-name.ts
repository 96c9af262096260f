import { isUtf8 } from 'node:buffer';
import { readdirSync } from 'node:fs';

// Characters no zip entry name of ours may hold: a backslash reads as a folder separator on
// Windows (`..\..\evil.js`), control characters (a newline) forge lines in listings and logs,
// and a lone surrogate has no UTF-8 form. (Surrogate pairs also match, so that the common name
// costs one regex test.)
const SUSPECT = /[\\\x00-\x1f\x7f\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What a name that has no UTF-8 form is told. */
export const NOT_UTF8 = 'it is not valid UTF-8';

/** Why `name` cannot be a zip entry name ('/'-separated, relative), or undefined when it can. */
export function entryNameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'it is an absolute path';
  if (name.split('/').some((segment) => segment === '..' || segment === '.' || segment === ''))
    return "it has an empty, '.' or '..' segment";
  return segmentProblem(name);
}

/** Why one file name (no '/') cannot be part of an entry name, or undefined when it can. */
export function segmentProblem(segment: string): string | undefined {
  if (!SUSPECT.test(segment)) return undefined;
  if (segment.includes('\\')) return 'it contains a backslash';
  const control = /[\x00-\x1f\x7f]/.exec(segment);
  if (control)
    return `it contains the control character U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  if (LONE_SURROGATE.test(segment)) return NOT_UTF8;
  return undefined;
}

/**
 * Why file name `segment`, listed in folder `dir`, cannot be part of an entry name. Node decodes
 * a name whose bytes are not UTF-8 with U+FFFD in their place, so a name holding U+FFFD is
 * checked against the folder's raw names (it may be a genuine U+FFFD).
 */
export function listedNameProblem(dir: string, segment: string): string | undefined {
  const problem = segmentProblem(segment);
  if (problem !== undefined || !segment.includes('\ufffd')) return problem;
  return readdirSync(dir, { encoding: 'buffer' }).some((raw) => !isUtf8(raw)) ? NOT_UTF8 : undefined;
}
