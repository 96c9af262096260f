import type { ServiceRequest, ServiceResponse } from '../plugin.ts';
import type { ServiceError } from '../service-error.ts';

/** A protocol's way of putting an AWS error on the wire. */
export interface ProtocolCodec {
  /** Protocol name, for diagnostics: `rest-xml`, `rest-json`, `query`. */
  readonly protocol: string;
  /** Renders `error` as this protocol's error response. */
  error(error: ServiceError, request: ServiceRequest, requestId: string): ServiceResponse;
}
