import { isPlainObject } from '@toolkit/intrinsics';
import type { ApiEventInput } from './api-definition.ts';
import type { SamScope } from './sam-scope.ts';
import { PyStr } from './py27-repr.ts';
import { SwaggerEditor } from './swagger-editor.ts';

/** samtranslator's `make_combined_condition`: `Fn::Or`s of at most 10 conditions, chained under numbered names. */
export function combinedConditions(conditions: readonly string[], name: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let list = [...conditions];
  if (list.length < 2) return result;
  let index = Math.floor((list.length - 2) / 9);
  while (list.length > 1) {
    const conditionName = index > 0 ? `${name}${index--}` : name;
    result[conditionName] = { 'Fn::Or': list.slice(0, 10).map((condition) => ({ Condition: condition })) };
    list = [...list.slice(10), conditionName];
  }
  return result;
}

/** The condition of each method of each path, as the events that made them carry their function's Condition. */
function methodConditions(events: readonly ApiEventInput[]): Map<string, Map<string, unknown>> {
  const paths = new Map<string, Map<string, unknown>>();
  for (const event of events) {
    const path = event.properties.get('Path') as string;
    const methods = paths.get(path) ?? new Map<string, unknown>();
    paths.set(path, methods);
    methods.set(String(event.properties.get('Method')), event.function['Condition'] ?? null);
  }
  return paths;
}

/**
 * `_maybe_add_conditions_to_implicit_api_paths`: a path whose every method comes from a conditional
 * function is itself wrapped in that condition (or in `<Api><Path>PathCondition`, their `Fn::Or`).
 */
export function addPathConditions(
  apiId: string,
  body: unknown,
  events: readonly ApiEventInput[],
  scope: SamScope,
): unknown {
  const editor = new SwaggerEditor(body);
  const conditions = methodConditions(events);
  for (const path of editor.paths.keys()) {
    const all = new Set(conditions.get(path)?.values() ?? []);
    if (all.size === 0 || all.has(null) || ![...all].every((c) => typeof c === 'string')) continue;
    const names = [...all] as string[];
    if (names.length === 1) {
      editor.makePathConditional(path, names[0]);
      continue;
    }
    const pathId = path.replaceAll('/', 'SLASH').replaceAll('{', 'OB').replaceAll('}', 'CB');
    const name = `${apiId}${pathId}PathCondition`;
    for (const [id, definition] of Object.entries(combinedConditions(names.sort(), name)))
      scope.addCondition(id, definition);
    // samtranslator's own name (a str), where a single condition is the template's.
    editor.makePathConditional(path, new PyStr(name));
  }
  return editor.swagger;
}

/**
 * The implicit API's Condition (its events' functions' conditions, all of them conditional), DeletionPolicy
 * (Retain over Delete) and UpdateReplacePolicy (Retain, then Snapshot, then Delete), as samtranslator sets them.
 */
export function implicitApiAttributes(
  template: Record<string, unknown>,
  api: Record<string, unknown>,
  functions: ReadonlyArray<Record<string, unknown>>,
  paths: ReadonlyMap<string, ReadonlyMap<string, unknown>>,
): void {
  const all = new Set<unknown>();
  for (const methods of paths.values()) for (const condition of methods.values()) all.add(condition);
  if (all.size > 0 && !all.has(null)) {
    const names = [...all] as string[];
    if (names.length === 1) api['Condition'] = names[0];
    else {
      api['Condition'] = 'ServerlessRestApiCondition';
      const conditions = isPlainObject(template['Conditions']) ? template['Conditions'] : {};
      template['Conditions'] = conditions;
      Object.assign(conditions, combinedConditions(names.sort(), 'ServerlessRestApiCondition'));
    }
  }
  const deletion = functions.map((fn) => fn['DeletionPolicy']).filter(Boolean);
  if (deletion.includes('Retain')) api['DeletionPolicy'] = 'Retain';
  else if (deletion.includes('Delete')) api['DeletionPolicy'] = 'Delete';
  const replace = functions.map((fn) => fn['UpdateReplacePolicy']).filter(Boolean);
  if (replace.includes('Retain')) api['UpdateReplacePolicy'] = 'Retain';
  else if (replace.includes('Snapshot')) api['UpdateReplacePolicy'] = 'Snapshot';
  else if (replace.includes('Delete')) api['UpdateReplacePolicy'] = 'Delete';
}
