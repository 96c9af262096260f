import type { PolicyCondition } from './policy-document.ts';

/** Condition keys and their values for one request; keys lower-case (IAM compares them case-insensitively). */
export type ConditionContext = ReadonlyMap<string, string | readonly string[]>;

type Compare = (given: string, wanted: string) => boolean;

const OPERATORS: ReadonlyMap<string, { compare: Compare; negated: boolean }> = new Map([
  ['StringEquals', { compare: (a: string, b: string) => a === b, negated: false }],
  ['StringNotEquals', { compare: (a: string, b: string) => a === b, negated: true }],
  [
    'StringEqualsIgnoreCase',
    { compare: (a: string, b: string) => a.toLowerCase() === b.toLowerCase(), negated: false },
  ],
  [
    'StringNotEqualsIgnoreCase',
    { compare: (a: string, b: string) => a.toLowerCase() === b.toLowerCase(), negated: true },
  ],
  ['StringLike', { compare: (a: string, b: string) => wildcardMatch(b, a), negated: false }],
  ['StringNotLike', { compare: (a: string, b: string) => wildcardMatch(b, a), negated: true }],
  ['ArnEquals', { compare: arnLike, negated: false }],
  ['ArnLike', { compare: arnLike, negated: false }],
  ['ArnNotEquals', { compare: arnLike, negated: true }],
  ['ArnNotLike', { compare: arnLike, negated: true }],
  ['Bool', { compare: (a: string, b: string) => a.toLowerCase() === b.toLowerCase(), negated: false }],
]);

/** Whether an operator name (with its `IfExists` suffix and set prefix) is one this evaluator knows. */
export function isKnownOperator(operator: string): boolean {
  const { base } = splitOperator(operator);
  return base === 'Null' || OPERATORS.has(base);
}

/** Whether one condition holds for the request's context (unknown operators never hold). */
export function conditionHolds(condition: PolicyCondition, context: ConditionContext): boolean {
  const { base, ifExists, set } = splitOperator(condition.operator);
  const present = context.get(condition.key);
  if (base === 'Null') {
    const absent = present === undefined || (Array.isArray(present) && present.length === 0);
    return condition.values.some((v) => (v.toLowerCase() === 'true') === absent);
  }
  const operator = OPERATORS.get(base);
  if (!operator) return false;
  const matchesOne = (given: string) => condition.values.some((wanted) => operator.compare(given, wanted));
  if (set === 'ForAllValues') {
    // Every value the request carries must match; no values at all holds vacuously.
    const values = present === undefined ? [] : typeof present === 'string' ? [present] : present;
    return values.every((v) => (operator.negated ? !matchesOne(v) : matchesOne(v)));
  }
  if (present === undefined) return ifExists || (operator.negated && set === undefined);
  const values = typeof present === 'string' ? [present] : present;
  if (set === 'ForAnyValue') return values.some((v) => (operator.negated ? !matchesOne(v) : matchesOne(v)));
  const matched = values.some(matchesOne);
  return operator.negated ? !matched : matched;
}

/** IAM's `*` (any run) and `?` (any one character) match over the whole text. */
export function wildcardMatch(pattern: string, text: string, ignoreCase = false): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  const same = ignoreCase
    ? (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
    : (a: string, b: string) => a === b;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '*') {
      star = p++;
      mark = t;
    } else if (c !== undefined && (c === '?' || same(c, text[t] as string))) {
      p++;
      t++;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** ARN comparison as IAM does it: the six colon-separated parts each matched with wildcards. */
function arnLike(given: string, wanted: string): boolean {
  const a = given.split(':');
  const b = wanted.split(':');
  if (a.length < 6 || b.length < 6) return wildcardMatch(wanted, given);
  const head = (parts: string[]) => [...parts.slice(0, 5), parts.slice(5).join(':')];
  const x = head(a);
  const y = head(b);
  return y.every((part, index) => wildcardMatch(part, x[index] ?? ''));
}

function splitOperator(operator: string): { base: string; ifExists: boolean; set?: 'ForAnyValue' | 'ForAllValues' } {
  let rest = operator;
  let set: 'ForAnyValue' | 'ForAllValues' | undefined;
  if (rest.startsWith('ForAnyValue:')) {
    set = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  } else if (rest.startsWith('ForAllValues:')) {
    set = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  }
  const ifExists = rest.endsWith('IfExists');
  return { base: ifExists ? rest.slice(0, -'IfExists'.length) : rest, ifExists, ...(set ? { set } : {}) };
}
