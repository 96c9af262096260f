/**
 * The CloudFormation resource specification, from `@aws-cdk/aws-service-spec` (the database
 * aws-cdk generates its L1 classes from, merged from the CloudFormation registry schemas).
 * Reading it costs about 1.3 s and 100 MB, so it is loaded only when a template names a type
 * no real provider serves: `toolkit --version` and a warm `package` never pay for it.
 */

import { createRequire } from 'node:module';

/** A property or attribute type, as the specification spells it. */
export type SpecType =
  | { type: 'string'; allowedValues?: string[] }
  | { type: 'integer'; allowedValues?: number[] }
  | { type: 'number' | 'boolean' | 'json' | 'date-time' | 'null' | 'tag' }
  | { type: 'ref'; reference: { $ref: string } }
  | { type: 'array' | 'map'; element: SpecType }
  | { type: 'union'; types: SpecType[] };

/** One property of a resource or of a nested type. */
export interface SpecProperty {
  type: SpecType;
  required?: boolean;
  causesReplacement?: 'yes' | 'no' | 'maybe';
  documentation?: string;
}

/** One resource type. */
export interface SpecResource {
  cloudFormationType: string;
  /** The type's short name: `Table` for AWS::DynamoDB::Table. */
  name: string;
  primaryIdentifier?: string[];
  /** What Ref returns, when it differs from the primary identifier. */
  cfnRefIdentifier?: string[];
  properties: Record<string, SpecProperty>;
  attributes: Record<string, { type: SpecType; documentation?: string }>;
  arnTemplate?: string;
}

/** A nested property type. */
export interface SpecTypeDefinition {
  name: string;
  properties: Record<string, SpecProperty>;
}

/** Lookups into the loaded specification. */
export interface ResourceSpec {
  /** The resource type, or undefined when CloudFormation has no such type. */
  resource(type: string): SpecResource | undefined;
  /** A nested type named by a `ref`. */
  typeDefinition(ref: string): SpecTypeDefinition | undefined;
}

interface SpecDatabase {
  lookup(
    entity: 'resource',
    index: 'cloudFormationType',
    op: 'equals',
    value: string,
  ): { length: number; only(): SpecResource };
  get(entity: 'typeDefinition', id: string): SpecTypeDefinition;
}

/** Reads the specification database (once per call: the caller keeps it). */
export async function loadResourceSpec(): Promise<ResourceSpec> {
  // require, not import(): the CLI runs as a CommonJS bundle from a V8 code cache, where a
  // dynamic import() of an external module never settles. The package is CommonJS anyway.
  const module = createRequire(import.meta.url)('@aws-cdk/aws-service-spec') as {
    loadAwsServiceSpec(): Promise<SpecDatabase>;
  };
  const db = await module.loadAwsServiceSpec();
  const resources = new Map<string, SpecResource | undefined>();
  return {
    resource(type) {
      if (!resources.has(type)) {
        const found = db.lookup('resource', 'cloudFormationType', 'equals', type);
        resources.set(type, found.length === 1 ? found.only() : undefined);
      }
      return resources.get(type);
    },
    typeDefinition(ref) {
      try {
        return db.get('typeDefinition', ref);
      } catch {
        return undefined;
      }
    },
  };
}
