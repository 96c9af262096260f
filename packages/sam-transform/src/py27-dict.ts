// samtranslator edits an API's swagger as Py27Dicts (samtranslator/utils/py27hash_fix.py): dicts whose
// iteration order is Python 2.7's, which depends on every insert, delete and deep copy. The Deployment's
// logical id is a hash of that order, so the swagger is edited here in the same model.
import { PY_ITEMS, py27StringHash, PyFloat, PyStr, type PyItems } from './py27-repr.ts';
import { isIntrinsicKey } from './sam-intrinsic.ts';

/** A dict key: samtranslator's own `str`, or a template string (printed u'…'). */
export type PyKey = string | PyStr;

const DUMMY = Symbol('dummy');
const MIN_SIZE = 8;

const keyText = (key: PyKey): string => (key instanceof PyStr ? key.value : key);

/**
 * A mutable Python dict. `py27` dicts iterate in Python 2.7's hash-table order (Py27Keys); the others
 * are plain Python 3 dicts made by samtranslator (`{}` literals, `ref()`), iterating in insertion order.
 */
export class Py27Dict implements PyItems {
  private readonly store = new Map<string, { key: PyKey; value: unknown }>();
  private slots = new Map<number, string | typeof DUMMY>();
  private size = 0;
  private fill = 0;
  private mask = MIN_SIZE - 1;

  constructor(
    readonly py27 = true,
    entries: Iterable<readonly [PyKey, unknown]> = [],
  ) {
    for (const [key, value] of entries) this.set(key, value);
  }

  get length(): number {
    return this.store.size;
  }

  has(key: PyKey): boolean {
    return this.store.has(keyText(key));
  }

  get(key: PyKey): unknown {
    return this.store.get(keyText(key))?.value;
  }

  /** `d[key] = value`: an existing key keeps its place and its own string type. */
  set(key: PyKey, value: unknown): void {
    const text = keyText(key);
    const existing = this.store.get(text);
    if (existing !== undefined) {
      existing.value = value;
      return;
    }
    this.store.set(text, { key, value });
    if (this.py27) this.addSlot(text);
  }

  /** `d.setdefault(key, value)`. */
  setDefault(key: PyKey, value: unknown): unknown {
    if (!this.has(key)) this.set(key, value);
    return this.get(key);
  }

  delete(key: PyKey): void {
    const text = keyText(key);
    if (!this.store.delete(text) || !this.py27) return;
    const slot = this.slotOf(text);
    if (this.slots.get(slot) !== undefined && this.slots.get(slot) !== DUMMY) {
      this.slots.set(slot, DUMMY);
      this.size--;
    }
  }

