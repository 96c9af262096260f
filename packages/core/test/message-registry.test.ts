import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { messages, OperationError, registeredMessages, UserInputError } from '../src/index.ts';
import { messagesDocument } from '../src/messages/messages-doc.ts';

const root = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

const errorClasses = 'ToolkitError|UserInputError|OperationError|DiagnosticsError|OptionError|SignedPackageError';

/** The TypeScript sources of every package, as git knows them. */
function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', 'packages/*/src/*.ts', 'packages/*/src/**/*.ts'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path && !path.startsWith('packages/core/src/messages/'));
}

/** `file:line` of each match of `pattern` in `text`. */
function where(file: string, text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => `${file}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`);
}

describe('the message registry', () => {
  const all = registeredMessages();

  it('gives every message one unique code whose letter matches its level, and a description', () => {
    const codes = all.map(({ spec }) => spec.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const { name, spec } of all) {
      expect(spec.code, name).toMatch(/^TOOLKIT_[EWID][2-6]\d{3}$/);
      expect({ error: 'E', warn: 'W', info: 'I', debug: 'D' }[spec.level], name).toBe(spec.code[8]);
      expect(spec.description.length, name).toBeGreaterThan(10);
    }
  });

  it('builds typed notices with .msg() and recognises notices and errors with .is()', () => {
    const notice = messages.BuildZipped.msg('zipped', {
      source: 'src',
      sha256: 'ab',
      size: 1,
      entries: 1,
      reused: 0,
      reusedPieces: 0,
    });
    expect(notice).toEqual({
      level: 'debug',
      code: 'TOOLKIT_D2014',
      message: 'zipped',
      data: { source: 'src', sha256: 'ab', size: 1, entries: 1, reused: 0, reusedPieces: 0 },
    });
    expect(messages.SignatureCacheUnreadable.msg('corrupt')).toEqual({
      level: 'warn',
      code: 'TOOLKIT_W3027',
      message: 'corrupt',
    });
    expect(messages.BuildZipped.is(notice)).toBe(true);
    expect(messages.BuildCacheHit.is(notice)).toBe(false);
    const error = new UserInputError(messages.MissingStackName, 'stack name required');
    expect(error).toMatchObject({ code: 'TOOLKIT_E5008', source: 'user' });
    expect(messages.MissingStackName.is(error)).toBe(true);
    // An error made from another keeps its code.
    expect(new OperationError(error, 'again').code).toBe('TOOLKIT_E5008');
  });

  it('has an entry for every code in use: no notice or error in any package is coded by a string of its own', () => {
    const registered = new Set<string>(all.map(({ spec }) => spec.code));
    const problems: string[] = [];
    for (const file of sourceFiles()) {
      const text = read(file);
      // Notices are built by a registry entry's .msg(), never as object literals with a code.
      problems.push(...where(file, text, /\bnotify\(\s*\{/g));
      // Errors of the toolkit's hierarchy take a registry entry; only the template package keeps its own codes.
      problems.push(
        ...where(
          file,
          text,
          new RegExp(`new (?:${errorClasses})\\(\\s*['\`](?!TEMPLATE_|INTRINSIC_)[^'\`]*['\`]`, 'g'),
        ),
      );
      for (const line of where(file, text, /['`]TOOLKIT_[EWID]\d+['`]/g))
        if (!registered.has(/TOOLKIT_[EWID]\d+/.exec(line)![0])) problems.push(line);
    }
    expect(problems).toEqual([]);
  });

  it('is documented in docs/messages.md as the registry says (run `pnpm docs:messages` after a change)', () => {
    expect(read('docs/messages.md')).toBe(messagesDocument());
  });
});
