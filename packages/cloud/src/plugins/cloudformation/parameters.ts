import type { ParameterValue } from './model.ts';
import { templateFormatError, validationError } from './template-errors.ts';

/** A parameter as the API receives it. */
export interface ParameterInput {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean | string;
}

/** A parameter declaration from the template's `Parameters` section. */
export interface ParameterDeclaration {
  Type?: string;
  Default?: unknown;
  NoEcho?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: unknown;
  MaxLength?: unknown;
  MinValue?: unknown;
  MaxValue?: unknown;
  ConstraintDescription?: string;
  Description?: string;
}

/** The template's parameter declarations, in order. */
export function parameterDeclarations(template: Record<string, unknown>): Record<string, ParameterDeclaration> {
  const section = template.Parameters;
  return section && typeof section === 'object' && !Array.isArray(section)
    ? (section as Record<string, ParameterDeclaration>)
    : {};
}

/** True for list-typed parameters, whose Ref value is a list. */
export function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || type.startsWith('List<');
}

/** Checks a declared type; SSM-backed types need SSM, which the local cloud does not run. */
function checkType(key: string, type: string): void {
  if (type.startsWith('AWS::SSM::Parameter::Value<')) {
    throw validationError(
      `Parameter '${key}' has type ${type}, which needs SSM Parameter Store; the local cloud does not support SSM parameter types.`,
    );
  }
  const known =
    type === 'String' ||
    type === 'Number' ||
    type === 'CommaDelimitedList' ||
    type === 'List<Number>' ||
    type === 'AWS::SSM::Parameter::Name' ||
    /^AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+$/.test(type) ||
    /^List<AWS::[A-Za-z0-9]+::[A-Za-z0-9:]+>$/.test(type);
  if (!known) throw templateFormatError(`Unrecognized parameter type: ${type}`);
}

function isTrue(value: unknown): boolean {
  return value === true || String(value).toLowerCase() === 'true';
}

function scalarText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

/** Checks a value against its declaration's constraints, with CloudFormation's messages. */
function checkConstraints(key: string, declaration: ParameterDeclaration, type: string, value: string): void {
  const fail = (message: string): never => {
    throw validationError(
      declaration.ConstraintDescription
        ? `Parameter '${key}' failed to satisfy constraint: ${declaration.ConstraintDescription}`
        : message,
    );
  };
  const items = isListType(type) ? value.split(',') : [value];
  if (type === 'Number' || type === 'List<Number>') {
    for (const item of items) {
      if (item.trim() === '' || !Number.isFinite(Number(item))) fail(`Parameter '${key}' must be a number.`);
      const n = Number(item);
      if (declaration.MinValue !== undefined && n < Number(declaration.MinValue))
        fail(`Parameter '${key}' must be a number not less than ${declaration.MinValue}`);
      if (declaration.MaxValue !== undefined && n > Number(declaration.MaxValue))
        fail(`Parameter '${key}' must be a number not greater than ${declaration.MaxValue}`);
    }
  }
  if (Array.isArray(declaration.AllowedValues)) {
    const allowed = declaration.AllowedValues.map(String);
    if (items.some((item) => !allowed.includes(item))) fail(`Parameter '${key}' must be one of AllowedValues`);
  }
  if (typeof declaration.AllowedPattern === 'string') {
    const pattern = new RegExp(`^(?:${declaration.AllowedPattern})$`);
    if (items.some((item) => !pattern.test(item)))
      fail(`Parameter '${key}' must match pattern ${declaration.AllowedPattern}`);
  }
  if (declaration.MinLength !== undefined && value.length < Number(declaration.MinLength)) {
    fail(`Parameter '${key}' must contain at least ${declaration.MinLength} characters`);
  }
  if (declaration.MaxLength !== undefined && value.length > Number(declaration.MaxLength)) {
    fail(`Parameter '${key}' must contain at most ${declaration.MaxLength} characters`);
  }
}

/**
 * The stack's parameter values: given values, `UsePreviousValue` (from `previous`),
 * then defaults; checked against types and constraints as CloudFormation checks them.
 * `previous` is undefined for a new stack.
 */
export function resolveParameters(
  template: Record<string, unknown>,
  inputs: readonly ParameterInput[],
  previous: readonly ParameterValue[] | undefined,
): ParameterValue[] {
  const declarations = parameterDeclarations(template);
  const given = new Map<string, ParameterInput>();
  for (const input of inputs) if (input.ParameterKey !== undefined) given.set(input.ParameterKey, input);
  const unknown = [...given.keys()].filter((key) => !Object.hasOwn(declarations, key));
  if (unknown.length > 0) throw validationError(`Parameters: [${unknown.join(', ')}] do not exist in the template`);

  const missing: string[] = [];
  const values: ParameterValue[] = [];
  for (const [key, declaration] of Object.entries(declarations)) {
    const type = String(declaration?.Type ?? 'String');
    checkType(key, type);
    const input = given.get(key);
    let value: string | undefined;
    if (input && isTrue(input.UsePreviousValue)) {
      if (input.ParameterValue !== undefined && input.ParameterValue !== '') {
        throw validationError(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true and non empty value for a parameter key.`,
        );
      }
      if (previous === undefined) {
        throw validationError(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key in a new stack`,
        );
      }
      value = previous.find((p) => p.key === key)?.value;
      if (value === undefined)
        throw validationError(
          `Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key that was not in the previous template`,
        );
    } else if (input?.ParameterValue !== undefined) {
      value = input.ParameterValue;
    } else if (declaration?.Default !== undefined) {
      value = scalarText(declaration.Default);
    }
    if (value === undefined) {
      missing.push(key);
      continue;
    }
    checkConstraints(key, declaration ?? {}, type, value);
    values.push({ key, value, noEcho: isTrue(declaration?.NoEcho) });
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(', ')}] must have values`);
  return values;
}

/** Parameter values as intrinsic functions see them: list types become string lists. */
export function parameterValuesForIntrinsics(
  template: Record<string, unknown>,
  values: readonly ParameterValue[],
): Record<string, unknown> {
  const declarations = parameterDeclarations(template);
  const result: Record<string, unknown> = {};
  for (const { key, value } of values) {
    const type = String(declarations[key]?.Type ?? 'String');
    result[key] = isListType(type) ? (value === '' ? [] : value.split(',')) : value;
  }
  return result;
}
