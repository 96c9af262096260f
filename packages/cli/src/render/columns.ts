/** Space between two columns. */
const gap = 2;

/**
 * Column widths for rows that must fit `width` characters: each column gets its
 * natural width (widest cell) while the total fits; otherwise the widest columns
 * give way first, down to `min` characters each. Without a width (not a terminal)
 * every column keeps its natural width.
 */
export function fitColumns(natural: readonly number[], width: number | undefined, min = 8): number[] {
  const widths = [...natural];
  if (width === undefined) return widths;
  const budget = width - gap * (widths.length - 1);
  let total = widths.reduce((sum, w) => sum + w, 0);
  while (total > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    if ((widths[widest] ?? 0) <= min) break;
    widths[widest]! -= 1;
    total -= 1;
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
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
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
export function layoutRow(cells: readonly string[], widths: readonly number[], paint: (line: string) => string = (l) => l): string {
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
