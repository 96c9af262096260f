import { UserInputError } from '@toolkit/core';

/** Stable codes of intrinsic-evaluation failures (match on these, never on the message). */
export type IntrinsicErrorCode =
  | 'INTRINSIC_UNRESOLVED_REFERENCE'
  | 'INTRINSIC_UNDEFINED_RESOURCE'
  | 'INTRINSIC_UNSUPPORTED_ATTRIBUTE'
  | 'INTRINSIC_INVALID_ARGUMENTS'
  | 'INTRINSIC_UNRESOLVED_CONDITION'
  | 'INTRINSIC_CONDITION_CYCLE'
  | 'INTRINSIC_CONDITION_REFERENCES_RESOURCE'
  | 'INTRINSIC_MAPPING_NOT_FOUND'
  | 'INTRINSIC_INDEX_OUT_OF_RANGE'
  | 'INTRINSIC_EXPORT_NOT_FOUND'
  | 'INTRINSIC_UNSUPPORTED_FUNCTION';

/** A template error found while evaluating intrinsic functions, worded as CloudFormation words it. */
export class IntrinsicError extends UserInputError {
  declare readonly code: IntrinsicErrorCode;

  constructor(code: IntrinsicErrorCode, message: string) {
    super(code, message);
    this.name = 'IntrinsicError';
  }
}

/** `Ref` (or `${X}` in Fn::Sub) to something that is neither a parameter nor a resource. */
export function unresolvedReferenceError(name: string, block = 'Resources'): IntrinsicError {
  return new IntrinsicError(
    'INTRINSIC_UNRESOLVED_REFERENCE',
    `Template format error: Unresolved resource dependencies [${name}] in the ${block} block of the template`,
  );
}

/** `Fn::GetAtt` on a logical id the template does not define. */
export function undefinedResourceError(name: string): IntrinsicError {
  return new IntrinsicError(
    'INTRINSIC_UNDEFINED_RESOURCE',
    `Template error: instance of Fn::GetAtt references undefined resource ${name}`,
  );
}

/** `Fn::GetAtt` on an attribute the resource type does not have; for `getAtt` callbacks to throw. */
export function unsupportedAttributeError(name: string, attribute: string): IntrinsicError {
  return new IntrinsicError(
    'INTRINSIC_UNSUPPORTED_ATTRIBUTE',
    `Template error: resource ${name} does not support attribute type ${attribute} in Fn::GetAtt`,
  );
}

/** A malformed call, e.g. Fn::Join without a delimiter. */
export function invalidArgumentsError(message: string): IntrinsicError {
  return new IntrinsicError('INTRINSIC_INVALID_ARGUMENTS', `Template error: ${message}`);
}
