/** Space between two columns. */
const gap = 2;

/**
 * Column widths for rows that must fit `width` characters. Each column starts at
 * its natural width; while the total is too wide, columns give way left to right
 * down to their `mins` (so the last, free-text column keeps what is left), then
 * the widest give way down to 8 characters. Without a width (not a terminal)
 * every column keeps its natural width.
 */
export function fitColumns(
  natural: readonly number[],
  width: number | undefined,
  mins: readonly number[] = natural,
): number[] {
  const widths = [...natural];
  if (width === undefined) return widths;
  let excess = widths.reduce((sum, w) => sum + w, 0) + gap * (widths.length - 1) - width;
  for (let i = 0; i < widths.length && excess > 0; i++) {
    const give = Math.min(excess, Math.max(0, widths[i]! - (mins[i] ?? widths[i]!)));
    widths[i]! -= give;
    excess -= give;
  }
  while (excess > 0) {
    const widest = widths.indexOf(Math.max(...widths));
    if (widths[widest]! <= 8) break;
    widths[widest]! -= 1;
    excess -= 1;
  }
  return widths;
}

/** Wraps text into lines of at most `width` characters, breaking at spaces where it can. */
export function wrapText(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    let rest = word;
    while (rest.length > width) {
      if (line) lines.push(line);
      // A word longer than the column breaks after its last `:`, `_`, `-` or `/` that fits (AWS::Lambda:: / Function).
      const cut = Math.max(...[':', '_', '-', '/'].map((c) => rest.lastIndexOf(c, width - 1))) + 1 || width;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
      line = '';
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= width) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Lays out one row: each cell wrapped within its column, continuation lines
 * aligned under it, so no line is longer than the widths allow. `paint` colours
 * each finished line (padding included, so colours never shift alignment).
 */
export function layoutRow(
  cells: readonly string[],
  widths: readonly number[],
  paint: (line: string) => string = (l) => l,
): string {
  const wrapped = cells.map((cell, i) => wrapText(cell, widths[i] ?? cell.length));
  const height = Math.max(...wrapped.map((w) => w.length));
  const lines: string[] = [];
  for (let n = 0; n < height; n++) {
    const line = wrapped
      .map((w, i) => (i === wrapped.length - 1 ? (w[n] ?? '') : (w[n] ?? '').padEnd(widths[i] ?? 0)))
      .join(' '.repeat(gap))
      .trimEnd();
    lines.push(paint(line));
  }
  return lines.join('\n') + '\n';
}
