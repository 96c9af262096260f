import { ServiceError } from '../../service-error.ts';

/** Signer's errors, as its rest-json codec renders them (`x-amzn-ErrorType`, `{message}`). */
export const signerErrors = {
  validation: (message: string) => new ServiceError('ValidationException', 400, message),
  notFound: (message: string) => new ServiceError('ResourceNotFoundException', 404, message),
  accessDenied: (message: string) => new ServiceError('AccessDeniedException', 403, message),
  throttling: (message: string) => new ServiceError('ThrottlingException', 429, message),
  /** Tagging operations answer these two instead of Validation/ResourceNotFound. */
  badRequest: (message: string) => new ServiceError('BadRequestException', 400, message),
  tagTargetNotFound: (message: string) => new ServiceError('NotFoundException', 404, message),
};
