import { isPlainObject } from '@toolkit/intrinsics';
import { invalidTemplate, pythonStr } from './swagger-editor.ts';

const SUB_REFERENCE = /\$\{([A-Za-z0-9.]+|AWS::[A-Z][A-Za-z]*)\}/g;

/**
 * samtranslator's `resolve_parameter_refs`: inlines `Ref` to a known parameter and `${Param}` in
 * the string of an Fn::Sub (which stays an Fn::Sub); every other intrinsic is kept. Returns a copy.
 * `parameters` holds template defaults, given values, `AWS::Region` and `AWS::Partition`.
 */
export function resolveParameterRefs(value: unknown, parameters: Readonly<Record<string, unknown>>): unknown {
  if (Object.keys(parameters).length === 0) return structuredClone(value);
  const resolved = resolveOne(value, parameters);
  if (Array.isArray(resolved)) return resolved.map((item) => resolveParameterRefs(item, parameters));
  if (isPlainObject(resolved)) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(resolved)) result[key] = resolveParameterRefs(item, parameters);
    return result;
  }
  return resolved;
}

function resolveOne(value: unknown, parameters: Readonly<Record<string, unknown>>): unknown {
  if (!isPlainObject(value) || Object.keys(value).length !== 1) return value;
  if (typeof value['Ref'] === 'string') {
    const name = value['Ref'];
    return Object.hasOwn(parameters, name) && !isPlaceholder(parameters[name]) ? parameters[name] : value;
  }
  const sub = value['Fn::Sub'];
  if (typeof sub === 'string') return { 'Fn::Sub': substitute(sub, parameters) };
  if (Array.isArray(sub) && typeof sub[0] === 'string')
    return { 'Fn::Sub': [substitute(sub[0], parameters), ...sub.slice(1)] };
  return value;
}

function substitute(text: string, parameters: Readonly<Record<string, unknown>>): string {
  return text.replace(SUB_REFERENCE, (whole, name: string) => {
    if (!Object.hasOwn(parameters, name) || isPlaceholder(parameters[name])) return whole;
    const replacement = parameters[name];
    if (typeof replacement !== 'string')
      throw invalidTemplate(
        `Invalid Fn::Sub variable value ${pythonStr(replacement)}. Fn::Sub expects all variables to be strings.`,
      );
    return replacement;
  });
}

/** CloudFormation passes `{{IntrinsicFunction:…}}` placeholders for values it cannot know yet. */
function isPlaceholder(value: unknown): boolean {
  return typeof value === 'string' && value.startsWith('{{IntrinsicFunction:');
}
