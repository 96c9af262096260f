import { newRequestToken } from '../ids.ts';

/** A provider failure, already worded as CloudFormation words it in the resource's status reason. */
export class ResourceHandlerError extends Error {
  /**
   * @param physicalId the physical resource the failed create left (a custom resource's FAILED
   *   response names one): it is recorded, so rollback deletes it.
   */
  constructor(
    message: string,
    readonly physicalId?: string,
  ) {
    super(message);
    this.name = 'ResourceHandlerError';
  }
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/** The HandlerErrorCode CloudFormation reports for a service error. */
function handlerErrorCode(name: string, status: number | undefined): string {
  if (/NotFound/.test(name) || status === 404) return 'NotFound';
  if (/AlreadyExists|Conflict|BucketAlreadyOwnedByYou/.test(name)) return 'AlreadyExists';
  if (/Throttl|TooManyRequests/.test(name) || status === 429) return 'Throttling';
  if (/AccessDenied/.test(name) || status === 403) return 'AccessDenied';
  if (status !== undefined && status >= 500) return 'ServiceInternalError';
  if (status !== undefined && status >= 400) return 'InvalidRequest';
  return 'GeneralServiceException';
}

/**
 * Wraps a service error the way CloudFormation's resource handlers report it:
 * `Resource handler returned message: "MSG (Service: S, Status Code: N, Request ID: ID)" (RequestToken: T, HandlerErrorCode: C)`.
 */
export function handlerFailure(error: unknown, service: string): ResourceHandlerError {
  if (error instanceof ResourceHandlerError) return error;
  const shape = (error ?? {}) as SdkErrorShape;
  const name = shape.name ?? 'Error';
  const status = shape.$metadata?.httpStatusCode;
  const requestId = shape.$metadata?.requestId ?? newRequestToken();
  const message = shape.message ?? String(error);
  const code = handlerErrorCode(name, status);
  const serviceDetail =
    status === undefined ? '' : ` (Service: ${service}, Status Code: ${status}, Request ID: ${requestId})`;
  return new ResourceHandlerError(
    `Resource handler returned message: "${message}${serviceDetail}" (RequestToken: ${newRequestToken()}, HandlerErrorCode: ${code})`,
  );
}

/** True for "it is already gone" errors, which a delete treats as success. */
export function isNotFound(error: unknown): boolean {
  const shape = (error ?? {}) as SdkErrorShape;
  return shape.$metadata?.httpStatusCode === 404 || /NotFound|NoSuch/.test(shape.name ?? '');
}

/** CloudFormation's wording for a missing required property. */
export function requiredPropertyMissing(logicalId: string, property: string): ResourceHandlerError {
  return new ResourceHandlerError(
    `Properties validation failed for resource ${logicalId} with message: #: required key [${property}] not found`,
  );
}

/** Runs a service call, turning its failure into CloudFormation's handler wording. */
export async function callService<T>(service: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw handlerFailure(error, service);
  }
}

/** Runs a delete call; a resource that is already gone counts as deleted. */
export async function deleteIgnoringMissing(service: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isNotFound(error)) return;
    throw handlerFailure(error, service);
  }
}
