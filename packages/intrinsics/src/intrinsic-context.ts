import type { PseudoParameters } from './pseudo-parameters.ts';

/**
 * What intrinsic evaluation may look at. Callbacks return `undefined` for a logical id
 * or export they do not know; the evaluator then throws CloudFormation's error.
 */
export interface IntrinsicContext {
  /** Parameter values, already resolved (a CommaDelimitedList is a string[]). */
  parameters: Readonly<Record<string, unknown>>;
  pseudoParameters: PseudoParameters;
  mappings?: Readonly<Record<string, unknown>>;
  /** Evaluated conditions (see `evaluateConditions`), read by Fn::If. */
  conditions?: Readonly<Record<string, boolean>>;
  /** `Ref` to a resource: its physical id; undefined when the template has no such resource. */
  ref?: (logicalId: string) => unknown;
  /**
   * `Fn::GetAtt`: the attribute value; undefined when the template has no such resource.
   * For an attribute the type lacks, throw `unsupportedAttributeError(logicalId, attribute)`.
   */
  getAtt?: (logicalId: string, attribute: string) => unknown;
  /** `Fn::ImportValue`: the exported value; undefined when nothing is exported under that name. */
  importValue?: (name: string) => unknown;
  /** `Fn::GetAZs`; defaults to `<region>a`, `<region>b`, `<region>c`. */
  getAZs?: (region: string) => string[];
}
