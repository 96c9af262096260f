import { ServiceError } from '../../service-error.ts';

/** CloudFormation's `ValidationError` (400), the error most of its checks raise. */
export function validationError(message: string): ServiceError {
  return new ServiceError('ValidationError', 400, message);
}

/** "Template format error: …" as a ValidationError. */
export function templateFormatError(detail: string): ServiceError {
  return validationError(`Template format error: ${detail}`);
}

/** "Stack with id X does not exist" (DescribeStacks and friends on a missing stack). */
export function stackNotFound(nameOrId: string): ServiceError {
  return validationError(`Stack with id ${nameOrId} does not exist`);
}
