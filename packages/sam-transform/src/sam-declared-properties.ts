import { isPlainObject } from '@toolkit/intrinsics';
import { SamResourceError } from './sam-resource-error.ts';
import { isIntrinsic } from './state-machine-definition.ts';

/** A property's expected type: a map or string (named in the message), or any other test. */
export type PropertyType = 'map' | 'string' | ((value: unknown) => boolean);

/** How samtranslator declares one property of a resource type. */
export interface PropertySpec {
  required?: boolean;
  type?: PropertyType;
  /** An intrinsic (`{Ref: …}`, `{Fn::…: …}`) skips the type check (samtranslator's `PropertyType`, not `Property`). */
  intrinsics?: boolean;
}

const TESTS: Readonly<Record<'map' | 'string', (value: unknown) => boolean>> = {
  map: isPlainObject,
  string: (value) => typeof value === 'string',
};

/**
 * samtranslator's checks of a resource's declared properties, in declaration order: `property X
 * not defined for resource of type T` for an undeclared one (unless `anyNames`), then `Missing
 * required property 'X'.`, `Property 'X' should be a map|string.` or `Type of property 'X' is invalid.`
 */
export function checkDeclaredProperties(
  logicalId: string,
  resourceType: string,
  properties: Readonly<Record<string, unknown>>,
  specs: Readonly<Record<string, PropertySpec>>,
  anyNames = false,
): void {
  if (!anyNames)
    for (const name of Object.keys(properties))
      if (!Object.hasOwn(specs, name))
        throw new SamResourceError(logicalId, `property ${name} not defined for resource of type ${resourceType}`);
  for (const [name, spec] of Object.entries(specs)) {
    const value = properties[name];
    if (spec.intrinsics && isIntrinsic(value)) continue;
    if (value === undefined || value === null) {
      if (spec.required) throw new SamResourceError(logicalId, `Missing required property '${name}'.`);
      continue;
    }
    const type = spec.type;
    if (type === undefined) continue;
    const valid = typeof type === 'function' ? type(value) : TESTS[type](value);
    if (!valid)
      throw new SamResourceError(
        logicalId,
        typeof type === 'function'
          ? `Type of property '${name}' is invalid.`
          : `Property '${name}' should be a ${type}.`,
      );
  }
}
