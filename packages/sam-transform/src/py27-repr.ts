// samtranslator names an API's Deployment by a SHA-1 of Python's `str()` of the swagger body,
// printed as its Python 2.7 compatibility layer prints it (samtranslator/utils/py27hash_fix.py):
// dicts iterate in Python 2.7's hash-table order and strings that came from the template print as
// u'…'. Reproducing the hash means reproducing that text.

/** A string samtranslator wrote itself (Python `str`): printed '…', where template strings print u'…'. */
export class PyStr {
  constructor(readonly value: string) {}
}

/**
 * A float that holds a whole number (YAML's `2.0`): Python prints it `2.0` where JSON numbers keep no
 * such difference; printed as Python does, written out as the plain number.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A dict built key by key (keys may be `PyStr`); it iterates in Python 2.7 order, like samtranslator's Py27Dict. */
export class PyDict {
  constructor(readonly entries: ReadonlyArray<readonly [string | PyStr, unknown]>) {}
}

/** A dict that gives its own iteration order (`py27-dict.ts`): printed in that order. */
export const PY_ITEMS = Symbol('pyItems');
export interface PyItems {
  [PY_ITEMS](): ReadonlyArray<readonly [string | PyStr, unknown]>;
}

const MASK64 = (1n << 64n) - 1n;
const MIN_SIZE = 8;

/** Python 2.7's string hash (Objects/stringobject.c) as an unsigned 64-bit value. */
export function py27StringHash(text: string): bigint {
  const codes = [...text].map((c) => BigInt(c.codePointAt(0)!));
  if (codes.length === 0) return 0n;
  let x = (codes[0]! << 7n) & MASK64;
  for (const code of codes) x = ((1000003n * x) & MASK64) ^ code;
  x ^= BigInt(codes.length);
  // -1 is reserved in CPython; as unsigned that is 2^64 - 1.
  return x === MASK64 ? MASK64 - 1n : x;
}

/** The order Python 2.7 iterates a dict whose keys were inserted in `keys` order (dictobject.c). */
export function py27KeyOrder(keys: readonly string[]): number[] {
  let mask = MIN_SIZE - 1;
  let slots = new Map<number, number>();
  let fill = 0;
  const slotOf = (key: number): number => {
    const hash = py27StringHash(keys[key]!);
    let i = Number(hash & BigInt(mask));
    let walker = BigInt(i);
    let perturb = hash;
    while (slots.has(i) && keys[slots.get(i)!] !== keys[key]) {
      walker = (walker << 2n) + walker + perturb + 1n;
      i = Number(walker & BigInt(mask));
      perturb >>= 5n;
    }
    return i;
  };
  const add = (key: number): boolean => {
    const slot = slotOf(key);
    const added = !slots.has(slot);
    if (added) fill++;
    slots.set(slot, key);
    return added;
  };
  for (let key = 0; key < keys.length; key++) {
    if (!add(key) || fill * 3 < (mask + 1) * 2) continue;
    const used = slots.size;
    let size = MIN_SIZE;
    while (size <= used * (used > 50000 ? 2 : 4)) size <<= 1;
    const old = [...slots.entries()].sort(([a], [b]) => a - b).map(([, k]) => k);
    mask = size - 1;
    slots = new Map();
    fill = 0;
    for (const k of old) add(k);
  }
  return [...slots.entries()].sort(([a], [b]) => a - b).map(([, k]) => k);
}

/** Python's `str()` of a value in samtranslator's swagger model: objects are Py27Dicts of template strings. */
export function py27Str(value: unknown): string {
  if (value instanceof PyStr) return pythonRepr(value.value, false);
  if (typeof value === 'string') return pythonRepr(value, true);
  if (value instanceof PyFloat) return Number.isInteger(value.value) ? `${value.value}.0` : pythonFloat(value.value);
  if (value instanceof PyDict) return dictText(value.entries, true);
  if (typeof value === 'object' && value !== null && PY_ITEMS in value)
    return dictText((value as PyItems)[PY_ITEMS](), false);
  if (Array.isArray(value)) return `[${value.map(py27Str).join(', ')}]`;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : pythonFloat(value);
  return dictText(Object.entries(value as Record<string, unknown>), true);
}

function dictText(entries: ReadonlyArray<readonly [string | PyStr, unknown]>, py27Order: boolean): string {
  const names = entries.map(([key]) => (key instanceof PyStr ? key.value : key));
  const order = py27Order ? py27KeyOrder(names) : names.map((_, index) => index);
  // A key set twice keeps its first place and its last value, as a dict does.
  const last = new Map<string, number>();
  names.forEach((name, index) => last.set(name, index));
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const index of order) {
    const name = names[index]!;
    if (seen.has(name)) continue;
    seen.add(name);
    parts.push(`${py27Str(entries[index]![0])}: ${py27Str(entries[last.get(name)!]![1])}`);
  }
  return `{${parts.join(', ')}}`;
}

/** Python's repr of a str (`unicode`: Python 2's u'…' with unicode_escape, as Py27UniStr prints it). */
function pythonRepr(text: string, unicode: boolean): string {
  let body = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') body += '\\\\';
    else if (char === '\n') body += '\\n';
    else if (char === '\r') body += '\\r';
    else if (char === '\t') body += '\\t';
    else if (code < 0x20 || code === 0x7f || (unicode && code > 0x7e)) body += escapeCode(code, unicode);
    else body += char;
  }
  const quote = body.includes("'") && !body.includes('"') ? '"' : "'";
  if (quote === "'") body = body.replaceAll("'", "\\'");
  return `${unicode ? 'u' : ''}${quote}${body}${quote}`;
}

function escapeCode(code: number, unicode: boolean): string {
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000 || !unicode) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

function pythonFloat(value: number): string {
  const text = String(value);
  return /e/.test(text) ? text.replace(/e([+-])(\d)$/, 'e$10$2') : text;
}
