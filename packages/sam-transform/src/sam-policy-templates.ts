import { POLICY_TEMPLATE_ROWS } from './policy-template-table.ts';

const REGIONAL_ARN = /^@([a-z0-9-]+):/;
const VARIABLE = /\$\{(?!AWS::)([^}]*)\}/g;

/** A resource pattern of the table as samtranslator writes it: `*`, or Fn::Sub with the parameters' values bound. */
function resource(pattern: string, values: Record<string, unknown>): unknown {
  if (pattern === '*') return pattern;
  const text = pattern.replace(REGIONAL_ARN, 'arn:${AWS::Partition}:$1:${AWS::Region}:${AWS::AccountId}:');
  const variables = [...text.matchAll(VARIABLE)].map((match) => match[1]!);
  if (variables.length === 0) return { 'Fn::Sub': text };
  const bindings: Record<string, unknown> = {};
  for (const variable of variables) {
    const parameter = Object.keys(values).find((name) => name.toLowerCase() === variable.toLowerCase());
    bindings[variable] = parameter === undefined ? undefined : values[parameter];
  }
  return { 'Fn::Sub': [text, bindings] };
}

/** `[a, b]` is a list, anything else one item (the table keeps samtranslator's string-or-list choice). */
function listOrOne<T>(text: string, each: (item: string) => T): T | T[] {
  return text.startsWith('[') ? text.slice(1, -1).split(', ').map(each) : each(text);
}

/** One row statement `<actions> -> <resources>[ if <Operator> <key> = <pattern>]` with the values filled in. */
function statement(row: string, values: Record<string, unknown>): Record<string, unknown> {
  const [main, condition] = row.split(' if ') as [string, string | undefined];
  const [actions, resources] = main.split(' -> ') as [string, string];
  const action = actions.startsWith('[')
    ? (() => {
        const [service, names] = actions.slice(1, -1).split(/:(.*)/s) as [string, string];
        return names.split(' ').map((name) => `${service}:${name}`);
      })()
    : actions;
  const result: Record<string, unknown> = {
    Effect: 'Allow',
    Action: action,
    Resource: listOrOne(resources, (item) => resource(item, values)),
  };
  if (condition !== undefined) {
    const [operator, key, , pattern] = condition.split(' ') as [string, string, string, string];
    result['Condition'] = { [operator]: { [key]: resource(pattern, values) } };
  }
  return result;
}

/** The outcome of expanding one `{TemplateName: {params}}` entry of `Policies`. */
export type PolicyTemplateExpansion =
  { kind: 'document'; document: { Statement: Array<Record<string, unknown>> } } | { kind: 'invalid'; reason: string };

/** True when `name` is a SAM policy template name. */
export function isPolicyTemplateName(name: string): boolean {
  return POLICY_TEMPLATE_ROWS.has(name);
}

/** Expands a policy template into a policy document, as samtranslator does before building the role. */
export function expandPolicyTemplate(name: string, values: unknown): PolicyTemplateExpansion {
  const row = POLICY_TEMPLATE_ROWS.get(name);
  if (row === undefined) return { kind: 'invalid', reason: `Template '${name}' is not a policy template` };
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return { kind: 'invalid', reason: `Must specify valid parameter values for policy template '${name}'` };
  }
  const given = values as Record<string, unknown>;
  const [parameterList, ...statements] = row as [string, ...string[]];
  const parameters = parameterList === '' ? [] : parameterList.split(' ');
  const missing = parameters.filter((parameter) => !Object.hasOwn(given, parameter));
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`).join(', ');
    return {
      kind: 'invalid',
      reason: `Following required parameters of template '${name}' don't have values: [${list}]`,
    };
  }
  const own: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const parameter of parameters) own[parameter] = structuredClone(given[parameter]);
  return { kind: 'document', document: { Statement: statements.map((text) => statement(text, own)) } };
}
