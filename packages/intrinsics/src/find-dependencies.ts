import { isPlainObject } from './intrinsic-shape.ts';
import { isPseudoParameter } from './pseudo-parameters.ts';
import { walkReferences } from './reference-walker.ts';

/**
 * Logical ids a resource depends on: its `DependsOn`, and every resource it names through
 * Ref, Fn::GetAtt or Fn::Sub (both branches of an Fn::If count). Parameters and pseudo
 * parameters are left out; pass the template's parameter names so Refs to them are too.
 */
export function findDependencies(resourceBody: unknown, parameterNames: Iterable<string> = []): Set<string> {
  const parameters = new Set(parameterNames);
  const dependencies = new Set<string>();
  const add = (name: string): void => {
    if (!parameters.has(name) && !isPseudoParameter(name)) dependencies.add(name);
  };
  if (isPlainObject(resourceBody)) {
    const dependsOn = resourceBody['DependsOn'];
    for (const name of Array.isArray(dependsOn) ? dependsOn : [dependsOn])
      if (typeof name === 'string') dependencies.add(name);
  }
  walkReferences(isPlainObject(resourceBody) ? withoutKey(resourceBody, 'DependsOn') : resourceBody, (reference) => {
    if (reference.kind === 'Ref' || reference.kind === 'GetAtt') add(reference.name);
    else if (reference.kind === 'Sub') add(reference.name);
  });
  return dependencies;
}

function withoutKey(body: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _omitted, ...rest } = body;
  return rest;
}
