import { ServiceError } from '../../service-error.ts';

// Lambda's own words for its errors, as recorded against real AWS; the code signing ones are
// quoted in docs/signed-package-format.md ("In the local cloud's Lambda").

/** 404 for a function, version or alias that does not exist: "Function not found: {arn}". */
export function functionNotFound(arn: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', 404, `Function not found: ${arn}`);
}

/** 404 for an alias that does not exist. */
export function aliasNotFound(aliasArn: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', 404, `Cannot find alias arn: ${aliasArn}`);
}

/** 404 for anything else that does not exist (layer versions, policies). */
export function resourceNotFound(message = 'The resource you requested does not exist.'): ServiceError {
  return new ServiceError('ResourceNotFoundException', 404, message);
}

/** 404 from Get/Update/Delete of an unknown code signing configuration. */
export function codeSigningConfigResourceNotFound(arn: string): ServiceError {
  return new ServiceError(
    'ResourceNotFoundException',
    404,
    `The Lambda code signing configuration ${arn} can not be found.`,
  );
}

/** 404 when a function is pointed at an unknown code signing configuration. */
export function codeSigningConfigNotFound(arn: string): ServiceError {
  return new ServiceError(
    'CodeSigningConfigNotFoundException',
    404,
    `The code signing configuration cannot be found. Check that the provided configuration is not deleted: ${arn}.`,
  );
}

/** 400 for a parameter Lambda understands but refuses. */
export function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterValueException', 400, message);
}

/** 400 for a parameter that breaks the API model's constraints, in the service framework's words. */
export function validationError(value: string, field: string, constraint: string): ServiceError {
  return new ServiceError(
    'ValidationException',
    400,
    `1 validation error detected: Value ${value} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

/** 409 when a resource exists already or is still in use. */
export function resourceConflict(message: string): ServiceError {
  return new ServiceError('ResourceConflictException', 409, message);
}

/** 412 when the caller's RevisionId is stale. */
export function revisionMismatch(what: 'GetFunction/GetAlias' | 'GetPolicy'): ServiceError {
  return new ServiceError(
    'PreconditionFailedException',
    412,
    `The Revision Id provided does not match the latest Revision Id. Call the ${what} API to retrieve the latest Revision Id`,
  );
}

/** 400 under any policy: the package changed since it was signed, or its signature does not verify. */
export function invalidCodeSignature(): ServiceError {
  return new ServiceError(
    'InvalidCodeSignatureException',
    400,
    'The code signature failed the integrity check. Lambda always blocks deployment if the integrity check fails, even if code signing policy is set to WARN.',
  );
}

/** 400 under Enforce: not an allowed publisher, expired, revoked or unsigned. */
export function codeVerificationFailed(functionArn: string): ServiceError {
  return new ServiceError(
    'CodeVerificationFailedException',
    400,
    `Lambda cannot deploy the function. The function or layer might be signed using a signature that the client is not configured to accept. Check the provided signature for ${functionArn}.`,
  );
}