  /** Key texts in iteration order. */
  keys(): string[] {
    if (!this.py27) return [...this.store.keys()];
    return [...this.slots.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, key]) => key)
      .filter((key): key is string => key !== DUMMY);
  }

  /** `[key, value]` pairs in iteration order, keys as they were first set. */
  items(): Array<[PyKey, unknown]> {
    return this.keys().map((text) => {
      const entry = this.store.get(text)!;
      return [entry.key, entry.value];
    });
  }

  [PY_ITEMS](): Array<[PyKey, unknown]> {
    return this.items();
  }

  /** `d.copy()`: a shallow copy whose key table is made by Py27Keys.merge (sized for all keys first). */
  copy(): Py27Dict {
    const copy = new Py27Dict(this.py27);
    const items = this.items();
    if (this.py27 && items.length > 0 && items.length * 3 >= (copy.mask + 1) * 2) copy.resize(items.length * 2);
    for (const [key, value] of items) copy.set(key, value);
    return copy;
  }

  private slotOf(key: string): number {
    const hash = py27StringHash(key);
    let i = Number(hash & BigInt(this.mask));
    if (!this.slots.has(i) || this.slots.get(i) === key) return i;
    let free: number | undefined = this.slots.get(i) === DUMMY ? i : undefined;
    let walker = BigInt(i);
    let perturb = hash;
    while (this.slots.has(i) && this.slots.get(i) !== key) {
      walker = (walker << 2n) + walker + perturb + 1n;
      i = Number(walker & BigInt(this.mask));
      if (!this.slots.has(i)) return free ?? i;
      if (this.slots.get(i) === key) return i;
      if (free === undefined && this.slots.get(i) === DUMMY) free = i;
      perturb >>= 5n;
    }
    return i;
  }

  private addSlot(key: string): void {
    const startSize = this.size;
    const slot = this.slotOf(key);
    if (!this.slots.has(slot)) {
      this.size++;
      this.fill++;
      this.slots.set(slot, key);
    } else {
      if (this.slots.get(slot) === DUMMY) this.size++;
      this.slots.set(slot, key);
    }
    if (this.size > startSize && this.fill * 3 >= (this.mask + 1) * 2)
      this.resize(this.size * (this.size > 50000 ? 2 : 4));
  }

  private resize(request: number): void {
    let size = MIN_SIZE;
    while (size <= request) size <<= 1;
    this.mask = size - 1;
    const old = [...this.slots.entries()].sort(([a], [b]) => a - b).map(([, key]) => key);
    this.slots = new Map();
    this.fill = this.size = 0;
    for (const key of old) if (key !== DUMMY) this.addSlot(key);
  }
}

/** A plain Python 3 dict samtranslator builds (`{"Ref": …}`), in insertion order. */
export function plainDict(entries: Iterable<readonly [PyKey, unknown]>): Py27Dict {
  return new Py27Dict(false, entries);
}

/** A Py27Dict of samtranslator's own keys, set one by one in the given order. */
export function py27Dict(entries: Iterable<readonly [string, unknown]> = []): Py27Dict {
  return new Py27Dict(
    true,
    [...entries].map(([key, value]) => [new PyStr(key), value] as const),
  );
}

/** `copy.deepcopy`: a Py27Dict is rebuilt by adding its keys in its current order, which can reorder it. */
export function pyDeepCopy<T>(value: T): T {
  if (value instanceof Py27Dict)
    return new Py27Dict(
      value.py27,
      value.items().map(([key, item]) => [key, pyDeepCopy(item)] as const),
    ) as T;
  if (Array.isArray(value)) return value.map(pyDeepCopy) as T;
  return value;
}

/** A template value as samtranslator's `_convert_to_py27_type` makes it: objects become Py27Dicts of template strings. */
export function fromTemplate(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTemplate);
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Py27Dict) &&
    !(value instanceof PyStr) &&
    !(value instanceof PyFloat)
  )
    return new Py27Dict(
      true,
      Object.entries(value).map(([key, item]) => [key, fromTemplate(item)] as const),
    );
  return value;
}

/** The plain JSON of a value in this model (what the output template carries). */
export function toPlainJson(value: unknown): unknown {
  if (value instanceof PyStr || value instanceof PyFloat) return value.value;
  if (value instanceof Py27Dict) {
    return Object.fromEntries(value.items().map(([key, item]) => [keyText(key), toPlainJson(item)]));
  }
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toPlainJson(item)]));
  return value;
}

/** Python's `isinstance(value, dict)` in this model. */
export function isPyDict(value: unknown): value is Py27Dict {
  return value instanceof Py27Dict;
}

/** The text of a string in this model (samtranslator's or the template's), else undefined. */
export function pyString(value: unknown): string | undefined {
  if (value instanceof PyStr) return value.value;
  return typeof value === 'string' ? value : undefined;
}

/** samtranslator's `is_intrinsic`: a one-key dict whose key is `Ref`, `Condition` or `Fn::…`. */
export function isPyIntrinsic(value: unknown): boolean {
  if (!(value instanceof Py27Dict) || value.length !== 1) return false;
  return isIntrinsicKey(value.keys()[0]!);
}
