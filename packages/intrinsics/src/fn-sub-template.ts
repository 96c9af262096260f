import { invalidArgumentsError } from './intrinsic-error.ts';

/** One piece of an Fn::Sub string: literal text, or a `${Name}` / `${Res.Attr}` variable. */
export type SubPart = { literal: string } | { variable: string };

const VARIABLE = /\$\{([^}]*)\}/g;
const VALID_NAME = /^[A-Za-z0-9_.:]+$/;

/** Splits an Fn::Sub string into literals and variables; `${!X}` stays the literal `${X}`. */
export function parseSubTemplate(text: string): SubPart[] {
  const parts: SubPart[] = [];
  let last = 0;
  for (const match of text.matchAll(VARIABLE)) {
    const inner = match[1] as string;
    if (match.index > last) parts.push({ literal: text.slice(last, match.index) });
    last = match.index + match[0].length;
    if (inner.startsWith('!')) {
      parts.push({ literal: `\${${inner.slice(1)}}` });
      continue;
    }
    const name = inner.trim();
    if (!VALID_NAME.test(name)) {
      throw invalidArgumentsError(
        'variable names in Fn::Sub syntax must contain only alphanumeric characters, underscores, periods, and colons',
      );
    }
    parts.push({ variable: name });
  }
  if (last < text.length) parts.push({ literal: text.slice(last) });
  return parts;
}

/** The `[template, variables]` of an Fn::Sub call in either form, or undefined when malformed. */
export function subArguments(args: unknown): { template: string; variables: Record<string, unknown> } | undefined {
  if (typeof args === 'string') return { template: args, variables: {} };
  if (Array.isArray(args) && args.length === 2 && typeof args[0] === 'string') {
    const variables = args[1];
    if (typeof variables === 'object' && variables !== null && !Array.isArray(variables)) {
      return { template: args[0], variables: variables as Record<string, unknown> };
    }
  }
  return undefined;
}

/** CloudFormation's words for a malformed Fn::Sub. */
export function subArgumentsError(): Error {
  return invalidArgumentsError(
    "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
  );
}
