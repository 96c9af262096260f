/** A profile variable that has no value for this connector (samtranslator: `Source.Arn is missing.`). */
export class MissingProfileVariable extends Error {
  constructor(readonly variable: string) {
    super(`${variable} is missing.`);
    this.name = 'MissingProfileVariable';
  }
}

/**
 * Fills `%{Source.Arn}`-style variables in a profile, as samtranslator does: a string that is one
 * variable becomes its value; a variable inside a longer string becomes `Fn::Sub` with the
 * value bound to the variable's name without the dot (`${SourceArn}`); any other string with a
 * `${…}` becomes `Fn::Sub`. Throws `MissingProfileVariable` for a used variable without a value.
 */
export function fillProfileVariables(value: unknown, variables: ReadonlyMap<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((item) => fillProfileVariables(item, variables));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillProfileVariables(item, variables)] as const),
    );
  return typeof value === 'string' ? fillString(value, variables) : value;
}

function fillString(text: string, variables: ReadonlyMap<string, unknown>): unknown {
  let result = text;
  const bindings: Record<string, unknown> = {};
  for (const [name, value] of variables) {
    const pattern = `%{${name}}`;
    if (!result.includes(pattern)) continue;
    if (value === undefined || value === null) throw new MissingProfileVariable(name);
    if (result === pattern) return value;
    const subName = name.replace(/[^A-Za-z0-9]/g, '');
    result = result.replaceAll(pattern, `\${${subName}}`);
    bindings[subName] = value;
  }
  if (!/\$\{.+\}/.test(result)) return result;
  return Object.keys(bindings).length > 0 ? { 'Fn::Sub': [result, bindings] } : { 'Fn::Sub': result };
}
