import { invalidArgumentsError, IntrinsicError } from './intrinsic-error.ts';
import type { IntrinsicContext } from './intrinsic-context.ts';
import { isPlainObject, scalarToString, type ResolveValue } from './intrinsic-shape.ts';

/** `Fn::FindInMap: [map, topKey, secondKey, {DefaultValue}?]`. */
export function fnFindInMap(args: unknown, resolve: ResolveValue, context: IntrinsicContext): unknown {
  const usage = () =>
    invalidArgumentsError(
      'every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
    );
  if (!Array.isArray(args) || args.length < 3 || args.length > 4) throw usage();
  const keys = args.slice(0, 3).map((arg) => scalarToString(resolve(arg)));
  if (keys.some((key) => key === undefined)) throw usage();
  const [mapName, topKey, secondKey] = keys as [string, string, string];
  const map = context.mappings?.[mapName];
  const top = isPlainObject(map) && Object.hasOwn(map, topKey) ? map[topKey] : undefined;
  if (isPlainObject(top) && Object.hasOwn(top, secondKey)) return top[secondKey];
  const options = args[3];
  if (isPlainObject(options) && Object.hasOwn(options, 'DefaultValue')) return resolve(options['DefaultValue']);
  throw new IntrinsicError(
    'INTRINSIC_MAPPING_NOT_FOUND',
    `Template error: Unable to get mapping for ${mapName}::${topKey}::${secondKey}`,
  );
}
