import { conditionsOfContext, evaluateConditionExpression, fnEquals, fnIf } from './condition-functions.ts';
import { fnCidr } from './fn-cidr.ts';
import { fnFindInMap } from './fn-find-in-map.ts';
import { fnBase64, fnJoin, fnLength, fnSelect, fnSplit, fnToJsonString } from './fn-list-functions.ts';
import { parseSubTemplate, subArguments, subArgumentsError } from './fn-sub-template.ts';
import type { IntrinsicContext } from './intrinsic-context.ts';
import {
  IntrinsicError,
  invalidArgumentsError,
  undefinedResourceError,
  unresolvedReferenceError,
} from './intrinsic-error.ts';
import {
  getAttParts,
  intrinsicName,
  isPlainObject,
  NO_VALUE,
  scalarToString,
  type ResolveValue,
} from './intrinsic-shape.ts';
import { isPseudoParameter, pseudoParameterValue } from './pseudo-parameters.ts';

type IntrinsicFunction = (args: unknown, resolve: ResolveValue, context: IntrinsicContext) => unknown;

const FUNCTIONS: Readonly<Record<string, IntrinsicFunction>> = {
  Ref: (args, _resolve, context) => {
    if (typeof args !== 'string') throw invalidArgumentsError('every Ref object requires a single string parameter.');
    return refValue(args, context);
  },
  'Fn::GetAtt': fnGetAtt,
  'Fn::Sub': fnSub,
  'Fn::If': fnIf,
  'Fn::Join': fnJoin,
  'Fn::Select': fnSelect,
  'Fn::Split': fnSplit,
  'Fn::FindInMap': fnFindInMap,
  'Fn::Base64': fnBase64,
  'Fn::Cidr': fnCidr,
  'Fn::ToJsonString': fnToJsonString,
  'Fn::Length': fnLength,
  'Fn::GetAZs': fnGetAZs,
  'Fn::ImportValue': fnImportValue,
  'Fn::Equals': (args, resolve) => fnEquals(args, resolve),
  'Fn::And': (args, resolve, context) =>
    evaluateConditionExpression({ 'Fn::And': args }, resolve, conditionsOfContext(context)),
  'Fn::Or': (args, resolve, context) =>
    evaluateConditionExpression({ 'Fn::Or': args }, resolve, conditionsOfContext(context)),
  'Fn::Not': (args, resolve, context) =>
    evaluateConditionExpression({ 'Fn::Not': args }, resolve, conditionsOfContext(context)),
};

/**
 * Evaluates every intrinsic function in `value` (a property tree from a template).
 * `Ref: AWS::NoValue` removes the key or list item holding it; at the top level it gives undefined.
 */
export function resolveIntrinsics(value: unknown, context: IntrinsicContext): unknown {
  const resolved = resolveValue(value, context);
  return resolved === NO_VALUE ? undefined : resolved;
}

function resolveValue(value: unknown, context: IntrinsicContext): unknown {
  const resolve: ResolveValue = (nested) => resolveValue(nested, context);
  if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== NO_VALUE);
  if (!isPlainObject(value)) return value;
  const name = intrinsicName(value);
  if (name !== undefined) {
    const fn = FUNCTIONS[name];
    if (fn === undefined)
      throw new IntrinsicError(
        'INTRINSIC_UNSUPPORTED_FUNCTION',
        `Template format error: Unrecognized function ${name}`,
      );
    return fn(value[name], resolve, context);
  }
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(item);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

function refValue(name: string, context: IntrinsicContext): unknown {
  if (Object.hasOwn(context.parameters, name)) return context.parameters[name];
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (isPseudoParameter(name)) return pseudoParameterValue(name, context.pseudoParameters);
  const value = context.ref?.(name);
  if (value === undefined) throw unresolvedReferenceError(name);
  return value;
}

function getAttValue(logicalId: string, attribute: string, context: IntrinsicContext): unknown {
  const value = context.getAtt?.(logicalId, attribute);
  if (value === undefined) throw undefinedResourceError(logicalId);
  return value;
}

function fnGetAtt(args: unknown, resolve: ResolveValue, context: IntrinsicContext): unknown {
  const parts = getAttParts(args);
  const logicalId = parts?.[0];
  const attribute = parts === undefined ? undefined : resolve(parts[1]);
  if (typeof logicalId !== 'string' || logicalId === '' || typeof attribute !== 'string' || attribute === '') {
    throw invalidArgumentsError(
      'every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute',
    );
  }
  return getAttValue(logicalId, attribute, context);
}

function fnSub(args: unknown, resolve: ResolveValue, context: IntrinsicContext): string {
  const parsed = subArguments(args);
  if (parsed === undefined) throw subArgumentsError();
  const variables = new Map<string, unknown>();
  for (const [key, value] of Object.entries(parsed.variables)) variables.set(key, resolve(value));
  return parseSubTemplate(parsed.template)
    .map((part) => {
      if ('literal' in part) return part.literal;
      const name = part.variable;
      const value = variables.has(name) ? variables.get(name) : subVariableValue(name, context);
      const text = scalarToString(value);
      if (text === undefined)
        throw invalidArgumentsError(`variable ${name} in Fn::Sub expression does not resolve to a string`);
      return text;
    })
    .join('');
}

function subVariableValue(name: string, context: IntrinsicContext): unknown {
  const dot = name.indexOf('.');
  if (dot > 0 && !Object.hasOwn(context.parameters, name))
    return getAttValue(name.slice(0, dot), name.slice(dot + 1), context);
  return refValue(name, context);
}

function fnGetAZs(args: unknown, resolve: ResolveValue, context: IntrinsicContext): string[] {
  const region = resolve(args);
  if (typeof region !== 'string') throw invalidArgumentsError('Fn::GetAZs requires a region name or an empty string.');
  const target = region === '' ? context.pseudoParameters.region : region;
  return context.getAZs?.(target) ?? ['a', 'b', 'c'].map((zone) => `${target}${zone}`);
}

function fnImportValue(args: unknown, resolve: ResolveValue, context: IntrinsicContext): unknown {
  const name = resolve(args);
  if (typeof name !== 'string') throw invalidArgumentsError('Fn::ImportValue requires the name of an export.');
  const value = context.importValue?.(name);
  if (value === undefined) throw new IntrinsicError('INTRINSIC_EXPORT_NOT_FOUND', `No export named ${name} found.`);
  return value;
}
