import { isPlainObject } from '@toolkit/intrinsics';

// The shapes samtranslator's pydantic (v1) models give newer resources' properties, and the
// errors pydantic reports for a value that does not fit: fields in declaration order, then
// undeclared keys; every member of a union that fails.

/** A value's expected shape: any value, a scalar type, a map, a model, or a combination. */
export type Shape =
  | 'any'
  | 'str'
  | 'bool'
  | 'int'
  | 'float'
  | 'dict'
  | { model: Readonly<Record<string, Shape>>; required?: readonly string[] }
  | { dictOf: Shape }
  | { listOf: Shape }
  | { oneOf: readonly Shape[] }
  | { literal: readonly string[] };

/** One pydantic error: where, its kind, and pydantic's message. */
export interface ModelError {
  path: string;
  kind: 'missing' | 'extra' | 'invalid';
  message: string;
}

/** A model shape; `required` names the fields that must be set. */
export const model = (fields: Record<string, Shape>, ...required: string[]): Shape => ({ model: fields, required });

const BOOL_STRINGS = new Set(['0', '1', 'off', 'on', 'f', 't', 'false', 'true', 'n', 'y', 'no', 'yes']);
const isNumeric = (value: unknown, integer: boolean) =>
  (typeof value === 'number' && (!integer || Number.isFinite(value))) ||
  (typeof value === 'string' &&
    value.trim() !== '' &&
    (integer ? /^\s*[-+]?\d+\s*$/ : /^\s*[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?\s*$/i).test(value));

const SCALARS: Readonly<Record<string, [(value: unknown) => boolean, string]>> = {
  str: [(v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean', 'str type expected'],
  bool: [
    (v) => typeof v === 'boolean' || v === 0 || v === 1 || (typeof v === 'string' && BOOL_STRINGS.has(v.toLowerCase())),
    'value could not be parsed to a boolean',
  ],
  int: [(v) => typeof v !== 'boolean' && isNumeric(v, true), 'value is not a valid integer'],
  float: [(v) => typeof v !== 'boolean' && isNumeric(v, false), 'value is not a valid float'],
  dict: [isPlainObject, 'value is not a valid dict'],
};

/** Every error pydantic reports for `value` against `shape`, in pydantic's order. */
export function modelErrors(value: unknown, shape: Shape, path: readonly (string | number)[] = []): ModelError[] {
  const here = path.join('.');
  if (shape === 'any') return [];
  if (typeof shape === 'string') {
    const [valid, message] = SCALARS[shape]!;
    return valid(value) ? [] : [{ path: here, kind: 'invalid', message }];
  }
  if ('literal' in shape)
    return shape.literal.includes(value as string)
      ? []
      : [
          {
            path: here,
            kind: 'invalid',
            message: `unexpected value; permitted: ${shape.literal.map((v) => `'${v}'`).join(', ')}`,
          },
        ];
  if ('oneOf' in shape) {
    const errors = shape.oneOf.map((member) => modelErrors(value, member, path));
    return errors.some((list) => list.length === 0) ? [] : errors.flat();
  }
  if ('listOf' in shape) {
    if (!Array.isArray(value)) return [{ path: here, kind: 'invalid', message: 'value is not a valid list' }];
    return value.flatMap((item, index) => modelErrors(item, shape.listOf, [...path, index]));
  }
  if (!isPlainObject(value)) return [{ path: here, kind: 'invalid', message: 'value is not a valid dict' }];
  if ('dictOf' in shape)
    return Object.entries(value).flatMap(([key, item]) => modelErrors(item, shape.dictOf, [...path, key]));
  const errors: ModelError[] = [];
  for (const [name, field] of Object.entries(shape.model)) {
    const given = value[name];
    if (given === undefined || given === null) {
      if (shape.required?.includes(name))
        errors.push({ path: [...path, name].join('.'), kind: 'missing', message: 'field required' });
      continue;
    }
    errors.push(...modelErrors(given, field, [...path, name]));
  }
  for (const key of Object.keys(value))
    if (!Object.hasOwn(shape.model, key))
      errors.push({ path: [...path, key].join('.'), kind: 'extra', message: 'extra fields not permitted' });
  return errors;
}

const TYPE_NAMES: ReadonlyArray<[string, string]> = [
  ['not a valid dict', 'dictionary'],
  ['not a valid int', 'integer'],
  ['not a valid float', 'number'],
  ['not a valid list', 'list'],
  ['not a valid str', 'string'],
];

/** samtranslator's messages for all of a model's errors: one per path, a union's types joined with `or`. */
export function modelErrorMessages(errors: readonly ModelError[]): string[] {
  const byPath = new Map<string, { first: ModelError; types: string[] }>();
  for (const error of errors) {
    const entry = byPath.get(error.path) ?? { first: error, types: [] };
    byPath.set(error.path, entry);
    const type = TYPE_NAMES.find(([pattern]) => error.message.includes(pattern))?.[1];
    if (type !== undefined && !entry.types.includes(type)) entry.types.push(type);
  }
  return [...byPath].map(([path, { first, types }]) => {
    if (types.length > 1) return `Property '${path}' value must be ${types.join(' or ')}.`;
    if (first.kind === 'missing') return `Property '${path}' is required.`;
    if (first.kind === 'extra') return `Property '${path}' is an invalid property.`;
    return `Property '${path}' ${first.message.toLowerCase()}.`;
  });
}
