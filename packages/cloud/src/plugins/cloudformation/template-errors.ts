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

/** CloudFormation's limit on an inline TemplateBody, in bytes; larger templates go through TemplateURL. */
export const TEMPLATE_BODY_MAX_BYTES = 51_200;

/** Refuses a TemplateBody over 51,200 bytes with CloudFormation's own validation wording (which quotes the value). */
export function checkTemplateBodyLength(templateBody: string | undefined): void {
  if (templateBody === undefined || Buffer.byteLength(templateBody, 'utf8') <= TEMPLATE_BODY_MAX_BYTES) return;
  throw validationError(
    `1 validation error detected: Value '${templateBody}' at 'templateBody' failed to satisfy constraint: ` +
      `Member must have length less than or equal to ${TEMPLATE_BODY_MAX_BYTES}`,
  );
}
