import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { UserInputError, messages } from '@toolkit/core';

/** The ignore file's name; its lines are gitignore patterns. */
export const IGNORE_FILE_NAME = '.toolkitignore';

/** Decides whether an entry (its '/'-separated name relative to the walked root) stays out of the zip. */
export type IgnoreTest = (name: string, isDirectory: boolean) => boolean;

/**
 * The `.toolkitignore` rules for the folder `root`: those of `root` itself (they travel with
 * the code when several templates share it) and those of `projectDir` (the template's folder,
 * like a repository's top `.gitignore`) when `root` lies inside it. Each file's patterns are
 * relative to its own folder, as gitignore's are. Undefined when neither file exists, so the
 * walk pays nothing per file.
 */
export function loadIgnoreTest(root: string, projectDir?: string): IgnoreTest | undefined {
  const tests: IgnoreTest[] = [];
  const own = readRules(root);
  if (own) tests.push((name, isDirectory) => own.ignores(isDirectory ? `${name}/` : name));
  const prefix = projectDir === undefined ? undefined : relative(projectDir, root);
  if (prefix !== undefined && prefix !== '' && !prefix.startsWith('..') && !isAbsolute(prefix)) {
    const project = readRules(projectDir as string);
    const base = `${prefix.split(sep).join('/')}/`;
    if (project) tests.push((name, isDirectory) => project.ignores(isDirectory ? `${base}${name}/` : `${base}${name}`));
  }
  if (tests.length === 0) return undefined;
  return (name, isDirectory) => tests.some((test) => test(name, isDirectory));
}

function readRules(dir: string): Ignore | undefined {
  const path = join(dir, IGNORE_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new UserInputError(
      messages.BuildIgnoreFileUnreadable,
      `${path} cannot be read: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return ignore().add(text);
}
