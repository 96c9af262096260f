import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach } from 'vitest';

/** Files by relative path: a string is the file's text; a path ending in `/` is an empty directory. */
export type FixtureFiles = Record<string, string>;

/** A fixture tree on disk. */
export interface Fixture {
  dir: string;
  /** The absolute path of a file in the tree. */
  file(relative: string): string;
}

/** Returns a function that builds fixture trees in fresh temp dirs, all removed after each test. */
export function useFixtures(): (files: FixtureFiles) => Fixture {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'toolkit-template-'));
    dirs.push(dir);
    for (const [relative, text] of Object.entries(files)) {
      const target = path.join(dir, relative);
      if (relative.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
    return { dir, file: (relative) => path.join(dir, relative) };
  };
}

/** Joins lines into file text with a trailing newline (keeps expected texts readable). */
export function lines(...content: string[]): string {
  return `${content.join('\n')}\n`;
}
