import type { SourcePosition } from '@toolkit/core';
import { isCollection, type Node } from 'yaml';

/** The 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number, file: string): SourcePosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { file, line, column: clamped - lineStart + 1 };
}

/** Where a parsed node starts as written (its `!Tag` or `&anchor` included), or the file's start. */
export function nodePosition(text: string, node: Node | null | undefined, file: string): SourcePosition {
  return positionAt(text, writtenStart(text, node?.range?.[0] ?? 0, isCollection(node)), file);
}

/**
 * yaml's node ranges begin after the node's tag and anchor; step back over them.
 * Only a block collection's props may sit on an earlier line (`Value: !If` then `- …`).
 */
export function writtenStart(text: string, offset: number, acrossLines = false): number {
  const blank = acrossLines ? /\s/ : /[ \t]/;
  let start = offset;
  for (;;) {
    let end = start;
    while (end > 0 && blank.test(text[end - 1] ?? '')) end--;
    let begin = end;
    while (begin > 0 && /[^\s[\]{},]/.test(text[begin - 1] ?? '')) begin--;
    const token = text.slice(begin, end);
    if (begin === end || !/^[!&]/.test(token)) return start;
    start = begin;
  }
}
