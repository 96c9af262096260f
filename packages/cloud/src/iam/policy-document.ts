import { isPrototypeName } from '../protocols/untrusted-names.ts';

/** One statement of an identity policy, normalised: every list is an array. */
export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  /** Exactly one of `action` / `notAction` is set. */
  action?: readonly string[];
  notAction?: readonly string[];
  /** Exactly one of `resource` / `notResource` is set. */
  resource?: readonly string[];
  notResource?: readonly string[];
  /** Operator (`StringEquals`, `ForAnyValue:ArnLike`, …) → condition key → values. */
  conditions: readonly PolicyCondition[];
}

/** One operator applied to one key: `{"StringEquals": {"aws:RequestedRegion": ["us-east-1"]}}`. */
export interface PolicyCondition {
  operator: string;
  key: string;
  values: readonly string[];
}

/** A parsed identity policy. */
export interface PolicyDocument {
  statements: readonly PolicyStatement[];
}

/** Why a policy document was refused: a JSON path and what is wrong there. */
export class PolicyDocumentError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'PolicyDocumentError';
  }
}

/** Parses an IAM identity policy (JSON text or value); throws PolicyDocumentError naming the bad element. */
export function parsePolicy(source: string | unknown): PolicyDocument {
  let value: unknown = source;
  if (typeof source === 'string') {
    try {
      value = JSON.parse(source);
    } catch (error) {
      throw new PolicyDocumentError('$', `not JSON (${(error as Error).message})`);
    }
  }
  const doc = object(value, '$');
  const version = doc.get('Version');
  if (version !== undefined && version !== '2012-10-17' && version !== '2008-10-17')
    throw new PolicyDocumentError('$.Version', `'${String(version)}' is not a policy language version`);
  const raw = doc.get('Statement');
  if (raw === undefined) throw new PolicyDocumentError('$', 'a policy needs a Statement');
  const list = Array.isArray(raw) ? raw : [raw];
  return { statements: list.map((statement, index) => parseStatement(statement, `$.Statement[${index}]`)) };
}

function parseStatement(value: unknown, path: string): PolicyStatement {
  const fields = object(value, path);
  for (const name of fields.keys()) {
    if (!STATEMENT_FIELDS.has(name)) throw new PolicyDocumentError(`${path}.${name}`, 'is not a statement element');
  }
  const effect = fields.get('Effect');
  if (effect !== 'Allow' && effect !== 'Deny')
    throw new PolicyDocumentError(`${path}.Effect`, "must be 'Allow' or 'Deny'");
  const statement: PolicyStatement = {
    effect,
    ...one(fields, path, 'Action', 'NotAction', 'action', 'notAction'),
    ...one(fields, path, 'Resource', 'NotResource', 'resource', 'notResource'),
    conditions: parseConditions(fields.get('Condition'), `${path}.Condition`),
  };
  const sid = fields.get('Sid');
  if (sid !== undefined) {
    if (typeof sid !== 'string') throw new PolicyDocumentError(`${path}.Sid`, 'must be a string');
    statement.sid = sid;
  }
  for (const action of statement.action ?? statement.notAction ?? []) {
    if (action !== '*' && !/^[a-zA-Z0-9-]+:[A-Za-z0-9*?]+$/.test(action))
      throw new PolicyDocumentError(`${path}.Action`, `'${action}' is not service:Action`);
  }
  return statement;
}

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

function one<A extends string, B extends string>(
  fields: Map<string, unknown>,
  path: string,
  name: string,
  notName: string,
  key: A,
  notKey: B,
): { [K in A]?: readonly string[] } & { [K in B]?: readonly string[] } {
  const positive = fields.get(name);
  const negative = fields.get(notName);
  if ((positive === undefined) === (negative === undefined))
    throw new PolicyDocumentError(path, `a statement needs exactly one of ${name} and ${notName}`);
  const present = positive === undefined ? notName : name;
  const values = strings(positive ?? negative, `${path}.${present}`);
  return (positive === undefined ? { [notKey]: values } : { [key]: values }) as never;
}

function parseConditions(value: unknown, path: string): PolicyCondition[] {
  if (value === undefined) return [];
  const conditions: PolicyCondition[] = [];
  for (const [operator, body] of object(value, path)) {
    for (const [key, values] of object(body, `${path}.${operator}`)) {
      const list = Array.isArray(values) ? values : [values];
      conditions.push({
        operator,
        key: key.toLowerCase(),
        values: list.map((v, i) => {
          if (typeof v !== 'string' && typeof v !== 'boolean' && typeof v !== 'number')
            throw new PolicyDocumentError(`${path}.${operator}.${key}[${i}]`, 'must be a string');
          return String(v);
        }),
      });
    }
  }
  return conditions;
}

function strings(value: unknown, path: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new PolicyDocumentError(path, 'must not be empty');
  return list.map((item, index) => {
    if (typeof item !== 'string') throw new PolicyDocumentError(`${path}[${index}]`, 'must be a string');
    return item;
  });
}

/** A JSON object's members as a Map, so names from the file never index a plain object. */
function object(value: unknown, path: string): Map<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new PolicyDocumentError(path, 'must be a JSON object');
  const members = new Map<string, unknown>();
  for (const [name, member] of Object.entries(value)) {
    if (isPrototypeName(name)) throw new PolicyDocumentError(`${path}.${name}`, 'is not a valid name');
    members.set(name, member);
  }
  return members;
}
