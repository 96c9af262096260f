/** A JSON syntax error as `JSON.parse` locates it: at the offending character. */
export interface JsonSyntaxError {
  message: string;
  offset: number;
}

/**
 * Where strict JSON parsing of `text` first fails, or undefined when it parses (or the engine
 * names no position). yaml reads JSON as flow YAML and reports many JSON mistakes (a missing
 * comma, an unclosed bracket) only at the end of the file; `JSON.parse` points at the
 * character itself.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  try {
    JSON.parse(bom ? text.slice(1) : text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = / JSON at position (\d+)/.exec(message);
    if (!at) return undefined;
    const offset = Number(at[1]) + bom;
    return { message: message.replace(/ in JSON at position \d+.*$/s, '').replace(/ at position \d+.*$/s, ''), offset };
  }
}
