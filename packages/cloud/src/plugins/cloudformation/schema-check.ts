import type { ResourceSpec, SpecProperty, SpecType } from './providers/resource-spec.ts';
import { hasPendingValue } from './resolution-scope.ts';

/** A schema violation, worded as CloudFormation's resource schema validator words it. */
type Violation = string;

/**
 * The violations of a resource's (resolved) properties against its type's schema, each
 * `#/Path: message` as CloudFormation reports them: required keys, keys the type does not
 * have, wrong JSON types and values outside an enum. Values not known before deploy
 * (references to resources not yet created) pass.
 */
export function schemaViolations(
  spec: ResourceSpec,
  properties: Record<string, SpecProperty>,
  value: Record<string, unknown>,
): Violation[] {
  return new SchemaWalk(spec).object(properties, value, '#');
}

/** "Properties validation failed for resource X with message: …" for one resource's violations. */
export function propertiesValidationMessage(logicalId: string, violations: readonly Violation[]): string {
  const message = violations.length === 1 ? violations[0] : `[${violations.join(', ')}]`;
  return `Properties validation failed for resource ${logicalId} with message: ${message}`;
}

class SchemaWalk {
  constructor(private readonly spec: ResourceSpec) {}

  object(properties: Record<string, SpecProperty>, value: unknown, path: string): Violation[] {
    if (unknownValue(value)) return [];
    if (!isPlainObject(value)) return [`${path}: expected type: JSONObject, found: ${jsonType(value)}`];
    const violations: Violation[] = [];
    const known = new Map(Object.entries(properties));
    for (const [name, property] of known) {
      if (property.required && value[name] === undefined) violations.push(`${path}: required key [${name}] not found`);
    }
    for (const [name, item] of Object.entries(value)) {
      const property = known.get(name);
      if (property === undefined) violations.push(`${path}: extraneous key [${name}] is not permitted`);
      else if (item !== undefined) violations.push(...this.value(property.type, item, `${path}/${name}`));
    }
    return violations;
  }

  value(type: SpecType, value: unknown, path: string): Violation[] {
    if (unknownValue(value)) return [];
    switch (type.type) {
      case 'string':
      case 'date-time':
        if (isPlainObject(value) || Array.isArray(value)) return [expected('String', value, path)];
        if (type.type === 'string' && type.allowedValues && !type.allowedValues.includes(String(value)))
          return [`${path}: ${String(value)} is not a valid enum value`];
        return [];
      case 'integer':
      case 'number':
        // Templates hand scalars over as text: "5" is a valid Integer.
        if (value === '' || !Number.isFinite(Number(value)) || typeof value === 'boolean' || typeof value === 'object')
          return [expected(type.type === 'integer' ? 'Integer' : 'Number', value, path)];
        if (type.type === 'integer' && !Number.isInteger(Number(value))) return [expected('Integer', value, path)];
        if (type.type === 'integer' && type.allowedValues && !type.allowedValues.includes(Number(value)))
          return [`${path}: ${String(value)} is not a valid enum value`];
        return [];
      case 'boolean':
        if (typeof value === 'boolean' || value === 'true' || value === 'false') return [];
        return [expected('Boolean', value, path)];
      case 'json':
      case 'null':
        return [];
      case 'tag':
        return this.object(
          { Key: { type: { type: 'string' }, required: true }, Value: { type: { type: 'string' }, required: true } },
          value,
          path,
        );
      case 'array':
        if (!Array.isArray(value)) return [expected('JSONArray', value, path)];
        return value.flatMap((item, index) => this.value(type.element, item, `${path}/${index}`));
      case 'map':
        if (!isPlainObject(value)) return [expected('JSONObject', value, path)];
        return Object.entries(value).flatMap(([key, item]) => this.value(type.element, item, `${path}/${key}`));
      case 'ref': {
        const definition = this.spec.typeDefinition(type.reference.$ref);
        return definition ? this.object(definition.properties, value, path) : [];
      }
      case 'union': {
        let first: Violation[] | undefined;
        for (const branch of type.types) {
          const violations = this.value(branch, value, path);
          if (violations.length === 0) return [];
          first ??= violations;
        }
        return first ?? [];
      }
    }
  }
}

function expected(typeName: string, value: unknown, path: string): Violation {
  return `${path}: expected type: ${typeName}, found: ${jsonType(value)}`;
}

/** The JSON type names the validator prints. */
function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'JSONArray';
  if (value === null) return 'Null';
  if (typeof value === 'object') return 'JSONObject';
  if (typeof value === 'boolean') return 'Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  return 'String';
}

/** Values only known at deploy time: unresolved intrinsics and references to resources not yet created. */
function unknownValue(value: unknown): boolean {
  if (typeof value === 'string') return hasPendingValue(value);
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
