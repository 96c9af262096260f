import type { SourcePosition } from '@toolkit/core';
import { isCollection, type Node } from 'yaml';

/** The 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number, file: string): SourcePosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  const starts = lineStartsOf(text);
  // The last line start at or before the offset (binary search: templates have thousands of positions).
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= clamped) low = mid;
    else high = mid - 1;
  }
  return { file, line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
}

// Positions are asked for many times per text; remembering the last text's line starts
// turns each lookup from a scan of the file into a binary search.
const lastIndex: { text?: string; starts?: number[] } = {};

function lineStartsOf(text: string): number[] {
  if (lastIndex.text === text && lastIndex.starts) return lastIndex.starts;
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  lastIndex.text = text;
  lastIndex.starts = starts;
  return starts;
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
