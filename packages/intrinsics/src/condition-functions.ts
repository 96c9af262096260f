import { invalidArgumentsError, IntrinsicError } from './intrinsic-error.ts';
import type { IntrinsicContext } from './intrinsic-context.ts';
import { intrinsicName, isPlainObject, scalarToString, type ResolveValue } from './intrinsic-shape.ts';

/** Looks up the boolean value of a named condition. */
export type ConditionLookup = (name: string) => boolean;

const CONDITION_OPERATORS = new Set(['Condition', 'Fn::Equals', 'Fn::And', 'Fn::Or', 'Fn::Not']);

/** Evaluates a condition expression (Fn::Equals/And/Or/Not, `{Condition: Name}`, or a boolean). */
export function evaluateConditionExpression(
  expression: unknown,
  resolve: ResolveValue,
  lookup: ConditionLookup,
): boolean {
  if (typeof expression === 'boolean') return expression;
  if (expression === 'true' || expression === 'false') return expression === 'true';
  const key =
    isPlainObject(expression) && Object.keys(expression).length === 1
      ? (Object.keys(expression)[0] as string)
      : undefined;
  if (key !== undefined && CONDITION_OPERATORS.has(key)) {
    const args = (expression as Record<string, unknown>)[key];
    switch (key) {
      case 'Condition':
        if (typeof args !== 'string') throw invalidArgumentsError('a Condition reference must be a condition name');
        return lookup(args);
      case 'Fn::Equals':
        return fnEquals(args, resolve);
      case 'Fn::Not':
        if (!Array.isArray(args) || args.length !== 1)
          throw invalidArgumentsError('every Fn::Not object requires a list of 1 boolean parameter.');
        return !evaluateConditionExpression(args[0], resolve, lookup);
      default: {
        if (!Array.isArray(args) || args.length < 2 || args.length > 10) {
          throw invalidArgumentsError(
            `every ${key} object requires a list of at least 2 and at most 10 boolean parameters.`,
          );
        }
        const values = args.map((arg) => evaluateConditionExpression(arg, resolve, lookup));
        return key === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
      }
    }
  }
  if (intrinsicName(expression) !== undefined) {
    const value = resolve(expression);
    if (typeof value === 'boolean' || value === 'true' || value === 'false') return value === true || value === 'true';
  }
  throw new IntrinsicError(
    'INTRINSIC_INVALID_ARGUMENTS',
    'Template format error: Conditions can only be boolean operations on parameters and other conditions',
  );
}

/** `Fn::Equals: [a, b]`, comparing as CloudFormation does: scalars as strings. */
export function fnEquals(args: unknown, resolve: ResolveValue): boolean {
  if (!Array.isArray(args) || args.length !== 2)
    throw invalidArgumentsError('every Fn::Equals object requires a list of 2 string parameters.');
  return comparable(resolve(args[0])) === comparable(resolve(args[1]));
}

function comparable(value: unknown): string {
  return scalarToString(value) ?? JSON.stringify(value);
}

/** Reads conditions already evaluated into the context, failing as CloudFormation does for unknown names. */
export function conditionsOfContext(context: IntrinsicContext): ConditionLookup {
  return (name) => {
    const conditions = context.conditions;
    if (conditions === undefined || !Object.hasOwn(conditions, name)) {
      throw new IntrinsicError(
        'INTRINSIC_UNRESOLVED_CONDITION',
        `Template error: unresolved condition dependency ${name} in Fn::If`,
      );
    }
    return conditions[name] as boolean;
  };
}

/** `Fn::If: [condition, valueIfTrue, valueIfFalse]`: only the chosen branch is evaluated. */
export function fnIf(args: unknown, resolve: ResolveValue, context: IntrinsicContext): unknown {
  if (!Array.isArray(args) || args.length !== 3 || typeof args[0] !== 'string') {
    throw invalidArgumentsError(
      'every Fn::If object requires three parameters, the condition, the value if true and the value if false.',
    );
  }
  return resolve(conditionsOfContext(context)(args[0]) ? args[1] : args[2]);
}
