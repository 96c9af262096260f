/** A plain JSON-like object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The function name when `value` is an intrinsic call (`{"Ref": …}` or `{"Fn::X": …}`), else undefined. */
export function intrinsicName(value: unknown): string | undefined {
  if (!isPlainObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0] as string;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** Marks a value that `Ref: AWS::NoValue` removed; containers drop it. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** Resolves one nested value in the current context. */
export type ResolveValue = (value: unknown) => unknown;

/** A resolved scalar as CloudFormation turns it into a string, or undefined for lists and objects. */
export function scalarToString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `Fn::GetAtt` arguments in either form: `["A", "B.C"]` or `"A.B.C"` (split at the first dot). */
export function getAttParts(args: unknown): [unknown, unknown] | undefined {
  if (typeof args === 'string') {
    const dot = args.indexOf('.');
    return dot <= 0 ? undefined : [args.slice(0, dot), args.slice(dot + 1)];
  }
  if (Array.isArray(args) && args.length === 2) return [args[0], args[1]];
  return undefined;
}
