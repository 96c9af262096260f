import { ToolkitError, UserInputError, messages } from '@toolkit/core';

/** The names AWS gives a request it refused as invalid (query protocols say Error, JSON ones Exception). */
const validationNames = new Set(['ValidationError', 'ValidationException']);

/**
 * An action as callers see it: an AWS validation refusal (a template CloudFormation rejects,
 * a parameter out of range) is the caller's input to fix, so it leaves the library as a
 * user error (`messages.AwsValidation`) with AWS's message unchanged.
 */
export function withAwsValidationAsUserError<A extends unknown[], R>(
  action: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await action(...args);
    } catch (error) {
      throw asUserError(error);
    }
  };
}

function asUserError(error: unknown): unknown {
  if (error instanceof ToolkitError || !(error instanceof Error) || !validationNames.has(error.name)) return error;
  // Only a service's reply carries `$metadata`: an own Error named alike is not AWS's verdict.
  if (!('$metadata' in error)) return error;
  return new UserInputError(messages.AwsValidation, error.message, { cause: error });
}
