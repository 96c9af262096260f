import { isPlainObject } from '@toolkit/intrinsics';
import { jsonPointer, type SourceScalarTypes } from '@toolkit/template';
import { PyFloat } from './py27-repr.ts';

/** The JSON pointer of a property of a resource in the source template. */
export function propertyPointer(logicalId: string, property: string): string {
  return jsonPointer(['Resources', logicalId, 'Properties', property]);
}

/**
 * A template value found at `pointer` with the whole-number floats its source wrote (`2.0`) as
 * `PyFloat`s, which Python prints `2.0`; everything else as it is. Only the swagger model reads these.
 */
export function withSourceFloats(value: unknown, pointer: string, types: SourceScalarTypes): unknown {
  if (typeof value === 'number') return types.integralFloats.has(pointer) ? new PyFloat(value) : value;
  if (!holdsFloats(pointer, types)) return value;
  if (Array.isArray(value))
    return value.map((item, index) => withSourceFloats(item, `${pointer}${jsonPointer([index])}`, types));
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, withSourceFloats(item, `${pointer}${jsonPointer([key])}`, types)]),
  );
}

function holdsFloats(pointer: string, types: SourceScalarTypes): boolean {
  for (const at of types.integralFloats) if (at.startsWith(`${pointer}/`)) return true;
  return false;
}

/** Whether the resource's logical id was a YAML key that is not a string (`0:`), as PyYAML keeps it. */
export function isNonStringResourceKey(logicalId: string, types: SourceScalarTypes | undefined): boolean {
  return types?.nonStringKeys.has(jsonPointer(['Resources', logicalId])) ?? false;
}
