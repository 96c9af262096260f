import { evaluateConditionExpression } from './condition-functions.ts';
import type { IntrinsicContext } from './intrinsic-context.ts';
import { IntrinsicError } from './intrinsic-error.ts';
import { isPlainObject } from './intrinsic-shape.ts';
import { resolveIntrinsics } from './resolve-intrinsics.ts';

/**
 * Evaluates every entry of the template's `Conditions` section. Conditions may use parameters,
 * pseudo parameters, mappings and other conditions, never resources.
 * `context.mappings` defaults to the template's `Mappings`.
 */
export function evaluateConditions(
  template: Readonly<Record<string, unknown>>,
  context: IntrinsicContext,
): Record<string, boolean> {
  const definitions = isPlainObject(template['Conditions']) ? template['Conditions'] : {};
  const mappings = context.mappings ?? (isPlainObject(template['Mappings']) ? template['Mappings'] : {});
  const noResources = (name: string): never => {
    throw new IntrinsicError(
      'INTRINSIC_CONDITION_REFERENCES_RESOURCE',
      `Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`,
    );
  };
  const valueContext: IntrinsicContext = {
    ...context,
    mappings,
    conditions: {},
    ref: noResources,
    getAtt: noResources,
  };
  const resolve = (value: unknown) => resolveIntrinsics(value, valueContext);
  const results: Record<string, boolean> = {};
  const inProgress: string[] = [];

  const lookup = (name: string): boolean => {
    if (Object.hasOwn(results, name)) return results[name] as boolean;
    if (!Object.hasOwn(definitions, name)) {
      throw new IntrinsicError(
        'INTRINSIC_UNRESOLVED_CONDITION',
        `Template format error: Unresolved condition dependencies [${name}] in the Conditions block of the template`,
      );
    }
    if (inProgress.includes(name)) {
      const cycle = inProgress.slice(inProgress.indexOf(name));
      throw new IntrinsicError(
        'INTRINSIC_CONDITION_CYCLE',
        `Template error: circular condition dependency between conditions [${cycle.join(', ')}]`,
      );
    }
    inProgress.push(name);
    const value = evaluateConditionExpression(definitions[name], resolve, lookup);
    inProgress.pop();
    results[name] = value;
    return value;
  };

  for (const name of Object.keys(definitions)) lookup(name);
  return results;
}
