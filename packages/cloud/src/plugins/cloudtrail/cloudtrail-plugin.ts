import { iamTable } from '../../iam/authorization.ts';
import type { CloudContext, ServicePlugin, ServiceRequest, ServiceResponse } from '../../plugin.ts';
import { jsonResponse, readJsonBody, restJsonCodec } from '../../protocols/rest-json.ts';
import { ServiceError } from '../../service-error.ts';
import { lambdaSignatureEvents } from './lambda-trail-events.ts';
import { lookupEvents } from './lookup-events.ts';

const TARGET_PREFIX = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

/** CloudTrail's operations as IAM names them. One line per operation. */
const CLOUDTRAIL_IAM = iamTable<string, Record<string, unknown>>('AccessDeniedException', [
  ['LookupEvents', 'cloudtrail:LookupEvents', () => '*'],
]);

/**
 * CloudTrail's event history (JSON 1.1), LookupEvents only: the events the local cloud records
 * are Lambda's deployments that a `Warn` code signing policy accepted, with their signature
 * validation results, read from Lambda's own records (no second copy to drift).
 */
export function createCloudTrailPlugin(): ServicePlugin {
  return {
    name: 'cloudtrail',
    codec: restJsonCodec({ errorBody: (error) => ({ __type: error.code, message: error.message }) }),
    migrate() {
      // No tables: every event is derived from the state of the services it describes.
    },
    async handle(request: ServiceRequest, ctx: CloudContext): Promise<ServiceResponse> {
      const target = request.headers['x-amz-target'];
      const operation =
        typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : '';
      if (request.method !== 'POST' || operation !== 'LookupEvents')
        throw new ServiceError(
          'UnknownOperationException',
          400,
          `The local cloud's CloudTrail does not implement ${operation || String(target)}.`,
        );
      const body = await readJsonBody(request);
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new ServiceError('SerializationException', 400, 'Could not parse request body into json');
      const input = body as Record<string, unknown>;
      CLOUDTRAIL_IAM.authorize(request, ctx, operation, input);
      const reply = lookupEvents(lambdaSignatureEvents(ctx.db, ctx.region, ctx.accountId), input);
      return jsonResponse(200, reply, { 'content-type': 'application/x-amz-json-1.1' });
    },
  };
}
