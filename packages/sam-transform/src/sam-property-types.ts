import { isPlainObject } from '@toolkit/intrinsics';
import { PyStr } from './py27-repr.ts';
import { isIntrinsic } from './sam-intrinsic.ts';
import { SamResourceError } from './sam-resource-error.ts';

/** One of samtranslator's property validators (`IS_DICT`, `IS_STR`, …) or a choice of them (`one_of`). */
export type SamPropertyType =
  | 'map'
  | 'string'
  | 'bool'
  | 'int'
  | 'list'
  | 'any'
  | readonly SamPropertyType[]
  | { readonly listOf: SamPropertyType }
  | { readonly mapOf: SamPropertyType }
  | { readonly oneOfStrings: readonly string[] }
  /** samtranslator's `Property` (not `PropertyType`): an intrinsic is not accepted in its place. */
  | { readonly noIntrinsic: SamPropertyType };

// Array.isArray does not narrow a readonly array type.
const isChoice = (type: SamPropertyType): type is readonly SamPropertyType[] => Array.isArray(type);

function matches(value: unknown, type: SamPropertyType): boolean {
  if (isChoice(type)) return type.some((choice) => matches(value, choice));
  if (typeof type !== 'string') {
    if ('listOf' in type) return Array.isArray(value) && value.every((item) => matches(item, type.listOf));
    if ('noIntrinsic' in type) return matches(value, type.noIntrinsic);
    if ('mapOf' in type) return isPlainObject(value) && Object.values(value).every((item) => matches(item, type.mapOf));
    return typeof value === 'string' && type.oneOfStrings.includes(value);
  }
  switch (type) {
    case 'map':
      return isPlainObject(value);
    case 'string':
      return typeof value === 'string' || value instanceof PyStr;
    case 'bool':
      return typeof value === 'boolean';
    // Python's bool is an int, so `true` passes IS_INT.
    case 'int':
      return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'any':
      return true;
  }
}

/**
 * samtranslator's `from_dict` checks on a resource's properties: each name must be one of `types`
 * (in document order), then each `required` one must be set and each set value must match its type
 * unless it is an intrinsic (in `types` order). Throws the first problem in samtranslator's words.
 */
export function checkPropertyTypes(
  logicalId: string,
  resourceType: string,
  properties: Readonly<Record<string, unknown>>,
  types: ReadonlyMap<string, SamPropertyType>,
  required: readonly string[] = [],
): void {
  for (const name of Object.keys(properties))
    if (!types.has(name))
      throw new SamResourceError(logicalId, `property ${name} not defined for resource of type ${resourceType}`);
  checkPropertyValues(logicalId, properties, types, required);
}

/** The value half of `checkPropertyTypes`: required properties set, set values of their type (intrinsics pass). */
export function checkPropertyValues(
  logicalId: string,
  properties: Readonly<Record<string, unknown>>,
  types: ReadonlyMap<string, SamPropertyType>,
  required: readonly string[] = [],
): void {
  for (const [name, type] of types) {
    const value = properties[name];
    if ((value === undefined || value === null) && required.includes(name))
      throw new SamResourceError(logicalId, `Missing required property '${name}'.`);
    if (value === undefined || value === null || matches(value, type)) continue;
    if (isIntrinsic(value) && !(typeof type === 'object' && 'noIntrinsic' in type)) continue;
    throw new SamResourceError(logicalId, propertyTypeMessage(name, type));
  }
}

/** "Property 'X' should be a map." for IS_DICT and IS_STR, samtranslator's generic message otherwise. */
function propertyTypeMessage(name: string, type: SamPropertyType): string {
  // The message is the validator's; whether an intrinsic may stand in does not change it.
  if (!isChoice(type) && typeof type === 'object' && 'noIntrinsic' in type)
    return propertyTypeMessage(name, type.noIntrinsic);
  if (type === 'map') return `Property '${name}' should be a map.`;
  if (type === 'string') return `Property '${name}' should be a string.`;
  if (!isChoice(type) && typeof type === 'object' && 'oneOfStrings' in type)
    return `Property '${name}' should be a ${oneOfStrings(type.oneOfStrings)}.`;
  return `Type of property '${name}' is invalid.`;
}

/** samtranslator's description of an `IS_STR_ENUM` ("the string 'A'", "one of the strings: 'A' or 'B'", …). */
function oneOfStrings(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  if (quoted.length === 1) return `the string ${quoted[0]}`;
  if (quoted.length === 2) return `one of the strings: ${quoted[0]} or ${quoted[1]}`;
  return `one of the strings: ${quoted.slice(0, -1).join(', ')}, or ${quoted.at(-1)}`;
}
