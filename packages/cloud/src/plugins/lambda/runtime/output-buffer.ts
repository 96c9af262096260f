/** Characters of output kept for one invoke's log: the head and the tail past it. */
export const OUTPUT_LIMIT = 4 * 1024 * 1024;

/** Longest marker searched across chunk boundaries (RS, a request id, LF). */
const MARKER_SPAN = 64;

/**
 * An environment's output between two invokes' ends, in chunks: appending never copies what
 * came before (pipes deliver many small chunks), and a function that prints without end keeps
 * only the head and the tail, so it cannot grow the cloud's memory.
 */
export class OutputBuffer {
  #chunks: string[] = [];
  #length = 0;
  #recent = '';

  /** Appends `text`; returns whether `marker` ends in it (a marker split across chunks included). */
  append(text: string, marker?: string): boolean {
    this.#chunks.push(text);
    this.#length += text.length;
    const window = this.#recent + text;
    this.#recent = window.slice(-MARKER_SPAN);
    // Trimmed only past 1.5 × the limit, so a flood costs one copy per 2 M characters, not per chunk.
    if (this.#length > OUTPUT_LIMIT * 1.5) {
      const all = this.#chunks.join('');
      const kept = `${all.slice(0, OUTPUT_LIMIT / 2)}\n[… output left out …]\n${all.slice(-OUTPUT_LIMIT / 2)}`;
      this.#chunks = [kept];
      this.#length = kept.length;
    }
    return marker !== undefined && window.includes(marker);
  }

  /** Everything kept so far, emptying the buffer. */
  take(): string {
    const all = this.#chunks.join('');
    this.#chunks = [];
    this.#length = 0;
    this.#recent = '';
    return all;
  }
}
