import { parseSubTemplate, subArguments } from './fn-sub-template.ts';
import { getAttParts, intrinsicName, isPlainObject } from './intrinsic-shape.ts';

/** One reference found in a template value. */
export type TemplateReference =
  | { kind: 'Ref'; name: string }
  | { kind: 'GetAtt'; name: string }
  | { kind: 'Sub'; name: string; attribute: boolean }
  | { kind: 'If'; condition: string }
  | { kind: 'Condition'; condition: string }
  | { kind: 'FindInMap'; map: string };

/**
 * Calls `visit` for every Ref, Fn::GetAtt target, Fn::Sub variable (minus the call's own variables),
 * Fn::If condition and literal Fn::FindInMap map name in `value`. `{Condition: X}` counts only
 * when `conditionReferences` is set (it is an intrinsic only inside the Conditions section).
 */
export function walkReferences(
  value: unknown,
  visit: (reference: TemplateReference) => void,
  conditionReferences = false,
): void {
  const walk = (node: unknown): void => walkReferences(node, visit, conditionReferences);
  if (Array.isArray(value)) {
    value.forEach(walk);
    return;
  }
  if (!isPlainObject(value)) return;
  if (conditionReferences && Object.keys(value).length === 1 && typeof value['Condition'] === 'string') {
    visit({ kind: 'Condition', condition: value['Condition'] });
    return;
  }
  const name = intrinsicName(value);
  const args = name === undefined ? undefined : value[name];
  switch (name) {
    case 'Ref':
      if (typeof args === 'string') visit({ kind: 'Ref', name: args });
      return;
    case 'Fn::GetAtt': {
      const target = getAttParts(args)?.[0];
      if (typeof target === 'string') visit({ kind: 'GetAtt', name: target });
      if (Array.isArray(args)) walk(args[1]);
      return;
    }
    case 'Fn::Sub':
      walkSub(args, visit, walk);
      return;
    case 'Fn::If':
      if (Array.isArray(args) && typeof args[0] === 'string') visit({ kind: 'If', condition: args[0] });
      if (Array.isArray(args)) args.slice(1).forEach(walk);
      return;
    case 'Fn::FindInMap':
      if (Array.isArray(args) && typeof args[0] === 'string') visit({ kind: 'FindInMap', map: args[0] });
      walk(args);
      return;
    default:
      Object.values(value).forEach(walk);
  }
}

function walkSub(args: unknown, visit: (reference: TemplateReference) => void, walk: (node: unknown) => void): void {
  const parsed = subArguments(args);
  if (parsed === undefined) {
    walk(args);
    return;
  }
  Object.values(parsed.variables).forEach(walk);
  let parts;
  try {
    parts = parseSubTemplate(parsed.template);
  } catch {
    return; // a malformed variable is reported when the value is evaluated
  }
  for (const part of parts) {
    if (!('variable' in part) || Object.hasOwn(parsed.variables, part.variable)) continue;
    const dot = part.variable.indexOf('.');
    visit(
      dot > 0
        ? { kind: 'Sub', name: part.variable.slice(0, dot), attribute: true }
        : { kind: 'Sub', name: part.variable, attribute: false },
    );
  }
}
